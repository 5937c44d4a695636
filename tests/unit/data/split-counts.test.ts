// The split sizes the editor shows before training are the ones the loader makes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectDataset, loadDataset } from '../../../src-main/data/index';
import { splitCounts } from '../../../src-main/data/split-counts';

let dir: string | null = null;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('splitCounts', () => {
  it('matches the splits loadDataset makes for a synthetic set', async () => {
    for (const [val, test] of [
      [0.1, 0.2],
      [0.15, 0.05],
      [0, 0.3],
    ] as const) {
      const ds = await loadDataset({ kind: 'synthetic', name: 'spiral', samples: 333, noise: 0.1 }, { seed: 3, validationSplit: val, testSplit: test });
      const info = await inspectDataset({ kind: 'synthetic', name: 'spiral', samples: 333, noise: 0.1 });
      const c = splitCounts(info.samples.train, null, val, test);
      expect(c).toEqual({ train: ds.train.n, val: ds.val.n, test: ds.test.n });
      expect(c.train + c.val + c.test).toBe(333);
    }
  });

  it('matches for a CSV file, and a separate test file is not taken from the training samples', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gradscope-split-'));
    const file = join(dir, 'd.csv');
    const rows = Array.from({ length: 57 }, (_, i) => `${i / 57},${(i * 7) % 5},${i % 3}`);
    await writeFile(file, ['a,b,label', ...rows].join('\n'));
    const ds = await loadDataset({ kind: 'csv', file, label: 'label' }, { seed: 1, validationSplit: 0.1, testSplit: 0.2 });
    const info = await inspectDataset({ kind: 'csv', file, label: 'label' });
    expect(splitCounts(info.samples.train, null, 0.1, 0.2)).toEqual({ train: ds.train.n, val: ds.val.n, test: ds.test.n });
    // the summary no longer leaks the config field name into the sentence
    expect(info.description).not.toMatch(/testSplit/);
    expect(splitCounts(1000, 400, 0.1, 0.2)).toEqual({ train: 900, val: 100, test: 400 });
  });
});
