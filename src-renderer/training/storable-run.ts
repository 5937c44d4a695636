// A run as the project file will hold it: the per-neuron series dropped (forStorage), and checked
// the way the file will be read back (JSON, where NaN and Infinity become null). Pure.
//
// A finished run never changes (every event makes a new record), so it is checked once: saving, the
// recovery copy and the run history ask about the same run again and again, and a long run's check
// (a JSON round trip and the schema) takes a while. Only the verdict is remembered, not the copy.
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
  return judged(run, stored, RunRecord.safeParse(JSON.parse(JSON.stringify(stored))));
}

/**
 * storableRun, its steps each in a task of its own (copy, JSON out, JSON back, schema): a long run's
 * check would otherwise hold the page for one long stretch. The verdict is remembered the same way.
 */
export async function storableRunInSteps(run: RunRecord): Promise<StorableRun> {
  if (verdicts.has(run)) return storableRun(run);
  const stored = forStorage(run);
  await nextTask();
  const text = JSON.stringify(stored);
  await nextTask();
  const plain: unknown = JSON.parse(text);
  await nextTask();
  return judged(run, stored, RunRecord.safeParse(plain));
}

function judged(run: RunRecord, stored: RunRecord, back: ReturnType<typeof RunRecord.safeParse>): StorableRun {
  const error = back.success ? null : `run "${run.label}": ${formatZodIssues(back.error.issues)}`;
  // a run still training changes under the same record (its step series grow in place): not remembered
  if (run.finishedAt !== null) verdicts.set(run, error);
  return error === null ? { ok: true, run: stored } : { ok: false, error };
}

/** True when storableRun(run) already answered ok for this very record (a cheap question). */
export function knownStorable(run: RunRecord): boolean {
  return verdicts.get(run) === null;
}
