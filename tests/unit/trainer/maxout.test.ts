import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../src-main/layers/tf';
import { initBackend } from '../../../src-main/trainer/backend';
import { Maxout, groupMax, maxoutLayout } from '../../../src-main/layers/maxout';
import type { MaxoutGrouping } from '../../../src-main/contract/graph';

beforeAll(async () => {
  await initBackend();
});

// z for 2 samples over units·k = 6 linear outputs
const Z = [
  [0.5, -1, 3, 2, -4, 1],
  [-2, 7, 0.25, -0.5, 6, -3],
];

function run(grouping: MaxoutGrouping, units: number, pieces: number): number[][] {
  return tf.tidy(() => groupMax(tf.tensor2d(Z), maxoutLayout(grouping, units, pieces), units, pieces).arraySync());
}

describe('Maxout groupings', () => {
  it('contiguous: unit j takes outputs j·k … j·k+k-1', () => {
    // units 3, k 2: groups {0,1} {2,3} {4,5}
    expect(run({ kind: 'contiguous' }, 3, 2)).toEqual([
      [0.5, 3, 1],
      [7, 0.25, 6],
    ]);
  });

  it('interleaved: unit j takes outputs j, j+units, …', () => {
    // units 3, k 2: groups {0,3} {1,4} {2,5}
    expect(run({ kind: 'interleaved' }, 3, 2)).toEqual([
      [2, -1, 3],
      [-0.5, 7, 0.25],
    ]);
  });

  it('explicit groups of unequal sizes', () => {
    // units 3, k 2: groups {5} {0,2,4} {1,3}
    expect(run({ kind: 'explicit', groups: [[5], [0, 2, 4], [1, 3]] }, 3, 2)).toEqual([
      [1, 3, 2],
      [-3, 6, 7],
    ]);
  });

  it('a layer computes max over its groups of x·W + b', () => {
    const layer = new Maxout({ units: 2, pieces: 3, grouping: { kind: 'interleaved' } });
    const x = tf.tensor2d([[1, -2, 0.5]]);
    const y = layer.apply(x) as tf.Tensor;
    const W = layer.getWeights()[0]!.arraySync() as number[][];
    const z = [0, 1, 2, 3, 4, 5].map((c) => 1 * W[0]![c]! - 2 * W[1]![c]! + 0.5 * W[2]![c]!);
    const expected = [Math.max(z[0]!, z[2]!, z[4]!), Math.max(z[1]!, z[3]!, z[5]!)];
    const got = y.arraySync() as number[][];
    expect(got[0]![0]).toBeCloseTo(expected[0]!, 5);
    expect(got[0]![1]).toBeCloseTo(expected[1]!, 5);
    expect(layer.computeOutputShape([null, 3])).toEqual([null, 2]);
    expect(layer.getConfig()).toMatchObject({ units: 2, pieces: 3, grouping: { kind: 'interleaved' }, useBias: true });
    tf.dispose([x, y]);
    layer.dispose();
  });
});

describe('Maxout gradient', () => {
  for (const grouping of [
    { kind: 'contiguous' },
    { kind: 'interleaved' },
    {
      kind: 'explicit',
      groups: [
        [5, 1],
        [0, 2, 4, 3],
      ],
    },
  ] as MaxoutGrouping[]) {
    it(`matches finite differences (${grouping.kind})`, () => {
      const units = 2;
      const pieces = 3;
      const layer = new Maxout({ units, pieces, grouping, kernelInitializer: tf.initializers.randomNormal({ seed: 11 }) });
      const x = tf.tensor2d([
        [0.3, -1.2, 0.7, 0.1],
        [-0.4, 0.9, 1.5, -0.8],
      ]);
      const target = tf.tensor2d([
        [0.5, -0.25],
        [1, 0.75],
      ]);
      layer.apply(x); // builds
      const kernel = layer.trainableWeights[0]!.read() as tf.Variable;
      const f = () => tf.sum(tf.square(tf.sub(layer.apply(x) as tf.Tensor, target))) as tf.Scalar;
      const { grads } = tf.variableGrads(f, [kernel]);
      const analytic = grads[kernel.name]!.dataSync();
      const w0 = kernel.dataSync().slice();
      const eps = 1e-2;
      let checked = 0;
      for (let i = 0; i < w0.length; i++) {
        const at = (d: number) => {
          const w = w0.slice();
          w[i] = w0[i]! + d;
          kernel.assign(tf.tensor(w, kernel.shape));
          return f().dataSync()[0]!;
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        expect(analytic[i]!).toBeCloseTo(numeric, 1);
        if (Math.abs(numeric) > 1e-3) checked++;
      }
      kernel.assign(tf.tensor(w0, kernel.shape));
      // the max routes gradient to one piece per unit and sample: some weights get none, many get some
      expect(checked).toBeGreaterThan(4);
      expect(Array.from(analytic).some((g) => g === 0)).toBe(true);
      tf.dispose([x, target, ...Object.values(grads)]);
      layer.dispose();
    });
  }
});
