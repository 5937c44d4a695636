// ELU with any α (tfjs's own ELU layer refuses α ≠ 1): x for x > 0, α·(eˣ − 1) otherwise,
// written as α·elu(x) − (α − 1)·relu(x) so tfjs's gradients apply. tfjs-style custom layer.
import * as tf from './tf';

export interface ScaledEluArgs {
  alpha?: number;
  name?: string;
}

export class ScaledElu extends tf.layers.Layer {
  static className = 'GradscopeELU';
  readonly alpha: number;

  constructor(args: ScaledEluArgs = {}) {
    super(args);
    this.alpha = args.alpha ?? 1;
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      return tf.sub(tf.mul(this.alpha, tf.elu(x)), tf.mul(this.alpha - 1, tf.relu(x)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}
tf.serialization.registerClass(ScaledElu);
