// Open/save through the service: round trip, atomic writes, corrupt files reported and never
// overwritten, the recent list, and the recovery copy.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../../src-main/contract/project';
import { makeService, tempDir, xorProject } from './fixtures';

const project = Project.parse(xorProject);

describe('project files', () => {
  it('saves and reopens a project unchanged, and remembers it as recent', async () => {
    const dir = await tempDir();
    const service = makeService(join(dir, 'home'));
    const file = join(dir, 'xor.gradscope.json');
    const saved = await service.handleCall('saveProject', { project: xorProject, path: file });
    expect(saved).toEqual({ ok: true, value: { path: file } });
    const opened = await service.handleCall('openProject', { path: file });
    expect(opened).toEqual({ ok: true, value: { path: file, project } });
    // defaults were filled on save: the file holds the full project
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(onDisk.training.batchSize).toBe(64);
    expect(onDisk.graph.nodes[1].l2).toBe(0.001);
    expect(await service.handleCall('recentProjects', {})).toEqual({ ok: true, value: [file] });
    // no temp files left beside it
    expect((await readdir(dir)).sort()).toEqual(['home', 'xor.gradscope.json']);
  });

  it('lists the most recent first, without duplicates or files that were deleted', async () => {
    const dir = await tempDir();
    const service = makeService(join(dir, 'home'));
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    const c = join(dir, 'c.json');
    for (const f of [a, b, c, a]) await service.handleCall('saveProject', { project: xorProject, path: f });
    await writeFile(b, ''); // still exists
    const { rm } = await import('node:fs/promises');
    await rm(c);
    expect(await service.handleCall('recentProjects', {})).toEqual({ ok: true, value: [a, b] });
  });

  it('reports a file with broken JSON by file and line', async () => {
    const dir = await tempDir();
    const service = makeService(join(dir, 'home'));
    const file = join(dir, 'broken.json');
    await writeFile(file, '{\n  "format": "gradscope-project",\n  "version": 1,\n  "name": oops\n}\n');
    const r = await service.handleCall('openProject', { path: file });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain(file);
      expect(r.error).toBe(`${file}: not valid JSON at line 4, column 11: unexpected character`);
    }
  });

  it('reports a file with a wrong field by its path', async () => {
    const dir = await tempDir();
    const service = makeService(join(dir, 'home'));
    const file = join(dir, 'wrong.json');
    const bad = structuredClone(project) as unknown as { graph: { nodes: Array<Record<string, unknown>> } };
    bad.graph.nodes[1]!.units = 'eight';
    await writeFile(file, JSON.stringify(bad));
    const r = await service.handleCall('openProject', { path: file });
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.error).toContain(`${file}: graph.nodes[1].units`);
  });

  it('never overwrites a file that is not a readable project', async () => {
    const dir = await tempDir();
    const service = makeService(join(dir, 'home'));
    const file = join(dir, 'notes.json');
    const original = '{ "my": "hand-edited notes", broken';
    await writeFile(file, original);
    const r = await service.handleCall('saveProject', { project: xorProject, path: file });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/notes\.json exists and is not a readable Gradscope project.*left untouched/);
    expect(await readFile(file, 'utf8')).toBe(original);
    expect(await service.handleCall('recentProjects', {})).toEqual({ ok: true, value: [] });
  });

  it('overwrites an older version of a valid project', async () => {
    const dir = await tempDir();
    const service = makeService(join(dir, 'home'));
    const file = join(dir, 'p.json');
    await service.handleCall('saveProject', { project: xorProject, path: file });
    await service.handleCall('saveProject', { project: { ...xorProject, name: 'renamed' }, path: file });
    const r = await service.handleCall('openProject', { path: file });
    expect(r.ok && (r.value as { project: { name: string } }).project.name).toBe('renamed');
  });

  it('names the file when it does not exist or the folder cannot be written', async () => {
    const dir = await tempDir();
    const service = makeService(join(dir, 'home'));
    const missing = join(dir, 'nope.json');
    expect(await service.handleCall('openProject', { path: missing })).toEqual({
      ok: false,
      error: `${missing}: not found`,
    });
    const inMissingDir = join(dir, 'no-such-dir', 'p.json');
    const r = await service.handleCall('saveProject', { project: xorProject, path: inMissingDir });
    expect(r).toEqual({ ok: false, error: `${inMissingDir}: cannot save: not found` });
  });

  it('asks for a path in browser mode instead of opening a dialog', async () => {
    const service = makeService(await tempDir());
    const msg = { ok: false, error: 'browser mode: give a file path' };
    expect(await service.handleCall('openProject', {})).toEqual(msg);
    expect(await service.handleCall('saveProject', { project: xorProject })).toEqual(msg);
    expect(await service.handleCall('pickDataset', { kind: 'csv' })).toEqual(msg);
    expect(await service.handleCall('exportModel', { runId: 'r1' })).toEqual(msg);
    expect(await service.handleCall('saveFile', { defaultName: 'a.csv', text: 'x' })).toEqual(msg);
  });

  it('uses the dialogs when there are some, and a cancelled dialog is null', async () => {
    const dir = await tempDir();
    const chosen = join(dir, 'picked.json');
    let answer: string | null = chosen;
    const asked: string[] = [];
    const dialogs = {
      openFile: async (o: { title: string }) => (asked.push(o.title), answer),
      openDirectory: async (o: { title: string }) => (asked.push(o.title), answer),
      saveFile: async (o: { title: string; defaultName: string }) => (asked.push(`${o.title}: ${o.defaultName}`), answer),
    };
    const service = makeService(join(dir, 'home'), { dialogs });
    expect(await service.handleCall('saveProject', { project: xorProject, saveAs: true, path: join(dir, 'ignored.json') })).toEqual({
      ok: true,
      value: { path: chosen },
    });
    expect(asked).toEqual(['Save project: XOR with ReLU.gradscope.json']);
    answer = null;
    expect(await service.handleCall('openProject', {})).toEqual({ ok: true, value: null });
  });
});

describe('recovery copy', () => {
  it('writes, reads back and clears the recovery copy', async () => {
    const home = join(await tempDir(), 'home');
    const service = makeService(home);
    expect(await service.handleCall('readRecovery', {})).toEqual({ ok: true, value: null });
    const w = await service.handleCall('writeRecovery', { project: xorProject });
    expect(w).toEqual({ ok: true, value: { path: join(home, 'recovery.gradscope.json') } });
    expect(await service.handleCall('readRecovery', {})).toEqual({ ok: true, value: project });
    expect(await service.handleCall('clearRecovery', {})).toEqual({ ok: true, value: null });
    expect(await service.handleCall('readRecovery', {})).toEqual({ ok: true, value: null });
    expect(await service.handleCall('clearRecovery', {})).toEqual({ ok: true, value: null });
  });

  it('one copy per tab: an open tab never gets another open tab’s work; a closed tab’s copy is taken over once', async () => {
    const home = join(await tempDir(), 'home');
    const service = makeService(home);
    const w = await service.handleCall('writeRecovery', { project: xorProject, tab: 'tab-a' });
    expect(w).toEqual({ ok: true, value: { path: join(home, 'recovery-tab-a.gradscope.json') } });
    // tab B opens while A is still open: nothing to offer
    expect(await service.handleCall('readRecovery', { tab: 'tab-b', liveTabs: ['tab-a'] })).toEqual({ ok: true, value: null });
    // A reloads: its own copy
    expect(await service.handleCall('readRecovery', { tab: 'tab-a', liveTabs: ['tab-b'] })).toEqual({ ok: true, value: project });
    // A is gone (a crash): the next tab takes its copy over, and no other tab is offered it again
    expect(await service.handleCall('readRecovery', { tab: 'tab-c', liveTabs: ['tab-b'] })).toEqual({ ok: true, value: project });
    expect(await service.handleCall('readRecovery', { tab: 'tab-d', liveTabs: ['tab-b', 'tab-c'] })).toEqual({ ok: true, value: null });
    // clearing is per tab
    await service.handleCall('writeRecovery', { project: xorProject, tab: 'tab-d' });
    expect(await service.handleCall('clearRecovery', { tab: 'tab-c' })).toEqual({ ok: true, value: null });
    expect(await service.handleCall('readRecovery', { tab: 'tab-d', liveTabs: ['tab-b'] })).toEqual({ ok: true, value: project });
    expect((await service.handleCall('readRecovery', { tab: '../x' } as never)).ok).toBe(false);
  });

  it('reports a damaged recovery copy and leaves it in place', async () => {
    const home = join(await tempDir(), 'home');
    const service = makeService(home);
    await service.handleCall('writeRecovery', { project: xorProject });
    const file = join(home, 'recovery.gradscope.json');
    await writeFile(file, '{"format": "gradscope-project"');
    const r = await service.handleCall('readRecovery', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/recovery copy is damaged.*recovery\.gradscope\.json/);
    expect(await readFile(file, 'utf8')).toBe('{"format": "gradscope-project"');
  });
});

describe('saveFile', () => {
  it('writes text and base64 bytes, and rejects bad input', async () => {
    const dir = await tempDir();
    const service = makeService(join(dir, 'home'));
    const csv = join(dir, 'loss.csv');
    expect(await service.handleCall('saveFile', { defaultName: 'loss.csv', path: csv, text: 'epoch,loss\n1,0.5\n' })).toEqual({
      ok: true,
      value: { path: csv },
    });
    expect(await readFile(csv, 'utf8')).toBe('epoch,loss\n1,0.5\n');
    const png = join(dir, 'chart.png');
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255]);
    await service.handleCall('saveFile', { defaultName: 'chart.png', path: png, base64: bytes.toString('base64') });
    expect(Buffer.compare(await readFile(png), bytes)).toBe(0);
    expect(await service.handleCall('saveFile', { defaultName: 'x', path: png })).toEqual({
      ok: false,
      error: 'saveFile: give exactly one of text or base64',
    });
    expect(await service.handleCall('saveFile', { defaultName: 'x', path: png, base64: 'not base64!' })).toEqual({
      ok: false,
      error: 'saveFile: base64 is not valid base64 data',
    });
    const folder = join(dir, 'a-folder.csv');
    await mkdir(folder);
    expect(await service.handleCall('saveFile', { defaultName: 'x', path: folder, text: 'a' })).toEqual({
      ok: false,
      error: `not saved: ${folder} exists and is a folder, not a CSV file; it was left untouched`,
    });
  });
});
