// Loss and accuracy of a whole split at the current weights, without dropout, in chunks; for regression
// also MAE and R², all in the target's own units.
import * as tf from '../layers/tf';
import type { TestResult } from '../contract/events';
import type { CompiledGraph } from './compile';
import type { Dataset, DataSplit } from '../data/dataset-types';
import { forward, headAccuracy, headLoss } from './forward';

export interface SplitTensors {
  x: tf.Tensor2D;
  y: tf.Tensor1D;
  n: number;
}

/** How one split's regression figures read back in the target's own units. */
export interface SplitScale {
  /** MSE of always predicting the training targets' mean, in the units the model is trained in */
  baseline: number;
  /** R² = 1 − mse / baseline (mse in training units); null when the split's targets do not vary */
  r2(mse: number): number | null;
}

export interface RegressionScale {
  /** multiply a training-units MSE by this for the target's own units (std²) */
  lossFactor: number;
  /** multiply a training-units absolute error by this (std) */
  absFactor: number;
  train: SplitScale;
  val: SplitScale & { lossFactor: number; absFactor: number };
  test: SplitScale & { lossFactor: number; absFactor: number };
}

function splitScale(y: DataSplit['y'], mean: number): SplitScale {
  let sq = 0;
  for (let i = 0; i < y.length; i++) sq += (y[i]! - mean) ** 2;
  const baseline = y.length > 0 ? sq / y.length : NaN;
  return { baseline, r2: (mse) => (baseline > 1e-12 ? 1 - mse / baseline : null) };
}

/** The regression scaling of a dataset: from its contract's target scaling (none: the figures are as trained). */
export function regressionScale(d: Dataset): RegressionScale {
  const t = d.contract?.target;
  const std = t && t.task === 'regression' && t.scaling ? t.scaling.std : 1;
  let sum = 0;
  for (let i = 0; i < d.train.n; i++) sum += d.train.y[i]!;
  const mean = d.train.n > 0 ? sum / d.train.n : 0;
  const factors = { lossFactor: std * std, absFactor: std };
  return {
    ...factors,
    train: splitScale(d.train.y, mean),
    val: { ...splitScale(d.val.y, mean), ...factors },
    test: { ...splitScale(d.test.y, mean), ...factors },
  };
}

export function evaluate(
  c: CompiledGraph,
  split: SplitTensors,
  scale: (SplitScale & { lossFactor: number; absFactor: number }) | null = null,
  chunk = 1024,
): TestResult | null {
  if (split.n === 0) return null;
  const classify = c.head === 'softmax';
  let sums = tf.zeros([2]);
  for (let start = 0; start < split.n; start += chunk) {
    const size = Math.min(chunk, split.n - start);
    const next = tf.tidy(() => {
      const x = tf.slice(split.x, [start, 0], [size, -1]);
      const y = tf.slice(split.y, [start], [size]);
      const { output } = forward(c, x, { training: false, outputOnly: true });
      const second = classify ? headAccuracy(output, y) : tf.mean(tf.abs(tf.sub(tf.reshape(output, [-1]), y)));
      return tf.add(sums, tf.mul(tf.stack([headLoss(c, output, y), second]), size));
    });
    sums.dispose();
    sums = next;
  }
  const [lossSum, secondSum] = sums.dataSync();
  sums.dispose();
  const loss = lossSum! / split.n;
  if (classify) return { loss, acc: secondSum! / split.n, mae: null, r2: null };
  return {
    loss: loss * (scale?.lossFactor ?? 1),
    acc: null,
    mae: (secondSum! / split.n) * (scale?.absFactor ?? 1),
    r2: scale ? scale.r2(loss) : null,
  };
}
