import { describe, expect, it } from 'vitest';
import { csvFileName, epochsCsv, metricsCsv, stepsCsv } from '../../../src-main/analysis/metrics-csv';
import { epochsOf, makeRun } from './make-run';

/** A small RFC 4180 reader, to check the text round-trips. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let f = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (q) {
      if (c === '"' && text[i + 1] === '"') {
        f += '"';
        i++;
      } else if (c === '"') q = false;
      else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      row.push(f);
      f = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(f);
      out.push(row);
      row = [];
      f = '';
      i++;
    } else f += c;
  }
  return out;
}

describe('metrics CSV', () => {
  const run = makeRun({
    hidden: [
      { activation: 'relu', units: 4 },
      { activation: 'relu', units: 3 },
    ],
    stepsPerEpoch: 5,
    epochs: epochsOf(3, (e) => ({ trainLoss: 1 / e, trainAcc: 0.5 + e / 10, valLoss: 1.1 / e, valAcc: null })),
    grad: (l, s) => 0.001 * (l + 1) * s,
  });
  run.epochs[1]!.weights = [
    {
      node: 'h1',
      histogram: { min: -1, max: 1, counts: [1, 2] },
      kernelNorm: 2.5,
      kernelMeanAbs: 0.1,
      nearZeroFraction: 0.25,
      alpha: null,
      deadFraction: 0.125,
    },
  ];

  it('epochs table: one row per epoch, full precision, empty cells for missing values', () => {
    const t = parseCsv(epochsCsv(run));
    expect(t[0]!.slice(0, 6)).toEqual(['epoch', 'train_loss', 'train_acc', 'val_loss', 'val_acc', 'seconds']);
    expect(t[0]).toContain('h1 near_zero_fraction');
    expect(t.length).toBe(4);
    expect(Number(t[3]![1])).toBe(1 / 3);
    expect(t[1]![4]).toBe(''); // val_acc null
    const col = t[0]!.indexOf('h1 dead_fraction');
    expect(t[2]![col]).toBe('0.125');
    expect(t[1]![col]).toBe('');
  });

  it('epochs table: the minibatch means are their own columns, next to how many samples train_* was measured on', () => {
    const r = structuredClone(run);
    r.epochs[0] = { ...r.epochs[0]!, trainSamples: 4096, runningLoss: 1.75, runningAcc: 0.5 };
    const t = parseCsv(epochsCsv(r));
    const at = (name: string) => t[0]!.indexOf(name);
    expect(t[1]![at('train_samples_measured')]).toBe('4096');
    expect(t[1]![at('minibatch_mean_loss')]).toBe('1.75');
    expect(t[1]![at('minibatch_mean_acc')]).toBe('0.5');
    expect(t[2]![at('minibatch_mean_loss')]).toBe(''); // not measured in that (older) epoch
  });

  it("steps table: every step, with each layer's four gradient magnitudes", () => {
    const t = parseCsv(stepsCsv(run));
    expect(t.length).toBe(1 + 15);
    expect(t[0]!.length).toBe(4 + 3 * 4);
    expect(t.slice(1).every((row) => row[t[0]!.indexOf('steps')] === '1')).toBe(true);
    const c = t[0]!.indexOf('h2 kernel_grad_mean_abs');
    expect(Number(t[15]![c])).toBeCloseTo(0.002 * 15, 12);
    expect(metricsCsv(run, 'steps')).toBe(stepsCsv(run));
  });

  it('quotes layer names with commas or quotes so columns stay aligned', () => {
    const r = structuredClone(run);
    r.layers[0]!.name = 'hidden "a", wide';
    const t = parseCsv(epochsCsv(r));
    expect(t[0]).toContain('hidden "a", wide weight_norm');
    for (const row of t) expect(row.length).toBe(t[0]!.length);
  });

  it('file name is made safe from the run label', () => {
    const r = structuredClone(run);
    r.label = 'Sigmoid deep / #3';
    expect(csvFileName(r, 'epochs')).toBe('Sigmoid-deep-3-epochs.csv');
  });

  it('a regression run gets R² columns after the accuracies', () => {
    const reg = makeRun({ hidden: [], classes: null, epochs: epochsOf(2, (e) => ({ trainLoss: 4 / e, valLoss: 5 / e })) });
    const withR2 = { ...reg, epochs: reg.epochs.map((e) => ({ ...e, trainR2: 0.25 * e.epoch, valR2: 0.2 * e.epoch })) };
    const t = epochsCsv(withR2)
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(t[0]!.slice(0, 8)).toEqual(['epoch', 'train_loss', 'train_acc', 'val_loss', 'val_acc', 'train_r2', 'val_r2', 'seconds']);
    expect(t[2]!.slice(0, 7)).toEqual(['2', '2', '', '2.5', '', '0.5', '0.4']);
  });
});
