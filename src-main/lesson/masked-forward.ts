// A compiled graph run on K dropout masks at once: the thinned networks of the dropout-as-an-ensemble
// lesson. Nodes before any dropout are computed once for the N examples; from the first masked node on,
// rows are K groups of N (mask k's examples in rows k·N … k·N+N−1). A mask multiplies a node's output
// as training does (tf.dropout is inverted dropout: a kept unit is scaled by 1/(1−p)), so the mean over
// masks is the expectation the trained model's test-time pass (no mask, no scaling) stands for.
import * as tf from '../layers/tf';
import { GradscopeError } from '../contract/errors';
import { nodeLabel } from '../contract/graph';
import type { EnsembleActivation } from '../contract/dropout-ensemble';
import type { CompiledGraph, CompiledNode, KernelLayer } from '../trainer/compile';

/** A hidden node whose output dropout thins. */
export interface DropoutNode {
  node: string;
  name: string;
  p: number;
  units: number;
}

/** The nodes with dropout, in topological order, with their widths (the shapes of the data's one example). */
export function dropoutNodes(c: CompiledGraph): DropoutNode[] {
  const widths = nodeWidths(c);
  return c.nodes
    .filter((n) => n.dropout > 0 && n.node.type !== 'output')
    .map((n) => ({ node: n.node.id, name: nodeLabel(n.node), p: n.dropout, units: widths.get(n.node.id)! }));
}

/** Every node's output width, from one forward pass of a zero example. */
export function nodeWidths(c: CompiledGraph): Map<string, number> {
  const widths = new Map<string, number>();
  tf.tidy(() => {
    const x = tf.zeros([1, c.inputDim]) as tf.Tensor2D;
    for (const [id, t] of forwardMasked(c, x, 1, new Map(), 'trained').nodes) widths.set(id, t.shape[1]);
  });
  return widths;
}

/** The hidden dense layers' activations as the measurement computes them. */
export function measuredActivations(c: CompiledGraph, act: EnsembleActivation): { node: string; name: string; activation: string }[] {
  return c.kernels.filter((k) => k.info.hidden).map((k) => ({ node: k.node.id, name: k.info.name, activation: act === 'trained' ? k.info.activation : act }));
}

/** Refuses an activation switch the graph cannot take (a maxout node has no activation to replace). */
export function checkActivationSwitch(c: CompiledGraph, act: EnsembleActivation): void {
  if (act === 'trained') return;
  const maxout = c.nodes.find((n) => n.node.type === 'maxout');
  if (maxout)
    throw new GradscopeError(
      'graph',
      `node "${nodeLabel(maxout.node)}" is a Maxout layer: it has no activation to replace by ${act}; measure it with its trained activations`,
      { node: maxout.node.id },
    );
}

function applyActivation(z: tf.Tensor2D, act: Exclude<EnsembleActivation, 'trained'>): tf.Tensor2D {
  switch (act) {
    case 'linear':
      return z;
    case 'relu':
      return tf.relu(z);
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'tanh':
      return tf.tanh(z);
  }
}

/** A dense node with another activation: x·W + b, then `act`. */
function denseWith(k: KernelLayer, x: tf.Tensor2D, act: Exclude<EnsembleActivation, 'trained'>): tf.Tensor2D {
  const z = tf.matMul(x, k.kernel);
  return applyActivation((k.bias ? tf.add(z, k.bias) : z) as tf.Tensor2D, act);
}

function nodeOutput(c: CompiledGraph, n: CompiledNode, ins: tf.Tensor2D[], x: tf.Tensor2D, act: EnsembleActivation): tf.Tensor2D {
  switch (n.node.type) {
    case 'input':
      return x;
    case 'dense': {
      if (act !== 'trained')
        return denseWith(
          c.kernels.find((k) => k.node.id === n.node.id)!,
          ins[0]!,
          act,
        );
      const y = n.main!.apply(ins[0]!) as tf.Tensor2D;
      return n.act ? (n.act.apply(y) as tf.Tensor2D) : y;
    }
    case 'maxout':
      return n.main!.apply(ins[0]!) as tf.Tensor2D;
    case 'add':
    case 'concat':
      return n.main!.apply(ins) as tf.Tensor2D;
    case 'output':
      return n.main!.apply(ins[0]!) as tf.Tensor2D;
  }
}

/**
 * The head's pre-softmax output z of K thinned networks on the N rows of `x`: [K·N, outputs], mask k's
 * rows together. `masks`: node id → [K, 1, units] (one network per mask) or [K, N, units] (a mask per
 * example, as training draws them), already scaled by 1/(1−p) where kept. A node without a mask is not
 * thinned (K = 1 and no masks: the full network). Not tidied: call inside tf.tidy.
 */
export function forwardMasked(
  c: CompiledGraph,
  x: tf.Tensor2D,
  K: number,
  masks: ReadonlyMap<string, tf.Tensor>,
  act: EnsembleActivation,
): { output: tf.Tensor2D; nodes: Map<string, tf.Tensor2D> } {
  const N = x.shape[0];
  const outs = new Map<string, { t: tf.Tensor2D; rep: boolean }>();
  const nodes = new Map<string, tf.Tensor2D>();
  const tiled = (v: { t: tf.Tensor2D; rep: boolean }): tf.Tensor2D => (v.rep || K === 1 ? v.t : (tf.tile(v.t, [K, 1]) as tf.Tensor2D));
  for (const n of c.nodes) {
    const ins = n.inputs.map((id) => outs.get(id)!);
    const rep = ins.some((v) => v.rep);
    let y = nodeOutput(
      c,
      n,
      ins.map((v) => (rep ? tiled(v) : v.t)),
      x,
      act,
    );
    let yRep = rep;
    const mask = masks.get(n.node.id);
    if (mask) {
      const u = y.shape[1];
      const full = yRep ? y : tiled({ t: y, rep: false });
      y = tf.reshape(tf.mul(tf.reshape(full, [K, N, u]), mask), [K * N, u]) as tf.Tensor2D;
      yRep = true;
    }
    outs.set(n.node.id, { t: y, rep: yRep });
    nodes.set(n.node.id, y);
  }
  return { output: tiled(outs.get(c.outputId)!), nodes };
}
