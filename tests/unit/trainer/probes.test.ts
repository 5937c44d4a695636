import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../src-main/layers/tf';
import { initBackend } from '../../../src-main/trainer/backend';
import { compileGraph } from '../../../src-main/trainer/compile';
import { decodeGradientStats, gradientStats, gradientStatsWidth } from '../../../src-main/trainer/probes';
import { probeGradients } from '../../../src-main/trainer/probe-gradients';
import { batchGradients } from '../../../src-main/trainer/step';
import { chain, dense } from './fixtures/graphs';
import { spiral } from './fixtures/datasets';

beforeAll(async () => {
  await initBackend();
});

const data = spiral(60, 3, 0.1, 1);

describe('gradient probes', () => {
  it("pack norms, mean |g| and per-neuron mean |g| (Maxout: over its group's columns) into one vector", () => {
    const groups = [
      [5, 1],
      [0, 2, 4, 3],
    ];
    const c = compileGraph(
      chain([dense(4, 'prelu'), { type: 'maxout', units: 2, pieces: 3, grouping: { kind: 'explicit', groups } }]),
      { inputDim: 2, classes: 3 },
      { seed: 3 },
    );
    tf.tidy(() => {
      const x = tf.tensor2d(data.train.x, [data.train.n, 2]);
      const y = tf.tensor1d(data.train.y as Int32Array, 'int32');
      const { grads } = batchGradients(c, x, y, { training: false });
      const packed = gradientStats(c, grads);
      expect(packed.shape[0]).toBe(gradientStatsWidth(c));
      const stats = decodeGradientStats(c, packed.dataSync());
      c.kernels.forEach((k, i) => {
        const g = grads[k.kernel.name]!.arraySync() as number[][];
        const flat = g.flat();
        const s = stats[i]!;
        expect(s.kernelNorm).toBeCloseTo(Math.sqrt(flat.reduce((a, v) => a + v * v, 0)), 5);
        expect(s.kernelMeanAbs).toBeCloseTo(flat.reduce((a, v) => a + Math.abs(v), 0) / flat.length, 6);
        const b = Array.from(grads[k.bias!.name]!.dataSync());
        expect(s.biasNorm).toBeCloseTo(Math.hypot(...b), 5);
        expect(s.alphaNorm === null).toBe(!k.alpha);
        const colMean = (col: number) => g.reduce((a, row) => a + Math.abs(row[col]!), 0) / g.length;
        const perNeuron =
          k.node.type === 'maxout' ? groups.map((grp) => grp.reduce((a, col) => a + colMean(col), 0) / grp.length) : g[0]!.map((_, col) => colMean(col));
        // sent at 4 significant digits
        s.neuronMeanAbs.forEach((v, j) => expect(Math.abs(v - perNeuron[j]!)).toBeLessThanOrEqual(6e-4 * Math.abs(perNeuron[j]!) + 1e-9));
      });
      expect(stats[0]!.alphaNorm).toBeGreaterThan(0);
      expect(stats[1]!.neuronMeanAbs).toHaveLength(2);
    });
    c.dispose();
  });

  it('probeGradients reports one fixed batch at the current weights, leaking nothing', () => {
    const c = compileGraph(chain([dense(8, 'relu')]), { inputDim: 2, classes: 3 }, { seed: 3 });
    const before = tf.memory().numTensors;
    const a = probeGradients(c, data.train);
    const b = probeGradients(c, data.train);
    expect(tf.memory().numTensors).toBe(before);
    expect(b).toEqual(a);
    expect(a.layers.map((l) => [l.node, l.name])).toEqual([
      ['h1', 'dense h1'],
      ['out', 'output out'],
    ]);
    expect(a.loss).toBeGreaterThan(0.5);
    expect(() => probeGradients(c, { x: new Float32Array(3), y: new Int32Array(1), n: 1 })).toThrow(/3 values for 1 samples; the model takes 2 features/);
    c.dispose();
  });
});
