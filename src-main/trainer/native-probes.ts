// The gradient probes' packed vector (probes.ts, same layout) in one native pass per gradient:
// the L2 norm, mean |g| and, for a kernel, the mean |g| of every column, straight from wasm memory
// into the output tensor. Replaces ~10 wasm kernels (Abs, Square, Sum, Sqrt, Mean, Concat…) per layer.
import * as tf from '../layers/tf';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { CompiledGraph, KernelLayer } from './compile';
import { Maxout } from '../layers/maxout';
import { heapOf, offsetOf, type NativeAddon } from './native-addon';
import type { NativeOptimizer, StatsTarget } from './native-optimizer';

/** Per neuron: mean |g| of its columns (Maxout: over its group), from the per-column means. */
function groupColumns(k: KernelLayer, colMeans: Float32Array, into: Float32Array): void {
  if (!(k.layer instanceof Maxout)) return into.set(colMeans);
  const { layout, units, pieces } = k.layer;
  switch (layout.kind) {
    case 'contiguous':
      for (let u = 0; u < units; u++) {
        let s = 0;
        for (let p = 0; p < pieces; p++) s += colMeans[u * pieces + p]!;
        into[u] = s / pieces;
      }
      return;
    case 'interleaved':
      for (let u = 0; u < units; u++) {
        let s = 0;
        for (let p = 0; p < pieces; p++) s += colMeans[p * units + u]!;
        into[u] = s / pieces;
      }
      return;
    case 'gather':
      for (let u = 0; u < units; u++) {
        let s = 0;
        for (let p = 0; p < layout.width; p++) {
          const col = layout.gather[u * layout.width + p]!;
          if (col < colMeans.length) s += colMeans[col]!;
        }
        into[u] = s / layout.sizes[u]!;
      }
      return;
    default: {
      const unknown: never = layout;
      throw new Error(`unknown Maxout layout ${JSON.stringify(unknown)}`);
    }
  }
}

/** gradientStats on wasm-native: the same packed vector, tracked by the enclosing tidy. */
export function nativeGradientStats(addon: NativeAddon, c: CompiledGraph, grads: tf.NamedTensorMap, width: number): tf.Tensor1D {
  const backend = tf.backend() as unknown as BackendWasm;
  const out = backend.makeOutput([width], 'float32');
  const maxouts = c.kernels.filter((k) => k.layer instanceof Maxout).map((k) => [k, backend.makeOutput([k.kernel.shape[1] as number], 'float32')] as const);
  const scratch = new Map(maxouts);
  try {
    const heap = heapOf(backend); // after every allocation
    const base = offsetOf(backend, out);
    let pos = 0;
    const vector = (g: tf.Tensor) => {
      addon.stats(heap, offsetOf(backend, g), 1, g.size, base + pos * 4, -1);
      pos += 2;
    };
    for (const k of c.kernels) {
      const gk = grads[k.kernel.name]!;
      const [rows, cols] = gk.shape as [number, number];
      const extra = (k.bias ? 2 : 0) + (k.alpha ? 2 : 0);
      const tmp = scratch.get(k);
      addon.stats(heap, offsetOf(backend, gk), rows, cols, base + pos * 4, tmp ? offsetOf(backend, tmp) : base + (pos + 2 + extra) * 4);
      pos += 2;
      if (k.bias) vector(grads[k.bias.name]!);
      if (k.alpha) vector(grads[k.alpha.name]!);
      if (tmp) {
        const all = backend.typedArrayFromHeap(out) as Float32Array;
        groupColumns(k, backend.typedArrayFromHeap(tmp) as Float32Array, all.subarray(pos, pos + k.info.units));
      }
      pos += k.info.units;
    }
    if (pos !== width) throw new Error(`gradient statistics: packed ${pos} numbers, expected ${width}`);
  } catch (e) {
    backend.disposeData(out.dataId);
    throw e;
  } finally {
    for (const [, t] of maxouts) backend.disposeData(t.dataId);
  }
  return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor1D;
}

/**
 * The optimizer's step and nativeGradientStats in ONE pass over each gradient: the native update
 * writes the statistics of the gradient it reads (same packed vector). Null, changing nothing, when
 * a gradient is missing or a layer is Maxout (its per-neuron means need grouping): the caller then
 * updates and measures separately.
 */
export function nativeStatsWithUpdate(optimizer: NativeOptimizer, c: CompiledGraph, grads: tf.NamedTensorMap, width: number): tf.Tensor1D | null {
  if (c.kernels.some((k) => k.layer instanceof Maxout || !grads[k.kernel.name] || (k.bias && !grads[k.bias.name]) || (k.alpha && !grads[k.alpha.name])))
    return null;
  const backend = tf.backend() as unknown as BackendWasm;
  const out = backend.makeOutput([width], 'float32');
  const base = offsetOf(backend, out);
  const targets = new Map<string, StatsTarget>();
  let pos = 0;
  const vector = (name: string) => {
    targets.set(name, { rows: 1, cols: grads[name]!.size, statsOff: base + pos * 4, colOff: -1 });
    pos += 2;
  };
  for (const k of c.kernels) {
    const [rows, cols] = grads[k.kernel.name]!.shape as [number, number];
    const extra = (k.bias ? 2 : 0) + (k.alpha ? 2 : 0);
    targets.set(k.kernel.name, { rows, cols, statsOff: base + pos * 4, colOff: base + (pos + 2 + extra) * 4 });
    pos += 2;
    if (k.bias) vector(k.bias.name);
    if (k.alpha) vector(k.alpha.name);
    pos += k.info.units;
  }
  try {
    if (pos !== width) throw new Error(`gradient statistics: packed ${pos} numbers, expected ${width}`);
    optimizer.applyGradientsWithStats(grads, targets);
  } catch (e) {
    backend.disposeData(out.dataId);
    throw e;
  }
  return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor1D;
}
