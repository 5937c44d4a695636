// The surfacePaths API method: payloads are validated by the contract, and the answer carries the
// sampled surface and the same paths the library computes.
import { describe, expect, it } from 'vitest';
import { makeService, tempDir } from '../service/fixtures';
import { surfacePaths } from '../../../src-main/lesson/optimizer-paths';
import { SURFACES, SURFACE_NAMES } from '../../../src-main/lesson/surfaces';
import { PARAMS } from '../../../src-main/contract/api';
import type { SurfaceView } from '../../../src-main/lesson/surface-view';

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

  it('answers with the grid over the extent and the six default paths', async () => {
    const s = makeService(await tempDir());
    const r = await s.handleCall('surfacePaths', { fn: 'saddle', steps: 30, from: [1, 0.5] });
    expect(r.ok).toBe(true);
    const v = (r as { ok: true; value: SurfaceView }).value;
    expect(v.start).toEqual([1, 0.5]);
    expect(v.paths.map((p) => p.method)).toEqual(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam']);
    const { cols, rows, values } = v.grid;
    expect(values).toHaveLength(cols * rows);
    // corners: (xMin, yMin) first, (xMax, yMax) last
    const e = SURFACES.saddle.extent;
    expect(values[0]).toBeCloseTo(SURFACES.saddle.value(e.xMin, e.yMin), 9);
    expect(values.at(-1)).toBeCloseTo(SURFACES.saddle.value(e.xMax, e.yMax), 9);
    const direct = surfacePaths('saddle', [1, 0.5], null, 30);
    expect(v.paths[5]!.points).toEqual(direct.paths[5]!.points);
  });
});
