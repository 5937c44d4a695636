// The exact train/validation/test split Gradscope trains on, as .npy files, plus the first samples in file
// order (what `gradscope probe --batch first:N` uses). For IDX and CSV sources also the row numbers of each
// split in the original files (and the CSV standardisation), so train.py --data-from can read the originals.
import type { DatasetSpec, TrainingConfig } from '../../contract/training';
import { loadDataset, loadFirstSamples } from '../../data/index';
import { loadIdx } from '../../data/idx';
import { loadCsv } from '../../data/csv';
import { permutation } from '../../data/rng';
import { splitCounts } from '../../data/split-counts';
import { splitSource } from '../../data/split';
import type { DataSplit, Dataset } from '../../data/dataset-types';
import type { NpyArray } from './npy';
import type { PyValue } from './py-literal';

/** How many file-order samples the export keeps for probe mode. */
export const PROBE_SAMPLES = 1024;

export interface ExportedData {
  dataset: Dataset;
  files: Map<string, NpyArray>;
  /** SETUP["data"] */
  setup: { [key: string]: PyValue };
}

function xArray(s: DataSplit, inputDim: number): NpyArray {
  return { dtype: 'float32', shape: [s.n, inputDim], data: s.x };
}

function yArray(s: DataSplit, classes: number | null): NpyArray {
  if (classes === null) return { dtype: 'float32', shape: [s.n], data: Float32Array.from(s.y) };
  return { dtype: 'int64', shape: [s.n], data: BigInt64Array.from(Array.from(s.y, (v) => BigInt(v))) };
}

function rows(values: ArrayLike<number>): NpyArray {
  return { dtype: 'int64', shape: [values.length], data: BigInt64Array.from(Array.from(values, (v) => BigInt(v))) };
}

/** Where each split's samples sit in the original files (split.ts's order), and how to scale them. */
async function originalsOf(spec: DatasetSpec, t: TrainingConfig, files: Map<string, NpyArray>): Promise<{ [key: string]: PyValue } | null> {
  if (spec.kind !== 'idx' && spec.kind !== 'csv') return null;
  const src = spec.kind === 'idx' ? await loadIdx(spec.dir, spec.limit) : await loadCsv(spec.file, spec.label, spec.task);
  const n = src.train.n;
  const c = splitCounts(n, src.test ? src.test.n : null, t.validationSplit, t.testSplit);
  const nTest = src.test ? 0 : c.test;
  const perm = permutation(n, t.seed);
  files.set('test_rows.npy', rows(src.test ? Array.from({ length: src.test.n }, (_, i) => i) : perm.subarray(0, nTest)));
  files.set('val_rows.npy', rows(perm.subarray(nTest, nTest + c.val)));
  files.set('train_rows.npy', rows(perm.subarray(nTest + c.val)));
  const { scaler, target } = splitSource(src, { seed: t.seed, validationSplit: t.validationSplit, testSplit: t.testSplit });
  const scalerValue = scaler ? { mean: Array.from(scaler.mean), std: Array.from(scaler.std) } : null;
  // a regression target is standardised on the training split, as Gradscope trains it
  const targetScaling = target ? { mean: target.mean, std: target.std } : null;
  if (spec.kind === 'idx') return { kind: 'idx', path: spec.dir, limit: spec.limit ?? null, scaler: scalerValue };
  const labels = (src as { labels?: string[] | null }).labels ?? null;
  const numeric = labels !== null && labels.every((l) => /^-?\d+$/.test(l));
  return { kind: 'csv', path: spec.file, label: spec.label, class_names: labels, numeric_labels: numeric, scaler: scalerValue, target_scaling: targetScaling };
}

export async function exportData(t: TrainingConfig): Promise<ExportedData> {
  const opts = { seed: t.seed, validationSplit: t.validationSplit, testSplit: t.testSplit };
  const dataset = await loadDataset(t.dataset, opts);
  const first = await loadFirstSamples(t.dataset, opts, PROBE_SAMPLES);
  const files = new Map<string, NpyArray>();
  for (const [name, s] of [
    ['train', dataset.train],
    ['val', dataset.val],
    ['test', dataset.test],
    ['probe', first.batch],
  ] as const) {
    files.set(`${name}_x.npy`, xArray(s, dataset.inputDim));
    files.set(`${name}_y.npy`, yArray(s, dataset.classes));
  }
  const originals = await originalsOf(t.dataset, t, files);
  // a regression target standardised for training: train.py reports its figures in the target's own units
  const target = dataset.contract?.target;
  const targetScaling = target?.task === 'regression' && target.scaling ? { mean: target.scaling.mean, std: target.scaling.std } : null;
  return {
    dataset,
    files,
    setup: {
      description: dataset.description,
      probe_samples: first.batch.n,
      probe_description: first.description,
      originals,
      target_scaling: targetScaling,
    },
  };
}
