// Defaults for new nodes and a new project's training setup. Pure.
import type { Activation, GraphNode, NodeType } from '../../src-main/contract/graph';
import type { TrainingConfig } from '../../src-main/contract/training';

/** A node spec is a graph node without its id and position (Svelte Flow owns those). */
export type NodeSpec = GraphNode extends infer N ? (N extends GraphNode ? Omit<N, 'id' | 'position'> : never) : never;

export function defaultSpec(type: NodeType): NodeSpec {
  switch (type) {
    case 'input':
      return { type: 'input' };
    case 'dense':
      return { type: 'dense', units: 32, activation: 'relu', useBias: true };
    case 'maxout':
      return { type: 'maxout', units: 16, pieces: 2, grouping: { kind: 'contiguous' }, useBias: true };
    case 'add':
      return { type: 'add' };
    case 'concat':
      return { type: 'concat' };
    case 'output':
      return { type: 'output', head: 'softmax', useBias: true };
    default: {
      const never: never = type;
      return never;
    }
  }
}

export function defaultTraining(): TrainingConfig {
  return {
    dataset: { kind: 'synthetic', name: 'spiral', samples: 1000, noise: 0.1, classes: 3 },
    optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999 },
    learningRate: 0.01,
    batchSize: 32,
    epochs: 20,
    validationSplit: 0.1,
    testSplit: 0.2,
    earlyStopping: { enabled: false, monitor: 'val_loss', patience: 3, restoreBest: true },
    seed: 1,
  };
}

export const TYPE_TITLES: Record<NodeType, string> = {
  input: 'Input',
  dense: 'Dense',
  maxout: 'Maxout',
  add: 'Add',
  concat: 'Concat',
  output: 'Output',
};

export const TYPE_HINTS: Record<NodeType, string> = {
  input: 'The dataset’s features',
  dense: 'Fully connected layer + activation',
  maxout: 'Max over k linear pieces per unit',
  add: 'Sum of equal-width inputs',
  concat: 'Joins inputs side by side',
  output: 'Softmax classifier or linear head',
};

export const ACTIVATION_TITLES: Record<Activation, string> = {
  linear: 'Linear',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  relu: 'ReLU',
  leaky_relu: 'Leaky ReLU',
  prelu: 'PReLU',
  elu: 'ELU',
  softmax: 'Softmax',
};

/** dataTransfer type of a palette item being dragged onto the canvas */
export const DRAG_MIME = 'application/x-gradscope-node';
