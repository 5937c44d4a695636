// `npm run web`: the whole app in a browser. Serves the built renderer and the main-side service on
// 127.0.0.1; the trainer runs in a worker thread.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserDataDir } from '../service/data-dir';
import { inspectDataset, realPresets } from '../service/real-deps';
import { GradscopeService } from '../service/service';
import { createWorkerThreadHost } from '../trainer/worker-host';
import { DEFAULT_PORT, parseWebArgs, type WebArgs } from './args';
import { HOST, startServer, type RunningServer } from './http-server';
import { newToken } from './token';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

async function listen(service: GradscopeService, args: WebArgs, token: string | null): Promise<RunningServer> {
  const base = {
    rendererDir: join(root, 'out', 'renderer'),
    target: service,
    token,
    maxFrameBytes: args.maxFrameBytes ?? undefined,
    onDrop: (why: string) => console.error(`gradscope: ${why}`),
  };
  try {
    return await startServer({ ...base, port: args.port ?? DEFAULT_PORT });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'EADDRINUSE' && args.port === null) return startServer({ ...base, port: 0 });
    throw e;
  }
}

async function main(): Promise<void> {
  const parsed = parseWebArgs(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    console.error(`gradscope: ${parsed.error}`);
    process.exit(2);
  }
  const service = new GradscopeService({
    mode: 'browser',
    version: version(),
    dataDir: browserDataDir(),
    createTrainer: (opts) => createWorkerThreadHost(undefined, opts),
    dialogs: null,
    presets: realPresets,
    inspectDataset,
    folders: parsed.args.folders.length > 0 ? parsed.args.folders : [process.cwd()],
    memoryBudgetBytes: parsed.args.memoryBudgetMb === null ? undefined : parsed.args.memoryBudgetMb * 1024 * 1024,
  });
  if (parsed.args.memoryBudgetMb !== null) process.env.GRADSCOPE_MEMORY_BUDGET_MB = String(parsed.args.memoryBudgetMb); // the trainer worker reads it
  const token = parsed.args.noToken ? null : (parsed.args.token ?? newToken());
  let server: RunningServer;
  try {
    server = await listen(service, parsed.args, token);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why = code === 'EADDRINUSE' ? 'that port is in use; pick another with --port N' : String((e as Error).message ?? e);
    console.error(`gradscope: cannot listen on ${HOST}:${parsed.args.port ?? DEFAULT_PORT}: ${why}`);
    await service.dispose();
    process.exit(1);
  }
  if (token === null) {
    console.warn('gradscope: WARNING: --no-token: any program or user on this machine can drive this server, read and write your folders and train');
  }
  const roots = await service.allowed();
  console.log(`Gradscope reads and writes only under: ${roots.folders.join(', ')} (add more with --folder DIR)`);
  console.log(`Gradscope running at ${server.openUrl}`);

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
