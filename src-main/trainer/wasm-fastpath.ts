// Fast kernels for the wasm backend of TensorFlow.js: matrix products above all.
//
// The wasm backend multiplies fast (XNNPACK, ~15-28 GFLOP/s here) only when neither operand is
// transposed and there is a single matrix; with transposeA / transposeB set, or with a batch
// above 1, it takes a naive loop at ~1 GFLOP/s. Backprop through any dense layer needs
// dW = xᵀ·dy and dx = dy·Wᵀ, so stock training spends ~90% of its time in that loop.
//
// installWasmFastPath() re-registers the backend's 'BatchMatMul' and '_FusedMatMul' kernels with
// wrappers that materialise transposes with the backend's own Transpose kernel, multiply a batch
// one matrix at a time (Slice, Concat), and call the original kernel without the flags. Every
// intermediate is released before the wrapper returns. Working at the kernel level, it speeds up
// every op and layer that multiplies matrices (tf.matMul, dense layers, custom layers such as
// Maxout, and all their gradients) without any change to them.
//
// It also replaces 'GatherV2' (picking a batch's rows out of the training set): the stock kernel
// computes a multi-dimensional index per element, ~4 ms for 128 rows of 784; copying whole rows
// takes ~0.05 ms. And 'Sum' / 'Mean' over leading axes (a bias gradient, the probes' per-neuron
// means): the stock kernels transpose first, which for a 512×512 matrix alone takes ~0.8 ms.
//
// With the native addon (native/, setNativeMatMul) both product kernels go to OpenBLAS instead
// (native-matmul.ts): several times faster again, and no product ever reads XNNPACK's packed weights.
import * as tf from '../layers/tf';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './native-addon';
import { nativeMatMul } from './native-matmul';
import { broadcastIndex } from './broadcast';

type KernelFunc = tf.KernelConfig['kernelFunc'];
type KernelArgs = Parameters<KernelFunc>[0];
type Backend = KernelArgs['backend'];
type Info = tf.TensorInfo;

const BACKEND = 'wasm';
const PATCHED = ['BatchMatMul', '_FusedMatMul', 'GatherV2', 'Sum', 'Mean'] as const;
type PatchedKernel = (typeof PATCHED)[number];

/** The backend's own configs while the fast path is installed; empty otherwise. */
const originals = new Map<PatchedKernel, tf.KernelConfig>();

/** The addon the product kernels use while set (see setNativeMatMul); null: the JS fast path. */
let native: NativeAddon | null = null;

/** Routes BatchMatMul / _FusedMatMul of the installed fast path to the native addon (null: back to the JS path). */
export function setNativeMatMul(addon: NativeAddon | null): void {
  native = addon;
}

/** True while the installed fast path multiplies through the native addon. */
export function isNativeMatMulActive(): boolean {
  return native !== null && isWasmFastPathInstalled();
}

/** True while the fast kernels are registered for the wasm backend. */
export function isWasmFastPathInstalled(): boolean {
  return originals.size > 0;
}

/**
 * Registers the fast kernels for the wasm backend. Idempotent; works before or after the backend
 * is initialised (the original setup functions are kept). Returns false, changing nothing, when
 * the wasm backend's kernels are not registered (its package was never imported).
 */
export function installWasmFastPath(): boolean {
  if (isWasmFastPathInstalled()) return true;
  if (PATCHED.some((name) => tf.getKernel(name, BACKEND) === undefined)) return false;
  for (const name of PATCHED) {
    const original = tf.getKernel(name, BACKEND);
    originals.set(name, original);
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel({ ...original, kernelFunc: wrap(name, original.kernelFunc) });
  }
  return true;
}

/** Restores the backend's own kernels (the benchmark compares both; tests use it as reference). */
export function uninstallWasmFastPath(): void {
  for (const [name, original] of originals) {
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(original);
  }
  originals.clear();
}

function wrap(name: PatchedKernel, original: KernelFunc): KernelFunc {
  switch (name) {
    case 'BatchMatMul':
      return (args) => (native ? nativeMatMul(native, args, false) : fastMatMul(args, original, false));
    case '_FusedMatMul':
      return (args) => (native ? nativeMatMul(native, args, true) : fastMatMul(args, original, true));
    case 'GatherV2':
      return (args) => fastGather(args, original);
    case 'Sum':
      return (args) => fastLeadingReduce(args, original, false);
    case 'Mean':
      return (args) => fastLeadingReduce(args, original, true);
    default: {
      const unknown: never = name;
      throw new Error(`no fast path for kernel ${String(unknown)}`);
    }
  }
}

/** How one product is computed: by the original kernel, or with transposes materialised. */
export type MatMulPlan =
  | { kind: 'original' }
  /** op(A)·op(B), materialising the flagged operands. */
  | { kind: 'direct'; transposeA: boolean; transposeB: boolean; split: boolean }
  /** (op(B)ᵀ·op(A)ᵀ)ᵀ, materialising the unflagged operands and the result. */
  | { kind: 'swapped'; transposeA: boolean; transposeB: boolean; split: boolean };

/**
 * Chooses how to compute op(A)·op(B) for operands of the given shapes. Pure.
 * - No flag and a single matrix: the original kernel is already fast.
 * - Otherwise direct or swapped, whichever moves fewer elements (through Transpose, and through
 *   XNNPACK's packing of the right-hand operand). For dx = dy·Wᵀ with dy 128×512 and W 512×512
 *   that is 524k direct (transpose W, pack Wᵀ) against 196k swapped (transpose dy, pack dy,
 *   transpose the 128×512 result). Fused products never swap: their bias is per result column.
 * - split: the broadcast batch is above 1, so matrices are multiplied one at a time. This also
 *   fixes fused PReLU over a batch, which the stock kernel gets wrong; but PReLU weights of rank
 *   above 1 might vary per matrix, so those products keep the batch whole.
 * Shapes the original kernel would reject are left to it, so its error message reaches the user.
 */
export function planMatMul(
  aShape: readonly number[],
  bShape: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
  opts: { fused: boolean; /** rank of the fused PReLU weights, if any */ preluRank?: number },
): MatMulPlan {
  const original = { kind: 'original' } as const;
  if (aShape.length < 2 || bShape.length < 2 || size(aShape) === 0 || size(bShape) === 0) return original;
  let outer: number[];
  try {
    outer = tf.broadcast_util.assertAndGetBroadcastShape(aShape.slice(0, -2), bShape.slice(0, -2));
  } catch {
    return original;
  }
  const rows = (s: readonly number[], t: boolean) => s[s.length - (t ? 1 : 2)] as number;
  const cols = (s: readonly number[], t: boolean) => s[s.length - (t ? 2 : 1)] as number;
  if (cols(aShape, transposeA) !== rows(bShape, transposeB)) return original;
  const split = size(outer) > 1 && (opts.preluRank ?? 0) <= 1;
  if (!transposeA && !transposeB && !split) return original;
  const resultSize = size(outer) * rows(aShape, transposeA) * cols(bShape, transposeB);
  // Elements moved: each Transpose, plus XNNPACK packing the right-hand operand (it does so for
  // every new tensor, and in training every operand is new).
  const direct = (transposeA ? size(aShape) : 0) + (transposeB ? size(bShape) : 0) + size(bShape);
  const swapped = (transposeA ? 0 : size(aShape)) + (transposeB ? 0 : size(bShape)) + resultSize + size(aShape);
  const kind = !opts.fused && swapped < direct ? 'swapped' : 'direct';
  return { kind, transposeA, transposeB, split };
}

/**
 * Shared body of both kernels. Fused products carry bias / activation inputs and attributes,
 * which pass through untouched. See planMatMul for which way each product is computed.
 */
function fastMatMul(args: KernelArgs, original: KernelFunc, fused: boolean): Info | Info[] {
  const { inputs, backend, attrs } = args;
  const a = inputs['a'];
  const b = inputs['b'];
  if (a === undefined || b === undefined || a.dtype !== 'float32' || b.dtype !== 'float32') return original(args);
  const plan = planMatMul(a.shape, b.shape, attrs?.['transposeA'] === true, attrs?.['transposeB'] === true, {
    fused,
    preluRank: inputs['preluActivationWeights']?.shape.length,
  });
  if (plan.kind === 'original') return original(args);
  const temps = new Temps(backend);
  try {
    if (plan.kind === 'direct') {
      const lhs = plan.transposeA ? temps.keep(transposeLast2(a, backend)) : a;
      const rhs = plan.transposeB ? temps.keep(transposeLast2(b, backend)) : b;
      return product(lhs, rhs, plan.split, args, original);
    }
    // C = (op(B)ᵀ·op(A)ᵀ)ᵀ: op(B)ᵀ is B itself when B was flagged, likewise for A.
    const lhs = plan.transposeB ? b : temps.keep(transposeLast2(b, backend));
    const rhs = plan.transposeA ? a : temps.keep(transposeLast2(a, backend));
    const ct = temps.keep(product(lhs, rhs, plan.split, args, original));
    return transposeLast2(ct, backend);
  } finally {
    temps.dispose();
  }
}

/**
 * lhs·rhs with no transpose flags through the original kernel; other inputs (bias, prelu weights)
 * and attributes pass through. With split, the broadcast batch is multiplied one matrix at a time.
 */
function product(lhs: Info, rhs: Info, split: boolean, args: KernelArgs, original: KernelFunc): Info {
  const { inputs, backend, attrs } = args;
  const plain = { ...attrs, transposeA: false, transposeB: false };
  if (!split) return single(original({ inputs: { ...inputs, a: lhs, b: rhs }, backend, attrs: plain }));
  const [m, k] = lhs.shape.slice(-2) as [number, number];
  const n = rhs.shape[rhs.shape.length - 1] as number;
  const outerL = lhs.shape.slice(0, -2);
  const outerR = rhs.shape.slice(0, -2);
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(outerL, outerR);
  const temps = new Temps(backend);
  try {
    const l3 = temps.keep(reshape(lhs, [size(outerL), m, k], backend));
    const r3 = temps.keep(reshape(rhs, [size(outerR), k, n], backend));
    const parts: Info[] = [];
    for (let i = 0; i < size(outer); i++) {
      const li = temps.keep(sliceBatch(l3, broadcastIndex(outer, outerL, i), backend));
      const ri = temps.keep(sliceBatch(r3, broadcastIndex(outer, outerR, i), backend));
      parts.push(temps.keep(single(original({ inputs: { ...inputs, a: li, b: ri }, backend, attrs: plain }))));
    }
    // Concat takes its inputs as a list (the engine passes an op's tensor array through as is).
    const joined = run('Concat', { inputs: parts as unknown as tf.NamedTensorInfoMap, backend, attrs: { axis: 0 } });
    return { ...joined, shape: [...outer, m, n] };
  } finally {
    temps.dispose();
  }
}

/** Backend-level intermediates, released together (they never reach the engine's tensor count). */
class Temps {
  private readonly infos: Info[] = [];
  constructor(private readonly backend: Backend) {}
  keep(info: Info): Info {
    this.infos.push(info);
    return info;
  }
  dispose(): void {
    for (const info of this.infos) (this.backend as tf.KernelBackend).disposeData(info.dataId);
    this.infos.length = 0;
  }
}

/** Calls a kernel of the wasm backend directly; the caller disposes the result. */
function run(kernelName: string, args: KernelArgs): Info {
  return single(tf.getKernel(kernelName, BACKEND).kernelFunc(args));
}

function single(out: Info | Info[]): Info {
  if (Array.isArray(out)) throw new Error(`matMul kernel returned ${out.length} outputs, expected 1`);
  return out;
}

function size(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

function reshape(x: Info, shape: number[], backend: Backend): Info {
  return run('Reshape', { inputs: { x }, backend, attrs: { shape } });
}

/** x with its last two axes swapped, materialised by the backend's Transpose kernel. */
function transposeLast2(x: Info, backend: Backend): Info {
  const r = x.shape.length;
  const perm = [...Array(r - 2).keys(), r - 1, r - 2];
  return run('Transpose', { inputs: { x }, backend, attrs: { perm } });
}

/** Matrix i of a rank-3 tensor, as a [1, rows, cols] copy. */
function sliceBatch(x3: Info, i: number, backend: Backend): Info {
  const [, rows, cols] = x3.shape as [number, number, number];
  return run('Slice', { inputs: { x: x3 }, backend, attrs: { begin: [i, 0, 0], size: [1, rows, cols] } });
}

/**
 * GatherV2 without batch dims: copies whole slices (rows, for axis 0) of x's wasm memory into the
 * output. Indices are checked exactly as the stock kernel checks them, with its message.
 */
function fastGather(args: KernelArgs, original: KernelFunc): Info | Info[] {
  const { inputs, attrs } = args;
  const backend = args.backend as BackendWasm;
  const x = inputs['x'];
  const indices = inputs['indices'];
  const batchDims = (attrs?.['batchDims'] as number | undefined) ?? 0;
  if (x === undefined || indices === undefined || batchDims !== 0 || x.dtype === 'string' || x.dtype === 'complex64') return original(args);
  const axis = tf.util.parseAxisParam(attrs?.['axis'] as number, x.shape)[0] as number;
  const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(x, indices, axis, 0);
  const idx = backend.readSync(indices.dataId) as tf.TypedArray;
  const dim = info.dimSize;
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i] as number;
    if (!(v >= 0 && v <= dim - 1)) throw new Error(`GatherV2: the index value ${v} is not in [0, ${dim - 1}]`);
  }
  const out = backend.makeOutput(info.outputShape, x.dtype);
  if (tf.util.sizeFromShape(info.outputShape) === 0) return out;
  // views taken after makeOutput: allocating may grow (and so detach) the wasm heap
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  const slice = info.sliceSize;
  const n = idx.length;
  for (let o = 0, d = 0; o < info.outerSize; o++) {
    const base = o * dim;
    for (let i = 0; i < n; i++, d += slice) {
      const from = (base + (idx[i] as number)) * slice;
      if (slice < 16) for (let j = 0; j < slice; j++) dst[d + j] = src[from + j] as number;
      else dst.set(src.subarray(from, from + slice), d);
    }
  }
  return out;
}

/**
 * Sum or Mean of float32 x over its leading axes (e.g. axis 0 of a matrix: column sums), added up
 * row by row in float64 instead of transposing first. Other reductions go to the stock kernel.
 */
function fastLeadingReduce(args: KernelArgs, original: KernelFunc, mean: boolean): Info | Info[] {
  const { inputs, attrs } = args;
  const backend = args.backend as BackendWasm;
  const x = inputs['x'];
  if (x === undefined || x.dtype !== 'float32' || x.shape.length < 2) return original(args);
  const axes = tf.util.parseAxisParam(attrs?.['axis'] as number | number[], x.shape);
  const lead = axes.length;
  if (lead === 0 || lead >= x.shape.length || axes.some((a) => a >= lead)) return original(args);
  const rows = size(x.shape.slice(0, lead));
  const cols = size(x.shape.slice(lead));
  if (rows === 0 || cols === 0) return original(args);
  const outShape = attrs?.['keepDims'] === true ? x.shape.map((d, i) => (i < lead ? 1 : d)) : x.shape.slice(lead);
  const out = backend.makeOutput(outShape, 'float32');
  // views taken after makeOutput: allocating may grow (and so detach) the wasm heap
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const acc = new Float64Array(cols);
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    const o0 = r * cols;
    const o1 = o0 + cols;
    const o2 = o1 + cols;
    const o3 = o2 + cols;
    for (let c = 0; c < cols; c++) acc[c]! += src[o0 + c]! + src[o1 + c]! + src[o2 + c]! + src[o3 + c]!;
  }
  for (; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) acc[c]! += src[o + c]!;
  }
  const scale = mean ? 1 / rows : 1;
  for (let c = 0; c < cols; c++) dst[c] = acc[c]! * scale;
  return out;
}
