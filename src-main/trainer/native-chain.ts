// A whole chain of dense layers (input → dense → … → dense → output, the teaching presets' shape)
// as ONE recorded op on wasm-native: one forward call runs every product with its bias and
// activation (native matmul), one backward call runs every layer's denseBackward, from the last
// layer to the first.
//
// Why: at batch 32 the arithmetic of a relu-deep step is ~0.4 ms, and the engine's per-op work
// was as much again: per layer, Layer.apply, a custom-gradient op, three saved clones (each an
// Identity kernel and a tape node) and a gradient kernel. The chain saves two clones in all (the
// input and one buffer holding every hidden activation) and skips the first layer's input
// gradient, which nothing needs when the input is the training data (it is computed lazily, only
// when asked for).
//
// The layers keep their weights, names and exports; the chain only reads their variables.
// Correct by construction: a weight that changed between the forward and the backward pass (no
// Gradscope code does that) is an error, never a gradient of other weights.
import * as tf from '../layers/tf';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { CompiledGraph } from './compile';
import { heapOf, offsetOf, type NativeAddon } from './native-addon';
import { DENSE_ACT, denseActOf, type DenseLike } from './native-dense';

interface ChainLayer {
  layer: DenseLike;
  act: number;
}

/** Per compiled graph: its dense chain, or null when it is not one (cached; graphs do not change). */
const chains = new WeakMap<CompiledGraph, ChainLayer[] | null>();

/**
 * The graph's layers when it is a plain chain the native kernels can run in one op: every node
 * after the input has exactly the previous one as input, is a dense layer with a linear, ReLU,
 * sigmoid or tanh activation fused into it (or the output's linear layer, last), and has no
 * separate activation layer. Dropout is checked per call (it matters only when training).
 */
export function denseChainOf(c: CompiledGraph): ChainLayer[] | null {
  if (chains.has(c)) return chains.get(c)!;
  const layers: ChainLayer[] = [];
  let ok = c.nodes.length >= 2 && c.nodes[0]!.node.type === 'input';
  for (let i = 1; ok && i < c.nodes.length; i++) {
    const n = c.nodes[i]!;
    const last = i === c.nodes.length - 1;
    const type = n.node.type;
    const layer = n.main as unknown as DenseLike | null;
    const act = layer && layer.getClassName() === 'Dense' ? denseActOf(layer) : null;
    ok =
      n.inputs.length === 1 &&
      n.inputs[0] === c.nodes[i - 1]!.node.id &&
      (last ? type === 'output' && act === 'linear' : type === 'dense') &&
      (type === 'output' || n.act === null) &&
      act !== null &&
      layer!.kernel !== null;
    if (ok) layers.push({ layer: layer!, act: DENSE_ACT[act!] });
  }
  const chain = ok ? layers : null;
  chains.set(c, chain);
  return chain;
}

/** True when the chain may run for this call: no node drops anything out while training. */
export function chainApplies(c: CompiledGraph, training: boolean): boolean {
  return denseChainOf(c) !== null && (!training || c.nodes.every((n) => n.dropout <= 0));
}

/** The engine's op with a gradient of our own (what tf.customGrad builds on), typed for this file. */
interface EngineOps {
  runKernelFunc(params: {
    forwardFunc: (backend: tf.KernelBackend, save: (tensors: tf.Tensor[]) => void) => tf.Tensor;
    backwardsFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => Record<string, () => tf.Tensor>;
    inputs: tf.NamedTensorMap;
  }): tf.Tensor;
}

/** The chain's output (the output layer's logits or value) for a [batch, features] input. */
export function chainForward(addon: NativeAddon, chain: ChainLayer[], x: tf.Tensor2D): tf.Tensor2D {
  const m = x.shape[0];
  const ws = chain.map((l) => l.layer.kernel!.read() as tf.Tensor2D);
  const bs = chain.map((l) => (l.layer.bias ? (l.layer.bias.read() as tf.Tensor1D) : null));
  const wIds = ws.map((w) => w.dataId);
  const widths = ws.map((w) => w.shape[1]);
  // hidden activations, one after another in one buffer: layer l at seg[l] floats
  const seg: number[] = [];
  let hidden = 0;
  for (let l = 0; l < chain.length - 1; l++) {
    seg.push(hidden);
    hidden += m * widths[l]!;
  }
  const inputs: tf.NamedTensorMap = { x };
  ws.forEach((w, l) => {
    inputs[`w${l}`] = w;
    const b = bs[l];
    if (b) inputs[`b${l}`] = b;
  });
  chain.forEach((l) => l.layer.invokeCallHook(x, {}));
  const engine = tf.engine() as unknown as EngineOps;
  return engine.runKernelFunc({
    inputs,
    forwardFunc: (kb, save) => {
      const backend = kb as unknown as BackendWasm;
      const pack = hidden > 0 ? backend.makeOutput([hidden], 'float32') : null;
      const out = backend.makeOutput([m, widths[chain.length - 1]!], 'float32');
      try {
        const heap = heapOf(backend); // after every allocation
        let from = offsetOf(backend, x);
        let k = x.shape[1];
        chain.forEach((layer, l) => {
          const n = widths[l]!;
          const to = l < chain.length - 1 ? offsetOf(backend, pack!) + seg[l]! * 4 : offsetOf(backend, out);
          const b = bs[l];
          addon.matmul(heap, m, n, k, 0, 0, from, offsetOf(backend, ws[l]!), to, b ? offsetOf(backend, b) : 0, b ? 1 : 0, layer.act, 0, 0, 0);
          from = to;
          k = n;
        });
      } catch (e) {
        if (pack) backend.disposeData(pack.dataId);
        backend.disposeData(out.dataId);
        throw e;
      }
      const packed = pack ? tf.engine().makeTensorFromTensorInfo(pack) : null;
      save(packed ? [x, packed] : [x]);
      return tf.engine().makeTensorFromTensorInfo(out);
    },
    backwardsFunc: (dy, saved) => {
      ws.forEach((w, l) => {
        if (w.isDisposed || w.dataId !== wIds[l])
          throw new Error(`dense layer ${chain[l]!.layer.name}: its weights changed between the forward and the backward pass`);
      });
      return chainBackward(addon, chain, m, ws, bs, seg, saved[0]! as tf.Tensor2D, saved[1] ?? null, dy);
    },
  }) as tf.Tensor2D;
}

/** Every layer's gradients, last layer first, in one pass; the input's gradient only when asked for. */
function chainBackward(
  addon: NativeAddon,
  chain: ChainLayer[],
  m: number,
  ws: tf.Tensor2D[],
  bs: (tf.Tensor1D | null)[],
  seg: number[],
  x: tf.Tensor2D,
  pack: tf.Tensor | null,
  dy: tf.Tensor,
): Record<string, () => tf.Tensor> {
  const backend = tf.backend() as unknown as BackendWasm;
  const engine = tf.engine();
  const L = chain.length;
  const widths = ws.map((w) => w.shape[1]);
  const dws = ws.map((w) => backend.makeOutput(w.shape, 'float32'));
  const dbs = bs.map((b) => (b ? backend.makeOutput(b.shape, 'float32') : null));
  // dz of the first layer outlives this call: the input's gradient, if asked for, is dz₀·W₀ᵀ
  const dz0 = backend.makeOutput([m, widths[0]!], 'float32');
  const widest = Math.max(...widths);
  const scratch = [0, 1, 2].map(() => backend.makeOutput([m * widest], 'float32'));
  const outs = [...dws, ...dbs.filter((b) => b !== null), dz0];
  try {
    const heap = heapOf(backend);
    const packOff = pack ? offsetOf(backend, pack) : 0;
    const [dzS, dyA, dyB] = scratch.map((s) => offsetOf(backend, s)) as [number, number, number];
    let dyOff = offsetOf(backend, dy);
    for (let l = L - 1; l >= 0; l--) {
      const k = l === 0 ? x.shape[1] : widths[l - 1]!;
      const input = l === 0 ? offsetOf(backend, x) : packOff + seg[l - 1]! * 4;
      // the output layer is linear: its own output is never read
      const output = l === L - 1 ? dyOff : packOff + seg[l]! * 4;
      const dx = l === 0 ? -1 : dyOff === dyA ? dyB : dyA;
      const db = dbs[l];
      addon.denseBackward(
        heap,
        m,
        k,
        widths[l]!,
        input,
        offsetOf(backend, ws[l]!),
        output,
        dyOff,
        chain[l]!.act,
        0,
        l === 0 ? offsetOf(backend, dz0) : dzS,
        dx,
        offsetOf(backend, dws[l]!),
        db ? offsetOf(backend, db) : -1,
      );
      dyOff = dx;
    }
  } catch (e) {
    for (const o of outs) backend.disposeData(o.dataId);
    throw e;
  } finally {
    for (const s of scratch) backend.disposeData(s.dataId);
  }
  // tensors now: the backward pass's scope frees whichever no input asks for
  const dz = engine.makeTensorFromTensorInfo(dz0);
  const grads: Record<string, () => tf.Tensor> = {
    x: () => {
      const dx = backend.makeOutput(x.shape, 'float32');
      addon.matmul(heapOf(backend), m, x.shape[1], widths[0]!, 0, 1, offsetOf(backend, dz), offsetOf(backend, ws[0]!), offsetOf(backend, dx), 0, 0, 0, 0, 0, 0);
      return engine.makeTensorFromTensorInfo(dx);
    },
  };
  dws.forEach((d, l) => {
    const t = engine.makeTensorFromTensorInfo(d);
    grads[`w${l}`] = () => t;
  });
  dbs.forEach((d, l) => {
    if (!d) return;
    const t = engine.makeTensorFromTensorInfo(d);
    grads[`b${l}`] = () => t;
  });
  return grads;
}
