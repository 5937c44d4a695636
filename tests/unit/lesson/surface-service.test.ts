// The surfacePaths API method: payloads are validated by the contract, the answer carries the
// sampled surface and the same paths the library computes, computed in the trainer worker, and a
// request the user moved on from is cancelled there.
import { afterEach, describe, expect, it } from 'vitest';
import { makeService, tempDir } from '../service/fixtures';
import { surfacePaths } from '../../../src-main/lesson/optimizer-paths';
import { SURFACES, SURFACE_NAMES } from '../../../src-main/lesson/surfaces';
import { PARAMS } from '../../../src-main/contract/api';
import type { SurfaceView } from '../../../src-main/lesson/surface-view';
import type { TrainerHost } from '../../../src-main/trainer/host';
import { createWorkerThreadHost } from '../../../src-main/trainer/worker-host';
import type { GradscopeService } from '../../../src-main/service/service';

const services: GradscopeService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

/** A service whose trainer is a real worker thread; `frames` records what went to it. */
async function withWorker(): Promise<{ s: GradscopeService; frames: unknown[]; hosts: TrainerHost[] }> {
  const frames: unknown[] = [];
  const hosts: TrainerHost[] = [];
  const s = makeService(await tempDir(), {
    createTrainer: () => {
      const h = createWorkerThreadHost();
      hosts.push(h);
      return { ...h, post: (f) => (frames.push(f), h.post(f)) };
    },
  });
  services.push(s);
  return { s, frames, hosts };
}

describe('surfacePaths API', () => {
  it('the contract accepts exactly the surfaces the library has', () => {
    expect(PARAMS.surfacePaths.shape.fn.options).toEqual([...SURFACE_NAMES]);
  });

  it('refuses bad payloads naming the field', async () => {
    const s = makeService(await tempDir());
    const bad = [
      [{ fn: 'bowl', steps: 10 }, /fn/],
      [{ fn: 'ravine', steps: 0 }, /steps/],
      [{ fn: 'ravine', steps: 10, from: [1, Number.NaN] }, /from/],
      [{ fn: 'ravine', steps: 10, methods: [{ optimizer: { kind: 'adam', beta1: 2 }, learningRate: 0.1 }] }, /beta1/],
      [{ fn: 'ravine', steps: 10, methods: [{ optimizer: { kind: 'sgd' }, learningRate: -1 }] }, /learningRate/],
    ] as const;
    for (const [params, field] of bad) {
      const r = await s.handleCall('surfacePaths', params);
      expect(r.ok, JSON.stringify(params)).toBe(false);
      if (!r.ok) expect(r.error).toMatch(field);
    }
  });

  it('answers from the trainer worker with the grid over the extent and the six default paths', async () => {
    const { s, frames } = await withWorker();
    const r = await s.handleCall('surfacePaths', { fn: 'saddle', steps: 30, from: [1, 0.5] });
    expect(r.ok, JSON.stringify(r).slice(0, 300)).toBe(true);
    expect(frames).toEqual([{ id: 1, method: 'surface', params: { fn: 'saddle', steps: 30, from: [1, 0.5] } }]);
    const v = (r as { ok: true; value: SurfaceView }).value;
    expect(v.start).toEqual([1, 0.5]);
    expect(v.paths.map((p) => p.method)).toEqual(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam']);
    const { cols, rows, values } = v.grid;
    expect(values).toHaveLength(cols * rows);
    // corners: (xMin, yMin) first, (xMax, yMax) last
    const e = SURFACES.saddle.extent;
    expect(values[0]).toBeCloseTo(SURFACES.saddle.value(e.xMin, e.yMin), 9);
    expect(values.at(-1)).toBeCloseTo(SURFACES.saddle.value(e.xMax, e.yMax), 9);
    // the worker's backend may differ from this process's: float32 on both, compared to 1e-5
    const direct = surfacePaths('saddle', [1, 0.5], null, 30);
    v.paths[5]!.points.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(direct.paths[5]!.points[i]![0], 5);
      expect(y).toBeCloseTo(direct.paths[5]!.points[i]![1], 5);
    });
  });

  it('a cancelled request answers "cancelled", tells the worker, and the worker answers the next one', async () => {
    const { s, frames } = await withWorker();
    // warm the worker up (its backend starts on first use)
    expect((await s.handleCall('surfacePaths', { fn: 'ravine', steps: 5 })).ok).toBe(true);
    const first = new AbortController();
    const long = s.handleCall('surfacePaths', { fn: 'rosenbrock', steps: 2000, from: [-1.5, 2] }, first.signal);
    await new Promise((r) => setTimeout(r, 30));
    first.abort(); // the user clicked another start point
    const next = s.handleCall('surfacePaths', { fn: 'rosenbrock', steps: 20, from: [1.5, 2] });
    expect(await long).toEqual({ ok: false, kind: 'cancelled', error: 'cancelled' });
    const r = await next;
    expect(r.ok).toBe(true);
    expect((r as { ok: true; value: SurfaceView }).value.start).toEqual([1.5, 2]);
    expect(frames).toContainEqual({ cancel: 2 });
  });
});
