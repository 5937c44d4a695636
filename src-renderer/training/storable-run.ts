// A run as the project file will hold it: the per-neuron series dropped (forStorage), and checked
// the way the file will be read back (JSON, where NaN and Infinity become null). Pure.
import { RunRecord, formatZodIssues } from '../../src-main/contract/project';
import { forStorage } from '../../src-main/analysis/run-record';

/** The run ready for the project file, or why it cannot be stored. */
export function storableRun(run: RunRecord): { ok: true; run: RunRecord } | { ok: false; error: string } {
  const stored = forStorage(run);
  const back = RunRecord.safeParse(JSON.parse(JSON.stringify(stored)));
  return back.success ? { ok: true, run: stored } : { ok: false, error: `run "${run.label}": ${formatZodIssues(back.error.issues)}` };
}
