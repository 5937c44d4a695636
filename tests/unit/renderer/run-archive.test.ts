// The app's run archive over the real service (temp data dir): a run that ends is kept, survives New
// and a restart, and reopens into the project as an unsaved run.
import { describe, expect, it } from 'vitest';
import { SessionState } from '../../../src-renderer/training/session-state.svelte';
import { RunArchive } from '../../../src-renderer/training/run-archive.svelte';
import type { GradscopeApi } from '../../../src-main/contract/api';
import { defaultTraining } from '../../../src-renderer/editor/defaults';
import { Graph } from '../../../src-main/contract/graph';
import { threeNodeGraph } from '../fixtures/graphs';
import { makeService, tempDir } from '../service/fixtures';

const graph: Graph = Graph.parse(threeNodeGraph());
const training = { ...defaultTraining(), epochs: 1 };

function apiOver(dir: string): Pick<GradscopeApi, 'call'> {
  const service = makeService(dir);
  return { call: ((m: string, p: unknown) => service.handleCall(m, p)) as GradscopeApi['call'] };
}

function quietUi() {
  const failures: string[] = [];
  return { failures, ui: { notifyFailure: (f: { error: string }, doing?: string) => void failures.push(`${doing}: ${f.error}`) } };
}

describe('run archive', () => {
  it('a run that ends is kept; after New and a restart it is listed and reopens unsaved', async () => {
    const dir = await tempDir();
    const { ui, failures } = quietUi();
    const archive = new RunArchive(apiOver(dir), ui);
    // the session's trainer is faked (no trainer in this test): startTraining answers with an id
    const session = new SessionState({
      call: (async (m: string) => (m === 'startTraining' ? { ok: true, value: { runId: 'r1' } } : { ok: true, value: null })) as GradscopeApi['call'],
    });
    const kept: Promise<void>[] = [];
    session.onRunEnded = (run) => kept.push(archive.record(run, 'My project'));
    await session.start(graph, training);
    session.handle({ type: 'epoch', runId: 'r1', epoch: 1, trainLoss: 0.5, trainAcc: 0.8, valLoss: 0.6, valAcc: 0.75, weights: [], seconds: 1 });
    session.handle({ type: 'finished', runId: 'r1', reason: 'completed', epochs: 1, bestEpoch: 1, test: { loss: 0.7, acc: 0.7 } });
    await Promise.all(kept);
    expect(failures).toEqual([]);

    session.loadRuns([]); // New
    const later = new RunArchive(apiOver(dir), ui); // the app restarted
    await later.refresh();
    expect(later.entries).toHaveLength(1);
    expect(later.entries[0]).toMatchObject({ project: 'My project', trainAcc: 0.8, valAcc: 0.75, testAcc: 0.7, reason: 'completed' });
    const file = await later.open(later.entries[0]!.id);
    const run = file && 'run' in file ? file.run : null;
    expect(run?.id).toBe('r1');
    expect(session.reopen(run!)).toBe(true);
    expect(session.current?.test?.acc).toBe(0.7);
    expect(session.hasUnsavedRuns).toBe(true);

    await later.remove(later.entries[0]!.id);
    await later.refresh();
    expect(later.entries).toEqual([]);
    expect(await later.open('run-gone-1')).toBeNull();
    expect(failures.at(-1)).toMatch(/cannot open it: the run history has no entry run-gone-1/);
  });
});
