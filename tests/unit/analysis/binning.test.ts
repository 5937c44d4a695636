import { describe, expect, it } from 'vitest';
import { binRanges, binSeries, binSize, IncrementalBins } from '../../../src-main/analysis/binning';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

describe('binRanges', () => {
  it('covers every step exactly once, in order, within the width', () => {
    for (const [n, w] of [
      [0, 10],
      [1, 1],
      [7, 10],
      [10, 10],
      [11, 10],
      [1000, 37],
      [12345, 800],
      [800, 800],
      [801, 800],
    ] as const) {
      const r = binRanges(n, w);
      expect(r.length).toBeLessThanOrEqual(w);
      let next = 0;
      for (const b of r) {
        expect(b.start).toBe(next);
        expect(b.end).toBeGreaterThan(b.start);
        next = b.end;
      }
      expect(next).toBe(n);
      expect(r.reduce((a, b) => a + b.end - b.start, 0)).toBe(n);
    }
  });

  it('keeps one step per column while they fit, and at least half the width when they do not', () => {
    expect(binSize(800, 800)).toBe(1);
    expect(binSize(801, 800)).toBe(2);
    expect(binRanges(801, 800).length).toBe(401);
    expect(binRanges(5000, 800).length).toBeGreaterThan(400);
  });

  it('rejects a width below one', () => {
    expect(() => binRanges(10, 0)).toThrow(/maxBins/);
  });
});

describe('binSeries', () => {
  it('bin means are the exact means of their steps and counts sum to the step count', () => {
    const rnd = lcg(3);
    const values = Array.from({ length: 1003 }, () => rnd() * 10);
    const b = binSeries(values, 100);
    let total = 0;
    b.ranges.forEach((r, i) => {
      const slice = values.slice(r.start, r.end);
      const mean = slice.reduce((a, v) => a + v, 0) / slice.length;
      expect(b.means[i]).toBeCloseTo(mean, 12);
      expect(b.counts[i]).toBe(slice.length);
      total += b.counts[i]!;
    });
    expect(total).toBe(1003);
    // the last bin is the partial one: 1003 = 62·16 + 11
    expect(b.size).toBe(16);
    expect(b.counts[b.counts.length - 1]).toBe(11);
  });

  it('skips null/NaN values in the mean but still counts the step; an all-null bin is NaN', () => {
    const b = binSeries([1, null, 3, NaN, null, null], 3);
    expect(Array.from(b.counts)).toEqual([2, 2, 2]);
    expect(Array.from(b.valid)).toEqual([1, 1, 0]);
    expect(b.means[0]).toBe(1);
    expect(b.means[1]).toBe(3);
    expect(Number.isNaN(b.means[2]!)).toBe(true);
  });
});

describe('IncrementalBins', () => {
  it('fed in uneven chunks, agrees exactly with binning the whole series at once', () => {
    const rnd = lcg(11);
    const values = Array.from({ length: 5000 }, () => (rnd() < 0.05 ? null : rnd()));
    const inc = new IncrementalBins(300);
    let n = 0;
    while (n < values.length) {
      n = Math.min(values.length, n + 1 + Math.floor(rnd() * 97));
      inc.update(values, n);
      const ref = binSeries(values, 300, n);
      expect(inc.length).toBe(ref.ranges.length);
      expect(inc.size).toBe(ref.size);
    }
    const ref = binSeries(values, 300);
    let total = 0;
    for (let b = 0; b < inc.length; b++) {
      expect(inc.range(b)).toEqual(ref.ranges[b]);
      expect(inc.count(b)).toBe(ref.counts[b]);
      expect(inc.mean(b)).toBeCloseTo(ref.means[b]!, 10);
      total += inc.count(b);
    }
    expect(total).toBe(5000);
  });

  it('reports which bins changed, and everything when the bin size doubles', () => {
    const inc = new IncrementalBins(4);
    inc.update([1, 2, 3]);
    expect(inc.dirtyFrom).toBe(0);
    inc.clearDirty();
    inc.update([1, 2, 3, 4]);
    expect(inc.dirtyFrom).toBe(3);
    expect(inc.resized).toBe(false);
    inc.clearDirty();
    inc.update([1, 2, 3, 4, 5]);
    expect(inc.resized).toBe(true);
    expect(inc.size).toBe(2);
    expect([inc.mean(0), inc.mean(1), inc.mean(2)]).toEqual([1.5, 3.5, 5]);
  });

  it('starts over when the series shrinks (a new run)', () => {
    const inc = new IncrementalBins(4);
    inc.update([5, 5, 5, 5, 5, 5]);
    inc.update([7]);
    expect(inc.length).toBe(1);
    expect(inc.mean(0)).toBe(7);
    expect(inc.steps).toBe(1);
  });
});
