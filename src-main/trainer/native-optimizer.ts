// The contract's optimizers as one native pass per variable (native/ `update`) instead of ~6-14
// small wasm kernels each. Same formulas, constants and defaults as tf.train's optimizers, so a run
// matches the stock one to float rounding.
//
// Correct by construction: a variable's new values go to NEW wasm memory, which the variable then
// takes over (Variable.assign), exactly as the stock optimizers do. Nothing that holds the old
// values sees them change: clones share memory on the wasm backend (WeightSnapshot keeps clones),
// and a kernel cache keyed by tensor (XNNPACK's packed weights) can never serve stale values.
// Only the optimizer's own state (moments, accumulators), which no kernel ever reads, is updated in place.
import * as tf from '../layers/tf';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Optimizer } from '../contract/training';
import { heapOf, offsetOf, type NativeAddon } from './native-addon';

const KIND = { sgd: 0, momentum: 1, nesterov: 2, adagrad: 3, rmsprop: 4, adam: 5 } as const;

/** Where a variable's update also writes its gradient's probe statistics (native stats(): byte offsets in the wasm heap). */
export interface StatsTarget {
  rows: number;
  cols: number;
  statsOff: number;
  /** per-column means; -1: none */
  colOff: number;
}

/** Per variable: the optimizer's state tensors (kept; freed by dispose). */
interface Slots {
  s1: tf.Tensor | null;
  s2: tf.Tensor | null;
}

export class NativeOptimizer extends tf.Optimizer {
  static readonly className = 'GradscopeNativeOptimizer';
  private readonly slots = new Map<string, Slots>();
  /** β1ᵗ and β2ᵗ as float32, as tf.train.adam keeps them */
  private accBeta1: number;
  private accBeta2: number;
  private readonly epsilon: number;

  constructor(
    private readonly addon: NativeAddon,
    private readonly opt: Optimizer,
    private readonly learningRate: number,
  ) {
    super();
    this.accBeta1 = opt.kind === 'adam' ? Math.fround(opt.beta1) : 0;
    this.accBeta2 = opt.kind === 'adam' ? Math.fround(opt.beta2) : 0;
    this.epsilon = tf.backend().epsilon();
  }

  override applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    this.update(variableGradients, null);
  }

  /** applyGradients, writing each listed variable's gradient statistics in the same pass over it. */
  applyGradientsWithStats(variableGradients: tf.NamedTensorMap, targets: Map<string, StatsTarget>): void {
    this.update(variableGradients, targets);
  }

  private update(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0], targets: Map<string, StatsTarget> | null): void {
    const list = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const backend = tf.backend() as unknown as BackendWasm;
    const { p1, p2, c1, c2 } = this.params();
    for (const { name, tensor: grad } of list) {
      if (grad == null) continue;
      const variable = tf.engine().registeredVariables[name];
      if (!variable) throw new Error(`the optimizer got a gradient for ${name}, which is not a variable`);
      if (variable.dtype !== 'float32' || grad.dtype !== 'float32' || grad.size !== variable.size)
        throw new Error(`the optimizer cannot update ${name}: ${variable.dtype} [${variable.shape}] with a ${grad.dtype} [${grad.shape}] gradient`);
      const slots = this.slotsOf(name, variable);
      const out = backend.makeOutput(variable.shape, 'float32');
      const st = targets?.get(name);
      try {
        this.addon.update(
          heapOf(backend), // taken after makeOutput: allocating may replace the heap
          KIND[this.opt.kind],
          variable.size,
          offsetOf(backend, variable),
          offsetOf(backend, out),
          offsetOf(backend, grad),
          slots.s1 ? offsetOf(backend, slots.s1) : 0,
          slots.s2 ? offsetOf(backend, slots.s2) : 0,
          this.learningRate,
          p1,
          p2,
          this.epsilon,
          c1,
          c2,
          st?.rows ?? 0,
          st?.cols ?? 0,
          st?.statsOff ?? -1,
          st?.colOff ?? -1,
        );
      } catch (e) {
        backend.disposeData(out.dataId);
        throw e;
      }
      const next = tf.engine().makeTensorFromTensorInfo(out);
      variable.assign(next);
      next.dispose();
    }
    if (this.opt.kind === 'adam') {
      this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.opt.beta1));
      this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.opt.beta2));
    }
    this.incrementIterations();
  }

  /** The kind's constants for this step (see the formulas in native/src/gradscope_native.c). */
  private params(): { p1: number; p2: number; c1: number; c2: number } {
    const o = this.opt;
    switch (o.kind) {
      case 'sgd':
      case 'adagrad':
        return { p1: 0, p2: 0, c1: 1, c2: 1 };
      case 'momentum':
      case 'nesterov':
        return { p1: o.momentum, p2: 0, c1: 1, c2: 1 };
      case 'rmsprop':
        // tf.train.rmsprop(lr, decay) with its default momentum 0
        return { p1: o.decay, p2: 0, c1: 1, c2: 1 };
      case 'adam':
        return { p1: o.beta1, p2: o.beta2, c1: Math.fround(1 - this.accBeta1), c2: Math.fround(1 - this.accBeta2) };
      default: {
        const unknown: never = o;
        throw new Error(`unknown optimizer ${JSON.stringify(unknown)}`);
      }
    }
  }

  private slotsOf(name: string, variable: tf.Variable): Slots {
    let s = this.slots.get(name);
    if (s) return s;
    const k = this.opt.kind;
    // adagrad's accumulator starts at tf.train.adagrad's initialAccumulatorValue 0.1; the rest at 0
    const make = () => tf.keep(k === 'adagrad' ? tf.fill(variable.shape, 0.1) : tf.zeros(variable.shape));
    s = { s1: k === 'sgd' ? null : make(), s2: k === 'rmsprop' || k === 'adam' ? make() : null };
    this.slots.set(name, s);
    return s;
  }

  override dispose(): void {
    for (const s of this.slots.values()) {
      s.s1?.dispose();
      s.s2?.dispose();
    }
    this.slots.clear();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { kind: this.opt.kind, learningRate: this.learningRate };
  }

  override async getWeights(): ReturnType<tf.Optimizer['getWeights']> {
    throw new Error('the native optimizer does not export its state');
  }

  override async setWeights(): Promise<void> {
    throw new Error('the native optimizer does not import state');
  }
}
