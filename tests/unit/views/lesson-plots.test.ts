// The geometry of the learned-activations and loss-landscape plots: a ReLU-shaped unit is drawn flat
// then rising, the gallery puts ReLU-like units first, PReLU's α histograms land on one shared axis
// that spans the initial α, α labels stay distinct, PReLU / ELU curves bend where they should, and
// the line plot marks t = 0 and t = 1 where the kept epochs at those t sit.
import { describe, expect, it } from 'vitest';
import { alphaCurves, alphaGrid, alphaRow, distinctLabels, epochTicks, galleryOrder, unitPlot } from '../../../src-renderer/views/lesson/activation-plot';
import { linePlot } from '../../../src-renderer/views/lesson/landscape-plot';
import type { MaxoutUnitView } from '../../../src-main/contract/activations';

const relu: MaxoutUnitView = {
  unit: 3,
  pieces: [
    { slope: 1, intercept: 0, share: 0.4 },
    { slope: 0, intercept: 0, share: 0.6 },
  ],
  envelope: [
    { piece: 1, from: -2, to: 0 },
    { piece: 0, from: 0, to: 2 },
  ],
  shape: 'relu-like',
  tRange: [-2, 2],
};

/** Points of an SVG path "Mx,yLx,y…". */
const points = (d: string) => [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);

describe('lesson plots', () => {
  it('a ReLU unit: flat at the zero line left of the mean, rising to the top right', () => {
    const p = unitPlot(relu, 100, 50);
    const env = points(p.envelope);
    // (paths are written to 0.1 px)
    expect(env[0]![0]).toBe(0);
    expect(env[0]![1]).toBeCloseTo(p.zeroY!, 1);
    expect(env[1]![0]).toBe(50);
    expect(env[1]![1]).toBeCloseTo(p.zeroY!, 1);
    expect(env.at(-1)![0]).toBe(100);
    expect(env.at(-1)![1]).toBeLessThan(p.zeroY! - 30);
    expect(p.meanX).toBe(50);
  });

  it('the gallery: ReLU-like first, then by how evenly the samples split', () => {
    const linear = { ...relu, unit: 0, shape: 'linear' as const };
    const lopsided = { ...relu, unit: 1, pieces: [relu.pieces[0]!, { ...relu.pieces[1]!, share: 0.95 }] };
    expect(galleryOrder([linear, lopsided, relu]).map((u) => u.unit)).toEqual([3, 1, 0]);
  });

  it('α histograms of two epochs on one axis keep every neuron', () => {
    const g = alphaGrid(
      [
        { epoch: 1, histogram: { min: 0.25, max: 0.25, counts: [10, 0] } },
        { epoch: 2, histogram: { min: 0.1, max: 0.4, counts: [4, 6] } },
      ],
      12,
    )!;
    expect(g.lo).toBe(0.1);
    expect(g.hi).toBe(0.4);
    expect(g.counts.map((c) => c.reduce((a, b) => a + b, 0))).toEqual([10, 10]);
    // epoch 2's bins (width 0.15) centre on 0.175 and 0.325: rows 3 and 9 of 12 over [0.1, 0.4]
    expect(g.counts[1]![3]).toBe(4);
    expect(g.counts[1]![9]).toBe(6);
    expect(g.peak).toBe(10);
  });

  it('a long run: at most 120 columns, linear in the epoch; a column is the mean of its epochs that keep a histogram', () => {
    // 1000 epochs of 32 neurons whose α drifts upward; before epoch 736 one epoch in 8 keeps its histogram (as epoch-series.ts thins them)
    const epochs = Array.from({ length: 1000 }, (_, i) => i + 1)
      .filter((n) => n >= 736 || n % 8 === 0)
      .map((n) => ({ epoch: n, histogram: { min: n / 1000, max: n / 1000 + 0.1, counts: [32 - (n % 5), n % 5] } }));
    const g = alphaGrid(epochs, 10)!;
    expect(g.perColumn).toBe(16);
    expect(g.counts.length).toBe(63);
    expect(g.epochs.slice(0, 3)).toEqual([16, 32, 48]);
    expect(g.epochs.at(-1)).toBe(1000);
    // every column holds 32 neurons on average, and is the mean of its members re-binned alone
    for (const col of g.counts) expect(col.reduce((a, b) => a + b, 0)).toBeCloseTo(32, 9);
    const members = epochs.filter((e) => e.epoch > 16 * 40 && e.epoch <= 16 * 41);
    expect(members.map((e) => e.epoch)).toEqual([648, 656]);
    // each member re-binned alone on the same axis (the first and last epochs fix it), one column per epoch
    const alone = members.map((e) => alphaGrid([epochs[0]!, e, epochs.at(-1)!], 10, null, 2000)!.counts[1]!);
    g.counts[40]!.forEach((v, r) => expect(v).toBeCloseTo((alone[0]![r]! + alone[1]![r]!) / 2, 9));
  });

  it("α's axis spans the initial α, even when every neuron moved away from it", () => {
    const g = alphaGrid([{ epoch: 1, histogram: { min: 0.3, max: 0.4, counts: [5, 5] } }], 10, 0.25)!;
    expect(g.lo).toBe(0.25);
    expect(g.hi).toBe(0.4);
    expect(g.initial).toBe(0.25);
    // bins centred on 0.325 and 0.375 land in rows 5 and 8 of [0.25, 0.4], whose α intervals hold them
    expect(g.counts[0]![5]).toBe(5);
    expect(g.counts[0]![8]).toBe(5);
    const [a0, a1] = alphaRow(g, 5);
    expect(a0).toBeLessThanOrEqual(0.325);
    expect(a1).toBeGreaterThan(0.325);
  });

  it('labels keep distinct α values distinct, with no more decimals than needed', () => {
    expect(distinctLabels([0.22, 0.28])).toEqual(['0.22', '0.28']);
    expect(distinctLabels([0.2498, 0.2503])).toEqual(['0.2498', '0.2503']);
    expect(distinctLabels([0.25, 0.25])).toEqual(['0.25', '0.25']);
    expect(distinctLabels([0.001, 0.002])).toEqual(['1.00e-3', '2.00e-3']);
  });

  it('epoch labels: every column when they fit, else every k-th and the last, never two crowded together', () => {
    expect(epochTicks(4, 40)).toEqual([0, 1, 2, 3]);
    expect(epochTicks(1, 40)).toEqual([0]);
    // 100 columns 2.4 apart: every 8th (19.2 ≥ 18), and the last in place of 96, only 7.2 before it
    const t = epochTicks(100, 2.4);
    expect(t.slice(0, 3)).toEqual([0, 8, 16]);
    expect(t.at(-1)).toBe(99);
    expect(t.at(-2)).toBe(88);
    expect(epochTicks(0, 40)).toEqual([]);
  });

  it('PReLU bends at z = 0 with slope α below; ELU flattens towards −α', () => {
    const p = alphaCurves('prelu', [0.1, 0.5], [-2, 2], 200, 100, 0);
    expect(p.zeroX).toBeCloseTo(100, 5);
    const [small, big] = p.paths.map(points);
    // left end: the larger α goes further below the zero line; right end: both at f = z = 2, the top
    expect(big![0]![1]).toBeGreaterThan(small![0]![1]);
    expect(small![0]![1]).toBeGreaterThan(p.zeroY);
    expect(small!.at(-1)![1]).toBeCloseTo(0, 1);
    expect(big!.at(-1)![1]).toBeCloseTo(0, 1);
    // f(−2) = −1 with α 0.5 and f(2) = 2: the zero line is a third of the way up from the bottom
    expect(p.zeroY).toBeCloseTo(100 * (2 / 3), 1);
    const e = alphaCurves('elu', [1], [-4, 1], 100, 100, 0);
    const elu = points(e.paths[0]!);
    // ELU(−4) = e⁻⁴ − 1 ≈ −0.98: the curve's slope near the left end is almost flat
    const slopeLeft = (elu[1]![1] - elu[0]![1]) / (elu[1]![0] - elu[0]![0]);
    const slopeRight = (elu.at(-1)![1] - elu.at(-2)![1]) / (elu.at(-1)![0] - elu.at(-2)![0]);
    expect(Math.abs(slopeLeft)).toBeLessThan(0.1 * Math.abs(slopeRight));
  });

  it('the line plot marks initial and trained where the epochs at t = 0 and t = 1 are drawn', () => {
    const l = linePlot(
      {
        t: [-0.25, 0, 0.5, 1, 1.25],
        loss: [2, 1.5, 1, 0.5, 0.6],
        distance: 3,
        path: [
          { epoch: 0, t: 0, offLine: 0, loss: 1.5 },
          { epoch: 2, t: 1, offLine: 0, loss: 0.5 },
        ],
      },
      300,
      100,
    );
    expect(l.marks.map((m) => m.x)).toEqual([l.path[0]!.x, l.path[1]!.x]);
    expect(l.path[0]!.y).toBeLessThan(l.path[1]!.y);
    expect(l.yMin).toBe(0.5);
    expect(l.yMax).toBe(2);
  });
});
