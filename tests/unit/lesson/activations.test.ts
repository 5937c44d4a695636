// The learned-activations view on real computations: Maxout units with known weights are drawn as the
// function they compute (a k=2 unit whose second piece is zero is ReLU), the win shares count the
// samples each piece is the max of, and PReLU's α per neuron is read from the trained layer.
import { describe, expect, it } from 'vitest';
import * as tf from '../../../src-main/layers/tf';
import { Graph, type GraphInput } from '../../../src-main/contract/graph';
import { compileGraph, type CompiledGraph } from '../../../src-main/trainer/compile';
import { activationsView, pickLayers } from '../../../src-main/lesson/activations-view';
import { weightStats, ALPHA_BINS } from '../../../src-main/trainer/weight-stats';
import { classifyShape, percentileRange, principalDirection, upperEnvelope, columnMeans } from '../../../src-main/analysis/activation-shapes';
import type { MaxoutLayerView, AlphaLayerView } from '../../../src-main/contract/activations';

function maxoutGraph(units: number, pieces: number, extra: Partial<GraphInput['nodes'][number]> = {}): GraphInput {
  return {
    version: 1,
    nodes: [
      { id: 'in', type: 'input' },
      { id: 'm', name: 'the maxout', type: 'maxout', units, pieces, ...extra } as GraphInput['nodes'][number],
      { id: 'out', type: 'output', head: 'softmax' },
    ],
    edges: [
      { id: 'a', source: 'in', target: 'm' },
      { id: 'b', source: 'm', target: 'out' },
    ],
  };
}

function compile(g: GraphInput, inputDim: number): CompiledGraph {
  return compileGraph(Graph.parse(g), { inputDim, classes: 2 }, { seed: 1 });
}

/** Set the Maxout layer's kernel (inDim × units·k, row-major) and bias. */
function setMaxout(c: CompiledGraph, kernel: number[], bias: number[]): void {
  const k = c.kernels.find((l) => l.node.id === 'm')!;
  k.kernel.assign(tf.tensor2d(kernel, k.kernel.shape as [number, number]));
  k.bias!.assign(tf.tensor1d(bias));
}

/** n samples of 2 features: x0 evenly from -1 to 1, x1 = a fixed wiggle. */
function samples(n: number): Float32Array {
  const x = new Float32Array(n * 2);
  for (let s = 0; s < n; s++) {
    x[s * 2] = -1 + (2 * s) / (n - 1);
    x[s * 2 + 1] = Math.sin(s * 1.7) * 0.3;
  }
  return x;
}

describe('Maxout unit shapes', () => {
  it('a k=2 unit whose second piece is zero is drawn as ReLU: zero left of the kink, the first piece right of it', () => {
    const c = compile(maxoutGraph(1, 2), 2);
    try {
      // piece 0: z = 2·x0 + 0.5·x1 + 0.2; piece 1: all zero
      setMaxout(c, [2, 0, 0.5, 0], [0.2, 0]);
      const before = tf.memory().numTensors;
      const view = activationsView(c, { x: samples(201), n: 201, split: 'validation' }, { source: 't', layer: null, direction: 'own' });
      expect(tf.memory().numTensors).toBe(before);
      const layer = view.layers[0] as MaxoutLayerView;
      expect(layer.kind).toBe('maxout');
      const u = layer.unitViews[0]!;
      expect(u.shape).toBe('relu-like');
      // the line runs along piece 0's weights (2, 0.5)/|…| through the mean input: its slope is |w|
      expect(u.pieces[0]!.slope).toBeCloseTo(Math.hypot(2, 0.5), 5);
      expect(u.pieces[1]!.slope).toBeCloseTo(0, 9);
      expect(u.pieces[1]!.intercept).toBeCloseTo(0, 9);
      // envelope: the zero piece, then piece 0 from its zero crossing on
      expect(u.envelope.map((s) => s.piece)).toEqual([1, 0]);
      const kink = u.envelope[0]!.to;
      expect(u.pieces[0]!.intercept + u.pieces[0]!.slope * kink).toBeCloseTo(0, 6);
      // piece 0 wins exactly where 2·x0 + 0.5·x1 + 0.2 > 0
      const x = samples(201);
      let wins = 0;
      for (let s = 0; s < 201; s++) if (2 * x[s * 2]! + 0.5 * x[s * 2 + 1]! + 0.2 > 0) wins++;
      expect(u.pieces[0]!.share).toBeCloseTo(wins / 201, 9);
      expect(u.pieces[0]!.share + u.pieces[1]!.share).toBeCloseTo(1, 9);
      expect(layer.shapeCounts['relu-like']).toBe(1);
    } finally {
      c.dispose();
    }
  });

  it('two pieces w and −w are the absolute value; three pieces of rising slope are convex 3+', () => {
    const c = compile(maxoutGraph(2, 3), 2);
    try {
      // unit 0 (contiguous: columns 0,1,2): x0, −x0, and a piece far below (never wins) → |x0|
      // unit 1 (columns 3,4,5): −x0, 0, x0 − 0.5 shifted so all three show → a 3-piece convex curve
      const k = [
        [1, -1, 0, -1, 0, 1],
        [0, 0, 0, 0, 0, 0],
      ].flat();
      setMaxout(c, k, [0, 0, -50, -0.1, 0, -0.5]);
      const view = activationsView(c, { x: samples(401), n: 401, split: 'validation' }, { source: 't', layer: 'the maxout', direction: 'pca' });
      const layer = view.layers[0] as MaxoutLayerView;
      expect(layer.direction).toBe('pca');
      expect(layer.directionNote).toMatch(/principal direction/);
      expect(layer.unitViews[0]!.shape).toBe('abs-like');
      expect(layer.unitViews[0]!.pieces[2]!.share).toBe(0);
      expect(layer.unitViews[1]!.shape).toBe('convex-3+');
      expect(layer.unitViews[1]!.envelope.map((s) => s.piece)).toEqual([0, 1, 2]);
    } finally {
      c.dispose();
    }
  });

  it('the envelope is the max of the pieces at every point of the line', () => {
    const pieces = [
      { slope: -2, intercept: 1 },
      { slope: 0.5, intercept: 0 },
      { slope: 3, intercept: -4 },
      { slope: 0.4, intercept: -10 },
    ];
    const env = upperEnvelope(pieces, [-5, 5]);
    expect(env[0]!.from).toBe(-5);
    expect(env.at(-1)!.to).toBe(5);
    for (let t = -5; t <= 5; t += 0.01) {
      const seg = env.find((s) => t >= s.from && t <= s.to)!;
      const best = Math.max(...pieces.map((p) => p.intercept + p.slope * t));
      expect(pieces[seg.piece]!.intercept + pieces[seg.piece]!.slope * t).toBeCloseTo(best, 9);
    }
    expect(classifyShape(pieces, env)).toBe('convex-3+');
    // a piece that wins only a sliver of the line does not make a shape
    expect(
      classifyShape(
        [{ slope: 1 }, { slope: 0 }],
        [
          { piece: 1, from: 0, to: 0.001 },
          { piece: 0, from: 0.001, to: 1 },
        ],
      ),
    ).toBe('linear');
    // same-direction slopes, or opposite ones of unlike size: a bend, neither ReLU nor |x|
    const halves = [
      { piece: 0, from: 0, to: 0.5 },
      { piece: 1, from: 0.5, to: 1 },
    ];
    expect(classifyShape([{ slope: 0.5 }, { slope: 1 }], halves)).toBe('bent');
    expect(classifyShape([{ slope: -0.3 }, { slope: 1 }], halves)).toBe('bent');
    expect(classifyShape([{ slope: -0.6 }, { slope: 1 }], halves)).toBe('abs-like');
    expect(classifyShape([{ slope: -0.1 }, { slope: 1 }], halves)).toBe('relu-like');
  });

  it('the principal direction of points along (3, 4) is (0.6, 0.8), explaining all the variance', () => {
    const n = 50;
    const x = new Float32Array(n * 2);
    for (let s = 0; s < n; s++) {
      x[s * 2] = 3 * (s - 20) + 1;
      x[s * 2 + 1] = 4 * (s - 20) - 2;
    }
    const mean = columnMeans(x, n, 2);
    const p = principalDirection(x, n, 2, mean)!;
    expect(p.dir[0]).toBeCloseTo(0.6, 6);
    expect(p.dir[1]).toBeCloseTo(0.8, 6);
    expect(p.explained).toBeCloseTo(1, 6);
    expect(percentileRange([5, 6, 7])[0]).toBe(0);
  });

  it('an unknown --layer names the layers there are', () => {
    const c = compile(maxoutGraph(1, 2), 2);
    try {
      expect(() => pickLayers(c, 'h9')).toThrow(/no Maxout, PReLU, Leaky ReLU or ELU layer "h9" \(the model has: m \("the maxout"\)\)/);
    } finally {
      c.dispose();
    }
  });
});

describe('PReLU, Leaky ReLU and ELU layers', () => {
  it("PReLU's α per neuron is the layer's learned α; the negative share counts pre-activations below 0", () => {
    const g: GraphInput = {
      version: 1,
      nodes: [
        { id: 'in', type: 'input' },
        { id: 'p', type: 'dense', units: 2, activation: 'prelu' },
        { id: 'l', type: 'dense', units: 2, activation: 'leaky_relu', alpha: 0.05 },
        { id: 'out', type: 'output', head: 'softmax' },
      ],
      edges: [
        { id: 'a', source: 'in', target: 'p' },
        { id: 'b', source: 'p', target: 'l' },
        { id: 'c', source: 'l', target: 'out' },
      ],
    };
    const c = compile(g, 2);
    try {
      const p = c.kernels.find((k) => k.node.id === 'p')!;
      p.kernel.assign(tf.tensor2d([1, 0, 0, 1], [2, 2]));
      p.bias!.assign(tf.tensor1d([0, 10]));
      p.alpha!.assign(tf.tensor1d([0.3, -0.1]));
      const view = activationsView(c, { x: samples(101), n: 101, split: 'validation' }, { source: 't', layer: null, direction: 'own' });
      const [pv, lv] = view.layers as AlphaLayerView[];
      expect(pv!.kind).toBe('prelu');
      expect(pv!.alpha[0]).toBeCloseTo(0.3, 6);
      expect(pv!.alpha[1]).toBeCloseTo(-0.1, 6);
      // unit 0's pre-activation is x0 (50 of 101 samples below 0); unit 1's is x1 + 10 (never)
      expect(pv!.negativeShare[0]).toBeCloseTo(50 / 101, 9);
      expect(pv!.negativeShare[1]).toBe(0);
      expect(lv!.kind).toBe('leaky_relu');
      expect(lv!.alpha).toEqual([0.05, 0.05]);
      expect(view.available.map((a) => a.kind)).toEqual(['prelu', 'leaky_relu']);
      // each epoch's record keeps PReLU's α per neuron as a histogram: both neurons counted, at the ends of the range
      const stats = weightStats(c, null).find((w) => w.node === 'p')!;
      const h = stats.alpha!.histogram!;
      expect(h.min).toBeCloseTo(-0.1, 6);
      expect(h.max).toBeCloseTo(0.3, 6);
      expect(h.counts).toHaveLength(ALPHA_BINS);
      expect(h.counts[0]).toBe(1);
      expect(h.counts.at(-1)).toBe(1);
      expect(weightStats(c, null).find((w) => w.node === 'l')!.alpha).toBeNull();
    } finally {
      c.dispose();
    }
  });
});
