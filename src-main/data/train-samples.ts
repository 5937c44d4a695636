// TrainingConfig.trainSamples: train on only the first N samples of the training split (already in the
// seeded order), leaving the validation and test sets as they are — so variants that differ in how
// much data they train on are measured on the same held-out samples.
import type { Dataset } from './dataset-types';

export type Limited = { ok: true; dataset: Dataset } | { ok: false; error: string };

export function withTrainSamples(d: Dataset, n: number | undefined): Limited {
  if (n === undefined || n === d.train.n) return { ok: true, dataset: d };
  if (n > d.train.n) return { ok: false, error: `trainSamples ${n} is more than the ${d.train.n} samples of the training split` };
  const train = { x: d.train.x.subarray(0, n * d.inputDim), y: d.train.y.subarray(0, n), n };
  return { ok: true, dataset: { ...d, train } };
}
