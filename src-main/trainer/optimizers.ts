// The contract's optimizer choice → a tfjs optimizer. The caller disposes it.
// On wasm-native it is NativeOptimizer (one native pass per variable, same formulas).
import * as tf from '@tensorflow/tfjs';
import type { Optimizer } from '../contract/training';
import { activeNativeAddon } from './backend';
import { NativeOptimizer } from './native-optimizer';

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
      return tf.train.momentum(learningRate, opt.momentum, false);
    case 'nesterov':
      return tf.train.momentum(learningRate, opt.momentum, true);
    case 'adagrad':
      return tf.train.adagrad(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, opt.decay);
    case 'adam':
      return tf.train.adam(learningRate, opt.beta1, opt.beta2);
    default:
      return assertNeverOptimizer(opt);
  }
}

function assertNeverOptimizer(o: never): never {
  throw new Error(`unknown optimizer ${JSON.stringify(o)}`);
}
