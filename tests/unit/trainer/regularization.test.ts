import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../src-main/layers/tf';
import { initBackend } from '../../../src-main/trainer/backend';
import { compileGraph } from '../../../src-main/trainer/compile';
import { forward } from '../../../src-main/trainer/forward';
import { batchGradients } from '../../../src-main/trainer/step';
import { chain, dense } from './fixtures/graphs';
import { spiral } from './fixtures/datasets';

beforeAll(async () => {
  await initBackend();
});

const data = spiral(64, 3, 0.1, 2);

/** kernel and bias gradients of layer h1 and the output at the same initial weights, for a given penalty on h1 and out */
function grads(pen: { l1?: number; l2?: number }) {
  const c = compileGraph(chain([dense(6, 'tanh', pen)], 'softmax', { output: pen }), { inputDim: 2, classes: 3 }, { seed: 9 });
  // non-zero biases, so a penalty on them would show in their gradient
  c.kernels.forEach((k) => k.bias!.assign(tf.tidy(() => tf.linspace(-0.5, 0.5, k.bias!.shape[0]!))));
  const out = tf.tidy(() => {
    const x = tf.tensor2d(data.train.x, [data.train.n, 2]);
    const y = tf.tensor1d(data.train.y as Int32Array, 'int32');
    const { grads: g } = batchGradients(c, x, y, { training: false });
    return c.kernels.map((k) => ({
      w: Array.from(k.kernel.dataSync()),
      gk: Array.from(g[k.kernel.name]!.dataSync()),
      gb: Array.from(g[k.bias!.name]!.dataSync()),
    }));
  });
  c.dispose();
  return out;
}

describe('L1/L2 penalties', () => {
  const base = grads({});
  it('L2 adds 2λw to the kernel gradient and leaves the bias gradient unchanged', () => {
    const lam = 0.05;
    const g = grads({ l2: lam });
    g.forEach((layer, i) => {
      expect(layer.w).toEqual(base[i]!.w);
      layer.gb.forEach((v, j) => expect(v).toBeCloseTo(base[i]!.gb[j]!, 6));
      layer.gk.forEach((v, j) => expect(v - base[i]!.gk[j]!).toBeCloseTo(2 * lam * layer.w[j]!, 5));
    });
  });
  it('L1 adds λ·sign(w) to the kernel gradient and leaves the bias gradient unchanged', () => {
    const lam = 0.02;
    const g = grads({ l1: lam });
    g.forEach((layer, i) => {
      layer.gb.forEach((v, j) => expect(v).toBeCloseTo(base[i]!.gb[j]!, 6));
      layer.gk.forEach((v, j) => expect(v - base[i]!.gk[j]!).toBeCloseTo(lam * Math.sign(layer.w[j]!), 5));
    });
  });
});

describe('dropout', () => {
  it('is off at inference (predict twice → identical) and on in a training call', () => {
    const c = compileGraph(chain([dense(32, 'relu', { dropout: 0.5 })], 'softmax', { inputDropout: 0.2 }), { inputDim: 2, classes: 3 }, { seed: 1 });
    tf.tidy(() => {
      const x = tf.tensor2d(data.train.x, [data.train.n, 2]);
      const p1 = (c.model.predict(x) as tf.Tensor2D).arraySync();
      const p2 = (c.model.predict(x) as tf.Tensor2D).arraySync();
      expect(p2).toEqual(p1);
      const inference = forward(c, x, { training: false }).output.arraySync();
      const again = forward(c, x, { training: false }).output.arraySync();
      expect(again).toEqual(inference);
      // the exported model's softmax is the loop's inference logits, softmaxed
      const soft = tf.softmax(tf.tensor2d(inference)).arraySync();
      soft[0]!.forEach((v, j) => expect(p1[0]![j]).toBeCloseTo(v, 5));
      const t1 = forward(c, x, { training: true, dropoutSeed: 1 }).output.arraySync();
      const t2 = forward(c, x, { training: true, dropoutSeed: 2 }).output.arraySync();
      expect(t1).not.toEqual(inference);
      expect(t2).not.toEqual(t1);
      // the same seed gives the same mask
      expect(forward(c, x, { training: true, dropoutSeed: 1 }).output.arraySync()).toEqual(t1);
    });
    c.dispose();
  });
});
