// A JSON-lines event log (written by `gradscope train --json` or an exported PyTorch project's train.py)
// → a RunRecord of a project, so a run trained elsewhere is seen in the same views. Pure: text in, a
// validated record or an error naming the line and field out.
import { z } from 'zod';
import { hasKernel, type Graph } from '../contract/graph';
import type { TrainerEvent } from '../contract/events';
import { EPOCH_FIGURE_FIELDS, LAYER_INFO_FIELDS, RunRecord, formatZodIssues, maybe, num } from '../contract/project';
import { TrainingConfig } from '../contract/training';
import { applyEvent, newRun } from './run-record';

const runId = z.string().min(1).max(200);

const LayerInfo = z.object(LAYER_INFO_FIELDS);
const LayerGrad = z.object({
  kernelNorm: num,
  kernelMeanAbs: num,
  biasNorm: maybe,
  biasMeanAbs: maybe,
  alphaNorm: maybe.default(null),
  alphaMeanAbs: maybe.default(null),
  neuronMeanAbs: z.array(num).default([]),
});
const Step = z.object({ step: z.number().int(), epoch: z.number().int(), loss: num, acc: maybe, layers: z.array(LayerGrad).default([]) });
const WeightStats = z.object({
  node: z.string(),
  histogram: z.object({ min: num, max: num, counts: z.array(num) }),
  kernelNorm: num,
  kernelMeanAbs: num,
  nearZeroFraction: num,
  alpha: z.object({ mean: num, min: num, max: num }).nullable(),
  deadFraction: maybe,
});
// regression figures (MAE, R²) are kept; logs written before they existed have none
const Test = z.object({ loss: num, acc: maybe, mae: maybe.optional(), r2: maybe.optional() }).nullable();

const Event = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('started'),
    runId,
    backend: z.string(),
    layers: z.array(LayerInfo),
    inputDim: z.number().int(),
    classes: z.number().int().nullable(),
    samples: z.object({ train: z.number().int(), val: z.number().int(), test: z.number().int() }),
    stepsPerEpoch: z.number().int(),
    epochs: z.number().int(),
    config: z.unknown(),
  }),
  z.object({ type: z.literal('steps'), runId, steps: z.array(Step) }),
  z.object({
    type: z.literal('epoch'),
    runId,
    ...EPOCH_FIGURE_FIELDS,
    weights: z.array(WeightStats),
  }),
  z.object({ type: z.literal('paused'), runId }),
  z.object({ type: z.literal('resumed'), runId }),
  z.object({ type: z.literal('early_stop'), runId, epoch: z.number().int(), bestEpoch: z.number().int(), restored: z.boolean() }),
  z.object({ type: z.literal('diverged'), runId, epoch: z.number().int(), step: z.number().int(), loss: num, message: z.string() }),
  z.object({ type: z.literal('error'), runId, message: z.string() }),
  z.object({
    type: z.literal('finished'),
    runId,
    reason: z.enum(['completed', 'stopped', 'early_stopped', 'diverged', 'error']),
    epochs: z.number().int(),
    bestEpoch: z.number().int().nullable(),
    modelEpoch: z.number().int().nullable().optional(),
    test: Test,
  }),
]);

export type RunLogResult = { ok: true; run: RunRecord; events: number } | { ok: false; error: string };

/** The project's kernel layers in the order the trainer reports them (node ids). */
function kernelNodeIds(graph: Graph): Set<string> {
  return new Set(graph.nodes.filter(hasKernel).map((n) => n.id));
}

/**
 * Parse a log and fold it into a run of `project`. `source` names the file in messages; `label` is the run's
 * label in the views. The log must describe the project's network (same kernel layers).
 */
export function runFromLog(text: string, project: { graph: Graph; training: TrainingConfig }, source: string, label: string, now = new Date()): RunLogResult {
  const lines = text.split(/\r?\n/);
  let run: RunRecord | null = null;
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const where = `${source}: line ${i + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return { ok: false, error: `${where}: not valid JSON (a run log has one JSON event per line)` };
    }
    const type = (json as { type?: unknown })?.type;
    const parsed = Event.safeParse(json);
    if (!parsed.success)
      return { ok: false, error: `${where}${typeof type === 'string' ? ` ("${type}" event)` : ''}: ${formatZodIssues(parsed.error.issues)}` };
    const event = parsed.data;
    if (event.type === 'started') {
      if (run) return { ok: false, error: `${where}: a second "started" event; the file holds more than one run` };
      const wanted = kernelNodeIds(project.graph);
      const logged = event.layers.map((l) => l.node);
      if (logged.length !== wanted.size || logged.some((n) => !wanted.has(n)))
        return {
          ok: false,
          error: `${where}: the log's layers (${logged.join(', ')}) are not this project's (${[...wanted].join(', ')}); it was written for a different network`,
        };
      const cfg = TrainingConfig.safeParse(event.config);
      run = newRun(event.runId, project.graph, cfg.success ? cfg.data : project.training, label, now);
    } else if (!run) {
      return { ok: false, error: `${where}: a "${event.type}" event before the "started" event; is this a Gradscope run log?` };
    } else if (event.runId !== run.id) {
      return { ok: false, error: `${where}: run id ${event.runId}, but the log started run ${run.id}` };
    } else if (event.type === 'steps' && event.steps.some((s) => s.layers.length !== run!.layers.length)) {
      return {
        ok: false,
        error: `${where}: a step with gradients for ${event.steps.find((s) => s.layers.length !== run!.layers.length)!.layers.length} layers; the run has ${run.layers.length}`,
      };
    }
    run = applyEvent(run, event as TrainerEvent, now);
    count++;
  }
  if (!run) return { ok: false, error: `${source}: no "started" event; this is not a run log (write one with train.py --log FILE or gradscope train --json)` };
  if (run.finishedAt === null)
    run = { ...run, reason: 'stopped', message: run.message ?? 'the log ends before the run finished', finishedAt: now.toISOString() };
  const checked = RunRecord.safeParse(JSON.parse(JSON.stringify(run)));
  if (!checked.success) return { ok: false, error: `${source}: the run cannot be kept: ${formatZodIssues(checked.error.issues)}` };
  return { ok: true, run: { ...checked.data, steps: run.steps }, events: count };
}
