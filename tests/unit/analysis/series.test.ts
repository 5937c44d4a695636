import { describe, expect, it } from 'vitest';
import { classCount, ema, hiddenGradientRatio, recentLayerMagnitudes, recentMean } from '../../../src-main/analysis/series';
import { epochsOf, makeRun } from './make-run';

describe('series helpers', () => {
  it('EMA is bias-corrected (first value kept), converges, and skips non-finite values', () => {
    const s = ema([4, 4, 4, NaN, 4], 0.9);
    for (const v of s) expect(v).toBeCloseTo(4, 12);
    const step = ema([0, 0, 0, 10, 10, 10, 10, 10, 10, 10], 0.5);
    expect(step[2]).toBe(0);
    expect(step[9]!).toBeGreaterThan(9.9);
    expect(() => ema([1], 1)).toThrow(/smoothing/);
  });

  it('recentMean averages the last window, ignoring nulls', () => {
    expect(recentMean([100, 1, null, 3], 3)).toBe(2);
    expect(Number.isNaN(recentMean([], 5))).toBe(true);
  });

  it('hidden gradient ratio uses the first and last hidden layers, not the output', () => {
    const run = makeRun({
      hidden: [{ activation: 'sigmoid' }, { activation: 'sigmoid' }, { activation: 'sigmoid' }],
      epochs: epochsOf(2, () => ({ trainLoss: 1, trainAcc: 0.5 })),
      grad: (l, s) => (l === 0 ? (s > 10 ? 1e-4 : 1) : l === 2 ? 1e-2 : 5),
    });
    const g = hiddenGradientRatio(run, 10)!;
    expect(g.firstLayer).toBe(0);
    expect(g.lastLayer).toBe(2);
    expect(g.ratio).toBeCloseTo(1e-2, 12);
    expect([g.fromStep, g.toStep]).toEqual([11, 20]);
    const one = makeRun({ hidden: [{ activation: 'relu' }], epochs: epochsOf(1, () => ({ trainLoss: 1 })) });
    expect(hiddenGradientRatio(one)).toBeNull();
  });

  it('recent layer magnitudes are keyed by node id; classes come from the softmax head', () => {
    const run = makeRun({ hidden: [{ activation: 'relu' }], classes: 3, epochs: epochsOf(1, () => ({ trainLoss: 1 })), grad: (l) => (l + 1) / 100 });
    const m = recentLayerMagnitudes(run, 'kernelMeanAbs');
    expect(m.map((x) => x.node)).toEqual(['h1', 'out']);
    expect(m[0]!.value).toBeCloseTo(0.01, 12);
    expect(m[1]!.value).toBeCloseTo(0.02, 12);
    expect(classCount(run)).toBe(3);
    expect(classCount(makeRun({ hidden: [{ activation: 'relu' }], classes: null, epochs: [] }))).toBeNull();
  });
});
