// Gradient probes: per-layer gradient magnitudes computed on-device and packed into ONE vector,
// so a training step reads everything back with a single dataSync.
import * as tf from '../layers/tf';
import type { LayerGrad } from '../contract/events';
import type { CompiledGraph, KernelLayer } from './compile';
import { Maxout } from '../layers/maxout';
import { activeNativeAddon } from './backend';
import { nativeGradientStats, nativeStatsWithUpdate } from './native-probes';
import { NativeOptimizer } from './native-optimizer';

/** How many numbers one layer contributes to the packed vector. */
function statWidth(k: KernelLayer): number {
  return 2 + (k.bias ? 2 : 0) + (k.alpha ? 2 : 0) + k.info.units;
}

/** Per neuron: mean |g| over its incoming weights (Maxout: over all columns of its group). */
function neuronMeanAbs(k: KernelLayer, absG: tf.Tensor2D): tf.Tensor1D {
  const colMeans = tf.mean(absG, 0) as tf.Tensor1D;
  if (!(k.layer instanceof Maxout)) return colMeans;
  const { layout, units, pieces } = k.layer;
  switch (layout.kind) {
    case 'contiguous':
      return tf.mean(tf.reshape(colMeans, [units, pieces]), 1) as tf.Tensor1D;
    case 'interleaved':
      return tf.mean(tf.reshape(colMeans, [pieces, units]), 0) as tf.Tensor1D;
    case 'gather': {
      const padded = tf.concat([colMeans, tf.zeros([1])]);
      const arranged = tf.reshape(tf.gather(padded, tf.tensor1d(layout.gather, 'int32')), [units, layout.width]);
      return tf.div(tf.sum(arranged, 1), tf.tensor1d(layout.sizes, 'float32')) as tf.Tensor1D;
    }
  }
}

function normAndMeanAbs(g: tf.Tensor): tf.Tensor[] {
  return [tf.reshape(tf.sqrt(tf.sum(tf.square(g))), [1]), tf.reshape(tf.mean(tf.abs(g)), [1])];
}

/** The packed statistics of every kernel layer's gradients (call inside tidy). `grads` is keyed by variable name. */
export function gradientStats(c: CompiledGraph, grads: tf.NamedTensorMap): tf.Tensor1D {
  const addon = activeNativeAddon();
  if (addon) return nativeGradientStats(addon, c, grads, gradientStatsWidth(c));
  return stockGradientStats(c, grads);
}

/**
 * optimizer.applyGradients(grads), then gradientStats(c, grads): on wasm-native in one pass over
 * each gradient (nativeStatsWithUpdate), elsewhere one after the other. Call inside tidy.
 */
export function applyAndMeasure(optimizer: tf.Optimizer, c: CompiledGraph, grads: tf.NamedTensorMap): tf.Tensor1D {
  if (optimizer instanceof NativeOptimizer && activeNativeAddon()) {
    const packed = nativeStatsWithUpdate(optimizer, c, grads, gradientStatsWidth(c));
    if (packed) return packed;
  }
  optimizer.applyGradients(grads);
  return gradientStats(c, grads);
}

/** The same with TensorFlow.js ops (every backend; the reference the native pass is tested against). */
export function stockGradientStats(c: CompiledGraph, grads: tf.NamedTensorMap): tf.Tensor1D {
  const parts: tf.Tensor[] = [];
  for (const k of c.kernels) {
    const gk = grads[k.kernel.name] as tf.Tensor2D;
    parts.push(...normAndMeanAbs(gk));
    if (k.bias) parts.push(...normAndMeanAbs(grads[k.bias.name]!));
    if (k.alpha) parts.push(...normAndMeanAbs(grads[k.alpha.name]!));
    parts.push(neuronMeanAbs(k, tf.abs(gk)));
  }
  return tf.concat(parts.map((p) => tf.reshape(p, [-1]))) as tf.Tensor1D;
}

/** 10^k at POW10[k + 30], k in -30…30 (10^0…10^22 are exact doubles). */
const POW10 = Array.from({ length: 61 }, (_, i) => 10 ** (i - 30));
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** The binary exponent's share of log10: 2^e2 = 10^(e2·log10(2)). */
const LOG10_2 = Math.log10(2);

/**
 * v to 4 significant digits, as Number(v.toPrecision(4)) but several times faster (it runs for every neuron of
 * every step): the decimal exponent comes from the double's binary exponent and a table of powers of
 * ten, not from Math.log10 and Math.pow.
 */
export function roundTo4(v: number): number {
  if (!(v - v === 0) || v === 0) return v; // NaN, ±Infinity, 0
  const a = v < 0 ? -v : v;
  f64[0] = a;
  // floor(log10(a)) to within one, then exact against the table (little-endian: the high word is u32[1])
  let e = Math.floor((((u32[1]! >>> 20) & 0x7ff) - 1023) * LOG10_2);
  if (e >= -30 && e <= 29) {
    if (a >= POW10[e + 31]!) e++;
    if (e <= 29 && a >= POW10[e + 31]!) e++;
    if (a < POW10[e + 30]!) e--;
  }
  // 10^(3-e) is exact up to 10^22; outside that range take the slow, exact path
  if (e > 3 || e < -19) return Number(v.toPrecision(4));
  const scale = POW10[33 - e]!;
  const r = Math.round(a * scale) / scale;
  return v < 0 ? -r : r;
}

/** Unpacks what gradientStats packed, starting at `offset` of `data`. */
export function decodeGradientStats(c: CompiledGraph, data: ArrayLike<number>, offset = 0): LayerGrad[] {
  let i = offset;
  const next = () => Number(data[i++]);
  return c.kernels.map((k) => {
    const kernelNorm = next();
    const kernelMeanAbs = next();
    const biasNorm = k.bias ? next() : null;
    const biasMeanAbs = k.bias ? next() : null;
    const alphaNorm = k.alpha ? next() : null;
    const alphaMeanAbs = k.alpha ? next() : null;
    // a heatmap cell needs no more than 4 significant digits; full doubles would triple the stream
    const neuronMeanAbs = new Array<number>(k.info.units);
    for (let u = 0; u < neuronMeanAbs.length; u++) neuronMeanAbs[u] = roundTo4(Number(data[i++]));
    return { kernelNorm, kernelMeanAbs, biasNorm, biasMeanAbs, alphaNorm, alphaMeanAbs, neuronMeanAbs };
  });
}

export function gradientStatsWidth(c: CompiledGraph): number {
  return c.kernels.reduce((s, k) => s + statWidth(k), 0);
}
