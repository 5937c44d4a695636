// `npm run web`: the whole app in a browser. Serves the built renderer and the main-side service on
// 127.0.0.1; the trainer runs in a worker thread.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserDataDir } from '../service/data-dir';
import { inspectDataset, realPresets } from '../service/real-deps';
import { GradscopeService } from '../service/service';
import { createWorkerThreadHost } from '../trainer/worker-host';
import { DEFAULT_PORT, parseWebArgs } from './args';
import { HOST, startServer, type RunningServer } from './http-server';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

async function listen(service: GradscopeService, port: number | null, maxFrameBytes: number | null): Promise<RunningServer> {
  const base = { rendererDir: join(root, 'out', 'renderer'), target: service, maxFrameBytes: maxFrameBytes ?? undefined };
  try {
    return await startServer({ ...base, port: port ?? DEFAULT_PORT });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'EADDRINUSE' && port === null) return startServer({ ...base, port: 0 });
    throw e;
  }
}

async function main(): Promise<void> {
  const parsed = parseWebArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`gradscope: ${parsed.error}`);
    process.exit(2);
  }
  const service = new GradscopeService({
    mode: 'browser',
    version: version(),
    dataDir: browserDataDir(),
    createTrainer: () => createWorkerThreadHost(),
    dialogs: null,
    presets: realPresets,
    inspectDataset,
  });
  let server: RunningServer;
  try {
    server = await listen(service, parsed.args.port, parsed.args.maxFrameBytes);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why = code === 'EADDRINUSE' ? 'that port is in use; pick another with --port N' : String((e as Error).message ?? e);
    console.error(`gradscope: cannot listen on ${HOST}:${parsed.args.port ?? DEFAULT_PORT}: ${why}`);
    await service.dispose();
    process.exit(1);
  }
  console.log(`Gradscope running at ${server.url}`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await service.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
