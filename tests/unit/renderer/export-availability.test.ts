// Why the export buttons (and the dropout-ensemble Measure) are off for a run, in the user's words: a sweep
// variant's run exports while the app keeps its model, and says why not otherwise.
import { describe, expect, it } from 'vitest';
import { weightsExportBlock } from '../../../src-renderer/training/export-availability';

const finished = { id: 'sweep-abc-123456-v2', finishedAt: '2026-12-01T10:00:00.000Z', reason: 'completed' as const };

describe('weights export availability of a sweep variant', () => {
  it('exports while the app keeps its model; a gone model, a failed or a training variant say why', () => {
    expect(weightsExportBlock(finished, 'sweep-kept', [])).toBeNull();
    expect(weightsExportBlock({ ...finished, reason: 'stopped' }, 'sweep-kept', [])).toBeNull();
    expect(weightsExportBlock(finished, 'sweep-gone', [])).toBe(
      "this sweep variant's trained model is not kept: the app keeps the models of its last 3 sweeps until it quits; load the variant's graph into the editor (Sweeps) and train it to export its model",
    );
    for (const origin of ['sweep-kept', 'sweep-gone'] as const) {
      expect(weightsExportBlock({ ...finished, reason: 'error' }, origin, [])).toBe('the variant failed, so it has no trained model to export');
      expect(weightsExportBlock({ ...finished, finishedAt: null, reason: null }, origin, [])).toBe(
        'the variant is still training; export it when it has finished',
      );
    }
  });
});
