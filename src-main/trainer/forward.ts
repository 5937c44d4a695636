// Runs a compiled graph eagerly on concrete tensors: the loop's forward pass. Returns the head's
// pre-softmax output (logits, or the regression value) and every node's activation (before dropout).
// Dropout is applied only when training, with a seed per step so runs repeat exactly.
import * as tf from '../layers/tf';
import type { CompiledGraph } from './compile';
import { deriveSeed } from '../data/rng';
import { nativeDenseAddon } from './native-dense';
import { chainApplies, chainForward, denseChainOf } from './native-chain';
import { softmaxLossAndAccuracy } from './native-loss';

export interface ForwardOptions {
  training: boolean;
  /** seeds the dropout masks of this call (e.g. derived from the run seed and the step) */
  dropoutSeed?: number;
  /** only the output is needed: a plain dense chain may then run as one native op (its activations hold the output only) */
  outputOnly?: boolean;
}

export interface ForwardResult {
  /** [batch, classes] logits for the softmax head; [batch, 1] for the linear head */
  output: tf.Tensor2D;
  /** node id → that node's output before its dropout */
  activations: Map<string, tf.Tensor2D>;
}

/** Not tidied: call it inside tf.tidy (or a gradient function). */
export function forward(c: CompiledGraph, x: tf.Tensor2D, opts: ForwardOptions): ForwardResult {
  const addon = opts.outputOnly ? nativeDenseAddon() : null;
  if (addon && x.rank === 2 && x.shape[0] > 0 && x.dtype === 'float32' && chainApplies(c, opts.training)) {
    const output = chainForward(addon, denseChainOf(c)!, x);
    return { output, activations: new Map([[c.outputId, output]]) };
  }
  const activations = new Map<string, tf.Tensor2D>();
  const outs = new Map<string, tf.Tensor2D>();
  let output: tf.Tensor2D | null = null;
  c.nodes.forEach((n, index) => {
    const ins = n.inputs.map((id) => outs.get(id)!);
    let y: tf.Tensor2D;
    switch (n.node.type) {
      case 'input':
        y = x;
        break;
      case 'dense':
      case 'maxout':
        y = n.main!.apply(ins[0]!) as tf.Tensor2D;
        if (n.act) y = n.act.apply(y) as tf.Tensor2D;
        break;
      case 'add':
      case 'concat':
        y = n.main!.apply(ins) as tf.Tensor2D;
        break;
      case 'output':
        y = n.main!.apply(ins[0]!) as tf.Tensor2D;
        output = y;
        break;
    }
    activations.set(n.node.id, y);
    if (opts.training && n.dropout > 0 && n.node.type !== 'output') {
      y = tf.dropout(y, n.dropout, undefined, deriveSeed(opts.dropoutSeed ?? c.seed, index)) as tf.Tensor2D;
    }
    outs.set(n.node.id, y);
  });
  return { output: output!, activations };
}

/** Mean loss of a batch from the head's output: softmax cross-entropy on class indices, or MSE. */
export function headLoss(c: CompiledGraph, output: tf.Tensor2D, y: tf.Tensor1D): tf.Scalar {
  if (c.head === 'softmax') {
    const logp = tf.logSoftmax(output);
    const picked = tf.sum(tf.mul(logp, tf.oneHot(y as tf.Tensor1D, c.classes!)), 1);
    return tf.neg(tf.mean(picked)) as tf.Scalar;
  }
  return tf.mean(tf.squaredDifference(tf.reshape(output, [-1]), y)) as tf.Scalar;
}

/** headLoss and, for the softmax head, headAccuracy (0 for regression); one native op for the softmax head on wasm-native. */
export function headLossAndAccuracy(c: CompiledGraph, output: tf.Tensor2D, y: tf.Tensor1D): { loss: tf.Scalar; acc: tf.Scalar } {
  if (c.head === 'softmax' && nativeDenseAddon() && output.shape[0] > 0 && y.dtype === 'int32') return softmaxLossAndAccuracy(output, y);
  return { loss: headLoss(c, output, y), acc: c.head === 'softmax' ? headAccuracy(output, y) : tf.scalar(0) };
}

/** Fraction of correct argmax predictions (softmax head only). */
export function headAccuracy(output: tf.Tensor2D, y: tf.Tensor1D): tf.Scalar {
  return tf.mean(tf.cast(tf.equal(tf.argMax(output, 1), y), 'float32')) as tf.Scalar;
}

/** Sum of the kernel penalties (L1/L2) of the penalized layers; 0 when none. */
export function penalty(c: CompiledGraph): tf.Scalar {
  let total: tf.Scalar = tf.scalar(0);
  for (const k of c.kernels) {
    if (!k.penalized) continue;
    for (const l of k.layer.calculateLosses()) total = tf.add(total, l) as tf.Scalar;
  }
  return total;
}
