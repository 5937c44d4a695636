// The lossLandscape API method: two real runs trained through the service; the trainer worker keeps
// their paths and answers the line and the plane; runs of another graph are refused in words.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { AppEvent } from '../../../src-main/contract/api';
import type { LandscapeView } from '../../../src-main/contract/landscape';
import type { GradscopeService } from '../../../src-main/service/service';
import { createWorkerThreadHost } from '../../../src-main/trainer/worker-host';
import { makeService, tempDir } from '../service/fixtures';
import { threeNodeGraph } from '../fixtures/graphs';

const services: GradscopeService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

const training = (kind: 'sgd' | 'adam') => ({
  dataset: { kind: 'synthetic' as const, name: 'spiral' as const, samples: 300 },
  optimizer: { kind },
  learningRate: kind === 'sgd' ? 0.1 : 0.02,
  epochs: 3,
  batchSize: 32,
});

async function run(s: GradscopeService, graph: ReturnType<typeof threeNodeGraph>, kind: 'sgd' | 'adam'): Promise<string> {
  const done = new Promise<void>((resolve) => {
    const off = s.onEvent((e: AppEvent) => {
      if (e.type === 'trainer' && e.event.type === 'finished') {
        off();
        resolve();
      }
    });
  });
  const r = await s.handleCall('startTraining', { graph, training: training(kind) });
  await done;
  return (r as { ok: true; value: { runId: string } }).value.runId;
}

describe('lossLandscape API', () => {
  it('answers the line and the plane of two kept runs from the trainer; refuses a run of another graph', async () => {
    const s = makeService(join(await tempDir(), 'home'), { createTrainer: () => createWorkerThreadHost() });
    services.push(s);
    const g = threeNodeGraph({ hidden: { units: 12 } });
    const a = await run(s, g, 'sgd');
    const b = await run(s, g, 'adam');
    const other = await run(s, threeNodeGraph({ hidden: { units: 5 } }), 'sgd');

    const r = await s.handleCall('lossLandscape', { runId: a, compareWith: b, grid: 7 });
    expect(r.ok, JSON.stringify(r).slice(0, 300)).toBe(true);
    const v = (r as { ok: true; value: LandscapeView }).value;
    expect(v.runId).toBe(a);
    expect(v.compareWith).toBe(b);
    expect(v.samples).toBeGreaterThan(100);
    expect(v.line.path.map((p) => p.epoch)).toEqual([0, 1, 2, 3]);
    expect(v.line.loss[v.line.t.indexOf(0)]).toBeCloseTo(v.line.path[0]!.loss, 5);
    expect(v.plane!.loss).toHaveLength(49);
    expect(v.plane!.paths.map((p) => p.runId)).toEqual([a, b]);

    const lineOnly = await s.handleCall('lossLandscape', { runId: b });
    expect(lineOnly.ok && (lineOnly.value as LandscapeView).plane).toBe(null);
    const refused = await s.handleCall('lossLandscape', { runId: a, compareWith: other, grid: 5 });
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/cannot share a plane: their parameters have different shapes/) });
    expect(await s.handleCall('lossLandscape', { runId: a, grid: 3 })).toMatchObject({ ok: false, error: expect.stringMatching(/grid/) });
  }, 180_000);
});
