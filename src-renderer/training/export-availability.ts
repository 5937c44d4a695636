// Whether a run's trained weights can be exported ("Export model…", "PyTorch project…"), and if not, why,
// in the user's words. Only the trainer of this session holds weights, and only for its last few runs:
// a run imported from a log or reopened from a project file has curves but no weights here. A sweep
// variant's model is kept by the app (on disk) for its last few sweeps of this session. Pure.
import { KEPT_SWEEPS, TRAINER_KEEPS_MODELS } from '../../src-main/contract/api';
import type { RunRecord } from '../../src-main/contract/project';

/** Where a run in the history came from; 'sweep-kept' / 'sweep-gone': a sweep's variant whose model the app keeps / no longer has. */
export type RunOrigin = 'trained' | 'imported' | 'reopened' | 'sweep-kept' | 'sweep-gone';

/** null: exportable; otherwise the reason the export buttons are off. `trained`: ids of the runs of this session that left a model in the trainer, oldest first. */
export function weightsExportBlock(run: Pick<RunRecord, 'id' | 'finishedAt' | 'reason'>, origin: RunOrigin, trained: readonly string[]): string | null {
  switch (origin) {
    case 'imported':
      return 'this run was imported from a log; its weights are not in this session (for a PyTorch project of this network, run gradscope export-pytorch on the project file)';
    case 'reopened':
      return 'this run was reopened from the project file, which keeps its curves but not its weights; re-run it to export its model';
    case 'sweep-gone':
    case 'sweep-kept':
      if (run.finishedAt === null) return 'the variant is still training; export it when it has finished';
      if (run.reason === 'error') return 'the variant failed, so it has no trained model to export';
      return origin === 'sweep-kept'
        ? null
        : `this sweep variant's trained model is not kept: the app keeps the models of its last ${KEPT_SWEEPS} sweeps until it quits; load the variant's graph into the editor (Sweeps) and train it to export its model`;
    case 'trained':
      break;
    default: {
      const never: never = origin;
      return never;
    }
  }
  if (run.finishedAt === null) return 'the run is still training; export it when it has finished';
  if (run.reason === 'error') return 'the run failed, so it has no trained model to export';
  const recent = trained.slice(-TRAINER_KEEPS_MODELS);
  if (!recent.includes(run.id))
    return `the trainer keeps the weights of the last ${TRAINER_KEEPS_MODELS} runs of this session only; re-run this one to export its model`;
  return null;
}
