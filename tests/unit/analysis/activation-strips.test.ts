// The saturation view's heat strips: every epoch's histogram on one shared value axis.
import { describe, expect, it } from 'vitest';
import { activationStrip, saturationLine, stripAxis } from '../../../src-main/analysis/activation-strips';
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
    expect(saturationLine([epoch(1, null), epoch(2, { min: 0, max: 1, counts: [1] }, 0.4)], 'h1')).toEqual([0.4]);
  });

  it('a long run: at most maxColumns columns, each the mean of its epochs, the same read live epoch by epoch or all at once', () => {
    // 300 epochs whose values drift upward and widen (the axis widens several times)
    const all = Array.from({ length: 300 }, (_, i) => epoch(i + 1, { min: -1 - i / 50, max: 1 + i / 20, counts: [1 + (i % 3), 2, i % 5, 1] }, (i % 7) / 10));
    // live: the list grows one epoch at a time (new arrays sharing the records, as the app's run does)
    let live = activationStrip(all.slice(0, 1), 'h1', 'pre', 8, 16)!;
    for (let n = 2; n <= all.length; n++) live = activationStrip(all.slice(0, n), 'h1', 'pre', 8, 16)!;
    // at once: a list whose first record is new, so nothing cached is reused
    const fresh = activationStrip(
      all.map((e) => ({ ...e })),
      'h1',
      'pre',
      8,
      16,
    )!;
    expect(live.columns.length).toBeLessThanOrEqual(16);
    expect(live.epochsPerColumn).toBe(32);
    expect(live.epochs).toEqual(fresh.epochs);
    expect([live.lo, live.hi]).toEqual([fresh.lo, fresh.hi]);
    live.columns.forEach((col, c) => col.forEach((v, b) => expect(v).toBeCloseTo(fresh.columns[c]![b]!, 12)));
    // each column is the mean of its epochs' shares on the strip's axis (each bin's centre decides its shared bin)
    const axis = stripAxis(-1 - 299 / 50, 1 + 299 / 20);
    expect([live.lo, live.hi]).toEqual([axis.lo, axis.hi]);
    const shares = (e: EpochRecord) => {
      const h = e.activations![0]!.pre;
      const total = h.counts.reduce((a, c) => a + c, 0);
      const out = new Array<number>(8).fill(0);
      h.counts.forEach((c, i) => {
        const centre = h.min + ((i + 0.5) * (h.max - h.min)) / h.counts.length;
        out[Math.min(7, Math.floor(((centre - axis.lo) / (axis.hi - axis.lo)) * 8))]! += c / total;
      });
      return out;
    };
    for (const c of [0, 5, live.columns.length - 1]) {
      const members = all.slice(c * 32, (c + 1) * 32).map(shares);
      live.columns[c]!.forEach((v, b) => expect(v).toBeCloseTo(members.reduce((a, m) => a + m[b]!, 0) / members.length, 12));
    }
    // the saturation line: means of the same groups
    const line = saturationLine(all, 'h1', 16);
    expect(line.length).toBe(10);
    expect(line[0]).toBeCloseTo(all.slice(0, 32).reduce((a, e) => a + e.activations![0]!.saturated!, 0) / 32, 12);
  });

  it('widens the value axis to multiples of a power of two, so it moves only when the values outgrow it', () => {
    expect(stripAxis(-1, 3)).toEqual({ lo: -1, hi: 3 });
    expect(stripAxis(0.013, 0.97)).toEqual({ lo: 0, hi: 1 });
    const a = stripAxis(-2.1, 5.3);
    expect(a.lo).toBeLessThanOrEqual(-2.1);
    expect(a.hi).toBeGreaterThanOrEqual(5.3);
    expect(a.hi - a.lo).toBeLessThanOrEqual((5.3 + 2.1) * 1.25);
  });
});
