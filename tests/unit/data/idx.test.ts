import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inspectDataset, loadDataset } from '../../../src-main/data/index';
import { idxImages, idxLabels, pixelOf, writeIdxFolder } from './idx-fixtures';

const opts = { seed: 3, validationSplit: 0.25, testSplit: 0.2 };

/** Row i of a split as bytes, to compare with the pixels written. */
function rowBytes(x: Float32Array, d: number, i: number): number[] {
  return Array.from(x.subarray(i * d, (i + 1) * d), (v) => Math.round(v * 255));
}

describe('IDX folders', () => {
  it('loads images scaled to [0,1], the t10k files as the test set and validation split from training', async () => {
    const fx = writeIdxFolder();
    const ds = await loadDataset({ kind: 'idx', dir: fx.dir }, opts);
    expect(ds.inputDim).toBe(6);
    expect(ds.classes).toBe(4);
    expect(ds.test.n).toBe(6);
    expect(ds.val.n).toBe(5);
    expect(ds.train.n).toBe(15);
    // the test set is the t10k files, in file order
    expect(Array.from(ds.test.y)).toEqual(fx.testLabels);
    expect(rowBytes(ds.test.x, 6, 2)).toEqual([0, 1, 2, 3, 4, 5].map((p) => pixelOf(102, p)));
    // every training image reappears exactly once across train + val, with its own label
    const seen = new Set<number>();
    for (const split of [ds.train, ds.val]) {
      for (let r = 0; r < split.n; r++) {
        const bytes = rowBytes(split.x, 6, r);
        const i = [...Array(20).keys()].find((k) => bytes.every((b, p) => b === pixelOf(k, p)));
        expect(i).toBeDefined();
        expect(split.y[r]).toBe(fx.trainLabels[i!]);
        seen.add(i!);
      }
    }
    expect(seen.size).toBe(20);
    for (const v of ds.train.x) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('reads .gz files and the train-images.idx3-ubyte spelling to the same data', async () => {
    const plain = await loadDataset({ kind: 'idx', dir: writeIdxFolder().dir }, opts);
    const gz = await loadDataset({ kind: 'idx', dir: writeIdxFolder({ gz: true, dotNames: true }).dir }, opts);
    expect(Array.from(gz.train.x)).toEqual(Array.from(plain.train.x));
    expect(Array.from(gz.test.y)).toEqual(Array.from(plain.test.y));
  });

  it('without t10k files splits the test set off the training files', async () => {
    const ds = await loadDataset({ kind: 'idx', dir: writeIdxFolder({ test: false }).dir }, opts);
    expect(ds.test.n).toBe(4);
    expect(ds.val.n).toBe(5);
    expect(ds.train.n).toBe(11);
  });

  it('limit keeps the first N images of each file; inspect reads the headers', async () => {
    const fx = writeIdxFolder({ gz: true });
    const ds = await loadDataset({ kind: 'idx', dir: fx.dir, limit: 12 }, { ...opts, validationSplit: 0 });
    expect(ds.train.n).toBe(12);
    expect(ds.test.n).toBe(6);
    const info = await inspectDataset({ kind: 'idx', dir: fx.dir });
    expect(info).toMatchObject({ inputDim: 6, classes: 4, samples: { train: 20, test: 6 } });
  });

  const corrupt: [string, (dir: string) => void, string, RegExp][] = [
    [
      'bad magic number',
      (d) => writeFileSync(path.join(d, 'train-images-idx3-ubyte'), Buffer.concat([Buffer.from([0, 0, 9, 3]), idxImages(20, 3, 2, pixelOf).subarray(4)])),
      'train-images-idx3-ubyte',
      /byte offset 0: bad magic number 0x00000903/,
    ],
    [
      'wrong dimension count',
      (d) => {
        const b = idxImages(20, 3, 2, pixelOf);
        b[3] = 2;
        writeFileSync(path.join(d, 'train-images-idx3-ubyte'), b);
      },
      'train-images-idx3-ubyte',
      /byte offset 3: 2 dimensions, expected 3/,
    ],
    [
      'truncated data',
      (d) => writeFileSync(path.join(d, 'train-images-idx3-ubyte'), idxImages(20, 3, 2, pixelOf).subarray(0, 16 + 6 * 7 + 2)),
      'train-images-idx3-ubyte',
      /byte offset 60: truncated data.*after 7 whole items/,
    ],
    [
      'image/label count mismatch',
      (d) => writeFileSync(path.join(d, 'train-labels-idx1-ubyte'), idxLabels([0, 1, 2])),
      'train-labels-idx1-ubyte',
      /20 images .* 3 labels/,
    ],
    [
      'test label out of range',
      (d) => writeFileSync(path.join(d, 't10k-labels-idx1-ubyte'), idxLabels([0, 1, 2, 3, 7, 1])),
      't10k-labels-idx1-ubyte',
      /byte offset 12: label 7 is out of range 0…3/,
    ],
    [
      'test images of another size',
      (d) => writeFileSync(path.join(d, 't10k-images-idx3-ubyte'), idxImages(6, 2, 2, pixelOf)),
      't10k-images-idx3-ubyte',
      /byte offset 8: images are 2×2 .* 3×2/,
    ],
    [
      'a labels file in the images slot',
      (d) => writeFileSync(path.join(d, 'train-images-idx3-ubyte'), idxLabels([1, 2])),
      'train-images-idx3-ubyte',
      /byte offset 3: 1 dimension, expected 3 for an images file/,
    ],
  ];
  for (const [name, damage, file, pattern] of corrupt) {
    it(`reports ${name}, naming the file and the byte offset`, async () => {
      const fx = writeIdxFolder();
      damage(fx.dir);
      const err = await loadDataset({ kind: 'idx', dir: fx.dir }, opts).then(
        () => null,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect(err!.message).toContain(path.join(fx.dir, file));
      expect(err!.message).toMatch(pattern);
    });
  }

  it('reports a damaged .gz file and a missing file by name', async () => {
    const fx = writeIdxFolder({ gz: true });
    const f = path.join(fx.dir, 'train-labels-idx1-ubyte.gz');
    writeFileSync(f, readFileSync(f).subarray(0, 12));
    await expect(loadDataset({ kind: 'idx', dir: fx.dir }, opts)).rejects.toThrow(`${f}: not a valid gzip file`);
    const fx2 = writeIdxFolder();
    writeFileSync(path.join(fx2.dir, 'train-labels-idx1-ubyte'), gzipSync(Buffer.from('x'))); // not gz-named: raw bytes
    await expect(loadDataset({ kind: 'idx', dir: fx2.dir }, opts)).rejects.toThrow(/train-labels-idx1-ubyte: byte offset 0: bad magic/);
    await expect(loadDataset({ kind: 'idx', dir: path.join(fx2.dir, 'nope') }, opts)).rejects.toThrow(/nope: folder not found/);
  });

  const FASHION = '/usr/share/datasets/fashion-mnist';
  it('loads the real Fashion-MNIST (gzipped, limited to 600 per file)', async () => {
    const ds = await loadDataset({ kind: 'idx', dir: FASHION, limit: 600 }, { seed: 1, validationSplit: 0.1, testSplit: 0 });
    expect(ds.inputDim).toBe(784);
    expect(ds.classes).toBe(10);
    expect(ds.test.n).toBe(600);
    expect(ds.train.n + ds.val.n).toBe(600);
    const counts = new Array(10).fill(0);
    for (const y of ds.test.y) counts[y]++;
    expect(Math.min(...counts)).toBeGreaterThan(30); // real, roughly balanced classes
    let max = 0;
    for (const v of ds.train.x) max = Math.max(max, v);
    expect(max).toBeCloseTo(1, 5);
    const info = await inspectDataset({ kind: 'idx', dir: FASHION });
    expect(info.samples).toEqual({ train: 60000, test: 10000 });
  });
});
