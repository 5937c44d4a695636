// The project file (graph + training setup + kept runs) and the run record. Pure.
import { z } from 'zod';
import { Graph, Layout, positionsOf, type GraphInput } from './graph';
import { TrainingConfig } from './training';
import { RegionsSnapshot } from './regions';
import { findJsonError, findTooDeep, MAX_JSON_DEPTH } from './json-error';
import { SweepRecord } from './sweep';

export const PROJECT_FORMAT = 'gradscope-project';
/** 2: node positions moved out of the graph into `layout`. Version-1 files are migrated on load (`migrateProject`). */
export const PROJECT_VERSION = 2;

/** A measured number. JSON has no NaN or Infinity (they serialise as null): null reads back as NaN,
 * so a diverged run (NaN loss) can be saved and reopened. */
export const num = z.union([z.number(), z.null()]).transform((v) => v ?? NaN);
export const maybe = z.number().nullable();

/** A trainable layer as a run describes it (also read, less strictly, from JSON-lines logs). */
export const LAYER_INFO_FIELDS = {
  node: z.string(),
  name: z.string(),
  kind: z.enum(['dense', 'maxout', 'output']),
  units: z.number().int(),
  activation: z.string(),
  hidden: z.boolean(),
  hasBias: z.boolean(),
  hasAlpha: z.boolean(),
};

const LayerInfoSchema = z.strictObject(LAYER_INFO_FIELDS);

const WeightStatsSchema = z.strictObject({
  node: z.string(),
  /** absent in an older epoch of a long run, whose histograms were thinned */
  histogram: z.strictObject({ min: num, max: num, counts: z.array(num) }).optional(),
  kernelNorm: num,
  kernelMeanAbs: num,
  nearZeroFraction: num,
  alpha: z.strictObject({ mean: num, min: num, max: num, histogram: z.strictObject({ min: num, max: num, counts: z.array(num) }).optional() }).nullable(),
  deadFraction: maybe,
});

const HistogramSchema = z.strictObject({ min: num, max: num, counts: z.array(num) });
const ActivationStatsSchema = z.strictObject({
  node: z.string(),
  pre: HistogramSchema.optional(),
  post: HistogramSchema.optional(),
  saturation: z.enum(['bounds', 'dead']).nullable(),
  saturated: maybe,
  samples: z.number().int(),
});

/** An epoch's figures, as a run keeps them and as a JSON-lines log's epoch event carries them. */
export const EPOCH_FIGURE_FIELDS = {
  epoch: z.number().int(),
  trainLoss: num,
  trainAcc: maybe,
  trainSamples: z.number().int().optional(),
  runningLoss: num.optional(),
  runningAcc: maybe.optional(),
  valLoss: maybe,
  valAcc: maybe,
  trainR2: maybe.optional(),
  valR2: maybe.optional(),
  activations: z.array(ActivationStatsSchema).optional(),
  seconds: num,
};

const EpochSchema = z.strictObject({ ...EPOCH_FIGURE_FIELDS, weights: z.array(WeightStatsSchema) });

/** Per-step series of a run, column-wise to keep files small. layers[i] aligns with RunRecord.layers[i]. */
export const StepSeries = z.strictObject({
  step: z.array(z.number().int()),
  loss: z.array(num),
  acc: z.array(maybe),
  layers: z.array(
    z.strictObject({
      kernelNorm: z.array(num),
      kernelMeanAbs: z.array(num),
      biasNorm: z.array(maybe),
      biasMeanAbs: z.array(maybe),
      /** per step, per neuron mean |g| of incoming weights; kept live, replaced by neuronBins when saved */
      neuronMeanAbs: z.array(z.array(num)).optional(),
      /** the per-neuron series as saved: columns of binned steps (like the heatmap), bounded in size */
      neuronBins: z
        .strictObject({
          /** the last step number of each column */
          steps: z.array(z.number().int()),
          /** per column, per neuron: the mean over the column's steps */
          values: z.array(z.array(num)),
        })
        .optional(),
    }),
  ),
});
export type StepSeries = z.infer<typeof StepSeries>;

export const RunRecord = z.strictObject({
  id: z.string().min(1),
  label: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  graph: Graph,
  training: TrainingConfig,
  backend: z.string(),
  layers: z.array(LayerInfoSchema),
  /** samples in each split as trained on; absent in runs saved before it was recorded */
  samples: z.strictObject({ train: z.number().int(), val: z.number().int(), test: z.number().int() }).optional(),
  epochs: z.array(EpochSchema),
  steps: StepSeries,
  reason: z.enum(['completed', 'stopped', 'early_stopped', 'diverged', 'error']).nullable(),
  message: z.string().nullable(),
  bestEpoch: z.number().int().nullable(),
  earlyStopEpoch: z.number().int().nullable(),
  /** the epoch whose weights were tested and exported (absent in runs saved before it existed) */
  modelEpoch: z.number().int().nullable().optional(),
  test: z.strictObject({ loss: num, acc: maybe, mae: maybe.optional(), r2: maybe.optional() }).nullable(),
  exportPath: z.string().nullable(),
  /** the last decision-regions picture (2 features with classes, or a 1-D function); absent for other data */
  regions: RegionsSnapshot.optional(),
});
export type RunRecord = z.infer<typeof RunRecord>;
/** An epoch as a run keeps it: the trainer's EpochRecord, whose histograms an older epoch of a long run may have dropped (analysis/epoch-series.ts). */
export type KeptEpoch = RunRecord['epochs'][number];

const ProjectV2 = z.strictObject({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  name: z.string().max(200).default('Untitled'),
  description: z.string().max(4000).optional(),
  graph: Graph,
  /** where each node sits on the canvas; nodes without a place are laid out when opened */
  layout: Layout.default({}),
  training: TrainingConfig,
  runs: z.array(RunRecord).default([]),
  /** the project's sweeps (contract/sweep.ts); absent in files written before sweeps existed, and left out while there are none */
  sweeps: z.array(SweepRecord).max(100).optional(),
});

/** A version-1 project (positions inline in the graph's nodes) as version 2 (positions in `layout`;
 * the graph and its runs' graphs drop theirs when parsed). Anything else passes through unchanged. */
export function migrateProject(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const p = raw as Record<string, unknown>;
  if (p.version !== 1) return p;
  return { ...p, version: PROJECT_VERSION, layout: positionsOf(p.graph) };
}

/** A project file's content; older versions are migrated first. */
export const Project = z.preprocess(migrateProject, ProjectV2);
export type Project = z.infer<typeof ProjectV2>;
export type ProjectInput = Omit<z.input<typeof ProjectV2>, 'graph'> & { graph: GraphInput };

/** Parse project JSON text; errors name the field path (and the line for JSON syntax errors). */
export function parseProject(text: string, source = 'project'): { ok: true; project: Project } | { ok: false; error: string } {
  const deep = findTooDeep(text);
  if (deep)
    return {
      ok: false,
      error: `${source}: line ${deep.line}, column ${deep.column}: nested more than ${MAX_JSON_DEPTH} levels deep; this is not a Gradscope project`,
    };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const at = findJsonError(text)!;
    return { ok: false, error: `${source}: not valid JSON at line ${at.line}, column ${at.column}: ${at.problem}` };
  }
  const r = Project.safeParse(raw);
  if (!r.success) return { ok: false, error: `${source}: ${formatZodIssues(r.error.issues)}` };
  return { ok: true, project: r.data };
}

const issuePath = (i: z.core.$ZodIssue): string =>
  i.path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc === '' ? String(p) : `${acc}.${String(p)}`), '');

/** The field the first issue is about ("graph.nodes[3].units"), for a Failure's where.field; undefined when it is about the whole value. */
export function firstIssueField(issues: readonly z.core.$ZodIssue[]): string | undefined {
  const first = issues[0];
  const path = first ? issuePath(first) : '';
  return path === '' ? undefined : path;
}

/** "graph.nodes[3].units: expected number" style messages, at most five. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, 5).map((i) => {
    const path = issuePath(i);
    return path === '' ? i.message : `${path}: ${i.message}`;
  });
  if (issues.length > 5) parts.push(`…and ${issues.length - 5} more`);
  return parts.join('; ');
}
