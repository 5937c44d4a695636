// The per-user run history: runs trained for real (tiny spiral), kept in the data dir, listed newest
// first, reopened intact by a later service; damaged files are named and never overwritten.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initBackend } from '../../../src-main/trainer/backend';
import { applyEvent, forStorage, newRun } from '../../../src-main/analysis/run-record';
import type { RunRecord } from '../../../src-main/contract/project';
import { historyIdOf } from '../../../src-main/contract/history';
import { HistoryStore } from '../../../src-main/service/history-store';
import { SweepSpec, type SweepRecord } from '../../../src-main/contract/sweep';
import { variantResult } from '../../../src-main/analysis/sweep-results';
import { collect } from '../trainer/fixtures/run';
import { chain, config, dense } from '../trainer/fixtures/graphs';
import { spiral } from '../trainer/fixtures/datasets';
import { makeService, tempDir } from './fixtures';

let runA: RunRecord;
let runB: RunRecord;

async function trained(id: string, activation: 'relu' | 'sigmoid'): Promise<RunRecord> {
  const graph = chain([dense(8, activation)]);
  const training = config({ epochs: 2, learningRate: 0.05 });
  let run = newRun(id, graph, training, `${activation} run`, new Date('2026-01-01T00:00:00Z'));
  const r = await collect(graph, training, spiral(120, 3, 0.05, 5), { runId: id, onEvent: (e) => (run = applyEvent(run, e)) });
  r.result.compiled?.dispose();
  return forStorage(run);
}

beforeAll(async () => {
  await initBackend();
  runA = await trained('run-a', 'relu');
  runB = await trained('run-b', 'sigmoid');
});

describe('run history', () => {
  it('keeps runs newest first with their figures, and a later service reopens them intact', async () => {
    const dir = await tempDir();
    const s1 = makeService(dir);
    expect(await s1.handleCall('listHistory', {})).toEqual({ ok: true, value: [] });
    const a = await s1.handleCall('addHistory', { run: runA, project: 'Spirals' });
    expect(a.ok).toBe(true);
    await s1.handleCall('addHistory', { run: runB, project: 'Spirals' });

    const s2 = makeService(dir); // the app restarted
    const list = await s2.handleCall('listHistory', {});
    if (!list.ok) throw new Error(list.error);
    const entries = list.value as { id: string; label: string; project: string; epochs: number; trainAcc: number | null }[];
    expect(entries.map((e) => e.label)).toEqual(['sigmoid run', 'relu run']);
    expect(entries[1]!.project).toBe('Spirals');
    expect(entries[1]!.epochs).toBe(2);
    expect(entries[1]!.trainAcc).toBeCloseTo(runA.epochs.at(-1)!.trainAcc!, 12);

    const back = await s2.handleCall('readHistory', { id: entries[1]!.id });
    if (!back.ok) throw new Error(back.error);
    expect((back.value as { run: RunRecord }).run).toEqual(JSON.parse(JSON.stringify(runA)));
  });

  it('the same run added again replaces its entry; removing deletes it', async () => {
    const dir = await tempDir();
    const store = new HistoryStore(dir);
    await store.addRun(runA, 'P');
    await store.addRun({ ...runA, label: 'renamed' }, 'P');
    const list = await store.list();
    expect(list.ok && list.value.map((e) => e.label)).toEqual(['renamed']);
    expect((await store.remove(historyIdOf(runA))).ok).toBe(true);
    expect(await store.list()).toEqual({ ok: true, value: [] });
    expect((await readdir(store.dir)).filter((n) => n !== 'index.json')).toEqual([]);
  });

  it('keeps only the newest entries, deleting the files of older ones', async () => {
    const dir = await tempDir();
    const store = new HistoryStore(dir, 2);
    await store.addRun(runA, 'P');
    await store.addRun(runB, 'P');
    await store.addRun({ ...runA, id: 'run-c', label: 'third' }, 'P');
    const list = await store.list();
    expect(list.ok && list.value.map((e) => e.label)).toEqual(['third', 'sigmoid run']);
    expect((await readdir(store.dir)).sort()).toEqual([`${historyIdOf(runB)}.json`, `${historyIdOf({ id: 'run-c' })}.json`, 'index.json'].sort());
  });

  it('a damaged entry is named when opened and left untouched; the others still open', async () => {
    const dir = await tempDir();
    const store = new HistoryStore(dir);
    await store.addRun(runA, 'P');
    await store.addRun(runB, 'P');
    const file = join(store.dir, `${historyIdOf(runA)}.json`);
    await writeFile(file, '{"format": "gradscope-history", "version": 1, "project": "P", "run": {"id": 3}}');
    const r = await store.read(historyIdOf(runA));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(new RegExp(`run history entry ${historyIdOf(runA)} .*damaged and was left in place.*run\\.id`));
    expect(await readFile(file, 'utf8')).toContain('"id": 3');
    expect((await store.read(historyIdOf(runB))).ok).toBe(true);
  });

  it('a damaged index is moved aside and rebuilt from the entries', async () => {
    const dir = await tempDir();
    const store = new HistoryStore(dir);
    await store.addRun(runA, 'P');
    await store.addRun(runB, 'P');
    await writeFile(join(store.dir, 'index.json'), '{ not json');
    const list = await store.list();
    expect(list.ok && list.value.map((e) => e.label).sort()).toEqual(['relu run', 'sigmoid run']);
    const aside = (await readdir(store.dir)).filter((n) => n.startsWith('index.damaged-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(store.dir, aside[0]!), 'utf8')).toBe('{ not json');
  });

  it('keeps a sweep with its variants’ runs; it reopens whole', async () => {
    const s = makeService(await tempDir());
    const variants = [runA, runB].map((run, index) =>
      variantResult({ index, axes: { activation: index === 0 ? 'relu' : 'sigmoid' }, label: run.label }, run, 1.5),
    );
    const sweep: SweepRecord = {
      id: 'sw-1',
      label: 'activations',
      startedAt: '2026-01-02T00:00:00Z',
      finishedAt: '2026-01-02T00:01:00Z',
      graph: runA.graph,
      training: runA.training,
      spec: SweepSpec.parse({ axes: [{ name: 'activation', values: ['relu', 'sigmoid'] }] }),
      state: 'completed',
      variants,
    };
    const added = await s.handleCall('addSweepHistory', { sweep, runs: [runA, runB], project: 'P' });
    expect(added).toMatchObject({ ok: true, value: { kind: 'sweep', variants: 2, label: 'activations' } });
    const best = Math.max(runA.epochs.at(-1)!.trainAcc!, runB.epochs.at(-1)!.trainAcc!);
    const list = await s.handleCall('listHistory', {});
    expect(list.ok && (list.value as { trainAcc: number }[])[0]!.trainAcc).toBeCloseTo(best, 12);
    const back = await s.handleCall('readHistory', { id: (added as { value: { id: string } }).value.id });
    if (!back.ok) throw new Error(back.error);
    const file = back.value as { sweep: SweepRecord; runs: RunRecord[] };
    expect(file.sweep.variants.map((v) => v.runId)).toEqual(['run-a', 'run-b']);
    expect(file.runs.map((r) => r.id)).toEqual(['run-a', 'run-b']);
  });

  it('refuses a malformed request with the field named', async () => {
    const s = makeService(await tempDir());
    const r = await s.handleCall('readHistory', { id: '../../etc/passwd' });
    expect(r).toMatchObject({ ok: false, kind: 'invalid', where: { field: 'id' } });
    const add = await s.handleCall('addHistory', { run: { ...runA, epochs: 'x' }, project: 'P' });
    expect(add).toMatchObject({ ok: false, kind: 'invalid', where: { field: 'run.epochs' } });
  });
});
