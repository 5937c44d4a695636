// One batch's loss, accuracy and gradients of every trainable variable. Call inside tf.tidy.
import * as tf from '../layers/tf';
import type { CompiledGraph } from './compile';
import { forward, headLossAndAccuracy, penalty } from './forward';

export interface BatchGrads {
  /** mean data loss of the batch (without the L1/L2 penalty) */
  dataLoss: tf.Scalar;
  /** accuracy; 0 for regression */
  acc: tf.Scalar;
  /** gradients of data loss + penalties, keyed by variable name */
  grads: tf.NamedTensorMap;
}

export function batchGradients(c: CompiledGraph, x: tf.Tensor2D, y: tf.Tensor1D, opts: { training: boolean; dropoutSeed?: number }): BatchGrads {
  // set inside variableGrads' callback (a property, so TypeScript does not narrow it to its initial value)
  const kept: Partial<Pick<BatchGrads, 'dataLoss' | 'acc'>> = {};
  const { grads } = tf.variableGrads(() => {
    const { output } = forward(c, x, { ...opts, outputOnly: true });
    const { loss, acc } = headLossAndAccuracy(c, output, y);
    // kept past variableGrads' inner tidy; handed to the caller's tidy below
    kept.dataLoss = tf.keep(loss.clone());
    kept.acc = tf.keep(acc);
    return tf.add(loss, penalty(c)) as tf.Scalar;
  }, c.variables);
  const { dataLoss, acc } = kept;
  if (!dataLoss || !acc) throw new Error('tf.variableGrads returned without running the loss function');
  // re-register the kept scalars with the enclosing tidy so they are freed with it
  const l = dataLoss.clone();
  const a = acc.clone();
  dataLoss.dispose();
  acc.dispose();
  return { dataLoss: l, acc: a, grads };
}
