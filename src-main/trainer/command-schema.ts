// Validates what arrives at the trainer: every TrainerCommand, with the graph and training config
// checked by the contract's own schemas. Errors are sentences naming the field.
import { z } from 'zod';
import type { TrainerCommand } from '../contract/events';
import { Graph } from '../contract/graph';
import { checkTraining } from '../contract/validate';
import { formatZodIssues } from '../contract/project';

const runId = z.string().min(1).max(200);

const Command = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), runId, graph: z.unknown(), training: z.unknown() }),
  z.object({ type: z.literal('pause'), runId }),
  z.object({ type: z.literal('resume'), runId }),
  z.object({ type: z.literal('stop'), runId }),
  z.object({ type: z.literal('export'), runId, dir: z.string().min(1), requestId: z.string().min(1), label: z.string().max(200).optional() }),
]);

export type ParsedCommand = { ok: true; command: TrainerCommand } | { ok: false; error: string; runId: string; requestId?: string };

export function parseCommand(raw: unknown): ParsedCommand {
  const r = Command.safeParse(raw);
  const obj = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const rid = typeof obj.runId === 'string' ? obj.runId : '';
  const requestId = typeof obj.requestId === 'string' ? obj.requestId : undefined;
  if (!r.success) return { ok: false, runId: rid, requestId, error: `bad trainer command: ${formatZodIssues(r.error.issues)}` };
  const c = r.data;
  if (c.type !== 'start') return { ok: true, command: c };
  const g = Graph.safeParse(c.graph);
  if (!g.success) return { ok: false, runId: c.runId, error: `the graph is not valid: ${formatZodIssues(g.error.issues.map((i) => ({ ...i, path: ['graph', ...i.path] })))}` };
  const t = checkTraining(c.training);
  if (!t.ok) return { ok: false, runId: c.runId, error: `the training setup is not valid: ${t.problems.map((p) => p.message).join('; ')}` };
  return { ok: true, command: { type: 'start', runId: c.runId, graph: g.data, training: t.config } };
}
