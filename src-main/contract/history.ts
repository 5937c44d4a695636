// The per-user history: every finished run (and sweep) the app has seen, kept in the data dir so it
// can be reopened after New or in another project. One file per entry plus an index of summaries. Pure.
import { z } from 'zod';
import { RunRecord } from './project';
import { SweepRecord } from './sweep';

export const HISTORY_FORMAT = 'gradscope-history';
export const HISTORY_VERSION = 1;
/** The newest entries kept; older ones are removed when a new one is added. */
export const HISTORY_LIMIT = 60;

/** A history entry's id: also its file name, so letters, digits and dashes only. */
export const HistoryId = z.string().regex(/^[A-Za-z0-9-]{1,80}$/, 'a history id is letters, digits and dashes');

/** What the history list shows of an entry, without reading the entry's file. */
export const HistoryEntry = z.strictObject({
  id: HistoryId,
  kind: z.enum(['run', 'sweep']),
  label: z.string().max(400),
  /** the project the run was trained in, as it was named then */
  project: z.string().max(200),
  startedAt: z.string().max(64),
  finishedAt: z.string().max(64).nullable(),
  reason: RunRecord.shape.reason,
  epochs: z.number().int().nonnegative(),
  trainAcc: z.number().nullable(),
  valAcc: z.number().nullable(),
  testAcc: z.number().nullable(),
  trainLoss: z.number().nullable(),
  /** a sweep's variant count */
  variants: z.number().int().nonnegative().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const HistoryIndex = z.strictObject({
  format: z.literal(HISTORY_FORMAT),
  version: z.literal(HISTORY_VERSION),
  entries: z.array(HistoryEntry),
});
export type HistoryIndex = z.infer<typeof HistoryIndex>;

/** One entry's file. */
export const HistoryRunFile = z.strictObject({
  format: z.literal(HISTORY_FORMAT),
  version: z.literal(HISTORY_VERSION),
  project: z.string().max(200),
  run: RunRecord,
});
export type HistoryRunFile = z.infer<typeof HistoryRunFile>;

/** A sweep's entry file: the sweep and its variants' runs. */
export const HistorySweepFile = z.strictObject({
  format: z.literal(HISTORY_FORMAT),
  version: z.literal(HISTORY_VERSION),
  project: z.string().max(200),
  sweep: SweepRecord,
  runs: z.array(RunRecord),
});
export type HistorySweepFile = z.infer<typeof HistorySweepFile>;

/** An entry's file, a run's or a sweep's. */
export const HistoryFile = z.union([HistoryRunFile, HistorySweepFile]);
export type HistoryFile = z.infer<typeof HistoryFile>;

const finite = (x: number | null | undefined): number | null => (x == null || !Number.isFinite(x) ? null : x);

/** The id a run's entry is kept under: its run id made file-safe, so recording a run twice replaces it. */
export function historyIdOf(run: Pick<RunRecord, 'id'>): string {
  const safe = run.id.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 60);
  let h = 0;
  for (const c of run.id) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  return `run-${safe}-${h.toString(36)}`;
}

/** The id a sweep's entry is kept under. */
export function historySweepIdOf(sweep: Pick<SweepRecord, 'id'>): string {
  return historyIdOf({ id: sweep.id }).replace(/^run-/, 'sweep-');
}

/** The list line of a sweep: its best training accuracy among the variants. */
export function historySweepEntryOf(sweep: SweepRecord, project: string): HistoryEntry {
  const best = (f: (v: SweepRecord['variants'][number]) => number | null | undefined): number | null =>
    sweep.variants.reduce<number | null>((m, v) => {
      const x = finite(f(v));
      return x === null ? m : m === null ? x : Math.max(m, x);
    }, null);
  return {
    id: historySweepIdOf(sweep),
    kind: 'sweep',
    label: sweep.label.slice(0, 400),
    project: project.slice(0, 200),
    startedAt: sweep.startedAt.slice(0, 64),
    finishedAt: sweep.finishedAt?.slice(0, 64) ?? null,
    reason: sweep.state === 'completed' ? 'completed' : 'stopped',
    epochs: sweep.training.epochs,
    trainAcc: best((v) => v.train?.acc),
    valAcc: best((v) => v.val?.acc),
    testAcc: best((v) => v.test?.acc),
    trainLoss: null,
    variants: sweep.variants.length,
  };
}

/** The list line of an entry's file. */
export function historyEntryOfFile(file: HistoryFile): HistoryEntry {
  return 'sweep' in file ? historySweepEntryOf(file.sweep, file.project) : historyEntryOf(file.run, file.project);
}

/** The list line of a run. */
export function historyEntryOf(run: RunRecord, project: string): HistoryEntry {
  const last = run.epochs.at(-1);
  return {
    id: historyIdOf(run),
    kind: 'run',
    label: run.label.slice(0, 400),
    project: project.slice(0, 200),
    startedAt: run.startedAt.slice(0, 64),
    finishedAt: run.finishedAt?.slice(0, 64) ?? null,
    reason: run.reason,
    epochs: run.epochs.length,
    trainAcc: finite(last?.trainAcc),
    valAcc: finite(last?.valAcc),
    testAcc: finite(run.test?.acc),
    trainLoss: finite(last?.trainLoss),
  };
}
