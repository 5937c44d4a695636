// TrainerHost over a Node worker_threads Worker running src-main/trainer-worker.ts (browser mode, CLI, tests).
import { Worker } from 'node:worker_threads';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RequestFrame } from '../contract/channel';
import { trainerEnv, type HostOptions, type TrainerHost } from './host';

export interface WorkerHostOptions extends HostOptions {
  /** a module exporting loadDataset, used instead of src-main/data (tests) */
  datasetModule?: string;
}

/**
 * The built worker, out/main/trainer-worker.js: next to this module when it is an entry's own code,
 * one folder up when the bundler put it in out/main/chunks/. Under vitest this module is the .ts
 * source and the worker is worker.ts beside it.
 */
function defaultEntry(): URL {
  for (const rel of ['./trainer-worker.js', '../trainer-worker.js']) {
    const built = new URL(rel, import.meta.url);
    if (built.protocol === 'file:' && existsSync(fileURLToPath(built))) return built;
  }
  return new URL('../trainer-worker.ts', import.meta.url);
}

/**
 * Starts the worker. The product always starts built JavaScript. A .ts entry (tests under vitest,
 * which runs the sources) needs a TypeScript loader inside the worker: Node 20 does not apply
 * `--import` hooks to a worker's entry, so a tiny eval bootstrap registers the dev dependency tsx first.
 */
function startWorker(entry: URL, workerData: unknown, env: NodeJS.ProcessEnv): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData, env });
  const api = tsxApi(entry);
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })
    .catch((e) => { setImmediate(() => { throw e; }); });`;
  return new Worker(boot, { eval: true, workerData, env });
}

/** The ESM file of tsx's public `tsx/esm/api` export, as its package.json exports map names it. */
function tsxApi(entry: URL): string {
  try {
    const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
    const target = (JSON.parse(readFileSync(pkg, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!.import.default;
    return pathToFileURL(path.join(path.dirname(pkg), target)).href;
  } catch {
    throw new Error(
      `the trainer ${fileURLToPath(entry)} is TypeScript, which needs the dev dependency tsx; build the app (npm run build) to run out/main/trainer-worker.js`,
    );
  }
}

export function createWorkerThreadHost(entry?: string | URL, options: WorkerHostOptions = {}): TrainerHost {
  const url = entry === undefined ? defaultEntry() : entry instanceof URL ? entry : pathToFileURL(path.resolve(entry));
  const messages = new Set<(frame: unknown) => void>();
  const exits = new Set<(message: string) => void>();
  let alive = true;
  const worker = startWorker(url, { datasetModule: options.datasetModule }, trainerEnv(options));

  const died = (message: string): void => {
    if (!alive) return;
    alive = false;
    for (const l of [...exits]) l(message);
  };
  worker.on('message', (m: unknown) => {
    for (const l of [...messages]) l(m);
  });
  worker.on('error', (e) => died(`the trainer failed: ${e.message}`));
  worker.on('exit', (code) => died(`the trainer exited (code ${code})`));

  const sub = <T>(set: Set<T>, l: T): (() => void) => {
    set.add(l);
    return () => set.delete(l);
  };
  return {
    post(frame: RequestFrame) {
      if (alive) worker.postMessage(frame);
    },
    onMessage: (l) => sub(messages, l),
    onExit: (l) => sub(exits, l),
    async dispose() {
      alive = false;
      await worker.terminate();
    },
  };
}
