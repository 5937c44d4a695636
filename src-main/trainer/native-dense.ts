// Dense layers in two native kernels per training step on wasm-native: the forward product with
// bias and activation fused (the native _FusedMatMul), and one backward kernel that computes
// dz = dy ⊙ act'(y), dW = xᵀ·dz, db = Σ dz and dx = dz·Wᵀ in one call (native denseBackward).
//
// Stock TensorFlow.js does not fuse while recording gradients: a ReLU dense layer costs ~10 kernels
// per step (BatchMatMul, Add, Relu; Step, Multiply, two BatchMatMul, Sum, Reshape…), each with
// ~5-10 µs of engine overhead. At batch 32 (the teaching presets) that overhead, not the
// arithmetic, is most of a step.
//
// How: tfjs-layers' Dense.call is wrapped once (installNativeDense). While wasm-native is the backend
// and the layer's activation is linear, relu, sigmoid or tanh on a matrix input, it runs the
// custom-gradient op below; otherwise (any other backend, activation or rank) Dense's own call runs.
// The layer object, its weights, its class and what it exports are unchanged.
import * as tf from '../layers/tf';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapOf, offsetOf, type NativeAddon } from './native-addon';

const GRAD_KERNEL = 'GradscopeDenseGrad';
/** The activations the native kernels fuse into a dense layer, by their code in native/. */
export const DENSE_ACT = { linear: 0, relu: 1, sigmoid: 3, tanh: 4 } as const;
const ACT = DENSE_ACT;
type Act = keyof typeof ACT;

let addon: NativeAddon | null = null;

/** What the native paths use of a tfjs-layers Dense layer. */
export interface DenseLike {
  name: string;
  kernel: { read(): tf.Tensor } | null;
  bias: { read(): tf.Tensor } | null;
  activation: { getClassName(): string } | null;
  getClassName(): string;
  invokeCallHook(inputs: tf.Tensor | tf.Tensor[], kwargs: unknown): void;
}

/** The layer's activation when the native kernels fuse it; null otherwise. */
export function denseActOf(layer: DenseLike): Act | null {
  const act = layer.activation?.getClassName() ?? 'linear';
  return act in ACT ? (act as Act) : null;
}
type Call = (this: DenseLike, inputs: tf.Tensor | tf.Tensor[], kwargs: unknown) => tf.Tensor | tf.Tensor[];

let originalCall: Call | null = null;

/** Routes Dense layers through the native kernels while `a` is set and the backend is wasm (null: stock). */
export function setNativeDense(a: NativeAddon | null): void {
  addon = a;
  if (a) install();
}

/** True while dense layers train through the native kernels. */
export function isNativeDenseActive(): boolean {
  return addon !== null && tf.getBackend() === 'wasm';
}

/** The addon while dense layers train through the native kernels; null otherwise. */
export function nativeDenseAddon(): NativeAddon | null {
  return isNativeDenseActive() ? addon : null;
}

function install(): void {
  if (originalCall) return;
  if (!tf.getKernel(GRAD_KERNEL, 'wasm')) tf.registerKernel({ kernelName: GRAD_KERNEL, backendName: 'wasm', kernelFunc: denseGradKernel });
  const proto = Object.getPrototypeOf(tf.layers.dense({ units: 1 })) as { call: Call };
  const original = proto.call;
  originalCall = original;
  proto.call = function (this: DenseLike, inputs, kwargs) {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const act = denseActOf(this);
    if (
      !isNativeDenseActive() ||
      !x ||
      (Array.isArray(inputs) && inputs.length !== 1) ||
      x.rank !== 2 ||
      x.shape[0] === 0 ||
      x.dtype !== 'float32' ||
      act === null ||
      !this.kernel
    )
      return original.call(this, inputs, kwargs);
    return tf.tidy(() => {
      this.invokeCallHook(inputs, kwargs);
      return nativeDense(x as tf.Tensor2D, this.kernel!.read() as tf.Tensor2D, this.bias ? (this.bias.read() as tf.Tensor1D) : null, act);
    });
  };
}

/** y = act(x·W + b) with the one-kernel backward pass. */
export function nativeDense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | null, act: Act): tf.Tensor2D {
  const hasBias = b !== null;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [xi, wi, bi] = args as tf.Tensor[];
    const inputs: tf.NamedTensorMap = hasBias ? { a: xi!, b: wi!, bias: bi! } : { a: xi!, b: wi! };
    const y = tf.engine().runKernel('_FusedMatMul', inputs, { transposeA: false, transposeB: false, activation: act }) as tf.Tensor2D;
    save([xi!, wi!, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [sx, sw, sy] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const grads = tf.engine().runKernel(GRAD_KERNEL, { x: sx, w: sw, y: sy, dy: dy as tf.Tensor }, { activation: act, hasBias }) as tf.Tensor[];
        return grads;
      },
    };
  });
  return (hasBias ? op(x, w, b!) : op(x, w)) as tf.Tensor2D;
}

function denseGradKernel(args: Parameters<tf.KernelConfig['kernelFunc']>[0]): tf.TensorInfo[] {
  if (!addon) throw new Error(`${GRAD_KERNEL}: the native kernels are not loaded`);
  const backend = args.backend as unknown as BackendWasm;
  const { x, w, y, dy } = args.inputs as Record<string, tf.TensorInfo>;
  const act = args.attrs?.['activation'] as Act;
  const hasBias = args.attrs?.['hasBias'] === true;
  const [m, k] = x!.shape as [number, number];
  const n = w!.shape[1] as number;
  const dx = backend.makeOutput([m, k], 'float32');
  const dw = backend.makeOutput([k, n], 'float32');
  const db = hasBias ? backend.makeOutput([n], 'float32') : null;
  const dz = backend.makeOutput([m, n], 'float32');
  const outs = db ? [dx, dw, db] : [dx, dw];
  try {
    addon.denseBackward(
      heapOf(backend),
      m,
      k,
      n,
      offsetOf(backend, x!),
      offsetOf(backend, w!),
      offsetOf(backend, y!),
      offsetOf(backend, dy!),
      ACT[act],
      0,
      offsetOf(backend, dz),
      offsetOf(backend, dx),
      offsetOf(backend, dw),
      db ? offsetOf(backend, db) : -1,
    );
  } catch (e) {
    for (const o of outs) backend.disposeData(o.dataId);
    throw e;
  } finally {
    backend.disposeData(dz.dataId);
  }
  return outs;
}
