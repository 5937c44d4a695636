// The recovery copy sent run by run: the page (RecoveryWriter) sends each finished run to the
// service once, the service writes the whole copy every time, and the copy restores every run, in
// order, however many there are; when the service does not hold a run any more, the whole copy goes again.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project, type RunRecord } from '../../../src-main/contract/project';
import type { GradscopeApi } from '../../../src-main/contract/api';
import { applyEvent, newRun } from '../../../src-main/analysis/run-record';
import { RecoveryWriter } from '../../../src-renderer/editor/recovery-writer';
import { RunArchive } from '../../../src-renderer/training/run-archive.svelte';
import type { GradscopeService } from '../../../src-main/service/service';
import { makeService, tempDir, xorProject } from './fixtures';

const base = Project.parse(xorProject);

/** A finished run with its own figures (an epoch whose loss tells it apart). */
function finishedRun(i: number): RunRecord {
  const id = `run-${i}`;
  let run = newRun(id, base.graph, base.training, `#${i} run`, new Date(Date.UTC(2026, 0, 1, 0, i)));
  run = applyEvent(run, { type: 'epoch', runId: id, epoch: 1, trainLoss: 1 / (i + 1), trainAcc: 0.5, valLoss: 0.6, valAcc: 0.5, weights: [], seconds: 1 });
  return applyEvent(run, { type: 'finished', runId: id, reason: 'completed', epochs: 1, bestEpoch: 1, test: null }, new Date(Date.UTC(2026, 0, 1, 1, i)));
}

/** The page's side over the real service, with every writeRecovery call's runs counted. */
function pageOver(service: { current: GradscopeService }) {
  const sentRuns: number[] = [];
  const api = {
    call: ((method: string, params: { project?: Project }) => {
      if (method === 'writeRecovery') sentRuns.push(params.project?.runs.length ?? 0);
      return service.current.handleCall(method as never, params as never);
    }) as GradscopeApi['call'],
  };
  return { writer: new RecoveryWriter(api), sentRuns, api };
}

const copyOf = (runs: RunRecord[]) => (sent: ReadonlySet<string>) => ({
  project: { ...base, runs: runs.filter((r) => !sent.has(r.id)) },
  runIds: runs.map((r) => r.id),
});

describe('recovery copy, run by run', () => {
  it('sends each of 40 runs once, and the copy still restores all of them in order', async () => {
    const home = join(await tempDir(), 'home');
    const service = { current: makeService(home) };
    const { writer, sentRuns } = pageOver(service);
    const runs: RunRecord[] = [];
    for (let i = 0; i < 40; i++) {
      runs.push(finishedRun(i));
      const w = await writer.write(copyOf(runs), 'tab-a');
      expect(w).toEqual({ ok: true, value: { path: join(home, 'recovery-tab-a.gradscope.json') } });
    }
    // one run per write after the first: what a change costs does not grow with the session
    expect(sentRuns).toEqual(Array.from({ length: 40 }, () => 1));
    // a change without a new run (the graph edited) sends no run at all
    await writer.write((sent) => ({ ...copyOf(runs)(sent), project: { ...copyOf(runs)(sent).project, name: 'Edited' } }), 'tab-a');
    expect(sentRuns.at(-1)).toBe(0);

    const later = makeService(home); // a restart: the copy is read from disk
    const read = await later.handleCall('readRecovery', { tab: 'tab-a' });
    if (!read.ok || !read.value) throw new Error('no recovery copy');
    const back = { value: read.value as Project };
    expect(back.value.name).toBe('Edited');
    expect(back.value.runs.map((r) => r.id)).toEqual(runs.map((r) => r.id));
    expect(back.value.runs.map((r) => r.epochs[0]!.trainLoss)).toEqual(runs.map((_, i) => 1 / (i + 1)));
    expect(back.value.runs[39]).toEqual(Project.parse({ ...base, runs: [runs[39]] }).runs[0]);
  });

  it('when the service no longer holds the runs (it restarted), the whole copy is sent again; nothing is lost', async () => {
    const home = join(await tempDir(), 'home');
    const service = { current: makeService(home) };
    const { writer, sentRuns } = pageOver(service);
    const runs = [finishedRun(1), finishedRun(2)];
    await writer.write(copyOf(runs), 'tab-a');
    service.current = makeService(home); // the server restarted; the page stayed open
    runs.push(finishedRun(3));
    const w = await writer.write(copyOf(runs), 'tab-a');
    expect(w.ok).toBe(true);
    // the new run alone was refused (the others unknown), then all three went
    expect(sentRuns).toEqual([2, 1, 3]);
    const back = await makeService(home).handleCall('readRecovery', { tab: 'tab-a' });
    expect(back.ok && (back.value as Project | null)?.runs.map((r) => r.id)).toEqual(['run-1', 'run-2', 'run-3']);
  });

  it('a write naming a run the copy does not hold writes nothing: the good copy on disk stays', async () => {
    const home = join(await tempDir(), 'home');
    const service = makeService(home);
    const full = { ...base, runs: [finishedRun(1)] };
    await service.handleCall('writeRecovery', { project: full });
    const file = join(home, 'recovery.gradscope.json');
    const before = await readFile(file, 'utf8');
    const r = await service.handleCall('writeRecovery', { project: { ...base, runs: [] }, runIds: ['run-1', 'run-9'] });
    expect(r).toEqual({ ok: true, value: { path: file, missing: ['run-9'] } });
    expect(await readFile(file, 'utf8')).toBe(before);
    // once cleared, the service holds none of its runs
    await service.handleCall('clearRecovery', {});
    const again = await service.handleCall('writeRecovery', { project: { ...base, runs: [] }, runIds: ['run-1'] });
    expect(again).toEqual({ ok: true, value: { path: file, missing: ['run-1'] } });
    // a run sent but left out of the list is refused, not silently dropped
    const stray = await service.handleCall('writeRecovery', { project: { ...base, runs: [finishedRun(2)] }, runIds: [] });
    expect(stray).toMatchObject({ ok: false, error: 'the recovery copy was not written: run "#2 run" is not in its list of runs' });
  });

  it('a run that ends goes to the service once: kept in the run history, the recovery copy names it and still restores it', async () => {
    const home = join(await tempDir(), 'home');
    const service = { current: makeService(home) };
    const { writer, sentRuns, api } = pageOver(service);
    const failures: string[] = [];
    const archive = new RunArchive(api, { notifyFailure: (f: { error: string }) => void failures.push(f.error) });
    archive.onKept = (id) => writer.offer(id);
    const runs = [finishedRun(1)];
    await writer.write(copyOf(runs), 'tab-a');
    runs.push(finishedRun(2));
    await archive.record(runs[1]!, 'Spirals');
    expect(failures).toEqual([]);
    expect(archive.entries.map((e) => e.label)).toEqual(['#2 run']);
    const w = await writer.write(copyOf(runs), 'tab-a');
    expect(w.ok).toBe(true);
    // the first write carried run 1; the second named both and carried neither
    expect(sentRuns).toEqual([1, 0]);
    const back = await makeService(home).handleCall('readRecovery', { tab: 'tab-a' });
    expect(back.ok && (back.value as Project | null)?.runs.map((r) => r.id)).toEqual(['run-1', 'run-2']);

    // a run offered to a service that no longer has it (a restart) is sent after all
    runs.push(finishedRun(3));
    await archive.record(runs[2]!, 'Spirals');
    service.current = makeService(home);
    expect((await writer.write(copyOf(runs), 'tab-a')).ok).toBe(true);
    expect(sentRuns.slice(2)).toEqual([0, 3]);
    const again = await makeService(home).handleCall('readRecovery', { tab: 'tab-a' });
    expect(again.ok && (again.value as Project | null)?.runs.map((r) => r.id)).toEqual(['run-1', 'run-2', 'run-3']);
  });
});
