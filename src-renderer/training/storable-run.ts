// A run as the project file will hold it: the per-neuron series dropped (forStorage), and checked
// the way the file will be read back (JSON, where NaN and Infinity become null). Pure.
//
// A finished run never changes (every event makes a new record), so it is checked once: saving, the
// recovery copy and the run history ask about the same run again and again, and a long run's check
// (a JSON round trip and the schema) takes a while. Only the verdict is remembered, not the copy.
import type { z } from 'zod';
import { RunRecord, formatZodIssues } from '../../src-main/contract/project';
import { forStorage } from '../../src-main/analysis/run-record';
import { nextTask } from '../lib/next-task';

export type StorableRun = { ok: true; run: RunRecord } | { ok: false; error: string };

/** finished run → null when it can be stored, else why not */
const verdicts = new WeakMap<RunRecord, string | null>();

/** The run ready for the project file, or why it cannot be stored. */
export function storableRun(run: RunRecord): StorableRun {
  const known = verdicts.get(run);
  if (known === null) return { ok: true, run: forStorage(run) };
  if (known !== undefined) return { ok: false, error: known };
  const stored = forStorage(run);
  return judged(run, stored, RunRecord.safeParse(asRead(stored)).error?.issues ?? null);
}

/**
 * storableRun, its steps each in a task of its own (the copy; the schema on the record's small fields,
 * on each EPOCHS_PER_TASK epochs, on each layer's step series, each piece read back through JSON on
 * its own): a long run's check would otherwise hold the page for one long stretch, and no JSON copy
 * of the whole run is held while it runs. The verdict is the same, and remembered.
 */
export async function storableRunInSteps(run: RunRecord): Promise<StorableRun> {
  if (verdicts.has(run)) return storableRun(run);
  const stored = forStorage(run);
  await nextTask();
  // a misfit is checked whole once more, so the problems are named as storableRun names them
  return judged(run, stored, (await fitsInSteps(stored)) ? null : (RunRecord.safeParse(asRead(stored)).error?.issues ?? null));
}

/** A value as the file will read it back: JSON, where NaN and Infinity become null and undefined fields go (undefined itself, as in an array, null). */
const asRead = (x: unknown): unknown => (x === undefined ? null : (JSON.parse(JSON.stringify(x)) as unknown));

/** Epochs checked in one task: a long run's epochs are most of the schema's work. */
const EPOCHS_PER_TASK = 100;

/**
 * Whether RunRecord.safeParse(asRead(stored)) would succeed, found in pieces: the record with no
 * epochs and no layer series, then the epochs a batch at a time, then each layer's series (the schema
 * puts no condition on those arrays as a whole, only on their elements).
 */
async function fitsInSteps(stored: RunRecord): Promise<boolean> {
  const { epochs, steps } = stored;
  if (!Array.isArray(epochs) || typeof steps !== 'object' || steps === null || !Array.isArray(steps.layers)) return RunRecord.safeParse(asRead(stored)).success;
  if (!RunRecord.safeParse(asRead({ ...stored, epochs: [], steps: { ...steps, layers: [] } })).success) return false;
  const epoch = RunRecord.shape.epochs.element;
  const layer = RunRecord.shape.steps.shape.layers.element;
  for (let i = 0; i < epochs.length; i += EPOCHS_PER_TASK) {
    await nextTask();
    if (!epochs.slice(i, i + EPOCHS_PER_TASK).every((e) => epoch.safeParse(asRead(e)).success)) return false;
  }
  for (const l of steps.layers) {
    await nextTask();
    if (!layer.safeParse(asRead(l)).success) return false;
  }
  return true;
}

function judged(run: RunRecord, stored: RunRecord, issues: readonly z.core.$ZodIssue[] | null): StorableRun {
  const error = issues === null ? null : `run "${run.label}": ${formatZodIssues(issues)}`;
  // a run still training changes under the same record (its step series grow in place): not remembered
  if (run.finishedAt !== null) verdicts.set(run, error);
  return error === null ? { ok: true, run: stored } : { ok: false, error };
}

/** True when storableRun(run) already answered ok for this very record (a cheap question). */
export function knownStorable(run: RunRecord): boolean {
  return verdicts.get(run) === null;
}
