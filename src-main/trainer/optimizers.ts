// The contract's optimizer choice → a tfjs optimizer. The caller disposes it.
import * as tf from '@tensorflow/tfjs';
import type { Optimizer } from '../contract/training';

export function makeOptimizer(opt: Optimizer, learningRate: number): tf.Optimizer {
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
