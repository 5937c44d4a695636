// What the loader records for the exported model (the data contract), the CSV task option, and the
// in-place split that avoids a second copy of a large dataset.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectDataset, loadDataset } from '../../../src-main/data/index';
import { splitSource } from '../../../src-main/data/split';
import type { Source } from '../../../src-main/data/source';
import { scaleInput } from '../../../src-main/contract/data-contract';
import { tempDir } from './idx-fixtures';

function csv(text: string): string {
  const file = path.join(tempDir('gradscope-contract-'), 'data.csv');
  writeFileSync(file, text);
  return file;
}

const opts = { seed: 4, validationSplit: 0.2, testSplit: 0.2 };
/** nine distinct integer labels: 'auto' reads them as classes */
const ratings = 'size,rooms,rating\n' + Array.from({ length: 60 }, (_, i) => `${50 + i * 3},${1 + (i % 5)},${1 + (i % 9)}`).join('\n');

describe('data contract', () => {
  it('names the features in input order, the training split standardisation and the classes in output order', async () => {
    const file = csv('b_second,label,a_first\n' + Array.from({ length: 30 }, (_, i) => `${i},${['zeta', '"alpha, beta"'][i % 2]},${100 - i * 2}`).join('\n'));
    const ds = await loadDataset({ kind: 'csv', file, label: 'label' }, opts);
    const c = ds.contract!;
    expect(c.features).toEqual(['b_second', 'a_first']);
    expect(c.target).toEqual({ task: 'classification', label: 'label', classes: ['alpha, beta', 'zeta'] });
    const input = c.input;
    if (input.kind !== 'standardise') throw new Error('expected standardisation');
    // b_second = i names each row: undo the scaling to find it, then the contract applied to the raw row
    // must give exactly the values the trainer was fed
    const rowsI = Array.from({ length: ds.train.n }, (_, r) => Math.round(ds.train.x[r * 2]! * input.std[0]! + input.mean[0]!));
    expect(input.mean[0]).toBeCloseTo(rowsI.reduce((sum, i) => sum + i, 0) / rowsI.length, 4);
    const out = new Float32Array(2);
    rowsI.forEach((i, r) => {
      scaleInput(input, [i, 100 - i * 2], out);
      expect(out[0]).toBeCloseTo(ds.train.x[r * 2]!, 5);
      expect(out[1]).toBeCloseTo(ds.train.x[r * 2 + 1]!, 5);
      expect(ds.train.y[r]).toBe(i % 2 === 0 ? 1 : 0); // zeta is class 1, "alpha, beta" class 0
    });
  });

  it('records pixel scaling for IDX-style sources and no standardisation', () => {
    const n = 20;
    const src: Source = {
      inputDim: 4,
      classes: 2,
      train: { x: Float32Array.from({ length: n * 4 }, (_, i) => (i % 256) / 255), y: Int32Array.from({ length: n }, (_, i) => i % 2), n },
      test: null,
      standardise: false,
      title: 'tiny images',
      features: ['pixel_0_0', 'pixel_0_1', 'pixel_1_0', 'pixel_1_1'],
      rawScaling: { kind: 'divide', divisor: 255 },
      labelName: 'label',
      classNames: ['0', '1'],
    };
    const c = splitSource(src, opts).dataset.contract!;
    expect(c.input).toEqual({ kind: 'divide', divisor: 255 });
    expect(c.target).toEqual({ task: 'classification', label: 'label', classes: ['0', '1'] });
  });

  it('the task option reads a few integers as a number when told; the guess is shown either way', async () => {
    const file = csv(ratings);
    const auto = await inspectDataset({ kind: 'csv', file, label: 'rating' });
    expect(auto).toMatchObject({ classes: 9, guessedTask: 'classification' });
    const told = await inspectDataset({ kind: 'csv', file, label: 'rating', task: 'regression' });
    expect(told).toMatchObject({ classes: null, guessedTask: 'classification' });
    expect(told.description).toContain('task set to regression');
    const ds = await loadDataset({ kind: 'csv', file, label: 'rating', task: 'regression' }, opts);
    expect(ds.classes).toBeNull();
    const t = ds.contract!.target;
    expect(t.task === 'regression' && t.scaling!.std).toBeGreaterThan(1);
    const asClasses = await inspectDataset({
      kind: 'csv',
      file: csv('x,y\n' + Array.from({ length: 40 }, (_, i) => `${i},${i * 0.37}`).join('\n')),
      label: 'y',
      task: 'classification',
    });
    expect(asClasses).toMatchObject({ classes: 40, guessedTask: 'regression' });
  });

  it('regression on text labels is refused, naming the line', async () => {
    const file = csv('x,y\n1,2.5\n2,high\n');
    await expect(loadDataset({ kind: 'csv', file, label: 'y', task: 'regression' }, opts)).rejects.toThrow(
      `${file}: line 3, column 2 ("y"): "high" is not a number, and the dataset's task is regression`,
    );
  });

  it('splitting in place gives the same splits as copying, without a second copy', () => {
    const n = 101;
    const d = 3;
    const make = (): Source => ({
      inputDim: d,
      classes: 4,
      train: { x: Float32Array.from({ length: n * d }, (_, i) => i), y: Int32Array.from({ length: n }, (_, i) => i % 4), n },
      test: null,
      standardise: false,
      title: 'rows',
      features: ['a', 'b', 'c'],
      rawScaling: { kind: 'none' },
      labelName: 'y',
      classNames: null,
    });
    const copied = splitSource(make(), opts).dataset;
    const src = make();
    const inPlace = splitSource(src, opts, true).dataset;
    for (const s of ['train', 'val', 'test'] as const) {
      expect(Array.from(inPlace[s].x)).toEqual(Array.from(copied[s].x));
      expect(Array.from(inPlace[s].y)).toEqual(Array.from(copied[s].y));
      expect(inPlace[s].x.buffer).toBe(src.train.x.buffer);
    }
  });
});
