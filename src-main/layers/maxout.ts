// Maxout: a dense layer with units·k linear outputs, each unit the max over its group of pieces.
// Follows tfjs's custom-layer pattern (Args, className, build, computeOutputShape, call in tidy,
// getConfig, registerClass). The grouping is any partition of the units·k outputs (contract's maxoutGroups).
import * as tf from './tf';
import type { MaxoutGrouping } from '../contract/graph';
import { maxoutGroups } from '../contract/validate';
// Registers the other custom layer too, so importing maxout alone lets any exported Gradscope model load.
import './elu';

/** tfjs-layers' Initializer and Regularizer classes, named through its public API (not its dist/ files). */
type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;
type Regularizer = ReturnType<typeof tf.regularizers.l1l2>;

export interface MaxoutArgs {
  units: number;
  pieces: number;
  grouping?: MaxoutGrouping;
  useBias?: boolean;
  kernelInitializer?: Initializer;
  kernelRegularizer?: Regularizer;
  name?: string;
  inputShape?: tf.Shape;
  batchInputShape?: tf.Shape;
}

/** How to lay out the units·k linear outputs so each unit's pieces are adjacent. */
export type MaxoutLayout =
  | { kind: 'contiguous' }
  | { kind: 'interleaved' }
  /** gather[j·width + p] = linear output index of unit j's p-th piece, or units·k (a −∞ pad) */
  | { kind: 'gather'; width: number; gather: Int32Array; inverse: Int32Array; sizes: Int32Array };

/** Builds the layout for a grouping; explicit groupings may have unequal sizes (padded with −∞). */
export function maxoutLayout(grouping: MaxoutGrouping, units: number, pieces: number): MaxoutLayout {
  if (grouping.kind === 'contiguous' || grouping.kind === 'interleaved') return { kind: grouping.kind };
  const groups = maxoutGroups(grouping, units, pieces);
  const total = units * pieces;
  const width = Math.max(...groups.map((g) => g.length));
  const gather = new Int32Array(units * width).fill(total);
  const inverse = new Int32Array(total);
  const sizes = new Int32Array(units);
  groups.forEach((g, j) => {
    sizes[j] = g.length;
    g.forEach((i, p) => {
      gather[j * width + p] = i;
      inverse[i] = j * width + p;
    });
  });
  return { kind: 'gather', width, gather, inverse, sizes };
}

/**
 * Max over each unit's group of the linear outputs z [batch, units·k] → [batch, units].
 * The explicit case gathers with a hand-written gradient (the inverse permutation), because tfjs's
 * own gather gradient needs UnsortedSegmentSum, which the wasm backend lacks.
 */
export function groupMax(z: tf.Tensor2D, layout: MaxoutLayout, units: number, pieces: number): tf.Tensor2D {
  const batch = z.shape[0];
  switch (layout.kind) {
    case 'contiguous':
      return tf.max(tf.reshape(z, [batch, units, pieces]), 2) as tf.Tensor2D;
    case 'interleaved':
      return tf.max(tf.reshape(z, [batch, pieces, units]), 1) as tf.Tensor2D;
    case 'gather': {
      const { width, gather, inverse } = layout;
      const arranged = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
        const x = args[0] as tf.Tensor;
        const padded = tf.concat([x, tf.fill([x.shape[0]!, 1], -Infinity)], 1);
        const value = tf.gather(padded, tf.tensor1d(gather, 'int32'), 1);
        return {
          value,
          gradFunc: (dy: tf.Tensor) => tf.gather(dy, tf.tensor1d(inverse, 'int32'), 1),
        };
      });
      const g = arranged(z) as tf.Tensor2D;
      return tf.max(tf.reshape(g, [batch, units, width]), 2) as tf.Tensor2D;
    }
  }
}

export class Maxout extends tf.layers.Layer {
  static className = 'GradscopeMaxout';
  readonly units: number;
  readonly pieces: number;
  readonly grouping: MaxoutGrouping;
  readonly useBias: boolean;
  readonly layout: MaxoutLayout;
  private readonly kernelInitializer: Initializer;
  private readonly kernelRegularizer?: Regularizer;
  kernel: tf.LayerVariable | null = null;
  bias: tf.LayerVariable | null = null;

  constructor(args: MaxoutArgs) {
    super(args);
    this.units = args.units;
    this.pieces = args.pieces;
    this.grouping = args.grouping ?? { kind: 'contiguous' };
    this.useBias = args.useBias ?? true;
    this.layout = maxoutLayout(this.grouping, this.units, this.pieces);
    this.kernelInitializer = args.kernelInitializer ?? tf.initializers.glorotUniform({});
    this.kernelRegularizer = args.kernelRegularizer;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inDim = shape[shape.length - 1];
    if (inDim == null) throw new Error(`${this.name}: the input's feature width must be known`);
    const width = this.units * this.pieces;
    this.kernel = this.addWeight('kernel', [inDim, width], 'float32', this.kernelInitializer, this.kernelRegularizer, true);
    if (this.useBias) this.bias = this.addWeight('bias', [width], 'float32', tf.initializers.zeros(), undefined, true);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.units];
  }

  /** The units·k linear outputs, before the max. */
  linear(x: tf.Tensor): tf.Tensor2D {
    const z = tf.matMul(x as tf.Tensor2D, this.kernel!.read() as tf.Tensor2D);
    return (this.bias ? tf.add(z, this.bias.read()) : z) as tf.Tensor2D;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      return groupMax(this.linear(x), this.layout, this.units, this.pieces);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      pieces: this.pieces,
      grouping: this.grouping as unknown as tf.serialization.ConfigDictValue,
      useBias: this.useBias,
    };
  }
}
tf.serialization.registerClass(Maxout);
