// Seeded shuffle and train/validation/test split; optional z-scoring of the features and (regression) of the
// target, fitted on the training split only; and the data contract that records both for the exported model.
import { DATA_CONTRACT_VERSION, type DataContract, type InputScaling, type TargetContract } from '../contract/data-contract';
import type { DataSplit, Dataset } from './dataset-types';
import { permutation } from './rng';
import { DatasetError, gatherSplit, permuteRowsInPlace, viewSplit, type Source } from './source';
import { formatCount } from '../contract/number-format';
import { splitCounts } from './split-counts';

export interface SplitOptions {
  seed: number;
  /** fraction of the samples held out for validation */
  validationSplit: number;
  /** fraction held out for the test set when the source has no test files */
  testSplit: number;
}

/** Per-feature mean and standard deviation, fitted on the training split. */
export interface Scaler {
  mean: Float32Array;
  std: Float32Array;
}

export function fitScaler(s: DataSplit, inputDim: number): Scaler {
  const mean = new Float64Array(inputDim);
  const sq = new Float64Array(inputDim);
  for (let i = 0; i < s.n; i++) {
    for (let j = 0; j < inputDim; j++) {
      const v = s.x[i * inputDim + j]!;
      mean[j]! += v;
      sq[j]! += v * v;
    }
  }
  const m = new Float32Array(inputDim);
  const sd = new Float32Array(inputDim);
  for (let j = 0; j < inputDim; j++) {
    const mu = s.n > 0 ? mean[j]! / s.n : 0;
    const variance = s.n > 0 ? Math.max(sq[j]! / s.n - mu * mu, 0) : 0;
    m[j] = mu;
    // a constant feature stays constant (0) rather than dividing by zero
    sd[j] = variance > 1e-12 ? Math.sqrt(variance) : 1;
  }
  return { mean: m, std: sd };
}

export function applyScaler(s: DataSplit, scaler: Scaler): DataSplit {
  const d = scaler.mean.length;
  const x = new Float32Array(s.x.length);
  for (let i = 0; i < s.n; i++) {
    for (let j = 0; j < d; j++) x[i * d + j] = (s.x[i * d + j]! - scaler.mean[j]!) / scaler.std[j]!;
  }
  return { x, y: s.y, n: s.n };
}

/** Mean and standard deviation (population) of a regression target on the training split; std 1 for a constant target. */
export function fitTargetScaler(s: DataSplit): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < s.n; i++) sum += s.y[i]!;
  const mean = s.n > 0 ? sum / s.n : 0;
  let sq = 0;
  for (let i = 0; i < s.n; i++) sq += (s.y[i]! - mean) ** 2;
  const variance = s.n > 0 ? sq / s.n : 0;
  return { mean, std: variance > 1e-24 ? Math.sqrt(variance) : 1 };
}

function scaleTarget(s: DataSplit, t: { mean: number; std: number }): DataSplit {
  return { x: s.x, y: Float32Array.from(s.y, (v) => (v - t.mean) / t.std), n: s.n };
}

/** The contract for a split source: raw scaling of the loader composed with the fitted standardisation. */
export function dataContract(src: Source, scaler: Scaler | null, target: { mean: number; std: number } | null): DataContract {
  let input: InputScaling = src.rawScaling;
  if (scaler) {
    const d = src.rawScaling.kind === 'divide' ? src.rawScaling.divisor : 1;
    // (x / d − m) / s = (x − m·d) / (s·d)
    input = { kind: 'standardise', mean: Array.from(scaler.mean, (m) => m * d), std: Array.from(scaler.std, (sd) => sd * d) };
  }
  const t: TargetContract =
    src.classes === null
      ? { task: 'regression', label: src.labelName, scaling: target }
      : { task: 'classification', label: src.labelName, classes: src.classNames ?? Array.from({ length: src.classes }, (_, c) => String(c)) };
  return { version: DATA_CONTRACT_VERSION, source: src.title, features: [...src.features], input, target: t };
}

/** Keep `limit` samples of the training file, picked in the seeded order. */
export function limitSource(src: Source, limit: number, seed: number): Source {
  if (limit >= src.train.n) return src;
  const perm = permutation(src.train.n, seed ^ 0x5bd1e995).subarray(0, limit);
  return { ...src, train: gatherSplit(src.train, src.inputDim, perm), title: `${src.title}, first ${formatCount(limit)} in seeded order` };
}

function checkFraction(name: string, v: number): void {
  if (!(v >= 0 && v < 1)) throw new DatasetError(`${name} = ${v}: must be a fraction from 0 up to (not including) 1`);
}

/**
 * Shuffle (seeded) and split. With `consume`, the source's training rows are reordered in place and the
 * splits are views on them — no second copy of a large set (Fashion-MNIST: 188 MB of float32); the source
 * must not be used afterwards. Without it, the source is left as it was (a cached one, e.g. MNIST).
 */
export function splitSource(
  src: Source,
  opts: SplitOptions,
  consume = false,
): { dataset: Dataset; scaler: Scaler | null; target: { mean: number; std: number } | null } {
  checkFraction('validationSplit', opts.validationSplit);
  checkFraction('testSplit', opts.testSplit);
  const n = src.train.n;
  const counts0 = splitCounts(n, src.test ? src.test.n : null, opts.validationSplit, opts.testSplit);
  const nTest = src.test ? 0 : counts0.test;
  const nVal = counts0.val;
  const nTrain = counts0.train;
  if (nTrain < 1)
    throw new DatasetError(
      `${src.title}: ${formatCount(n)} samples leave none to train on after ${formatCount(nTest)} test and ${formatCount(nVal)} validation samples (lower the test split or the validation split)`,
    );
  const perm = permutation(n, opts.seed);
  const d = src.inputDim;
  let test: DataSplit;
  let val: DataSplit;
  let train: DataSplit;
  if (consume) {
    permuteRowsInPlace(src.train, d, perm);
    test = src.test ?? viewSplit(src.train, d, 0, nTest);
    val = viewSplit(src.train, d, nTest, nTest + nVal);
    train = viewSplit(src.train, d, nTest + nVal, n);
  } else {
    test = src.test ?? gatherSplit(src.train, d, perm.subarray(0, nTest));
    val = gatherSplit(src.train, d, perm.subarray(nTest, nTest + nVal));
    train = gatherSplit(src.train, d, perm.subarray(nTest + nVal));
  }
  let scaler: Scaler | null = null;
  if (src.standardise) {
    scaler = fitScaler(train, d);
    train = applyScaler(train, scaler);
    val = applyScaler(val, scaler);
    test = applyScaler(test, scaler);
  }
  let target: { mean: number; std: number } | null = null;
  if (src.classes === null) {
    target = fitTargetScaler(train);
    train = scaleTarget(train, target);
    val = scaleTarget(val, target);
    test = scaleTarget(test, target);
  }
  const counts = `train/val/test ${formatCount(train.n)}/${formatCount(val.n)}/${formatCount(test.n)}`;
  const scaled = scaler ? ', features standardised on the training split' : '';
  const targetScaled = target ? ', target standardised for training (figures in its own units)' : '';
  const contract = dataContract(src, scaler, target);
  return {
    dataset: { inputDim: d, classes: src.classes, train, val, test, description: `${src.title} (${counts}${scaled}${targetScaled})`, contract },
    scaler,
    target,
  };
}
