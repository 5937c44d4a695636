// The wasm fast path must give the same numbers as TensorFlow.js's cpu backend (and as the
// unpatched wasm kernels) for every transpose combination, batch and broadcast shape, fused
// bias/activation, gradient, gather and reduction, and must not leave a tensor or backend buffer behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../src-main/layers/tf';
import { initBackend } from '../../../src-main/trainer/backend';
import { broadcastIndex } from '../../../src-main/trainer/broadcast';
import { installWasmFastPath, isWasmFastPathInstalled, planMatMul, uninstallWasmFastPath } from '../../../src-main/trainer/wasm-fastpath';

type Shape = number[];

/** Deterministic values in [-1, 1). */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}
const sizeOf = (s: Shape) => s.reduce((p, d) => p * d, 1);
const tensor = (s: Shape, seed: number) => tf.tensor(values(sizeOf(s), seed), s);

/** Runs fn on another backend, returning plain data, then goes back to wasm. */
async function on<T>(backend: string, fn: () => T): Promise<T> {
  await tf.setBackend(backend);
  try {
    return fn();
  } finally {
    await tf.setBackend('wasm');
  }
}

function expectClose(actual: { shape: number[]; data: Float32Array }, expected: { shape: number[]; data: Float32Array }, what: string) {
  expect(actual.shape, what).toEqual(expected.shape);
  let worst = 0;
  for (let i = 0; i < expected.data.length; i++) {
    const e = expected.data[i] as number;
    const err = Math.abs((actual.data[i] as number) - e) / (1 + Math.abs(e));
    worst = Math.max(worst, Number.isNaN(err) ? Infinity : err);
  }
  expect(worst, `${what}: worst relative error`).toBeLessThan(1e-4);
}

const read = (t: tf.Tensor) => ({ shape: t.shape, data: t.dataSync() as Float32Array });

/** [aShape, bShape] before transposition flags: m × k times k × n with optional outer dims. */
interface Case {
  name: string;
  outerA: Shape;
  outerB: Shape;
  m: number;
  k: number;
  n: number;
}
const CASES: Case[] = [
  { name: '2-D', outerA: [], outerB: [], m: 5, k: 7, n: 3 },
  { name: '2-D wide result (swaps for flagged B)', outerA: [], outerB: [], m: 2, k: 8, n: 16 },
  { name: '2-D tall result (swaps for flagged A)', outerA: [], outerB: [], m: 64, k: 16, n: 2 },
  { name: 'batch 3', outerA: [3], outerB: [3], m: 4, k: 6, n: 5 },
  { name: 'batch 1 with batch 3', outerA: [1], outerB: [3], m: 4, k: 6, n: 5 },
  { name: 'rank 4 with rank 3', outerA: [2, 3], outerB: [3], m: 3, k: 4, n: 2 },
  { name: 'rank 3 with rank 2', outerA: [4], outerB: [], m: 3, k: 5, n: 6 },
];
const FLAGS: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];
const shapesOf = (c: Case, tA: boolean, tB: boolean): [Shape, Shape] => [
  [...c.outerA, ...(tA ? [c.k, c.m] : [c.m, c.k])],
  [...c.outerB, ...(tB ? [c.n, c.k] : [c.k, c.n])],
];

beforeAll(async () => {
  process.env.GRADSCOPE_BACKEND = 'wasm';
  await initBackend();
});
afterAll(() => installWasmFastPath());

describe('planMatMul', () => {
  const plain = { fused: false };
  it('leaves plain single products to the fast original kernel', () => {
    expect(planMatMul([128, 784], [784, 512], false, false, plain)).toEqual({ kind: 'original' });
  });
  it('materialises xᵀ for dW = xᵀ·dy and swaps dx = dy·Wᵀ where that moves less data', () => {
    expect(planMatMul([128, 784], [128, 512], true, false, plain)).toMatchObject({ kind: 'direct', split: false });
    expect(planMatMul([128, 512], [512, 512], false, true, plain)).toMatchObject({ kind: 'swapped', split: false });
  });
  it('never swaps a fused product (its bias runs along the result rows)', () => {
    expect(planMatMul([1, 128, 512], [1, 512, 512], false, true, { fused: true }).kind).toBe('direct');
  });
  it('splits a batch above 1, except for fused PReLU weights that may vary per matrix', () => {
    expect(planMatMul([3, 4, 5], [3, 5, 6], false, false, plain)).toMatchObject({ kind: 'direct', split: true });
    expect(planMatMul([3, 4, 5], [3, 5, 6], false, false, { fused: true, preluRank: 1 })).toMatchObject({ split: true });
    expect(planMatMul([3, 4, 5], [3, 5, 6], false, false, { fused: true, preluRank: 3 })).toEqual({ kind: 'original' });
  });
  it('leaves shapes the kernel rejects to the kernel, so its own error reaches the user', () => {
    expect(planMatMul([4, 5], [4, 6], false, false, plain)).toEqual({ kind: 'original' });
    expect(planMatMul([2, 4, 5], [3, 5, 6], true, false, plain)).toEqual({ kind: 'original' });
  });
  it('exercises every plan kind across the test cases', () => {
    const kinds = new Set<string>();
    for (const c of CASES)
      for (const [tA, tB] of FLAGS) {
        const p = planMatMul(...shapesOf(c, tA, tB), tA, tB, plain);
        kinds.add(p.kind === 'original' ? p.kind : `${p.kind}${p.split ? '+split' : ''}`);
      }
    expect([...kinds].sort()).toEqual(['direct', 'direct+split', 'original', 'swapped', 'swapped+split']);
  });
});

describe('broadcastIndex', () => {
  it('maps a result batch index to each operand, numpy style', () => {
    // result outer [2, 3]; operand [3] repeats along the first axis, [2, 1] along the second
    expect([0, 1, 2, 3, 4, 5].map((i) => broadcastIndex([2, 3], [3], i))).toEqual([0, 1, 2, 0, 1, 2]);
    expect([0, 1, 2, 3, 4, 5].map((i) => broadcastIndex([2, 3], [2, 1], i))).toEqual([0, 0, 0, 1, 1, 1]);
    expect([0, 1, 2].map((i) => broadcastIndex([3], [], i))).toEqual([0, 0, 0]);
  });
});

describe('wasm matMul with the fast path', () => {
  it('is installed by initBackend on wasm', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(isWasmFastPathInstalled()).toBe(true);
  });

  for (const c of CASES)
    for (const [tA, tB] of FLAGS) {
      it(`matMul ${c.name}, transposeA=${tA} transposeB=${tB} equals cpu`, async () => {
        const [sa, sb] = shapesOf(c, tA, tB);
        const run = () => tf.tidy(() => read(tf.matMul(tensor(sa, 1), tensor(sb, 2), tA, tB)));
        expectClose(run(), await on('cpu', run), `${sa}·${sb}`);
      });
    }

  it('agrees with the unpatched wasm kernel', () => {
    const run = () =>
      tf.tidy(() => [
        read(tf.matMul(tensor([9, 6], 3), tensor([9, 4], 4), true, false)),
        read(tf.matMul(tensor([2, 5, 6], 5), tensor([2, 4, 6], 6), false, true)),
      ]);
    const fast = run();
    uninstallWasmFastPath();
    try {
      const slow = run();
      fast.forEach((f, i) => expectClose(f, slow[i]!, `product ${i}`));
    } finally {
      installWasmFastPath();
    }
  });

  const ACTIVATIONS = ['linear', 'relu', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;
  for (const activation of ACTIVATIONS)
    for (const [tA, tB] of FLAGS)
      for (const outer of [[], [3]] as Shape[]) {
        it(`fused matMul + bias + ${activation}, batch [${outer}], transposeA=${tA} transposeB=${tB} equals cpu`, async () => {
          const [m, k, n] = [6, 5, 4];
          const sa = [...outer, ...(tA ? [k, m] : [m, k])];
          const sb = [...outer, ...(tB ? [n, k] : [k, n])];
          const run = () =>
            tf.tidy(() =>
              read(
                tf.fused.matMul({
                  a: tensor(sa, 7),
                  b: tensor(sb, 8),
                  transposeA: tA,
                  transposeB: tB,
                  bias: tensor([n], 9),
                  activation,
                  preluActivationWeights: activation === 'prelu' ? tf.fill([n], 0.25) : undefined,
                  leakyreluAlpha: 0.1,
                }),
              ),
            );
          expectClose(run(), await on('cpu', run), `${activation} ${sa}·${sb}`);
        });
      }

  for (const [tA, tB] of FLAGS)
    it(`gradients of matMul with transposeA=${tA} transposeB=${tB} (batch 2) equal cpu`, async () => {
      const [sa, sb] = shapesOf({ name: '', outerA: [2], outerB: [2], m: 5, k: 7, n: 3 }, tA, tB);
      const run = () =>
        tf.tidy(() => {
          const w = tensor([2, 5, 3], 12);
          const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.matMul(a, b, tA, tB), w)));
          return g([tensor(sa, 10), tensor(sb, 11)]).map(read);
        });
      const [da, db] = run();
      const [ra, rb] = await on('cpu', run);
      expectClose(da!, ra!, 'dA');
      expectClose(db!, rb!, 'dB');
    });

  it('gives the same loss, gradients and Adam step as cpu for a dense ReLU network', async () => {
    const run = () => {
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [20], units: 16, activation: 'relu', kernelInitializer: 'zeros' }),
          tf.layers.dense({ units: 12, activation: 'relu', kernelInitializer: 'zeros' }),
          tf.layers.dense({ units: 4, kernelInitializer: 'zeros' }),
        ],
      });
      model.weights.forEach((w, i) => w.write(tensor(w.shape as number[], 100 + i)));
      const opt: tf.Optimizer = tf.train.adam(1e-2);
      const out = tf.tidy(() => {
        const x = tensor([8, 20], 13);
        const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], 'int32'), 4);
        const loss = () => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar;
        const { value, grads } = tf.variableGrads(loss);
        const gradData = Object.values(grads).map(read);
        opt.applyGradients(grads);
        return { loss: read(value), grads: gradData, weights: model.getWeights().map(read) };
      });
      opt.dispose();
      model.dispose();
      return out;
    };
    const fast = run();
    const ref = await on('cpu', run);
    expectClose(fast.loss, ref.loss, 'loss');
    expect(fast.grads.length).toBe(6);
    fast.grads.forEach((g, i) => expectClose(g, ref.grads[i]!, `gradient ${i}`));
    fast.weights.forEach((w, i) => expectClose(w, ref.weights[i]!, `weight ${i} after one Adam step`));
  });

  const GATHERS: { name: string; x: Shape; dtype: 'float32' | 'int32'; indices: number[]; idxShape: Shape; axis: number }[] = [
    { name: 'rows of a 2-D float matrix (a training batch)', x: [50, 40], dtype: 'float32', indices: [7, 0, 49, 7, 23], idxShape: [5], axis: 0 },
    { name: 'int32 labels', x: [30], dtype: 'int32', indices: [29, 3, 3, 0], idxShape: [4], axis: 0 },
    { name: 'columns (axis 1, short slices)', x: [6, 9], dtype: 'float32', indices: [8, 1, 4], idxShape: [3], axis: 1 },
    { name: 'axis 1 of a 3-D tensor with 2-D indices', x: [3, 5, 20], dtype: 'float32', indices: [4, 0, 2, 2, 1, 3], idxShape: [2, 3], axis: 1 },
  ];
  for (const g of GATHERS)
    it(`gather ${g.name} equals cpu`, async () => {
      const run = () =>
        tf.tidy(() => {
          const x =
            g.dtype === 'int32'
              ? tf.tensor(
                  Int32Array.from(values(sizeOf(g.x), 21), (v) => Math.round(v * 1000)),
                  g.x,
                  'int32',
                )
              : tensor(g.x, 21);
          const out = tf.gather(x, tf.tensor(g.indices, g.idxShape, 'int32'), g.axis);
          return { shape: out.shape, data: Float32Array.from(out.dataSync()) };
        });
      const fast = run();
      expectClose(fast, await on('cpu', run), g.name);
    });

  const REDUCTIONS: { x: Shape; axis: number | number[] | undefined; keepDims: boolean }[] = [
    { x: [37, 23], axis: 0, keepDims: false }, // column sums: a bias gradient, per-neuron means
    { x: [37, 23], axis: -2, keepDims: true },
    { x: [4, 6, 5], axis: [1, 0], keepDims: false },
    { x: [4, 6, 5], axis: 0, keepDims: true },
    { x: [37, 23], axis: 1, keepDims: false }, // not leading: the stock kernel
    { x: [37, 23], axis: undefined, keepDims: false }, // everything: the stock kernel
  ];
  for (const r of REDUCTIONS)
    for (const op of ['sum', 'mean'] as const)
      it(`${op} of [${r.x}] over axis ${JSON.stringify(r.axis)}${r.keepDims ? ' keeping dims' : ''} equals cpu`, async () => {
        const run = () => tf.tidy(() => read(tf[op](tensor(r.x, 31), r.axis, r.keepDims)));
        expectClose(run(), await on('cpu', run), `${op} ${r.x}`);
      });

  it('rejects an out-of-range gather index with the stock message', () => {
    expect(() => tf.tidy(() => tf.gather(tensor([4, 3], 1), tf.tensor1d([1, 4], 'int32')))).toThrow('GatherV2: the index value 4 is not in [0, 3]');
  });

  it('keeps the kernels own error for mismatched shapes', () => {
    expect(() => tf.matMul(tensor([4, 5], 1), tensor([4, 6], 2))).toThrow(/inner shapes/);
  });

  it('leaves no tensor and no wasm buffer behind', () => {
    const backend = tf.backend() as tf.KernelBackend;
    const work = () => {
      for (const c of CASES)
        for (const [tA, tB] of FLAGS) {
          const [sa, sb] = shapesOf(c, tA, tB);
          tf.tidy(() => {
            tf.matMul(tensor(sa, 1), tensor(sb, 2), tA, tB);
            // tfjs cannot take gradients through broadcast batch dims (on any backend)
            if (c.outerA.join() !== c.outerB.join()) return;
            const a = tf.variable(tensor(sa, 3));
            tf.variableGrads(() => tf.sum(tf.matMul(a, tensor(sb, 4), tA, tB)), [a]);
            a.dispose();
          });
        }
      tf.tidy(() => {
        tf.fused.matMul({ a: tensor([3, 4, 5], 5), b: tensor([3, 6, 5], 6), transposeB: true, bias: tensor([6], 7), activation: 'relu' });
        tf.gather(tensor([50, 40], 8), tf.tensor1d([3, 1, 4], 'int32'));
        tf.mean(tensor([50, 40], 9), 0);
        tf.sum(tensor([5, 4, 3], 10), [0, 1], true);
      });
    };
    work(); // first calls may allocate lasting caches
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    work();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
  });
});
