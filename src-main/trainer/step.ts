// One batch's loss, accuracy and gradients of every trainable variable. Call inside tf.tidy.
import * as tf from './tf';
import type { CompiledGraph } from './compile';
import { forward, headAccuracy, headLoss, penalty } from './forward';

export interface BatchGrads {
  /** mean data loss of the batch (without the L1/L2 penalty) */
  dataLoss: tf.Scalar;
  /** accuracy; 0 for regression */
  acc: tf.Scalar;
  /** gradients of data loss + penalties, keyed by variable name */
  grads: tf.NamedTensorMap;
}

export function batchGradients(
  c: CompiledGraph,
  x: tf.Tensor2D,
  y: tf.Tensor1D,
  opts: { training: boolean; dropoutSeed?: number },
): BatchGrads {
  let dataLoss: tf.Scalar | null = null;
  let acc: tf.Scalar | null = null;
  const { grads } = tf.variableGrads(() => {
    const { output } = forward(c, x, opts);
    const loss = headLoss(c, output, y);
    // kept past variableGrads' inner tidy; handed to the caller's tidy below
    dataLoss = tf.keep(loss.clone());
    acc = tf.keep(c.head === 'softmax' ? headAccuracy(output, y) : tf.scalar(0));
    return tf.add(loss, penalty(c)) as tf.Scalar;
  }, c.variables);
  // re-register the kept scalars with the enclosing tidy so they are freed with it
  const l = (dataLoss as unknown as tf.Scalar).clone();
  const a = (acc as unknown as tf.Scalar).clone();
  (dataLoss as unknown as tf.Scalar).dispose();
  (acc as unknown as tf.Scalar).dispose();
  return { dataLoss: l, acc: a, grads };
}
