// The in-memory dataset the trainer consumes (it lives here, below the trainer, so data never imports
// upward). src-main/data/index.ts produces exactly this from
// `loadDataset(spec: DatasetSpec, seed: number, validationSplit: number, testSplit: number): Promise<Dataset>`.

import type { DataContract } from '../contract/data-contract';

/** One split: x is row-major n×inputDim; y holds class indices (Int32Array) or regression targets (Float32Array). */
export interface DataSplit {
  x: Float32Array;
  y: Float32Array | Int32Array;
  n: number;
}

export interface Dataset {
  inputDim: number;
  /** number of classes; null = regression (y is a Float32Array of targets) */
  classes: number | null;
  train: DataSplit;
  val: DataSplit;
  test: DataSplit;
  /** one line for the user, e.g. "MNIST, 10,000 digits (8000/1000/1000)" */
  description: string;
  /** how raw rows map to x and the output back to labels; a regression target scaling here means y is
   * standardised and the loop reports every figure back in the target's own units. Absent: y is as given. */
  contract?: DataContract;
}

/** The loader's signature, so the worker can accept an injected one in tests. */
export type LoadDataset = (spec: import('../contract/training').DatasetSpec, seed: number, validationSplit: number, testSplit: number) => Promise<Dataset>;
