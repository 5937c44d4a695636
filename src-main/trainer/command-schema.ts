// Validates what arrives at the trainer: every channel call (method + params), with the graph and
// training config checked by the contract's own schemas. Errors are sentences naming the field.
import { z } from 'zod';
import type { Graph as GraphT } from '../contract/graph';
import { Graph } from '../contract/graph';
import type { TrainingConfig } from '../contract/training';
import { checkTraining } from '../contract/validate';
import { formatZodIssues } from '../contract/project';
import { PARAMS } from '../contract/api';

const runId = z.string().min(1).max(200);

const Command = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), runId, graph: z.unknown(), training: z.unknown() }),
  z.strictObject({ type: z.literal('pause'), runId }),
  z.strictObject({ type: z.literal('resume'), runId }),
  z.strictObject({ type: z.literal('stop'), runId }),
  z.strictObject({ type: z.literal('export'), runId, dir: z.string().min(1), label: z.string().max(200).optional() }),
  PARAMS.surfacePaths.extend({ type: z.literal('surface') }),
  PARAMS.activationShapes.extend({ type: z.literal('activations') }),
  PARAMS.lossLandscape.extend({ type: z.literal('landscape') }),
  PARAMS.dropoutEnsemble.extend({ type: z.literal('dropoutEnsemble') }),
  /** a sweep worker writes a finished run's model and path (at most pathBytes of snapshots) into dir, and lets them go from memory */
  z.strictObject({
    type: z.literal('keep'),
    runId,
    dir: z.string().min(1).max(4096),
    pathBytes: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .optional(),
  }),
  /** the app's trainer loads a run kept in dir (a sweep variant's), for export and the lesson views */
  z.strictObject({ type: z.literal('load'), runId, dir: z.string().min(1).max(4096) }),
]);

type Parsed = z.output<typeof Command>;

/** What main asks of the trainer, as channel calls: the method is the `type`. */
export type TrainerCommand = Exclude<Parsed, { type: 'start' }> | { type: 'start'; runId: string; graph: GraphT; training: TrainingConfig };
export type TrainerMethod = TrainerCommand['type'];
export type TrainerParams<M extends TrainerMethod> = Omit<Extract<TrainerCommand, { type: M }>, 'type'>;
export type SurfaceRequest = TrainerParams<'surface'>;
export type ActivationsRequest = TrainerParams<'activations'>;
export type LandscapeRequest = TrainerParams<'landscape'>;
export type EnsembleRequest = TrainerParams<'dropoutEnsemble'>;

export type ParsedCommand = { ok: true; command: TrainerCommand } | { ok: false; error: string; runId: string };

export function parseCommand(method: string, params: unknown): ParsedCommand {
  const obj = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
  const r = Command.safeParse({ ...obj, type: method });
  const rid = typeof obj.runId === 'string' ? obj.runId : '';
  if (!r.success) return { ok: false, runId: rid, error: `bad trainer command: ${formatZodIssues(r.error.issues)}` };
  const c = r.data;
  if (c.type !== 'start') return { ok: true, command: c };
  const g = Graph.safeParse(c.graph);
  if (!g.success)
    return {
      ok: false,
      runId: c.runId,
      error: `the graph is not valid: ${formatZodIssues(g.error.issues.map((i) => ({ ...i, path: ['graph', ...i.path] })))}`,
    };
  const t = checkTraining(c.training);
  if (!t.ok) return { ok: false, runId: c.runId, error: `the training setup is not valid: ${t.problems.map((p) => p.message).join('; ')}` };
  return { ok: true, command: { type: 'start', runId: c.runId, graph: g.data, training: t.config } };
}
