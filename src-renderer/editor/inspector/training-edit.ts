// Switching the dataset or optimizer kind keeps what carries over and fills defaults for the rest. Pure.
import type { DatasetSpec, Optimizer, OptimizerKind } from '../../../src-main/contract/training';
import type { SplitCounts } from '../../../src-main/data/split-counts';
import { formatCount } from '../../../src-main/contract/number-format';

/** The split the trainer will make, in words; never a negative count. */
export function splitSummaryText(c: SplitCounts, fromTestFile: boolean): string {
  const n = formatCount;
  if (c.train < 1) {
    const total = c.train + c.val + (fromTestFile ? 0 : c.test);
    return `no samples left to train on: validation (${n(c.val)})${fromTestFile ? '' : ` and test (${n(c.test)})`} take all ${n(total)} — lower the Validation split${fromTestFile ? '' : ' or the Test split'}`;
  }
  return `${n(c.train)} train · ${n(c.val)} validation · ${n(c.test)} test (${fromTestFile ? 'test file' : 'split off'})`;
}

export type DatasetKind = DatasetSpec['kind'];
export const DATASET_KINDS: readonly DatasetKind[] = ['synthetic', 'mnist', 'idx', 'csv'];
export const DATASET_TITLES: Record<DatasetKind, string> = {
  synthetic: 'Synthetic 2-D set',
  mnist: 'MNIST digits (10,000)',
  idx: 'IDX folder (MNIST layout)',
  csv: 'CSV file',
};

export function datasetForKind(kind: DatasetKind, prev: DatasetSpec): DatasetSpec {
  if (kind === prev.kind) return prev;
  switch (kind) {
    case 'mnist':
      return { kind: 'mnist', limit: 2000 };
    case 'synthetic':
      return { kind: 'synthetic', name: 'spiral', samples: 1000, noise: 0.1, classes: 3 };
    case 'idx':
      return { kind: 'idx', dir: prev.kind === 'csv' ? '' : '/usr/share/datasets/fashion-mnist' };
    case 'csv':
      return { kind: 'csv', file: '', label: 'label' };
    default: {
      const never: never = kind;
      return never;
    }
  }
}

export const OPTIMIZER_TITLES: Record<OptimizerKind, string> = {
  sgd: 'SGD',
  momentum: 'Momentum',
  nesterov: 'Nesterov momentum',
  adagrad: 'Adagrad',
  rmsprop: 'RMSProp',
  adam: 'Adam',
};

/** A usual learning rate for each optimizer, offered when switching. */
export const USUAL_LR: Record<OptimizerKind, number> = {
  sgd: 0.1,
  momentum: 0.05,
  nesterov: 0.05,
  adagrad: 0.05,
  rmsprop: 0.003,
  adam: 0.003,
};

export function optimizerForKind(kind: OptimizerKind, prev: Optimizer): Optimizer {
  if (kind === prev.kind) return prev;
  const momentum = prev.kind === 'momentum' || prev.kind === 'nesterov' ? prev.momentum : 0.9;
  switch (kind) {
    case 'sgd':
      return { kind: 'sgd' };
    case 'momentum':
      return { kind: 'momentum', momentum };
    case 'nesterov':
      return { kind: 'nesterov', momentum };
    case 'adagrad':
      return { kind: 'adagrad' };
    case 'rmsprop':
      return { kind: 'rmsprop', decay: 0.9 };
    case 'adam':
      return { kind: 'adam', beta1: 0.9, beta2: 0.999 };
    default: {
      const never: never = kind;
      return never;
    }
  }
}
