// The gradient of the loss on one fixed batch at the current weights, without dropout (the CLI's `probe`).
import * as tf from '../layers/tf';
import type { LayerGrad } from '../contract/events';
import type { CompiledGraph } from './compile';
import type { DataSplit } from '../data/dataset-types';
import { decodeGradientStats, gradientStats } from './probes';
import { batchGradients } from './step';

export interface ProbedLayer extends LayerGrad {
  node: string;
  name: string;
}

export interface GradientProbe {
  /** mean data loss of the batch (without L1/L2 penalties) */
  loss: number;
  /** accuracy on the batch; null for regression */
  acc: number | null;
  layers: ProbedLayer[];
}

export function probeGradients(c: CompiledGraph, batch: DataSplit): GradientProbe {
  if (batch.n === 0) throw new Error('the probe batch is empty');
  if (batch.x.length !== batch.n * c.inputDim)
    throw new Error(`the probe batch has ${batch.x.length} values for ${batch.n} samples; the model takes ${c.inputDim} features each`);
  const packed = tf.tidy(() => {
    const x = tf.tensor2d(batch.x, [batch.n, c.inputDim]);
    const y = c.classes === null ? tf.tensor1d(Float32Array.from(batch.y), 'float32') : tf.tensor1d(Int32Array.from(batch.y), 'int32');
    const { dataLoss, acc, grads } = batchGradients(c, x, y, { training: false });
    return tf.concat([tf.reshape(dataLoss, [1]), tf.reshape(acc, [1]), gradientStats(c, grads)]);
  });
  const data = packed.dataSync();
  packed.dispose();
  const grads = decodeGradientStats(c, data, 2);
  return {
    loss: data[0]!,
    acc: c.classes === null ? null : data[1]!,
    layers: grads.map((g, i) => ({ node: c.layers[i]!.node, name: c.layers[i]!.name, ...g })),
  };
}
