// The exported model carries its data contract: `gradscope predict` fed the raw CSV rows of the run's own
// test split reproduces the test figures the training reported, and names the classes. Also: a project
// refers to its CSV relative to itself, so a moved project folder still trains.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainerEvent } from '../../../src-main/contract/events';
import { readDataContract } from '../../../src-main/contract/data-contract';
import { permutation } from '../../../src-main/data/rng';
import { splitCounts } from '../../../src-main/data/split-counts';
import { flowersCsv, sineCsv, tmpDir } from '../fixtures/csv-files';
import { runCli } from './run-cli';

const SEED = 3;

function project(name: string, csvFile: string, label: string, head: 'softmax' | 'linear', epochs: number): object {
  return {
    format: 'gradscope-project',
    version: 1,
    name,
    graph: {
      version: 1,
      nodes: [
        { id: 'in', type: 'input' },
        { id: 'h1', type: 'dense', units: 24, activation: 'tanh' },
        { id: 'h2', type: 'dense', units: 24, activation: 'tanh' },
        { id: 'out', type: 'output', head },
      ],
      edges: [
        { id: 'a', source: 'in', target: 'h1' },
        { id: 'b', source: 'h1', target: 'h2' },
        { id: 'c', source: 'h2', target: 'out' },
      ],
    },
    training: { dataset: { kind: 'csv', file: csvFile, label }, optimizer: { kind: 'adam' }, learningRate: 0.01, batchSize: 16, epochs, seed: SEED },
  };
}

/** The raw lines of the CSV's test split, as the trainer draws it (seeded permutation, test rows first). */
function testSplitCsv(file: string, out: string): number {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  const counts = splitCounts(rows.length, null, 0.1, 0.2);
  const perm = permutation(rows.length, SEED).subarray(0, counts.test);
  writeFileSync(out, [header, ...Array.from(perm, (i) => rows[i])].join('\n') + '\n');
  return counts.test;
}

function finished(stdout: string): Extract<TrainerEvent, { type: 'finished' }> {
  const last = JSON.parse(stdout.trim().split('\n').at(-1)!) as TrainerEvent;
  if (last.type !== 'finished') throw new Error(`last event is ${last.type}`);
  return last;
}

describe('gradscope predict', () => {
  it('an exported CSV classifier reproduces its test figures on the raw test rows and names the classes', async () => {
    const dir = tmpDir('gradscope-predict-');
    mkdirSync(path.join(dir, 'proj'));
    const csv = flowersCsv(path.join(dir, 'proj'));
    writeFileSync(path.join(dir, 'proj', 'flowers.gradscope.json'), JSON.stringify(project('flowers', 'flowers.csv', 'species', 'softmax', 6)));
    const train = await runCli(['train', 'proj/flowers.gradscope.json', '--out', 'model', '--json'], dir);
    expect(train.stderr).toContain('model exported to');
    expect(train.code).toBe(0);
    const test = finished(train.stdout).test!;

    const meta = JSON.parse(readFileSync(path.join(dir, 'model', 'model.json'), 'utf8')) as { userDefinedMetadata: unknown };
    const c = readDataContract(meta.userDefinedMetadata);
    if (!c.ok) throw new Error(c.error);
    expect(c.contract.features).toEqual(['petal_length', 'petal_width_mm']);
    expect(c.contract.target).toEqual({ task: 'classification', label: 'species', classes: ['setosa, big', 'virginica'] });
    expect(c.contract.input.kind).toBe('standardise');

    const rows = testSplitCsv(csv, path.join(dir, 'test.csv'));
    const json = await runCli(['predict', '--model', 'model', '--data', 'csv:test.csv', '--json'], dir);
    expect(json.stderr).toBe('');
    const lines = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = lines.at(-1)!.summary as { rows: number; metrics: { loss: number; accuracy: number } };
    expect(summary.rows).toBe(rows);
    expect(summary.metrics.accuracy).toBeCloseTo(test.acc!, 6);
    expect(summary.metrics.loss).toBeCloseTo(test.loss, 4);
    const predicted = new Set(lines.slice(0, -1).map((l) => l.prediction));
    expect(predicted).toEqual(new Set(['setosa, big', 'virginica']));

    const human = await runCli(['predict', '--model', 'model', '--data', 'csv:test.csv'], dir);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('classes of "species": setosa, big | virginica');
    expect(human.stdout).toMatch(/setosa, big\s+0\.\d{3}\s+setosa, big/);
    expect(human.stdout).toContain(`against column "species" (${rows} rows): loss`);
  }, 90_000);

  it("an exported CSV regressor predicts in the target's own units and reproduces MSE, MAE and R²", async () => {
    const dir = tmpDir('gradscope-predict-');
    const csv = sineCsv(dir, 'price.csv', { scale: 5e4, shift: 3e5 });
    writeFileSync(path.join(dir, 'price.gradscope.json'), JSON.stringify(project('price', 'price.csv', 'y', 'linear', 25)));
    const train = await runCli(['train', 'price.gradscope.json', '--out', 'model', '--json'], dir);
    expect(train.code).toBe(0);
    const test = finished(train.stdout).test!;
    expect(test.r2!).toBeGreaterThan(0.9);
    testSplitCsv(csv, path.join(dir, 'test.csv'));
    const json = await runCli(['predict', '--model', 'model', '--data', 'csv:test.csv', '--json'], dir);
    const lines = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const m = (lines.at(-1)!.summary as { metrics: { mse: number; mae: number; r2: number } }).metrics;
    expect(m.mse / test.loss).toBeCloseTo(1, 4);
    expect(m.mae / test.mae!).toBeCloseTo(1, 4);
    expect(m.r2).toBeCloseTo(test.r2!, 4);
    // predictions are prices around 3e5, not standardised values
    const first = lines[0]!.prediction as number;
    expect(first).toBeGreaterThan(2e5);
    expect(first).toBeLessThan(4e5);
  }, 90_000);

  it('a predict file missing a feature column is refused with the column named', async () => {
    const dir = tmpDir('gradscope-predict-');
    flowersCsv(dir);
    writeFileSync(path.join(dir, 'p.json'), JSON.stringify(project('p', 'flowers.csv', 'species', 'softmax', 1)));
    expect((await runCli(['train', 'p.json', '--out', 'model'], dir)).code).toBe(0);
    writeFileSync(path.join(dir, 'rows.csv'), 'petal_length,species\n1.5,virginica\n');
    const r = await runCli(['predict', '--model', 'model', '--data', 'csv:rows.csv'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `gradscope: ${path.join(dir, 'rows.csv')}: line 1: no column "petal_width_mm", which the model takes as feature 2 of 2 (columns: petal_length, species)\n`,
    );
  }, 60_000);

  it('a project moved to another folder with its CSV still trains, from any working directory', async () => {
    const dir = tmpDir('gradscope-move-');
    mkdirSync(path.join(dir, 'before'));
    flowersCsv(path.join(dir, 'before'));
    writeFileSync(path.join(dir, 'before', 'p.gradscope.json'), JSON.stringify(project('p', 'flowers.csv', 'species', 'softmax', 1)));
    mkdirSync(path.join(dir, 'elsewhere'));
    renameSync(path.join(dir, 'before'), path.join(dir, 'elsewhere', 'after'));
    mkdirSync(path.join(dir, 'cwd'));
    const r = await runCli(['train', '../elsewhere/after/p.gradscope.json', '--out', 'm'], path.join(dir, 'cwd'));
    expect(r.stderr).not.toContain('not found');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('data: CSV flowers.csv, 300 rows');
  }, 60_000);
});
