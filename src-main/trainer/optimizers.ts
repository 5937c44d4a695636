// The contract's optimizer choice → a tfjs optimizer. The caller disposes it.
// On wasm-native it is NativeOptimizer (one native pass per variable, same formulas).
import * as tf from '../layers/tf';
import type { Optimizer } from '../contract/training';
import { activeNativeAddon } from './backend';
import { NativeOptimizer } from './native-optimizer';
import { assertNever } from '../contract/never';

export function makeOptimizer(opt: Optimizer, learningRate: number): tf.Optimizer {
  const addon = activeNativeAddon();
  if (addon) return new NativeOptimizer(addon, opt, learningRate);
  return stockOptimizer(opt, learningRate);
}

/** tf.train's optimizer for the choice (every backend; the reference the native one is tested against). */
export function stockOptimizer(opt: Optimizer, learningRate: number): tf.Optimizer {
  switch (opt.kind) {
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
    case 'nesterov':
      return freeLearningRate(tf.train.momentum(learningRate, opt.momentum, opt.kind === 'nesterov'));
    case 'adagrad':
      return tf.train.adagrad(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, opt.decay);
    case 'adam':
      return tf.train.adam(learningRate, opt.beta1, opt.beta2);
    default:
      return assertNever(opt, 'optimizer');
  }
}

/**
 * tf.train.momentum's dispose() forgets the −η scalar it inherits from SGD (one tensor leaked per
 * run); free it too.
 */
function freeLearningRate(o: tf.Optimizer): tf.Optimizer {
  const dispose = o.dispose.bind(o);
  o.dispose = () => {
    dispose();
    const c = (o as unknown as { c?: tf.Tensor }).c;
    if (c && !c.isDisposed) c.dispose();
  };
  return o;
}
