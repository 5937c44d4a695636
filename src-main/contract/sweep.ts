// A sweep: one base graph and training setup, trained once per combination of the values of one or
// two axes (depth, activation, optimizer, learning rate, …), on a pool of trainer workers. The spec,
// the variants, the results, the events and the record a project keeps. Pure: the renderer imports it.
// How an axis changes a graph lives in analysis/sweep-axes.ts (planSweep); the templates in
// ./sweep-templates.ts.
import { z } from 'zod';
import { Activation, Graph } from './graph';
import { Optimizer, TrainingConfig } from './training';
import type { TrainerEvent } from './events';

/** Every axis a sweep can vary. */
export const AXIS_NAMES = [
  'depth',
  'activation',
  'units',
  'pieces',
  'optimizer',
  'learningRate',
  'batchSize',
  'epochs',
  'dropout',
  'l1',
  'l2',
  'trainSamples',
  'seed',
] as const;
export type AxisName = (typeof AXIS_NAMES)[number];

/** The axes that change the graph; `nodes` says which nodes (absent: every hidden layer it applies to; for depth, the whole hidden chain). */
export const GRAPH_AXES: readonly AxisName[] = ['depth', 'activation', 'units', 'pieces', 'dropout', 'l1', 'l2'];

/** At most this many values on one axis, and this many variants in one sweep. */
export const MAX_AXIS_VALUES = 64;
export const MAX_VARIANTS = 256;
/** The most repetitions the depth axis makes of a block. */
export const MAX_DEPTH = 64;

const nodeIds = z.array(z.string().min(1).max(64)).min(1).max(500);
const values = <T extends z.ZodType>(t: T) => z.array(t).min(1).max(MAX_AXIS_VALUES);
const num = z.number().finite();
const int = z.number().int();

/** One axis: its name, its values (in the order the sweep runs them) and, for graph axes, the nodes it changes.
 * Ranges are checked by planSweep (analysis/sweep-axes.ts), which names the axis and the value at fault. */
export const SweepAxis = z.discriminatedUnion('name', [
  /** repetitions of the hidden block: `nodes` (a run of consecutive hidden layers picked on the canvas), else the
   * hidden chain's repeating unit (one layer when the chain is identical layers) */
  z.strictObject({ name: z.literal('depth'), values: values(int), nodes: nodeIds.optional() }),
  /** of every hidden dense layer, or of `nodes` */
  z.strictObject({ name: z.literal('activation'), values: values(Activation), nodes: nodeIds.optional() }),
  /** width of every hidden dense and maxout layer, or of `nodes` */
  z.strictObject({ name: z.literal('units'), values: values(int), nodes: nodeIds.optional() }),
  /** Maxout pieces k of every maxout layer, or of `nodes` */
  z.strictObject({ name: z.literal('pieces'), values: values(int), nodes: nodeIds.optional() }),
  /** each with its own parameters (momentum, decay, β1, β2) */
  z.strictObject({ name: z.literal('optimizer'), values: values(Optimizer) }),
  z.strictObject({ name: z.literal('learningRate'), values: values(num) }),
  z.strictObject({ name: z.literal('batchSize'), values: values(int) }),
  z.strictObject({ name: z.literal('epochs'), values: values(int) }),
  /** dropout rate p on every hidden layer's output, or on `nodes` */
  z.strictObject({ name: z.literal('dropout'), values: values(num), nodes: nodeIds.optional() }),
  /** L1 λ on every hidden layer's kernel, or on `nodes` */
  z.strictObject({ name: z.literal('l1'), values: values(num), nodes: nodeIds.optional() }),
  /** L2 λ on every hidden layer's kernel, or on `nodes` */
  z.strictObject({ name: z.literal('l2'), values: values(num), nodes: nodeIds.optional() }),
  /** how many samples of the training split are trained on (the first N in the seeded order; validation and test sets unchanged) */
  z.strictObject({ name: z.literal('trainSamples'), values: values(int) }),
  /** repeats: each value is the seed of the weights, the split and the shuffling (a point gets a spread) */
  z.strictObject({ name: z.literal('seed'), values: values(int) }),
]);
export type SweepAxis = z.infer<typeof SweepAxis>;
export type AxisOf<N extends AxisName> = Extract<SweepAxis, { name: N }>;
/** One value of an axis: a number, an activation name, or an optimizer with its parameters. */
export type AxisValue = SweepAxis['values'][number];

/** What a sweep varies and on how many trainer workers it runs. */
export const SweepSpec = z.strictObject({
  /** one or two axes; the variants are every combination, the first axis outermost */
  axes: z.array(SweepAxis).min(1).max(2),
  /** trainer workers running variants side by side (absent: the number of cores); results do not depend on it */
  workers: z.number().int().min(1).max(32).optional(),
});
export type SweepSpec = z.infer<typeof SweepSpec>;
/** A spec as written by hand or by a caller: optimizer parameters may be left to their defaults. */
export type SweepSpecInput = z.input<typeof SweepSpec>;

/** One variant's axis values, by axis name (only the swept axes). */
export type VariantAxes = Partial<Record<AxisName, AxisValue>>;
export const VariantAxesSchema = z.partialRecord(z.enum(AXIS_NAMES), z.union([num, Activation, Optimizer]));

/** One combination of axis values, as planned. index: 0-based, first axis outermost. */
export interface Variant {
  index: number;
  axes: VariantAxes;
  /** "depth=3 activation=relu" */
  label: string;
}

/** A variant as planned, with the graph and training it trains (seed included: see analysis/sweep-axes variantSeed). */
export interface PlannedVariant extends Variant {
  graph: Graph;
  training: TrainingConfig;
}

export const VARIANT_STATUSES = ['pending', 'running', 'completed', 'early_stopped', 'stopped', 'diverged', 'error'] as const;
export type VariantStatus = (typeof VARIANT_STATUSES)[number];

const split = z.strictObject({ loss: z.number().nullable(), acc: z.number().nullable() });

/** A variant's figures. train/val are measured at the weights that were tested (the restored best epoch, else the
 * last), in inference mode (dropout off); train on `trainEvalSamples` samples (all of the split, or a fixed subset of
 * a large one). null where there is nothing to measure (no validation set; a run that did not finish an epoch). */
export const VariantResult = z.strictObject({
  index: z.number().int().min(0),
  axes: VariantAxesSchema,
  label: z.string(),
  status: z.enum(VARIANT_STATUSES),
  /** the run's id (its events carried it) */
  runId: z.string().nullable(),
  /** the epoch train/val/test were measured at */
  epoch: z.number().int().nullable(),
  /** epochs that finished */
  epochs: z.number().int(),
  train: split.nullable(),
  trainEvalSamples: z.number().int().nullable(),
  val: split.nullable(),
  test: split.nullable(),
  /** mean |∂L/∂W| of the first hidden layer ÷ the last's over the last 50 steps (analysis/series hiddenGradientRatio);
   * null with fewer than two hidden layers */
  gradRatio: z.number().nullable(),
  /** wall time of the variant's run, start to finish */
  seconds: z.number(),
  /** why it failed or stopped, in the user's words; null when it completed */
  message: z.string().nullable(),
});
export type VariantResult = z.infer<typeof VariantResult>;

export const SWEEP_STATES = ['running', 'paused', 'completed', 'stopped'] as const;
export type SweepState = (typeof SWEEP_STATES)[number];

/** The one object `gradscope sweep --json` ends with, and what a finished sweep reports. */
export interface SweepSummary {
  type: 'sweep';
  sweepId: string;
  /** completed: every variant ran; stopped: the user stopped it (finished variants kept, the rest 'stopped' or 'pending') */
  state: 'completed' | 'stopped';
  axes: SweepAxis[];
  workers: number;
  /** wall time of the whole sweep */
  seconds: number;
  variants: VariantResult[];
}

/** Progress of one running variant: steps done of its planned steps. */
export interface VariantProgress {
  index: number;
  fraction: number;
  epoch: number;
}

/** What a sweep reports, tagged with its id; a variant's own trainer events come wrapped in 'variant-event'. */
export type SweepEvent =
  | { type: 'sweep-started'; sweepId: string; variants: Variant[]; workers: number; axes: SweepAxis[] }
  | { type: 'variant-started'; sweepId: string; index: number; axes: VariantAxes; runId: string }
  | { type: 'variant-event'; sweepId: string; index: number; axes: VariantAxes; event: TrainerEvent }
  /** model: the variant's trained model is kept for this session of the app (export, the lesson views can load it) */
  | { type: 'variant-finished'; sweepId: string; index: number; axes: VariantAxes; result: VariantResult; model: boolean }
  /** fraction: the whole sweep, 0…1 (finished variants count whole, running ones by their steps) */
  | { type: 'sweep-progress'; sweepId: string; done: number; total: number; fraction: number; running: VariantProgress[] }
  | { type: 'sweep-paused'; sweepId: string }
  | { type: 'sweep-resumed'; sweepId: string }
  | { type: 'sweep-finished'; sweepId: string; summary: SweepSummary };
export type SweepEventType = SweepEvent['type'];

/** A sweep still going (for a page that joins late): its setup, its plan and what finished so far. */
export interface SweepInProgress {
  sweepId: string;
  state: 'running' | 'paused';
  graph: Graph;
  training: TrainingConfig;
  spec: SweepSpec;
  /** the template it came from, as startSweep was told */
  template?: string;
  variants: Variant[];
  results: VariantResult[];
  running: VariantProgress[];
}

/** A sweep as a project keeps it: what was swept on which base, and each variant's figures. */
export const SweepRecord = z.strictObject({
  id: z.string().min(1).max(200),
  label: z.string().max(200),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  graph: Graph,
  training: TrainingConfig,
  spec: SweepSpec,
  /** the template it came from, if any (contract/sweep-templates.ts) */
  template: z.string().max(64).optional(),
  state: z.enum(['completed', 'stopped']),
  variants: z.array(VariantResult).max(MAX_VARIANTS),
});
export type SweepRecord = z.infer<typeof SweepRecord>;

/** How a value reads in a label, a table cell or a CLI argument: 3, relu, 0.001, adam, momentum:momentum=0.95. */
export function axisValueText(value: AxisValue): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  // an optimizer's parameters show only where they differ from its defaults
  const defaults = Optimizer.parse({ kind: value.kind }) as Record<string, unknown>;
  const params = Object.entries(value)
    .filter(([k, v]) => k !== 'kind' && defaults[k] !== v)
    .map(([k, v]) => `${k}=${String(v)}`);
  return [value.kind, ...params].join(':');
}

/** "depth=3 activation=relu", in the order of the sweep's axes. */
export function variantLabel(axes: readonly SweepAxis[], values: VariantAxes): string {
  return axes.map((a) => `${a.name}=${axisValueText(values[a.name]!)}`).join(' ');
}
