// The fused ops of wasm-native against the stock layers: a whole dense chain as one forward and one
// backward op (native-chain.ts) and the softmax head's loss and accuracy as one op (native-loss.ts).
// Values, every weight's gradient and the input's gradient agree to float tolerances; nothing leaks.
// And the optimizer's step writing the probe statistics in the same pass (native-probes.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_DISABLED } from './fixtures/native';
import * as tf from '../../../src-main/layers/tf';
import { initBackend } from '../../../src-main/trainer/backend';
import { loadNative, type NativeAddon } from '../../../src-main/trainer/native-addon';
import { setNativeDense } from '../../../src-main/trainer/native-dense';
import { chainApplies, denseChainOf } from '../../../src-main/trainer/native-chain';
import { softmaxLossAndAccuracy } from '../../../src-main/trainer/native-loss';
import { forward, headAccuracy, headLoss, headLossAndAccuracy } from '../../../src-main/trainer/forward';
import { compileGraph, type CompiledGraph } from '../../../src-main/trainer/compile';
import { evaluate } from '../../../src-main/trainer/evaluate';
import type { Graph } from '../../../src-main/contract/graph';
import type { Optimizer } from '../../../src-main/contract/training';
import { makeOptimizer } from '../../../src-main/trainer/optimizers';
import { NativeOptimizer } from '../../../src-main/trainer/native-optimizer';
import { applyAndMeasure, stockGradientStats } from '../../../src-main/trainer/probes';
import { batchGradients } from '../../../src-main/trainer/step';
import { chain, dense } from './fixtures/graphs';

let addon: NativeAddon;

beforeAll(async () => {
  if (NATIVE_DISABLED) return;
  const n = loadNative();
  if (!n.ok) throw new Error(`the native addon did not load: ${n.reason}`);
  addon = n.addon;
  expect(await initBackend('wasm-native')).toMatch(/^wasm \+ native kernels/);
});

function values(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 31 - 1) * scale;
  }
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i]! - expected[i]!) / (1 + Math.abs(expected[i]!));
    worst = Math.max(worst, Number.isNaN(err) ? Infinity : err);
  }
  expect(worst, `${what}: worst relative error`).toBeLessThanOrEqual(tol);
}

/** fn with the fused native path (native) or with every dense layer through tfjs's own ops (stock). */
function under<T>(mode: 'native' | 'stock', fn: () => T): T {
  if (mode === 'stock') setNativeDense(null);
  try {
    return fn();
  } finally {
    setNativeDense(addon);
  }
}

/** Output, loss, gradient of every variable and of the input, for a loss that weighs the output by fixed numbers. */
function outputAndGradients(c: CompiledGraph, rows: number, inputDim: number): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor2d(values(rows * inputDim, 5), [rows, inputDim]);
    const outDim = c.classes ?? 1;
    const w = tf.tensor2d(values(rows * outDim, 6), [rows, outDim]);
    const f = (xx: tf.Tensor2D) => tf.sum(tf.mul(forward(c, xx, { training: true, outputOnly: true }).output, w)) as tf.Scalar;
    const { value, grads } = tf.variableGrads(() => f(x), c.variables);
    const gx = tf.grad((xx: tf.Tensor) => f(xx as tf.Tensor2D))(x);
    const y = forward(c, x, { training: false, outputOnly: true }).output;
    return [y, value, gx, ...c.variables.map((v) => grads[v.name]!)].map((t) => t.dataSync() as Float32Array);
  });
}

const CHAINS: [string, Graph][] = [
  ['relu ×3', chain([dense(13, 'relu'), dense(8, 'relu'), dense(8, 'relu')])],
  ['sigmoid, tanh, linear without bias', chain([dense(9, 'sigmoid'), dense(7, 'tanh'), dense(6, 'linear', { useBias: false })])],
  ['no hidden layer, regression head', chain([], 'linear')],
];

describe.skipIf(NATIVE_DISABLED)('a dense chain as one native op against the stock layers', () => {
  for (const [name, graph] of CHAINS) {
    for (const rows of [1, 33]) {
      it(`${name}, batch ${rows}: output, loss, gradients of every weight and of the input`, () => {
        const c = compileGraph(graph, { inputDim: 11, classes: graph.nodes.some((n) => n.type === 'output' && n.head === 'linear') ? null : 4 }, { seed: 2 });
        try {
          expect(denseChainOf(c)).not.toBeNull();
          const before = tf.memory().numTensors;
          const native = under('native', () => outputAndGradients(c, rows, 11));
          expect(tf.memory().numTensors).toBe(before);
          const stock = under('stock', () => outputAndGradients(c, rows, 11));
          expect(native.length).toBe(3 + c.variables.length);
          native.forEach((v, i) => expectClose(v, stock[i]!, 1e-5, ['output', 'loss', 'dx', ...c.variables.map((w) => `d ${w.name}`)][i]!));
        } finally {
          c.dispose();
        }
      });
    }
  }

  it('is not used for graphs it cannot run in one op: dropout while training, a separate activation layer, branches', () => {
    const withDropout = compileGraph(chain([dense(5, 'relu', { dropout: 0.5 })]), { inputDim: 3, classes: 2 }, { seed: 1 });
    const leaky = compileGraph(chain([dense(5, 'leaky_relu')]), { inputDim: 3, classes: 2 }, { seed: 1 });
    try {
      expect(chainApplies(withDropout, true)).toBe(false);
      expect(chainApplies(withDropout, false)).toBe(true);
      expect(denseChainOf(leaky)).toBeNull();
    } finally {
      withDropout.dispose();
      leaky.dispose();
    }
  });

  it('evaluates a split as the stock layers do (loss and accuracy)', () => {
    const c = compileGraph(chain([dense(16, 'relu'), dense(16, 'tanh')]), { inputDim: 7, classes: 5 }, { seed: 4 });
    const n = 300;
    const split = {
      x: tf.tensor2d(values(n * 7, 8), [n, 7]),
      y: tf.tensor1d(
        Int32Array.from({ length: n }, (_, i) => (i * 7) % 5),
        'int32',
      ),
      n,
    };
    try {
      const native = under('native', () => evaluate(c, split, null, 128))!;
      const stock = under('stock', () => evaluate(c, split, null, 128))!;
      expect(native.loss).toBeCloseTo(stock.loss, 5);
      expect(native.acc).toBeCloseTo(stock.acc!, 6);
    } finally {
      split.x.dispose();
      split.y.dispose();
      c.dispose();
    }
  });
});

describe.skipIf(NATIVE_DISABLED)('the softmax head as one op against logSoftmax, oneHot and argMax', () => {
  it('loss, accuracy and the gradient of the logits agree; a label outside the classes picks no logit, as oneHot does', () => {
    const rows = 37;
    const classes = 6;
    const logits = values(rows * classes, 9, 4);
    // ties: row 0 has its two largest logits equal (the first counts, as in argMax)
    logits[0] = 3;
    logits[1] = 3;
    const labels = Int32Array.from({ length: rows }, (_, i) => (i === 5 ? classes : i === 0 ? 1 : (i * 5) % classes));
    const run = (fused: boolean) =>
      tf.tidy(() => {
        const x = tf.tensor2d(logits, [rows, classes]);
        const y = tf.tensor1d(labels, 'int32');
        const f = (z: tf.Tensor2D) => (fused ? softmaxLossAndAccuracy(z, y).loss : headLoss({ head: 'softmax', classes } as CompiledGraph, z, y));
        const acc = fused ? softmaxLossAndAccuracy(x, y).acc : headAccuracy(x, y);
        const dz = tf.grad((z: tf.Tensor) => tf.mul(f(z as tf.Tensor2D), 3))(x);
        return [f(x), acc, dz].map((t) => t.dataSync() as Float32Array);
      });
    const before = tf.memory().numTensors;
    const fused = run(true);
    expect(tf.memory().numTensors).toBe(before);
    const stock = run(false);
    expectClose(fused[0]!, stock[0]!, 1e-6, 'loss');
    expect(fused[1]![0]).toBeCloseTo(stock[1]![0]!, 7);
    expectClose(fused[2]!, stock[2]!, 1e-6, 'gradient of the logits');
  });

  it('is what a softmax head uses on wasm-native; regression keeps the mean squared error', () => {
    const soft = compileGraph(chain([dense(4, 'relu')]), { inputDim: 3, classes: 3 }, { seed: 1 });
    const reg = compileGraph(chain([dense(4, 'relu')], 'linear'), { inputDim: 3, classes: null }, { seed: 1 });
    try {
      tf.tidy(() => {
        const out = tf.tensor2d([1, 2, 3, 3, 2, 1], [2, 3]);
        const y = tf.tensor1d([2, 1], 'int32');
        const a = headLossAndAccuracy(soft, out, y);
        expect(a.loss.dataSync()[0]).toBeCloseTo(headLoss(soft, out, y).dataSync()[0]!, 6);
        expect(a.acc.dataSync()[0]).toBe(0.5);
        const v = tf.tensor2d([1, 2], [2, 1]);
        const t = tf.tensor1d([0, 0]);
        const r = headLossAndAccuracy(reg, v, t);
        expect(r.loss.dataSync()[0]).toBeCloseTo(2.5, 6);
        expect(r.acc.dataSync()[0]).toBe(0);
      });
    } finally {
      soft.dispose();
      reg.dispose();
    }
  });
});

describe.skipIf(NATIVE_DISABLED)('the optimizer step and the probe statistics in one pass', () => {
  const optimizers: Optimizer[] = [
    { kind: 'sgd' },
    { kind: 'momentum', momentum: 0.9 },
    { kind: 'nesterov', momentum: 0.9 },
    { kind: 'adagrad' },
    { kind: 'rmsprop', decay: 0.9 },
    { kind: 'adam', beta1: 0.9, beta2: 0.999 },
  ];
  for (const opt of optimizers) {
    it(`${opt.kind}: the same weights and statistics as applyGradients and then the stock statistics, 3 steps`, () => {
      const graph = chain([dense(37, 'relu'), dense(5, 'tanh', { useBias: false }), dense(6, 'leaky_relu')]);
      const run = (fused: boolean) => {
        const c = compileGraph(graph, { inputDim: 9, classes: 4 }, { seed: 5 });
        const optimizer = makeOptimizer(opt, 0.05);
        expect(optimizer).toBeInstanceOf(NativeOptimizer);
        const stats: Float32Array[] = [];
        try {
          for (let step = 0; step < 3; step++)
            stats.push(
              tf.tidy(() => {
                const x = tf.tensor2d(values(33 * 9, 10 + step), [33, 9]);
                const y = tf.tensor1d(
                  Int32Array.from({ length: 33 }, (_, i) => (i + step) % 4),
                  'int32',
                );
                const { grads } = batchGradients(c, x, y, { training: true });
                if (fused) return applyAndMeasure(optimizer, c, grads).dataSync() as Float32Array;
                optimizer.applyGradients(grads);
                return stockGradientStats(c, grads).dataSync() as Float32Array;
              }),
            );
          return { stats, weights: c.variables.map((v) => v.dataSync() as Float32Array) };
        } finally {
          optimizer.dispose();
          c.dispose();
        }
      };
      const before = tf.memory().numTensors;
      const fused = run(true);
      expect(tf.memory().numTensors).toBe(before);
      const separate = run(false);
      fused.stats.forEach((s, i) => expectClose(s, separate.stats[i]!, 1e-5, `statistics of step ${i + 1}`));
      fused.weights.forEach((w, i) => expectClose(w, separate.weights[i]!, 1e-6, `weights ${i}`));
    });
  }
});
