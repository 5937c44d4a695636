// The geometry of the learned-activations and loss-landscape plots: a ReLU-shaped unit is drawn flat
// then rising, the gallery puts ReLU-like units first, PReLU's α histograms land on one shared axis,
// and the line plot marks t = 0 and t = 1 where the kept epochs at those t sit.
import { describe, expect, it } from 'vitest';
import { alphaGrid, galleryOrder, unitPlot } from '../../../src-renderer/views/lesson/activation-plot';
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
