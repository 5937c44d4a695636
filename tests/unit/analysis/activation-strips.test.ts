// The saturation view's heat strips: every epoch's histogram on one shared value axis.
import { describe, expect, it } from 'vitest';
import { activationStrip, saturationSeries } from '../../../src-main/analysis/activation-strips';
import type { EpochRecord } from '../../../src-main/contract/events';

const epoch = (n: number, pre: { min: number; max: number; counts: number[] } | null, saturated: number | null = null) =>
  ({ epoch: n, ...(pre ? { activations: [{ node: 'h1', pre, post: pre, saturation: 'bounds', saturated, samples: 10 }] } : {}) }) as unknown as EpochRecord;

describe('activation strips', () => {
  it('moves each epoch’s bins into shared bins by their centres; each column sums to 1', () => {
    const s = activationStrip([epoch(1, { min: 0, max: 1, counts: [3, 1] }), epoch(2, { min: -1, max: 3, counts: [0, 0, 0, 4] })], 'h1', 'pre', 4)!;
    expect([s.lo, s.hi, s.bins]).toEqual([-1, 3, 4]);
    expect(s.epochs).toEqual([1, 2]);
    // epoch 1: centres 0.25 and 0.75 → shared bin 1 (0…1)
    expect(s.columns[0]).toEqual([0, 1, 0, 0]);
    // epoch 2: the last bin's centre 2.5 → bin 3
    expect(s.columns[1]).toEqual([0, 0, 0, 1]);
  });

  it('skips epochs without measurements (older saved runs) and answers null when none has them', () => {
    expect(activationStrip([epoch(1, null)], 'h1', 'post')).toBeNull();
    const s = activationStrip([epoch(1, null), epoch(2, { min: 0, max: 1, counts: [1, 1] })], 'h1', 'post', 2)!;
    expect(s.epochs).toEqual([2]);
    expect(saturationSeries([epoch(1, null), epoch(2, { min: 0, max: 1, counts: [1] }, 0.4)], 'h1')).toEqual([
      { epoch: 1, saturated: null },
      { epoch: 2, saturated: 0.4 },
    ]);
  });
});
