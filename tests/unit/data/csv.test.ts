import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectDataset, loadDataset } from '../../../src-main/data/index';
import { tempDir } from './idx-fixtures';

function csv(text: string, name = 'data.csv'): string {
  const file = path.join(tempDir('gradscope-csv-'), name);
  writeFileSync(file, text);
  return file;
}

const noSplit = { seed: 1, validationSplit: 0, testSplit: 0 };

function mean(a: number[]) {
  return a.reduce((s, v) => s + v, 0) / a.length;
}

describe('CSV datasets', () => {
  it('reads string labels as classes in sorted order and standardises features on the training split', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i * 10},"${['versicolor', 'setosa', 'virginica'][i % 3]}",${5 + (i % 4)}`);
    const file = csv(['width,species,height', ...rows].join('\r\n') + '\r\n');
    const ds = await loadDataset({ kind: 'csv', file, label: 'species' }, { seed: 2, validationSplit: 0.25, testSplit: 0.25 });
    expect(ds.classes).toBe(3);
    expect(ds.inputDim).toBe(2);
    expect(ds.train.n + ds.val.n + ds.test.n).toBe(40);
    expect(ds.description).toContain('setosa, versicolor, virginica');
    // class index follows sorted order: setosa 0, versicolor 1, virginica 2; width = 10·i pins the row
    const widths = Array.from({ length: 40 }, (_, i) => i * 10);
    const trainWidths = Array.from({ length: ds.train.n }, (_, r) => ds.train.x[r * 2]!);
    expect(mean(trainWidths)).toBeCloseTo(0, 4);
    expect(Math.sqrt(mean(trainWidths.map((v) => v * v)))).toBeCloseTo(1, 3);
    // un-standardising with the fitted statistics recovers which row it was, and the label matches
    const all = await loadDataset({ kind: 'csv', file, label: 'species' }, noSplit);
    const raw = Array.from({ length: 40 }, (_, r) => all.train.x[r * 2]!);
    const mu = mean(widths);
    const sd = Math.sqrt(mean(widths.map((w) => (w - mu) ** 2)));
    for (let r = 0; r < 40; r++) {
      const i = Math.round((raw[r]! * sd + mu) / 10);
      expect(all.train.y[r]).toBe([1, 0, 2][i % 3]);
    }
  });

  it('reads a few distinct integers as classes and many numbers as a regression target', async () => {
    const cls = await loadDataset(
      { kind: 'csv', file: csv('a,b,y\n' + Array.from({ length: 30 }, (_, i) => `${i},${-i},${[10, 2, 7][i % 3]}`).join('\n')), label: 'y' },
      noSplit,
    );
    expect(cls.classes).toBe(3);
    expect(cls.train.y).toBeInstanceOf(Int32Array);
    // feature a = i orders the (shuffled, standardised) rows back into file order
    const rows = [...Array(30).keys()].sort((p, q) => cls.train.x[p * 2]! - cls.train.x[q * 2]!);
    expect(rows.slice(0, 6).map((r) => cls.train.y[r])).toEqual([2, 0, 1, 2, 0, 1]); // 2 < 7 < 10 numerically
    const reg = await loadDataset(
      { kind: 'csv', file: csv('x,price\n' + Array.from({ length: 30 }, (_, i) => `${i},${i * 1.5 + 0.25}`).join('\n')), label: 'price' },
      noSplit,
    );
    expect(reg.classes).toBeNull();
    expect(reg.train.y).toBeInstanceOf(Float32Array);
    // the target is standardised for training; the contract's scaling reads it back in its own units
    const t = reg.contract!.target;
    if (t.task !== 'regression' || !t.scaling) throw new Error('expected a scaled regression target');
    const back = Array.from(reg.train.y, (v) => v * t.scaling!.std + t.scaling!.mean).sort((p, q) => p - q);
    expect(back[0]).toBeCloseTo(0.25, 4);
    expect(back[1]).toBeCloseTo(1.75, 4);
    const info = await inspectDataset({ kind: 'csv', file: csv('x,price\n1,2.5\n2,3.5\n'), label: 'price' });
    expect(info).toMatchObject({ inputDim: 1, classes: null, samples: { train: 2, test: 0 } });
  });

  const bad: [string, string, string, RegExp][] = [
    ['a row with the wrong number of fields', 'a,b,label\n1,2,x\n3,4\n', 'label', /line 3, column 3: 2 fields, the header has 3/],
    ['a non-numeric feature', 'a,b,label\n1,2,x\n3,four,y\n', 'label', /line 3, column 2 \("b"\): "four" is not a number/],
    ['a missing label column', 'a,b,c\n1,2,3\n', 'label', /line 1: no column named "label" in the header \(columns: a, b, c\)/],
    ['an empty file', '', 'label', /line 1, column 1: the file is empty/],
    ['a header and no rows', 'a,label\n', 'label', /line 2: no data rows/],
    ['an unclosed quote', 'a,label\n1,"x\n2,y\n', 'label', /line 2, column 2: a quoted field is never closed/],
    ['an unclosed quote after blank lines', 'a,label\n1,x\n\n  \n"2,y\n3,z\n', 'label', /line 5, column 1: a quoted field is never closed/],
    ['text after a closing quote', 'a,label\n1,x\n"2"5,y\n', 'label', /line 3, column 1: text after a closing quote/],
    // quoted fields spanning lines (\n, and \r\n counted once) and blank lines move every later line number
    [
      'a bad number after multi-line quoted labels',
      'a,label\r\n1,"two\r\nlines"\r\n\r\n2,"three\n\nlines"\n3,x\n4,y\nfive,z\n',
      'label',
      /line 10, column 1 \("a"\): "five" is not a number/,
    ],
    ['an empty label', 'a,label\n1,x\n2,\n', 'label', /line 3, column 2 \("label"\): the label is empty/],
  ];
  for (const [name, text, label, pattern] of bad) {
    it(`reports ${name} with the file, line and column`, async () => {
      const file = csv(text);
      const err = await loadDataset({ kind: 'csv', file, label }, noSplit).then(
        () => null,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect(err!.message.startsWith(`${file}: `)).toBe(true);
      expect(err!.message).toMatch(pattern);
    });
  }
});
