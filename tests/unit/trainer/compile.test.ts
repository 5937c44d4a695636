import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../src-main/layers/tf';
import { initBackend } from '../../../src-main/trainer/backend';
import { compileGraph, GraphCompileError } from '../../../src-main/trainer/compile';
import { forward } from '../../../src-main/trainer/forward';
import type { Activation } from '../../../src-main/contract/graph';
import { chain, dense } from './fixtures/graphs';

beforeAll(async () => {
  await initBackend();
});

const X = [
  [1.5, -2],
  [-0.3, 0.4],
  [0, 3],
];

const FN: Record<string, (z: number, alpha: number) => number> = {
  linear: (z) => z,
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: (z) => Math.tanh(z),
  relu: (z) => Math.max(0, z),
  leaky_relu: (z, a) => (z > 0 ? z : a * z),
  prelu: (z, a) => (z > 0 ? z : a * z),
  elu: (z, a) => (z > 0 ? z : a * (Math.exp(z) - 1)),
};

describe('compileGraph', () => {
  const cases: [Activation, number | undefined, number][] = [
    ['linear', undefined, 0],
    ['sigmoid', undefined, 0],
    ['tanh', undefined, 0],
    ['relu', undefined, 0],
    ['leaky_relu', undefined, 0.01],
    ['leaky_relu', 0.2, 0.2],
    ['prelu', undefined, 0.25],
    ['prelu', 0.1, 0.1],
    ['elu', undefined, 1],
    ['elu', 0.5, 0.5],
  ];
  for (const [activation, alpha, expectedAlpha] of cases) {
    it(`a dense ${activation}${alpha !== undefined ? ` (α ${alpha})` : ''} layer computes its function`, () => {
      const g = chain([dense(4, activation, alpha !== undefined ? { alpha } : {})]);
      const c = compileGraph(g, { inputDim: 2, classes: 3 }, { seed: 5 });
      const k = c.kernels[0]!;
      expect(k.info).toMatchObject({ node: 'h1', kind: 'dense', units: 4, activation, hidden: true, hasBias: true, hasAlpha: activation === 'prelu' });
      // a non-zero bias so the bias path is exercised too
      k.bias!.assign(tf.tensor1d([0.1, -0.2, 0.3, -0.4]));
      const W = k.kernel.arraySync() as number[][];
      const b = k.bias!.arraySync() as number[];
      if (k.alpha) expect(Array.from(k.alpha.dataSync())).toEqual(new Array(4).fill(Math.fround(expectedAlpha)));
      const got = tf.tidy(() => forward(c, tf.tensor2d(X), { training: false }).activations.get('h1')!.arraySync());
      X.forEach((row, i) => {
        for (let u = 0; u < 4; u++) {
          const z = row[0]! * W[0]![u]! + row[1]! * W[1]![u]! + b[u]!;
          expect(got[i]![u]).toBeCloseTo(FN[activation]!(z, expectedAlpha), 5);
        }
      });
      c.dispose();
    });
  }

  it("refuses an invalid graph with the checker's problems", () => {
    const g = chain([dense(0, 'relu')]);
    g.edges.pop(); // output now has no input
    try {
      compileGraph(g, { inputDim: 2, classes: 3 }, { seed: 1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GraphCompileError);
      const msgs = (e as GraphCompileError).problems.map((p) => p.message).join('\n');
      expect(msgs).toMatch(/node h1: Units 0 is out of range/);
      expect(msgs).toMatch(/node out: missing input/);
    }
  });

  it('refuses a softmax head on a regression dataset', () => {
    expect(() => compileGraph(chain([dense(3, 'relu')]), { inputDim: 2, classes: null }, { seed: 1 })).toThrow(/softmax head needs class labels/);
  });

  it('names layers after node ids and maps every variable back to its node', () => {
    const g = chain([dense(3, 'prelu', { id: 'first layer!' }), { type: 'maxout', units: 2, pieces: 2, id: 'mx' }]);
    const c = compileGraph(g, { inputDim: 2, classes: 3 }, { seed: 1 });
    expect(c.model.layers.map((l) => l.name)).toEqual(['in', 'first_layer_', 'first_layer___act', 'mx', 'out', 'out__softmax']);
    expect([...c.variableNode.values()]).toEqual(['first layer!', 'first layer!', 'first layer!', 'mx', 'mx', 'out', 'out']);
    expect(c.variables).toHaveLength(c.model.trainableWeights.length);
    c.dispose();
  });

  it('the same seed gives the same initial weights; another seed different ones', () => {
    const g = chain([dense(8, 'relu'), dense(8, 'tanh')]);
    const w = (seed: number) => {
      const c = compileGraph(g, { inputDim: 2, classes: 3 }, { seed });
      const v = c.variables.map((x) => Array.from(x.dataSync()));
      c.dispose();
      return v;
    };
    expect(w(3)).toEqual(w(3));
    expect(w(3)).not.toEqual(w(4));
  });

  it('add and concat merge branches; the exported model outputs probabilities', () => {
    const g = {
      version: 1 as const,
      nodes: [
        { id: 'in', type: 'input' as const },
        { id: 'a', type: 'dense' as const, units: 4, activation: 'relu' as const, useBias: true },
        { id: 'b', type: 'dense' as const, units: 4, activation: 'tanh' as const, useBias: true },
        { id: 's', type: 'add' as const },
        { id: 'c', type: 'concat' as const },
        { id: 'out', type: 'output' as const, head: 'softmax' as const, useBias: true },
      ],
      edges: [
        { id: '1', source: 'in', target: 'a' },
        { id: '2', source: 'in', target: 'b' },
        { id: '3', source: 'a', target: 's' },
        { id: '4', source: 'b', target: 's' },
        { id: '5', source: 's', target: 'c' },
        { id: '6', source: 'a', target: 'c' },
        { id: '7', source: 'c', target: 'out' },
      ],
    };
    const c = compileGraph(g, { inputDim: 2, classes: 3 }, { seed: 1 });
    tf.tidy(() => {
      const x = tf.tensor2d(X);
      const { activations, output } = forward(c, x, { training: false });
      const a = activations.get('a')!.arraySync();
      const b = activations.get('b')!.arraySync();
      const s = activations.get('s')!.arraySync();
      const cc = activations.get('c')!.arraySync();
      expect(s[0]![2]).toBeCloseTo(a[0]![2]! + b[0]![2]!, 6);
      expect(cc[1]).toEqual([...s[1]!, ...a[1]!]);
      const probs = (c.model.predict(x) as tf.Tensor2D).arraySync();
      const logits = output.arraySync();
      for (let i = 0; i < 3; i++) {
        const e = logits[i]!.map(Math.exp);
        const sum = e.reduce((p, q) => p + q, 0);
        probs[i]!.forEach((p, j) => expect(p).toBeCloseTo(e[j]! / sum, 5));
      }
    });
    c.dispose();
  });
});

describe('generated layer names', () => {
  it('a node id that looks like a generated name (h1__act next to a PReLU h1) compiles and trains', async () => {
    const g = chain([
      dense(4, 'prelu', { id: 'h1' }),
      dense(4, 'relu', { id: 'h1__act', dropout: 0.1 }),
      dense(3, 'elu', { id: 'h1__act__dropout', alpha: 0.5 }),
    ]);
    const c = compileGraph(g, { inputDim: 2, classes: 3 }, { seed: 1 });
    const names = c.model.layers.map((l) => l.name);
    expect(new Set(names).size).toBe(names.length);
    expect(c.layers.map((l) => l.node)).toEqual(['h1', 'h1__act', 'h1__act__dropout', 'out']);
    const y = tf.tidy(() => forward(c, tf.tensor2d(X), { training: false }).output.arraySync());
    expect(y.flat().every(Number.isFinite)).toBe(true);
    c.dispose();
  });
});
