// The lesson's claim about dropout at test time: the full network with weights scaled by (1-p)
// (tfjs scales by 1/(1-p) while training instead, the same thing) is the average of all 2^M thinned
// networks exactly when the network is linear, and only approximately when it is not.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../src-main/layers/tf';
import { initBackend } from '../../../src-main/trainer/backend';
import { compileGraph } from '../../../src-main/trainer/compile';
import { chain, dense } from './fixtures/graphs';

beforeAll(async () => {
  await initBackend();
});

const M = 6;
const p = 0.5;

/** test-time output, and the mean output of the 2^M thinned networks (each input kept or dropped) */
function fullVsEnsemble(activation: 'linear' | 'relu'): { full: number[]; ensemble: number[] } {
  const c = compileGraph(chain([dense(8, activation)], 'linear', { inputDropout: p }), { inputDim: M, classes: null }, { seed: 3 });
  try {
    return tf.tidy(() => {
      const x = tf.tensor2d([
        [0.9, -1.3, 0.4, 2.0, -0.7, 1.1],
        [-0.2, 0.5, -1.8, 0.3, 1.4, -0.6],
      ]);
      const full = Array.from((c.model.predict(x) as tf.Tensor).dataSync());
      const sum = new Float64Array(full.length);
      for (let mask = 0; mask < 2 ** M; mask++) {
        // with p = 0.5 every mask is equally likely; a kept input is scaled by 1/(1-p) as in training
        const keep = tf.tensor1d(Array.from({ length: M }, (_, i) => ((mask >> i) & 1 ? 1 / (1 - p) : 0)));
        const thinned = (c.model.predict(tf.mul(x, keep)) as tf.Tensor).dataSync();
        thinned.forEach((v, i) => (sum[i]! += v));
      }
      return { full, ensemble: Array.from(sum, (s) => s / 2 ** M) };
    });
  } finally {
    c.dispose();
  }
}

describe('dropout at test time', () => {
  it('equals the average of all 2^M thinned networks for a linear network', () => {
    const { full, ensemble } = fullVsEnsemble('linear');
    full.forEach((v, i) => expect(ensemble[i]).toBeCloseTo(v, 4));
  });

  it('only approximates that average once there is a nonlinearity (ReLU)', () => {
    const { full, ensemble } = fullVsEnsemble('relu');
    const gap = Math.max(...full.map((v, i) => Math.abs(v - ensemble[i]!)));
    expect(gap).toBeGreaterThan(1e-3);
  });
});
