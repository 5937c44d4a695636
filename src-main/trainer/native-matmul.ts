// BatchMatMul and _FusedMatMul of the wasm backend through OpenBLAS (native/): every transpose
// combination straight from the operands' wasm memory, a broadcast batch matrix by matrix, and the
// fused bias-add and activation in the same pass over the result.
//
// Correct by construction: once installed, no product goes to XNNPACK, so its cache of packed
// right-hand operands (kept per tensor and never refreshed when a tensor's memory changes) is
// never read. Rare fused shapes (a bias or PReLU weights that are not one value per column or one
// for all) add and activate with the backend's own elementwise kernels, after a native product.
import * as tf from '../layers/tf';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapOf, offsetOf, type NativeAddon } from './native-addon';
import { broadcastIndex } from './broadcast';

type Info = tf.TensorInfo;
type KernelArgs = Parameters<tf.KernelConfig['kernelFunc']>[0];

const ACT = { linear: 0, relu: 1, relu6: 2, sigmoid: 3, tanh: 4, elu: 5, leakyrelu: 6, prelu: 7 } as const;
type Activation = keyof typeof ACT;

/** Which stock kernel applies an activation that could not be fused (general broadcast shapes). */
const ACT_KERNEL: Record<Exclude<Activation, 'linear'>, string> = {
  relu: 'Relu',
  relu6: 'Relu6',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  elu: 'Elu',
  leakyrelu: 'LeakyRelu',
  prelu: 'Prelu',
};

const size = (s: readonly number[]) => s.reduce((p, d) => p * d, 1);

/** 1: one value per result column (shape [..1, n]); 2: one value for all; 0: neither. */
function vectorMode(x: Info | undefined, n: number): 0 | 1 | 2 {
  if (!x) return 0;
  const s = size(x.shape);
  if (s === 1) return 2;
  if (s === n && x.shape[x.shape.length - 1] === n) return 1;
  return 0;
}

export function nativeMatMul(addon: NativeAddon, args: KernelArgs, fused: boolean): Info {
  const backend = args.backend as unknown as BackendWasm;
  const { inputs, attrs } = args;
  const a = inputs['a']!;
  const b = inputs['b']!;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') throw new Error(`matMul: native kernels multiply float32 only, got ${a.dtype} and ${b.dtype}`);
  const ta = attrs?.['transposeA'] === true;
  const tb = attrs?.['transposeB'] === true;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = a.shape[ta ? ra - 1 : ra - 2] as number;
  const k = a.shape[ta ? ra - 2 : ra - 1] as number;
  const kb = b.shape[tb ? rb - 1 : rb - 2] as number;
  const n = b.shape[tb ? rb - 2 : rb - 1] as number;
  if (k !== kb) throw new Error(`matMul: inner dimensions ${k} and ${kb} of shapes [${a.shape}] and [${b.shape}] do not match`);
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  const activation = (fused ? ((attrs?.['activation'] as Activation | undefined) ?? 'linear') : 'linear') as Activation;
  if (!(activation in ACT)) throw new Error(`matMul: unknown fused activation ${String(activation)}`);
  const bias = fused ? inputs['bias'] : undefined;
  const prelu = fused ? inputs['preluActivationWeights'] : undefined;
  const biasMode = vectorMode(bias, n);
  const preluMode = activation === 'prelu' ? vectorMode(prelu, n) : 0;
  // fuse only what is per column or scalar; anything else is added / activated afterwards
  const fuseBias = bias === undefined || biasMode !== 0;
  const fuseAct = fuseBias && (activation !== 'prelu' || preluMode !== 0);
  const out = backend.makeOutput([...outer, m, n], 'float32');
  const count = size(outer);
  if (m * n * count > 0) {
    const heap = heapOf(backend); // after makeOutput: allocation may replace the heap
    const aOff = offsetOf(backend, a);
    const bOff = offsetOf(backend, b);
    const cOff = offsetOf(backend, out);
    const biasOff = fuseBias && bias ? offsetOf(backend, bias) : 0;
    const preluOff = fuseAct && prelu ? offsetOf(backend, prelu) : 0;
    const act = fuseAct ? ACT[activation] : 0;
    const alpha = (attrs?.['leakyreluAlpha'] as number | undefined) ?? 0.2;
    try {
      for (let i = 0; i < count; i++) {
        const ia = count === 1 ? 0 : broadcastIndex(outer, outerA, i);
        const ib = count === 1 ? 0 : broadcastIndex(outer, outerB, i);
        addon.matmul(
          heap,
          m,
          n,
          k,
          ta ? 1 : 0,
          tb ? 1 : 0,
          aOff + ia * m * k * 4,
          bOff + ib * k * n * 4,
          cOff + i * m * n * 4,
          biasOff,
          fuseBias ? biasMode : 0,
          act,
          alpha,
          preluOff,
          fuseAct ? preluMode : 0,
        );
      }
    } catch (e) {
      backend.disposeData(out.dataId);
      throw e;
    }
  }
  if (fuseBias && fuseAct) return out;
  return finishUnfused(backend, out, fuseBias ? undefined : bias, fuseAct ? 'linear' : activation, prelu, attrs);
}

/** Bias and activation of general broadcast shapes through the backend's elementwise kernels. */
function finishUnfused(
  backend: BackendWasm,
  product: Info,
  bias: Info | undefined,
  activation: Activation,
  prelu: Info | undefined,
  attrs: KernelArgs['attrs'],
): Info {
  const run = (name: string, inputs: tf.NamedTensorInfoMap, a: tf.NamedAttrMap = {}): Info =>
    tf.getKernel(name, 'wasm').kernelFunc({ inputs, backend: backend as unknown as tf.KernelBackend, attrs: a }) as Info;
  let y = product;
  if (bias) {
    const added = run('Add', { a: y, b: bias });
    backend.disposeData(y.dataId);
    y = added;
  }
  if (activation === 'linear') return y;
  const kernel = ACT_KERNEL[activation];
  const activated =
    activation === 'prelu'
      ? run(kernel, { x: y, alpha: prelu! })
      : run(kernel, { x: y }, activation === 'leakyrelu' ? { alpha: (attrs?.['leakyreluAlpha'] as number | undefined) ?? 0.2 } : {});
  backend.disposeData(y.dataId);
  return activated;
}
