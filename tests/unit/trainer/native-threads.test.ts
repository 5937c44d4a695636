// OpenBLAS threads per trainer: a host started with `threads` gives its trainer that many, and two
// trainers in one process (worker threads, as a sweep's pool runs them) keep their own setting.
import { afterAll, describe, expect, it } from 'vitest';
import { NATIVE_DISABLED } from './fixtures/native';
import { fileURLToPath } from 'node:url';
import type { TrainerEvent } from '../../../src-main/contract/events';
import { ChannelClient } from '../../../src-main/contract/channel';
import type { TrainerHost } from '../../../src-main/trainer/host';
import { trainerEnv } from '../../../src-main/trainer/host';
import { createWorkerThreadHost } from '../../../src-main/trainer/worker-host';
import { chain, config, dense } from './fixtures/graphs';

const fixtureLoader = fileURLToPath(new URL('./fixtures/spiral-loader.ts', import.meta.url));
const graph = chain([dense(8, 'relu')]);
const training = {
  ...config({ epochs: 1, backend: 'wasm-native' }),
  dataset: { kind: 'synthetic' as const, name: 'spiral' as const, samples: 90, noise: 0.1 },
};
const hosts: TrainerHost[] = [];
afterAll(async () => {
  if (NATIVE_DISABLED) return;
  for (const h of hosts) await h.dispose();
});

/** A trainer on a worker thread with `threads` OpenBLAS threads; run() trains once and resolves to the backend its run names. */
function trainer(threads: number): { run(id: string): Promise<string> } {
  const host = createWorkerThreadHost(undefined, { datasetModule: fixtureLoader, threads });
  hosts.push(host);
  const channel = new ChannelClient<TrainerEvent>((frame) => (host.post(frame), true));
  host.onMessage((m) => channel.receive(m));
  return {
    run: (runId) =>
      new Promise<string>((resolve, reject) => {
        let backend = '';
        const off = channel.listen((e) => {
          if (e.runId !== runId) return;
          if (e.type === 'started') backend = e.backend;
          if (e.type === 'error') reject(new Error(e.message));
          if (e.type === 'finished') {
            off();
            resolve(backend);
          }
        });
        void channel.call('start', { runId, graph, training });
      }),
  };
}

describe.skipIf(NATIVE_DISABLED)('OpenBLAS threads per trainer', () => {
  it('the environment a host gives its trainer: GRADSCOPE_THREADS only when threads is set', () => {
    expect(trainerEnv({ threads: 1 }, { PATH: '/bin' })).toEqual({ PATH: '/bin', GRADSCOPE_THREADS: '1' });
    expect(trainerEnv({}, { PATH: '/bin', GRADSCOPE_THREADS: '2' })).toEqual({ PATH: '/bin', GRADSCOPE_THREADS: '2' });
  });

  it('two trainers in one process keep their own thread count, as each run names it', { timeout: 120_000 }, async () => {
    const two = trainer(2);
    expect(await two.run('a1')).toMatch(/^wasm \+ native kernels \(.*OpenBLAS, 2 threads\)$/);
    const one = trainer(1);
    expect(await one.run('b1')).toMatch(/^wasm \+ native kernels \(.*OpenBLAS, 1 thread\)$/);
    // the second trainer's setting did not change the first one's
    expect(await two.run('a2')).toMatch(/2 threads\)$/);
  });
});
