// Loss and accuracy of a whole split at the current weights, without dropout, in chunks.
import * as tf from '@tensorflow/tfjs';
import type { TestResult } from '../contract/events';
import type { CompiledGraph } from './compile';
import { forward, headAccuracy, headLoss } from './forward';

export interface SplitTensors {
  x: tf.Tensor2D;
  y: tf.Tensor1D;
  n: number;
}

export function evaluate(c: CompiledGraph, split: SplitTensors, chunk = 1024): TestResult | null {
  if (split.n === 0) return null;
  let sums = tf.zeros([2]);
  for (let start = 0; start < split.n; start += chunk) {
    const size = Math.min(chunk, split.n - start);
    const next = tf.tidy(() => {
      const x = tf.slice(split.x, [start, 0], [size, -1]);
      const y = tf.slice(split.y, [start], [size]);
      const { output } = forward(c, x, { training: false });
      const acc = c.head === 'softmax' ? headAccuracy(output, y) : tf.scalar(0);
      return tf.add(sums, tf.mul(tf.stack([headLoss(c, output, y), acc]), size));
    });
    sums.dispose();
    sums = next;
  }
  const [loss, correct] = sums.dataSync();
  sums.dispose();
  return { loss: loss! / split.n, acc: c.head === 'softmax' ? correct! / split.n : null };
}
