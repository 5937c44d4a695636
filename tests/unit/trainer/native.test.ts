// The native kernels (native/, backend wasm-native) against the stock wasm and cpu kernels: every
// product shape and transpose, fused bias and activation, gradients, each optimizer's update, the
// probe statistics, and short training runs of every layer type and optimizer. Tolerances are
// float tolerances (summation order differs between OpenBLAS, XNNPACK and JS), never bit-exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_DISABLED } from './fixtures/native';
import * as tf from '../../../src-main/layers/tf';
import { activeNativeAddon, initBackend } from '../../../src-main/trainer/backend';
import { defaultThreads, loadNative, type NativeAddon } from '../../../src-main/trainer/native-addon';
import { installWasmFastPath, setNativeMatMul, uninstallWasmFastPath } from '../../../src-main/trainer/wasm-fastpath';
import { isNativeDenseActive, setNativeDense } from '../../../src-main/trainer/native-dense';
import { NativeOptimizer } from '../../../src-main/trainer/native-optimizer';
import { stockOptimizer } from '../../../src-main/trainer/optimizers';
import { gradientStats, stockGradientStats } from '../../../src-main/trainer/probes';
import { batchGradients } from '../../../src-main/trainer/step';
import { compileGraph } from '../../../src-main/trainer/compile';
import type { Graph, GraphNode } from '../../../src-main/contract/graph';
import type { Optimizer } from '../../../src-main/contract/training';
import { chain, config, dense } from './fixtures/graphs';
import { randomLinear } from './fixtures/datasets';
import { collect } from './fixtures/run';

let addon: NativeAddon;

beforeAll(async () => {
  if (NATIVE_DISABLED) return;
  const n = loadNative();
  // build-essential and libopenblas-dev are prerequisites (scripts/prereqs.mjs); npm ci builds the addon
  if (!n.ok) throw new Error(`the native addon did not load: ${n.reason}`);
  addon = n.addon;
  expect(await initBackend('wasm-native')).toMatch(/^wasm \+ native kernels/);
});

afterAll(async () => {
  if (NATIVE_DISABLED) return;
  await initBackend('wasm-native');
});

function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}
const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
const tensor = (s: number[], seed: number) => tf.tensor(values(size(s), seed), s);

type Mode = 'native' | 'stock-wasm' | 'cpu';

/** Runs fn with the product kernels of one mode and returns plain arrays; leaves wasm-native on. */
async function under<T>(mode: Mode, fn: () => T): Promise<T> {
  if (mode === 'cpu') await tf.setBackend('cpu');
  if (mode === 'stock-wasm') uninstallWasmFastPath();
  if (mode !== 'native') setNativeDense(null);
  try {
    return fn();
  } finally {
    if (mode === 'cpu') await tf.setBackend('wasm');
    installWasmFastPath();
    setNativeMatMul(addon);
    setNativeDense(addon);
  }
}

function expectClose(actual: Float32Array | number[], expected: Float32Array | number[], tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const err = Math.abs(actual[i]! - e) / (1 + Math.abs(e));
    worst = Math.max(worst, Number.isNaN(err) ? Infinity : err);
  }
  expect(worst, `${what}: worst relative error`).toBeLessThanOrEqual(tol);
}

describe.skipIf(NATIVE_DISABLED)('native matMul against stock wasm and cpu', () => {
  // [outerA, outerB, m, k, n]: odd sizes, batch 1 (m = 1), k = 1, broadcast batches
  const shapes: [number[], number[], number, number, number][] = [
    [[], [], 1, 7, 5],
    [[], [], 13, 1, 9],
    [[], [], 33, 17, 65],
    [[], [], 128, 784, 31],
    [[3], [3], 5, 6, 7],
    [[2, 3], [3], 3, 4, 2],
    [[1], [4], 3, 9, 2],
  ];
  const combos: [boolean, boolean][] = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ];
  for (const [outerA, outerB, m, k, n] of shapes) {
    for (const [ta, tb] of combos) {
      it(`[${outerA}]×[${outerB}] ${m}×${k}·${k}×${n}, transposeA ${ta}, transposeB ${tb}: product and gradients`, async () => {
        const aShape = [...outerA, ...(ta ? [k, m] : [m, k])];
        const bShape = [...outerB, ...(tb ? [n, k] : [k, n])];
        const run = () =>
          tf.tidy(() => {
            const a = tensor(aShape, 11 + m);
            const b = tensor(bShape, 29 + n);
            const y = tf.matMul(a, b, ta, tb);
            // tfjs's own BatchMatMul gradient does not reduce over broadcast dims: products only there
            if (outerA.join() !== outerB.join()) return [y.dataSync() as Float32Array];
            const dy = tensor(y.shape, 5);
            const [ga, gb] = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, w, ta, tb), dy)))([a, b]);
            return [y, ga!, gb!].map((t) => t.dataSync() as Float32Array);
          });
        const before = tf.memory().numTensors;
        const native = await under('native', run);
        expect(tf.memory().numTensors).toBe(before);
        // the stock wasm kernel broadcasts only a batch of 1 against another (it gets [2,1]×[3] wrong)
        const stockOk = outerA.length <= 1 && outerB.length <= 1;
        for (const ref of stockOk ? (['stock-wasm', 'cpu'] as const) : (['cpu'] as const)) {
          const expected = await under(ref, run);
          expect(native.length).toBe(expected.length);
          native.forEach((v, i) => expectClose(v, expected[i]!, 1e-4, `${['product', 'dA', 'dB'][i]} vs ${ref}`));
        }
      });
    }
  }

  const acts = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const;
  for (const activation of acts) {
    for (const biasShape of [[9], [1], [1, 9], [4, 9]]) {
      it(`fused ${activation} with bias [${biasShape}] and its gradients`, async () => {
        const run = () =>
          tf.tidy(() => {
            const a = tensor([4, 6], 3);
            const b = tensor([6, 9], 4);
            const bias = tensor(biasShape, 8);
            const prelu = activation === 'prelu' ? tf.mul(tensor([9], 12), 0.3) : undefined;
            const f = (x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
              tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: c, activation, preluActivationWeights: prelu, leakyreluAlpha: 0.15 });
            const y = f(a, b, bias);
            const dy = tensor(y.shape, 6);
            const g = tf.grads((x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(f(x, w, c), dy)))([a, b, bias]);
            return [y, ...g].map((t) => t.dataSync() as Float32Array);
          });
        const native = await under('native', run);
        // the stock wasm kernel takes only a bias of one value per column (and gets [1] wrong); cpu takes any
        const refs = biasShape.length === 1 && biasShape[0] === 9 ? (['stock-wasm', 'cpu'] as const) : (['cpu'] as const);
        for (const ref of refs) {
          const expected = await under(ref, run);
          native.forEach((v, i) => expectClose(v, expected[i]!, 1e-4, `output ${i} vs ${ref}`));
        }
      });
    }
  }

  it('multiplies with 2 OpenBLAS threads above the threshold as with one', async () => {
    const run = () => tf.tidy(() => tf.matMul(tensor([200, 300], 1), tensor([300, 250], 2)).dataSync() as Float32Array);
    addon.configure(2, 1);
    const threaded = await under('native', run);
    addon.configure(1, 1e30);
    const single = await under('native', run);
    addon.configure(2, 4e6);
    expectClose(threaded, single, 1e-5, 'threaded vs single');
  });

  it('takes every core for large products on an idle machine, one thread on a busy one', () => {
    expect(defaultThreads(2, 0.3)).toBe(2);
    expect(defaultThreads(4, 2.5)).toBe(4);
    expect(defaultThreads(2, 1.2)).toBe(1);
    expect(defaultThreads(2, 11)).toBe(1);
    expect(defaultThreads(1, 0)).toBe(1);
  });

  it('rejects offsets outside the wasm heap with a RangeError instead of reading them', () => {
    const heap = new ArrayBuffer(64);
    expect(() => addon.matmul(heap, 4, 4, 4, 0, 0, 0, 0, 60, 0, 0, 0, 0, 0, 0)).toThrow(/outside the wasm heap/);
  });
});

describe.skipIf(NATIVE_DISABLED)('native dense layers (one forward and one backward kernel) against the stock layer', () => {
  for (const activation of ['linear', 'relu', 'sigmoid', 'tanh'] as const) {
    for (const useBias of [true, false]) {
      it(`${activation}${useBias ? '' : ' without bias'}: output and gradients of x, W, b`, async () => {
        const run = () => {
          const layer = tf.layers.dense({
            units: 7,
            activation,
            useBias,
            kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
            biasInitializer: tf.initializers.randomNormal({ seed: 4 }),
          });
          layer.build([null, 5]);
          const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
          const out = tf.tidy(() => {
            const x = tensor([9, 5], 21);
            const dy = tensor([9, 7], 22);
            const y = layer.apply(x) as tf.Tensor;
            const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, dy)) as tf.Scalar, vars);
            const gx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(layer.apply(xx) as tf.Tensor, dy)))(x);
            return [y, value, gx, ...vars.map((v) => grads[v.name]!)].map((t) => t.dataSync() as Float32Array);
          });
          layer.weights.forEach((w) => w.dispose());
          return out;
        };
        const before = tf.memory().numTensors;
        const native = await under('native', run);
        expect(tf.memory().numTensors).toBe(before);
        const stock = await under('stock-wasm', run);
        expect(native.length).toBe(useBias ? 5 : 4);
        native.forEach((v, i) => expectClose(v, stock[i]!, 1e-5, ['y', 'loss', 'dx', 'dW', 'db'][i]!));
      });
    }
  }
});

describe.skipIf(NATIVE_DISABLED)('native optimizer against tf.train', () => {
  const cases: Optimizer[] = [
    { kind: 'sgd' },
    { kind: 'momentum', momentum: 0.9 },
    { kind: 'nesterov', momentum: 0.8 },
    { kind: 'adagrad' },
    { kind: 'rmsprop', decay: 0.9 },
    { kind: 'adam', beta1: 0.9, beta2: 0.999 },
  ];
  for (const opt of cases) {
    it(`${opt.kind}: 6 updates of odd-shaped variables match, old values stay with their clones`, () => {
      const shapes = [[7, 5], [5], [1]];
      const runWith = (make: () => tf.Optimizer) => {
        const vars = shapes.map((s, i) => tf.tidy(() => tf.variable(tensor(s, 40 + i), true, `native_opt_${opt.kind}_${i}_${Math.random()}`)));
        const o = make();
        const firstClone = tf.clone(vars[0]!);
        const before = firstClone.dataSync().slice();
        for (let step = 0; step < 6; step++) {
          tf.tidy(() => {
            const grads: tf.NamedTensorMap = {};
            vars.forEach((v, i) => (grads[v.name] = tensor(v.shape, 100 * step + i + 1)));
            o.applyGradients(grads);
          });
        }
        // a clone shares memory on wasm: it must still hold the values from before the updates
        expectClose(firstClone.dataSync() as Float32Array, before as Float32Array, 0, 'clone taken before the updates');
        const out = vars.map((v) => v.dataSync().slice() as Float32Array);
        o.dispose();
        tf.dispose([firstClone, ...vars]);
        return out;
      };
      const before = tf.memory().numTensors;
      const native = runWith(() => new NativeOptimizer(addon, opt, 0.05));
      const stock = runWith(() => stockOptimizer(opt, 0.05));
      expect(tf.memory().numTensors).toBe(before);
      native.forEach((v, i) => expectClose(v, stock[i]!, 2e-5, `variable ${i}`));
    });
  }

  it('is what makeOptimizer returns on wasm-native, where dense layers go native too', () => {
    expect(activeNativeAddon()).not.toBeNull();
    expect(isNativeDenseActive()).toBe(true);
  });
});

const maxout = (grouping: Extract<GraphNode, { type: 'maxout' }>['grouping']) => ({ type: 'maxout' as const, units: 4, pieces: 3, grouping });
const EXPLICIT = {
  kind: 'explicit' as const,
  groups: [
    [0, 5],
    [1, 2, 3, 4],
    [6, 7, 8],
    [9, 10, 11],
  ],
};

/** input → dense relu → (a: dense elu, b: dense leaky_relu) → add → concat with the input → output */
function branched(): Graph {
  const nodes: GraphNode[] = [
    { id: 'in', type: 'input' },
    { id: 'h', type: 'dense', units: 11, activation: 'relu', useBias: true, dropout: 0.2 },
    { id: 'a', type: 'dense', units: 9, activation: 'elu', useBias: true },
    { id: 'b', type: 'dense', units: 9, activation: 'leaky_relu', useBias: false },
    { id: 's', type: 'add' },
    { id: 'c', type: 'concat' },
    { id: 'out', type: 'output', head: 'softmax', useBias: true },
  ] as GraphNode[];
  const e = (id: string, source: string, target: string) => ({ id, source, target });
  return {
    version: 1,
    nodes,
    edges: [e('1', 'in', 'h'), e('2', 'h', 'a'), e('3', 'h', 'b'), e('4', 'a', 's'), e('5', 'b', 's'), e('6', 's', 'c'), e('7', 'in', 'c'), e('8', 'c', 'out')],
  };
}

const GRAPHS: [string, Graph][] = [
  ['dense sigmoid/tanh + PReLU', chain([dense(13, 'sigmoid'), dense(7, 'tanh'), dense(5, 'prelu')])],
  ['maxout contiguous', chain([maxout({ kind: 'contiguous' })])],
  ['maxout interleaved', chain([maxout({ kind: 'interleaved' })])],
  ['maxout explicit', chain([maxout(EXPLICIT)])],
  ['ELU, leaky ReLU, dropout, add, concat', branched()],
];

describe.skipIf(NATIVE_DISABLED)('native probe statistics against the stock ops', () => {
  for (const [name, graph] of GRAPHS) {
    it(name, () => {
      const data = randomLinear(37, 6, 3, 5);
      const c = compileGraph(graph, { inputDim: 6, classes: 3 }, { seed: 3 });
      try {
        const [native, stock] = tf.tidy(() => {
          const x = tf.tensor2d(data.train.x, [data.train.n, 6]);
          const y = tf.tensor1d(Int32Array.from(data.train.y), 'int32');
          const { grads } = batchGradients(c, x, y, { training: false });
          return [gradientStats(c, grads).dataSync() as Float32Array, stockGradientStats(c, grads).dataSync() as Float32Array];
        });
        expectClose(native, stock, 1e-5, 'packed statistics');
      } finally {
        c.dispose();
      }
    });
  }
});

describe.skipIf(NATIVE_DISABLED)('training runs: wasm-native against stock wasm', () => {
  const optimizers: [Optimizer, number][] = [
    [{ kind: 'sgd' }, 0.2],
    [{ kind: 'momentum', momentum: 0.9 }, 0.05],
    [{ kind: 'nesterov', momentum: 0.9 }, 0.05],
    [{ kind: 'adagrad' }, 0.1],
    [{ kind: 'rmsprop', decay: 0.9 }, 0.01],
    [{ kind: 'adam', beta1: 0.9, beta2: 0.999 }, 0.01],
  ];
  const data = randomLinear(200, 6, 3, 9);
  const runs: [string, Graph, Optimizer, number][] = [
    ...GRAPHS.map(([name, graph]) => [name, graph, optimizers[5]![0], optimizers[5]![1]] as [string, Graph, Optimizer, number]),
    ...optimizers.map(([o, lr]) => [`dense relu, ${o.kind}`, chain([dense(17, 'relu'), dense(9, 'relu')]), o, lr] as [string, Graph, Optimizer, number]),
  ];
  for (const [name, graph, optimizer, learningRate] of runs) {
    it(`${name}: the first steps' losses and gradient statistics agree`, async () => {
      const run = async (backend: 'wasm-native' | 'wasm') => {
        const r = await collect(graph, config({ optimizer, learningRate, epochs: 2, batchSize: 32, backend }), data);
        r.result.compiled?.dispose();
        expect(r.result.reason).toBe('completed');
        const started = r.of('started')[0]!;
        const steps = r.of('steps').flatMap((s) => s.steps);
        return {
          backend: started.backend,
          losses: steps.map((s) => s.loss),
          norms: steps.flatMap((s) => s.layers.map((l) => l.kernelNorm)),
        };
      };
      const before = tf.memory().numTensors;
      const native = await run('wasm-native');
      const stock = await run('wasm');
      expect(tf.memory().numTensors).toBe(before);
      expect(native.backend).toMatch(/^wasm \+ native kernels/);
      expect(stock.backend).toMatch(/^wasm \(/);
      expect(native.losses.length).toBe(stock.losses.length);
      // 10 steps (two epochs of 5): rounding differences grow, but stay far below what a real change would cause
      expectClose(native.losses, stock.losses, 1e-3, 'step losses');
      expectClose(native.norms, stock.norms, 1e-2, 'kernel gradient norms');
    });
  }
});
