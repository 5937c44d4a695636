// An evenly spaced subset of a split's rows (the whole split when it has at most `max`): a fixed
// sample that covers the split in file order, e.g. the training samples the loss landscape measures.
import type { DataSplit } from './dataset-types';

export function evenRows(split: DataSplit, inputDim: number, max: number): DataSplit {
  const n = Math.min(split.n, max);
  const x = new Float32Array(n * inputDim);
  const y = split.y instanceof Int32Array ? new Int32Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = Math.floor((i * split.n) / n);
    x.set(split.x.subarray(r * inputDim, (r + 1) * inputDim), i * inputDim);
    y[i] = split.y[r]!;
  }
  return { x, y, n };
}
