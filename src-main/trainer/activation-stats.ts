// Per epoch, per hidden layer: the distribution of pre-activations and activations on the validation
// sample (the loop's fixed probe batch, inference mode) and the fraction of saturated units — what makes
// a gradient vanish, shown next to the gradient heatmap. One forward pass of the probe batch.
import * as tf from '../layers/tf';
import { SATURATION_MARGIN, type LayerActivationStats } from '../contract/events';
import type { CompiledGraph } from './compile';
import { forward } from './forward';
import { histogram } from './weight-stats';

function saturationOf(activation: string): LayerActivationStats['saturation'] {
  if (activation === 'sigmoid' || activation === 'tanh') return 'bounds';
  if (activation === 'relu') return 'dead';
  return null;
}

/** Fraction of outputs within the margin of the activation's bounds (sigmoid 0…1, tanh −1…1). */
function nearBounds(post: Float32Array, activation: string): number {
  const lo = activation === 'tanh' ? -1 : 0;
  let n = 0;
  for (const v of post) if (v - lo < SATURATION_MARGIN || 1 - v < SATURATION_MARGIN) n++;
  return post.length > 0 ? n / post.length : 0;
}

/** Fraction of units whose output is 0 on every sample (post: samples × units, row-major). */
function deadUnits(post: Float32Array, units: number): number {
  const alive = new Uint8Array(units);
  for (let i = 0; i < post.length; i++) if (post[i]! > 0) alive[i % units] = 1;
  let dead = 0;
  for (const a of alive) if (!a) dead++;
  return units > 0 ? dead / units : 0;
}

export function activationStats(c: CompiledGraph, probe: tf.Tensor2D | null): LayerActivationStats[] | undefined {
  const hidden = c.kernels.filter((k) => k.info.hidden);
  if (!probe || probe.shape[0] === 0 || hidden.length === 0) return undefined;
  const byNode = new Map(c.nodes.map((n) => [n.node.id, n]));
  const tensors = tf.tidy(() => {
    const { activations } = forward(c, probe, { training: false });
    return hidden.flatMap((k) => {
      const input = activations.get(byNode.get(k.node.id)!.inputs[0]!)!;
      const z = tf.matMul(input, k.kernel);
      return [k.bias ? tf.add(z, k.bias) : z, activations.get(k.node.id)!];
    });
  });
  const values = tensors.map((t) => t.dataSync() as Float32Array);
  tf.dispose(tensors);
  return hidden.map((k, i) => {
    const pre = values[2 * i]!;
    const post = values[2 * i + 1]!;
    const saturation = saturationOf(k.info.activation);
    const units = tensors[2 * i + 1]!.shape[1] as number;
    return {
      node: k.node.id,
      pre: histogram(pre),
      post: histogram(post),
      saturation,
      saturated: saturation === 'bounds' ? nearBounds(post, k.info.activation) : saturation === 'dead' ? deadUnits(post, units) : null,
      samples: probe.shape[0],
    };
  });
}
