// TrainerHost over a Node worker_threads Worker running src-main/trainer-worker.ts (browser mode, CLI, tests).
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TrainerCommand, TrainerEvent, TrainerReply } from '../contract/events';
import type { TrainerHost } from './host';

export interface WorkerHostOptions {
  /** a module exporting loadDataset, used instead of src-main/data (tests) */
  datasetModule?: string;
}

/** The built worker next to this module (electron-vite's out/main/trainer-worker.js), else the .ts source. */
function defaultEntry(): URL {
  const built = new URL('./trainer-worker.js', import.meta.url);
  if (built.protocol === 'file:' && existsSync(fileURLToPath(built))) return built;
  return new URL('../trainer-worker.ts', import.meta.url);
}

/**
 * Starts the worker. A .ts entry (under tsx or vitest) needs tsx's loader inside the worker; Node 20
 * does not apply `--import` hooks to a worker's entry, so a tiny eval bootstrap registers tsx first.
 */
function startWorker(entry: URL, workerData: unknown): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  const require = createRequire(import.meta.url);
  const api = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })
    .catch((e) => { setImmediate(() => { throw e; }); });`;
  return new Worker(boot, { eval: true, workerData });
}

type Up = TrainerEvent | TrainerReply;

export function createWorkerThreadHost(entry?: string | URL, options: WorkerHostOptions = {}): TrainerHost {
  const url = entry === undefined ? defaultEntry() : entry instanceof URL ? entry : pathToFileURL(path.resolve(entry));
  const events = new Set<(e: TrainerEvent) => void>();
  const replies = new Set<(r: TrainerReply) => void>();
  const exits = new Set<(message: string) => void>();
  let alive = true;
  const worker = startWorker(url, { datasetModule: options.datasetModule });

  const died = (message: string): void => {
    if (!alive) return;
    alive = false;
    for (const l of [...exits]) l(message);
  };
  worker.on('message', (m: Up) => {
    if (typeof m !== 'object' || m === null) return;
    if (m.type === 'reply') for (const l of [...replies]) l(m);
    else for (const l of [...events]) l(m);
  });
  worker.on('error', (e) => died(`the trainer failed: ${e.message}`));
  worker.on('exit', (code) => died(`the trainer exited (code ${code})`));

  const sub = <T>(set: Set<T>, l: T): (() => void) => {
    set.add(l);
    return () => set.delete(l);
  };
  return {
    send(command: TrainerCommand) {
      if (alive) worker.postMessage(command);
    },
    onEvent: (l) => sub(events, l),
    onReply: (l) => sub(replies, l),
    onExit: (l) => sub(exits, l),
    async dispose() {
      alive = false;
      await worker.terminate();
    },
  };
}
