// `gradscope import-run`: add a run logged as JSON lines (an exported train.py, or `gradscope train --json`)
// to a project file, so its curves, gradient heatmap and diagnosis open in Gradscope. The project file is
// replaced atomically; a bad log leaves it untouched.
import path from 'node:path';
import { runFromLog } from '../analysis/run-log';
import { forStorage } from '../analysis/run-record';
import { stepCount } from '../analysis/step-series';
import { MAX_RUN_LOG_BYTES, readCheckedText } from '../data/safe-read';
import { readProjectFile, writeProjectFile } from '../export/project-file';
import type { Command } from './args';
import { formatFixed, formatPercent } from '../contract/number-format';
import { line, type CliIO } from './io';
import { EXIT, UsageError } from './usage-error';

type ImportCommand = Extract<Command, { kind: 'import-run' }>;

export async function runImportRunCommand(cmd: ImportCommand, io: CliIO): Promise<number> {
  const logFile = path.resolve(io.cwd, cmd.log);
  const projectFile = path.resolve(io.cwd, cmd.into);
  // an unreadable log is a GradscopeError of kind 'file' (the CLI reports it in one line, exit 2)
  const text = await readCheckedText(logFile, MAX_RUN_LOG_BYTES, 'run log');
  const project = await readProjectFile(projectFile);
  const label = cmd.label ?? `${path.basename(logFile).replace(/\.jsonl?$/i, '')} (imported)`;
  const r = runFromLog(text, project, logFile, label);
  if (!r.ok) throw new UsageError(r.error);
  const run = r.run;
  if (project.runs.some((x) => x.id === run.id)) throw new UsageError(`${projectFile}: already holds run ${run.id}; it was imported before`);
  await writeProjectFile(projectFile, { ...project, runs: [...project.runs, forStorage(run)] });
  const last = run.epochs[run.epochs.length - 1];
  if (cmd.json) {
    line(
      io.stdout,
      JSON.stringify({
        project: projectFile,
        runId: run.id,
        label: run.label,
        epochs: run.epochs.length,
        steps: stepCount(run.steps),
        reason: run.reason,
        test: run.test,
      }),
    );
    return EXIT.ok;
  }
  line(io.stdout, `added run "${run.label}" (${run.backend}) to ${projectFile}`);
  line(
    io.stdout,
    `${run.epochs.length} epochs, ${stepCount(run.steps)} steps, ${run.reason ?? 'unfinished'}${last ? `; last epoch: train loss ${formatFixed(last.trainLoss)}, val loss ${formatFixed(last.valLoss)} acc ${formatPercent(last.valAcc)}` : ''}`,
  );
  if (run.test) line(io.stdout, `test: loss ${formatFixed(run.test.loss)}${run.test.acc !== null ? `, accuracy ${formatPercent(run.test.acc)}` : ''}`);
  return EXIT.ok;
}
