import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProjectInput } from '../../../src-main/contract/project';
import { readProjectFile, writeProjectFile } from '../../../src-main/export/project-file';
import { xorProject } from '../fixtures/graphs';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'gradscope-project-'));

const project: ProjectInput = { ...xorProject, name: 'Tiny', layout: { in: { x: 0, y: 0 } } };

describe('project files', () => {
  it('writes and reads back the same project, defaults filled in', async () => {
    const file = path.join(tmp(), 'tiny.gradscope.json');
    await writeProjectFile(file, project);
    const p = await readProjectFile(file);
    expect(p.name).toBe('Tiny');
    expect(p.graph.nodes[1]).toMatchObject({ type: 'dense', units: 8, l2: 0.001, useBias: true });
    expect(p.training.batchSize).toBe(64);
    expect(p.runs).toEqual([]);
    await writeProjectFile(file, { ...p, name: 'Tiny 2' });
    expect((await readProjectFile(file)).name).toBe('Tiny 2');
    expect(readdirSync(path.dirname(file))).toEqual(['tiny.gradscope.json']); // no temp files left
  });

  it('a corrupt file is reported with its line and not overwritten by a failed save', async () => {
    const file = path.join(tmp(), 'broken.json');
    const corrupt = JSON.stringify(project, null, 2).replace('"units": 8,', '"units": 8,,');
    writeFileSync(file, corrupt);
    const err = await readProjectFile(file).then(
      () => null,
      (e: Error) => e,
    );
    const line = corrupt.split('\n').findIndex((l) => l.includes('"units": 8,,')) + 1;
    expect(err!.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON at line ${line},`));
    // saving an invalid project over it is refused before the file is touched
    const bad = { ...project, graph: { ...project.graph, nodes: [project.graph.nodes[0], { id: 'h', type: 'dense', units: 'eight', activation: 'relu' }] } };
    await expect(writeProjectFile(file, bad as never)).rejects.toThrow(/graph\.nodes\[1\]\.units/);
    expect(readFileSync(file, 'utf8')).toBe(corrupt);
    expect(readdirSync(path.dirname(file))).toEqual(['broken.json']);
  });

  it('names the field of a well-formed but invalid project, and a missing or empty file', async () => {
    const dir = tmp();
    const file = path.join(dir, 'p.json');
    writeFileSync(file, JSON.stringify({ ...project, training: { ...project.training, optimizer: { kind: 'adamw' } } }));
    await expect(readProjectFile(file)).rejects.toThrow(`${file}: training.optimizer.kind`);
    await expect(readProjectFile(path.join(dir, 'none.json'))).rejects.toThrow(`${path.join(dir, 'none.json')}: not found`);
    writeFileSync(file, '  \n');
    await expect(readProjectFile(file)).rejects.toThrow(`${file}: the file is empty`);
    await expect(writeProjectFile(path.join(dir, 'missing-folder', 'p.json'), project)).rejects.toThrow(/missing-folder.*cannot save: not found/);
  });

  it('stores a dataset path inside the project folder relative to it and reads it back absolute', async () => {
    const dir = tmp();
    const file = path.join(dir, 'p.gradscope.json');
    const inside = path.join(dir, 'data', 'houses.csv');
    const outside = path.join(tmp(), 'other.csv');
    const withCsv = (f: string): ProjectInput => ({
      ...project,
      training: { ...project.training, dataset: { kind: 'csv', file: f, label: 'price', task: 'regression' } },
    });
    await writeProjectFile(file, withCsv(inside));
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { training: { dataset: { file: string } } };
    expect(stored.training.dataset.file).toBe('data/houses.csv');
    expect((await readProjectFile(file)).training.dataset).toEqual({ kind: 'csv', file: inside, label: 'price', task: 'regression' });
    // elsewhere on disk: kept absolute, so it still points at the same file from anywhere
    await writeProjectFile(file, withCsv(outside));
    expect((JSON.parse(readFileSync(file, 'utf8')) as { training: { dataset: { file: string } } }).training.dataset.file).toBe(outside);
    // a hand-written relative path is read against the project's folder, not the working directory
    writeFileSync(file, JSON.stringify(withCsv('../shared/x.csv')));
    expect((await readProjectFile(file)).training.dataset).toMatchObject({ file: path.join(path.dirname(dir), 'shared', 'x.csv') });
  });
});
