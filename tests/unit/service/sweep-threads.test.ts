// A sweep's pool runs one single-threaded trainer per core: with two workers side by side each
// trainer gets one OpenBLAS thread (and its runs say so); a pool of one leaves the trainer its default.
import { afterEach, describe, expect, it } from 'vitest';
import { NATIVE_DISABLED } from '../trainer/fixtures/native';
import { join } from 'node:path';
import type { SweepEvent } from '../../../src-main/contract/sweep';
import type { TrainerHostOptions } from '../../../src-main/trainer/host';
import { createWorkerThreadHost } from '../../../src-main/trainer/worker-host';
import type { GradscopeService } from '../../../src-main/service/service';
import { makeService, tempDir } from './fixtures';
import { threeNodeGraph } from '../fixtures/graphs';

const services: GradscopeService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

const graph = threeNodeGraph({ hidden: { units: 6, activation: 'tanh' } });
const training = {
  dataset: { kind: 'synthetic', name: 'xor', samples: 80 },
  optimizer: { kind: 'adam' },
  learningRate: 0.02,
  batchSize: 16,
  epochs: 1,
  backend: 'wasm-native',
};

/** Runs a 2-variant sweep on `workers` workers; the options each trainer host got and the backend each variant's run named. */
async function sweep(workers: number): Promise<{ options: TrainerHostOptions[]; backends: string[] }> {
  const options: TrainerHostOptions[] = [];
  const s = makeService(join(await tempDir(), 'home'), {
    createTrainer: (o?: TrainerHostOptions) => {
      options.push(o ?? {});
      return createWorkerThreadHost(undefined, o);
    },
  });
  services.push(s);
  const session = s.openSession();
  const backends: string[] = [];
  const done = new Promise<void>((resolve) =>
    session.onEvent((e) => {
      if (e.type !== 'sweep') return;
      const ev: SweepEvent = e.event;
      if (ev.type === 'variant-event' && ev.event.type === 'started') backends.push(ev.event.backend);
      if (ev.type === 'sweep-finished') resolve();
    }),
  );
  const r = await session.handleCall('startSweep', { graph, training, sweep: { axes: [{ name: 'units', values: [2, 6] }], workers }, template: 'none' });
  expect(r).toMatchObject({ ok: true });
  await done;
  return { options, backends };
}

describe.skipIf(NATIVE_DISABLED)('OpenBLAS threads of a sweep pool', () => {
  it('two workers side by side: one thread each, and every variant names it', { timeout: 120_000 }, async () => {
    const { options, backends } = await sweep(2);
    expect(options).toEqual([{ threads: 1 }, { threads: 1 }]);
    expect(backends).toHaveLength(2);
    for (const b of backends) expect(b).toMatch(/OpenBLAS, 1 thread\)$/);
  });

  it('one worker: the trainer keeps its default', { timeout: 120_000 }, async () => {
    const { options } = await sweep(1);
    expect(options).toEqual([{}]);
  });
});
