// The service as an attacker holding a connection would meet it (paths outside the user's folders,
// devices, pipes, other users' files), and saves that keep what the user had.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../src-main/contract/api';
import { inspectDataset } from '../../../src-main/data/index';
import { makeService, tempDir, xorProject } from './fixtures';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]).toString('base64');

/** A service allowed only `work` (and its own home); `outside` is a sibling it may not touch. */
async function confined() {
  const root = await tempDir();
  const work = join(root, 'work');
  const outside = join(root, 'outside');
  await mkdir(work);
  await mkdir(outside);
  const service = makeService(join(root, 'home'), { folders: [work] });
  return { root, work, outside, service };
}

describe("file access is confined to the user's folders", () => {
  it('refuses every path outside them, names it, and writes nothing', async () => {
    const { outside, service } = await confined();
    const target = join(outside, 'p.gradscope.json');
    const calls: Array<[string, unknown]> = [
      ['saveProject', { project: xorProject, path: target }],
      ['openProject', { path: target }],
      ['saveFile', { defaultName: 'x.csv', path: join(outside, 'x.csv'), text: 'a,b\n' }],
      ['saveFile', { defaultName: 'x.png', path: join(outside, 'x.png'), base64: PNG }],
      ['exportModel', { runId: 'run-1', dir: join(outside, 'model') }],
      ['exportPytorch', { runId: 'run-1', label: 'r', graph: xorProject.graph, training: xorProject.training, dir: join(outside, 'pytorch') }],
      ['inspectDataset', { dataset: { kind: 'csv', file: join(outside, 'd.csv'), label: 'y' } }],
      ['inspectDataset', { dataset: { kind: 'csv', file: '/etc/shadow', label: 'root' } }],
      ['inspectDataset', { dataset: { kind: 'idx', dir: '/usr/share/datasets/fashion-mnist' } }],
    ];
    for (const [method, params] of calls) {
      const r = await service.handleCall(method, params);
      expect(r, method).toEqual({
        ok: false,
        error: expect.stringMatching(/^refused: \/.* is outside the folders Gradscope may use \(.*\); to work there, start Gradscope with --folder DIR/),
      });
    }
    const train = await service.handleCall('startTraining', {
      graph: xorProject.graph,
      training: { ...xorProject.training, dataset: { kind: 'csv', file: '/etc/passwd', label: 'root' } },
    });
    expect(train).toEqual({ ok: false, error: expect.stringMatching(/^cannot train: refused: \/etc\/passwd is outside the folders/) });
    expect(await readdir(outside)).toEqual([]);
  });

  it('is not fooled by a symbolic link or ".." leading out of an allowed folder', async () => {
    const { work, outside, service } = await confined();
    await symlink(outside, join(work, 'escape'));
    await symlink(join(outside, 'victim.csv'), join(work, 'dangling.csv'));
    for (const path of [join(work, 'escape', 'x.csv'), join(work, '..', 'outside', 'x.csv'), join(work, 'dangling.csv')]) {
      const r = await service.handleCall('saveFile', { defaultName: 'x.csv', path, text: 'a\n' });
      expect(r, path).toMatchObject({ ok: false, error: expect.stringMatching(/^refused: /) });
    }
    expect(await readdir(outside)).toEqual([]);
  });

  it("allows the home, the given folders and the open project's folder", async () => {
    const { work, service } = await confined();
    const file = join(work, 'sub', 'p.gradscope.json');
    await mkdir(join(work, 'sub'));
    expect(await service.handleCall('saveProject', { project: xorProject, path: file })).toEqual({ ok: true, value: { path: file } });
    expect(await service.handleCall('openProject', { path: file })).toMatchObject({ ok: true });
    const allowed = await service.allowed();
    expect(allowed.folders).toContain(join(work, 'sub'));
  });
});

describe('reads check the file first', () => {
  it('refuses a device, a FIFO and an over-limit file without reading them', async () => {
    const { work, service } = await confined();
    // /dev/zero would be read forever; a FIFO would block the read
    const dev = makeService(await tempDir(), { folders: ['/dev'], inspectDataset });
    expect(await dev.handleCall('openProject', { path: '/dev/zero' })).toEqual({ ok: false, error: '/dev/zero: is a device, not a project file' });
    expect(await dev.handleCall('inspectDataset', { dataset: { kind: 'csv', file: '/dev/zero', label: 'y' } })).toEqual({
      ok: false,
      kind: 'dataset',
      error: '/dev/zero: is a device, not a CSV file',
      where: { file: '/dev/zero' },
    });
    const fifo = join(work, 'pipe.gradscope.json');
    execFileSync('mkfifo', [fifo]);
    expect(await service.handleCall('openProject', { path: fifo })).toEqual({ ok: false, error: `${fifo}: is a pipe (FIFO), not a project file` });
    expect(await service.handleCall('saveProject', { project: xorProject, path: fifo })).toEqual({
      ok: false,
      error: `not saved: ${fifo} exists and is a pipe (FIFO), not a project file, so it was left untouched; save under another name`,
    });
    expect((await lstat(fifo)).isFIFO()).toBe(true);
    const huge = join(work, 'huge.gradscope.json');
    await writeFile(huge, '');
    execFileSync('truncate', ['-s', '65M', huge]); // sparse: no disk used
    expect(await service.handleCall('openProject', { path: huge })).toEqual({
      ok: false,
      error: `${huge}: is 65.0 MiB, over the limit of 64.0 MiB for a project file`,
    });
  });

  it('never quotes a file that is not the CSV asked for', async () => {
    const { work } = await confined();
    const service = makeService(await tempDir(), { folders: [work], inspectDataset });
    const shadow = join(work, 'shadow');
    await writeFile(shadow, 'root:$6$secret-hash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n');
    const r = await service.handleCall('inspectDataset', { dataset: { kind: 'csv', file: shadow, label: 'species' } });
    expect(r).toEqual({
      ok: false,
      kind: 'dataset',
      error: `${shadow}: line 1: no column named "species" in the header (the first line has 1 column; is this the CSV file you meant?)`,
      where: { file: shadow, line: 1, field: 'species' },
    });
    // a real CSV still names its columns
    const csv = join(work, 'iris.csv');
    await writeFile(csv, 'a,b,kind\n1,2,x\n');
    const named = await service.handleCall('inspectDataset', { dataset: { kind: 'csv', file: csv, label: 'species' } });
    expect(named).toMatchObject({ ok: false, error: expect.stringContaining('(columns: a, b, kind)') });
  });

  it('names the file of a deeply nested project instead of overflowing the stack', async () => {
    const { work, service } = await confined();
    const deep = join(work, 'deep.gradscope.json');
    await writeFile(deep, '['.repeat(200_000));
    expect(await service.handleCall('openProject', { path: deep })).toEqual({
      ok: false,
      error: `${deep}: line 1, column 257: nested more than 256 levels deep; this is not a Gradscope project`,
    });
  });
});

describe('saves keep what the user had', () => {
  it("keeps a mode-600 project at 600 and writes a symlinked project's target", async () => {
    const { work, service } = await confined();
    const file = join(work, 'private.gradscope.json');
    await service.handleCall('saveProject', { project: xorProject, path: file });
    await chmod(file, 0o600);
    expect(await service.handleCall('saveProject', { project: { ...xorProject, name: 'again' }, path: file })).toMatchObject({ ok: true });
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const real = join(work, 'real.gradscope.json');
    const link = join(work, 'link.gradscope.json');
    await service.handleCall('saveProject', { project: xorProject, path: real });
    await symlink('real.gradscope.json', link);
    expect(await service.handleCall('saveProject', { project: { ...xorProject, name: 'through the link' }, path: link })).toMatchObject({ ok: true });
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe('real.gradscope.json');
    expect(JSON.parse(await readFile(real, 'utf8')).name).toBe('through the link');
  });

  it('never overwrites an empty or non-project file, or a file of another kind', async () => {
    const { work, service } = await confined();
    const empty = join(work, 'notes.json');
    await writeFile(empty, '');
    expect(await service.handleCall('saveProject', { project: xorProject, path: empty })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/exists \(empty\) and is not a Gradscope project, so it was left untouched/),
    });
    expect(await readFile(empty, 'utf8')).toBe('');
    expect(await service.handleCall('saveProject', { project: xorProject, path: join(work, 'run.sh') })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/name ends in \.gradscope\.json/),
    });

    expect(await service.handleCall('saveFile', { defaultName: 'x.sh', path: join(work, 'evil.sh'), text: '#!/bin/sh\n' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/saves only \.csv and \.png files/),
    });
    expect(existsSync(join(work, 'evil.sh'))).toBe(false);
    const notPng = join(work, 'photo.png');
    await writeFile(notPng, 'GIF89a...');
    expect(await service.handleCall('saveFile', { defaultName: 'x.png', path: notPng, base64: PNG })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/exists and is not a PNG file, so it was left untouched/),
    });
    expect(await readFile(notPng, 'utf8')).toBe('GIF89a...');
    const png = join(work, 'chart.png');
    expect(await service.handleCall('saveFile', { defaultName: 'x.png', path: png, base64: PNG })).toMatchObject({ ok: true });
    expect(await service.handleCall('saveFile', { defaultName: 'x.png', path: png, base64: PNG })).toMatchObject({ ok: true }); // a PNG may replace a PNG
  });

  it('removes temp files a crash left behind, at the next start, and only those', async () => {
    const root = await tempDir();
    const work = join(root, 'work');
    await mkdir(work);
    // a pid that cannot be running: above the kernel's pid_max
    const dead = 4_194_304 + 1;
    const leftovers = [`.p.gradscope.json.${dead}.0a1b2c3d.tmp`, `.model.tmp-${dead}-AbC123`];
    await writeFile(join(work, leftovers[0]!), 'half a project');
    await mkdir(join(work, leftovers[1]!));
    await writeFile(join(work, '.someone-elses.tmp'), 'keep');
    await writeFile(join(work, `.live.${process.pid}.0a1b2c3d.tmp`), 'being written right now');
    const service = makeService(join(root, 'home'), { folders: [work] });
    expect((await service.swept).sort()).toEqual(leftovers.map((l) => join(work, l)).sort());
    expect((await readdir(work)).sort()).toEqual(['.live.' + process.pid + '.0a1b2c3d.tmp', '.someone-elses.tmp'].sort());
  });
});

describe('runs belong to the app', () => {
  it("sends a run's events only to the sessions that started or joined it", async () => {
    const service = makeService(await tempDir());
    const a = service.openSession();
    const b = service.openSession();
    const seenA: AppEvent[] = [];
    const seenB: AppEvent[] = [];
    a.onEvent((e) => seenA.push(e));
    b.onEvent((e) => seenB.push(e));
    service.emit({ type: 'trainer', event: { type: 'paused', runId: 'run-x' } });
    service.emit({ type: 'menu', command: 'save' });
    expect(seenA).toEqual([{ type: 'menu', command: 'save' }]);
    expect(seenB).toEqual([{ type: 'menu', command: 'save' }]);
    a.close();
    service.emit({ type: 'menu', command: 'open' });
    expect(seenA).toHaveLength(1);
  });
});

describe('memory budget', () => {
  it('refuses 8 dense layers of 4096 units with Adam, with its estimate', async () => {
    const service = makeService(await tempDir());
    const nodes: unknown[] = [{ id: 'in', type: 'input' }];
    const edges: unknown[] = [];
    for (let i = 1; i <= 8; i++) {
      nodes.push({ id: `d${i}`, type: 'dense', units: 4096, activation: 'relu' });
      edges.push({ id: `e${i}`, source: i === 1 ? 'in' : `d${i - 1}`, target: `d${i}` });
    }
    nodes.push({ id: 'out', type: 'output', head: 'softmax' });
    edges.push({ id: 'eo', source: 'd8', target: 'out' });
    const r = await service.handleCall('startTraining', {
      graph: { version: 1, nodes, edges },
      training: { dataset: { kind: 'mnist' }, optimizer: { kind: 'adam' }, learningRate: 0.001, batchSize: 64 },
    });
    // 784·4096 + 7·4096² + 4096·10 weights and 8·4096 + 10 biases, each held 6 times over (weights,
    // gradients, Adam's two moments, two update temporaries) in 4-byte floats
    const params = 784 * 4096 + 7 * 4096 * 4096 + 4096 * 10 + 8 * 4096 + 10;
    const mib = Math.round((params * 4 * 6) / 2 ** 20).toLocaleString('en-US');
    expect(mib).toBe('2,763');
    expect(r).toEqual({
      ok: false,
      error: expect.stringMatching(
        new RegExp(
          `^cannot train: the model needs about 3,\\d{3} MiB to train \\(120\\.7 million parameters: ${mib} MiB with gradients and optimizer state; activations for batch 64: \\d+ MiB\\), over the budget of 1,536 MiB`,
        ),
      ),
    });
  });
});
