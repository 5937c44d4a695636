// The activationShapes API method: computed in the trainer worker on the model the trainer keeps for
// a finished run, the same numbers as the library computes on that model; unknown runs and layers
// are refused with a message.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { AppEvent } from '../../../src-main/contract/api';
import type { ActivationsView, MaxoutLayerView } from '../../../src-main/contract/activations';
import type { GradscopeService } from '../../../src-main/service/service';
import { createWorkerThreadHost } from '../../../src-main/trainer/worker-host';
import { makeService, tempDir } from '../service/fixtures';

const services: GradscopeService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

const graph = {
  version: 1 as const,
  nodes: [
    { id: 'in', type: 'input' as const },
    { id: 'mx', type: 'maxout' as const, units: 6, pieces: 2 },
    { id: 'out', type: 'output' as const, head: 'softmax' as const },
  ],
  edges: [
    { id: 'a', source: 'in', target: 'mx' },
    { id: 'b', source: 'mx', target: 'out' },
  ],
};
const training = {
  dataset: { kind: 'synthetic' as const, name: 'circles' as const, samples: 300 },
  optimizer: { kind: 'adam' as const },
  learningRate: 0.02,
  epochs: 2,
  batchSize: 32,
};

describe('activationShapes API', () => {
  it("answers from the trainer with the finished run's Maxout units; refuses runs and layers it does not have", async () => {
    const s = makeService(join(await tempDir(), 'home'), { createTrainer: () => createWorkerThreadHost() });
    services.push(s);
    const finished = new Promise<void>((resolve) => s.onEvent((e: AppEvent) => e.type === 'trainer' && e.event.type === 'finished' && resolve()));
    const started = await s.handleCall('startTraining', { graph, training });
    const runId = (started as { ok: true; value: { runId: string } }).value.runId;
    await finished;

    const r = await s.handleCall('activationShapes', { runId, direction: 'own' });
    expect(r.ok, JSON.stringify(r).slice(0, 300)).toBe(true);
    const v = (r as { ok: true; value: ActivationsView }).value;
    expect(v.source).toBe(runId);
    expect(v.samples).toEqual({ split: 'validation', n: expect.any(Number) });
    expect(v.samples.n).toBeGreaterThan(10);
    const mx = v.layers[0] as MaxoutLayerView;
    expect(mx.node).toBe('mx');
    expect(mx.unitViews).toHaveLength(6);
    for (const u of mx.unitViews) expect(u.pieces[0]!.share + u.pieces[1]!.share).toBeCloseTo(1, 9);

    const bad = await s.handleCall('activationShapes', { runId, layer: 'nope', direction: 'own' });
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/no Maxout, PReLU, Leaky ReLU or ELU layer "nope" \(the model has: mx/) });
    expect(await s.handleCall('activationShapes', { runId: 'run-gone', direction: 'own' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no run with id run-gone/),
    });
    expect(await s.handleCall('activationShapes', { runId, direction: 'sideways' })).toMatchObject({ ok: false, error: expect.stringMatching(/direction/) });
  }, 120_000);

  it('draws the run in progress at its current weights; the landscape waits for the trained weights', async () => {
    const s = makeService(join(await tempDir(), 'home'), { createTrainer: () => createWorkerThreadHost() });
    services.push(s);
    const firstEpoch = new Promise<void>((resolve) => s.onEvent((e: AppEvent) => e.type === 'trainer' && e.event.type === 'epoch' && resolve()));
    const finished = new Promise<void>((resolve) => s.onEvent((e: AppEvent) => e.type === 'trainer' && e.event.type === 'finished' && resolve()));
    const started = await s.handleCall('startTraining', { graph, training: { ...training, epochs: 500 } });
    const runId = (started as { ok: true; value: { runId: string } }).value.runId;
    await firstEpoch;
    const r = await s.handleCall('activationShapes', { runId, direction: 'pca' });
    expect(r.ok, JSON.stringify(r).slice(0, 300)).toBe(true);
    expect((r as { ok: true; value: ActivationsView }).value.layers[0]!.units).toBe(6);
    expect(await s.handleCall('lossLandscape', { runId })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/still training: the landscape needs its trained weights/),
    });
    await s.handleCall('stopTraining', { runId });
    await finished;
  }, 120_000);
});
