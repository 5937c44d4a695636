// Per-epoch weight summaries: kernel histogram, norms, near-zero fraction, PReLU α and dead ReLUs.
import * as tf from '../layers/tf';
import type { Histogram, LayerWeightStats } from '../contract/events';
import type { CompiledGraph } from './compile';
import { forward } from './forward';

export const HISTOGRAM_BINS = 30;
export const NEAR_ZERO = 1e-3;
/** PReLU's α per neuron, kept each epoch as a histogram of this many bins (a few hundred bytes per layer and epoch) */
export const ALPHA_BINS = 20;

export function histogram(values: Float32Array, bins = HISTOGRAM_BINS): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const counts = new Array<number>(bins).fill(0);
  if (values.length === 0) return { min: 0, max: 0, counts };
  const span = max - min;
  for (const v of values) {
    const b = span > 0 ? Math.min(bins - 1, Math.floor(((v - min) / span) * bins)) : 0;
    counts[b]!++;
  }
  return { min, max, counts };
}

/** Dead fraction per ReLU dense node: neurons whose output is 0 on every sample of the probe batch. */
function deadFractions(c: CompiledGraph, probe: tf.Tensor2D | null): Map<string, number> {
  const relu = c.kernels.filter((k) => k.node.type === 'dense' && k.node.activation === 'relu');
  const out = new Map<string, number>();
  if (!probe || relu.length === 0 || probe.shape[0] === 0) return out;
  const maxima = tf.tidy(() => {
    const { activations } = forward(c, probe, { training: false });
    return tf.concat(relu.map((k) => tf.max(activations.get(k.node.id)!, 0)));
  });
  const data = maxima.dataSync();
  maxima.dispose();
  let i = 0;
  for (const k of relu) {
    let dead = 0;
    for (let u = 0; u < k.info.units; u++) if (data[i++]! <= 0) dead++;
    out.set(k.node.id, dead / k.info.units);
  }
  return out;
}

export function weightStats(c: CompiledGraph, probe: tf.Tensor2D | null): LayerWeightStats[] {
  const dead = deadFractions(c, probe);
  return c.kernels.map((k) => {
    const w = k.kernel.dataSync() as Float32Array;
    let sq = 0;
    let abs = 0;
    let near = 0;
    for (const v of w) {
      sq += v * v;
      abs += Math.abs(v);
      if (Math.abs(v) < NEAR_ZERO) near++;
    }
    let alpha: LayerWeightStats['alpha'] = null;
    if (k.alpha) {
      const a = k.alpha.dataSync() as Float32Array;
      let sum = 0;
      for (const v of a) sum += v;
      alpha = { mean: sum / a.length, min: Math.min(...a), max: Math.max(...a), histogram: histogram(a, ALPHA_BINS) };
    }
    return {
      node: k.node.id,
      histogram: histogram(w),
      kernelNorm: Math.sqrt(sq),
      kernelMeanAbs: abs / w.length,
      nearZeroFraction: near / w.length,
      alpha,
      deadFraction: dead.get(k.node.id) ?? null,
    };
  });
}
