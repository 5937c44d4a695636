// A live run's record on real runs of the trainer (in-process, small synthetic data), folded from
// its own event stream as the app does: the step series grow in place and equal the events' values,
// the per-neuron series sit in bounded power-of-two columns equal to binning the whole series at
// once, the running colour domain equals the full recomputation after every update, and the curves'
// smoothed steps equal smoothing and binning everything again.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/trainer/backend';
import { binNeurons, forStorage, neuronColumnsFor, NEURON_BUDGET } from '../../../src-main/analysis/run-record';
import { NeuronAccumulator } from '../../../src-main/analysis/neuron-bins';
import { domainFromSeries } from '../../../src-main/analysis/colour';
import { runningDomain } from '../../../src-main/analysis/running-domain';
import { binSeries } from '../../../src-main/analysis/binning';
import { ema, GRAD_STATS } from '../../../src-main/analysis/series';
import { curveSet } from '../../../src-renderer/views/curve-data';
import { neuronSource } from '../../../src-renderer/views/heat-sources';
import { RunRecord } from '../../../src-main/contract/project';
import { dense } from '../trainer/fixtures/graphs';
import { fold, record, type Recorded } from './recorded-runs';

let deep: Recorded;
let long: Recorded;

beforeAll(async () => {
  await initBackend();
  // a deep ReLU net with SGD (the relu-deep template, smaller), and a spiral net with many small steps
  deep = await record(
    Array.from({ length: 6 }, () => dense(24, 'relu')),
    { optimizer: { kind: 'sgd' }, learningRate: 0.05, epochs: 3, batchSize: 16 },
  );
  long = await record([dense(16, 'relu'), dense(16, 'relu')], {
    optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999 },
    learningRate: 0.01,
    epochs: 5,
    batchSize: 2,
  });
}, 120_000);

describe('a live run record on recorded runs', () => {
  it("appends every step in place: the series equal the events' values, in order, none copied away", () => {
    for (const rec of [deep, long]) {
      const arrays = new Set<unknown>();
      const run = fold(rec, (r, e) => {
        if (e.type === 'steps') arrays.add(r.steps.loss);
      });
      const steps = rec.events.flatMap((e) => (e.type === 'steps' ? e.steps : []));
      expect(run.steps.step).toEqual(steps.map((s) => s.step));
      expect(run.steps.loss).toEqual(steps.map((s) => s.loss));
      expect(run.steps.acc).toEqual(steps.map((s) => s.acc));
      run.steps.layers.forEach((l, i) => {
        expect(l.kernelNorm).toEqual(steps.map((s) => s.layers[i]!.kernelNorm));
        expect(l.biasMeanAbs).toEqual(steps.map((s) => s.layers[i]!.biasMeanAbs));
      });
      // one array for the whole run: each update pushed onto it
      expect(arrays.size).toBe(1);
    }
  });

  it('keeps per-neuron series in bounded columns equal to binning the whole series at once', () => {
    for (const rec of [deep, long]) {
      const run = fold(rec);
      const units = run.layers.reduce((a, l) => a + l.units, 0);
      const columns = neuronColumnsFor(units);
      let numbers = 0;
      run.steps.layers.forEach((l, i) => {
        expect(l.neuronMeanAbs).toBeUndefined();
        const live = l.neuronBins!;
        const whole = binNeurons(rec.stepNumbers, rec.neurons[i]!, columns);
        expect(live.steps).toEqual(whole.steps);
        expect(live.values.length).toBe(whole.values.length);
        // binNeurons rounds to 4 significant digits
        live.values.forEach((col, c) => col.forEach((v, j) => expect(Math.abs(v - whole.values[c]![j]!)).toBeLessThanOrEqual(1e-3 * Math.abs(v) + 1e-12)));
        numbers += live.values.reduce((a, col) => a + col.length, 0);
      });
      expect(numbers).toBeLessThanOrEqual(NEURON_BUDGET);
    }
    // the long run has more steps than columns: its columns merged pairwise at least once
    expect(long.stepNumbers.length).toBeGreaterThan(neuronColumnsFor(32));
  });

  it('merges columns exactly at every point of a run, however few columns it may keep', () => {
    const series = long.neurons[0]!;
    for (const maxColumns of [2, 5, 8, 33]) {
      const acc = new NeuronAccumulator(16, maxColumns);
      series.forEach((values, i) => {
        acc.add(long.stepNumbers[i]!, values);
        expect(acc.out.values.length).toBeLessThanOrEqual(maxColumns);
        if (i % 37 === 0 || i === series.length - 1) {
          const snap = acc.snapshot();
          const whole = binNeurons(long.stepNumbers.slice(0, i + 1), series.slice(0, i + 1), maxColumns);
          expect(snap.steps).toEqual(whole.steps);
          snap.values.forEach((col, c) => col.forEach((v, j) => expect(Math.abs(v - whole.values[c]![j]!)).toBeLessThanOrEqual(1e-3 * Math.abs(v) + 1e-12)));
        }
      });
    }
  });

  it('the running colour domain equals the full recomputation after every update', () => {
    for (const rec of [deep, long]) {
      let checked = 0;
      fold(rec, (run, e) => {
        if (e.type !== 'steps') return;
        for (const stat of GRAD_STATS) {
          const series = run.steps.layers.map((l) => l[stat]);
          expect(runningDomain(series)).toEqual(domainFromSeries(series));
        }
        checked++;
      });
      expect(checked).toBeGreaterThan(3);
    }
  });

  it("the curves' smoothed steps equal smoothing and binning the whole series again, after every update", () => {
    let checked = 0;
    fold(long, (run, e) => {
      if (e.type !== 'steps' || run.steps.step.length === 0) return;
      for (const kind of ['loss', 'acc'] as const) {
        const got = curveSet(run, kind, 105, 0.9, 50).steps;
        const raw = kind === 'loss' ? run.steps.loss : run.steps.acc.map((a) => a ?? NaN);
        const b = binSeries(ema(raw, 0.9), 50);
        const want = b.ranges.map((r, i) => ({ x: run.steps.step[r.end - 1]! / 105, y: b.means[i]! })).filter((p) => Number.isFinite(p.y));
        expect(got.length).toBe(want.length);
        got.forEach((p, i) => {
          expect(p.x).toBe(want[i]!.x);
          expect(p.y).toBeCloseTo(want[i]!.y, 9);
        });
      }
      checked++;
    });
    expect(checked).toBeGreaterThan(3);
  });

  it('is saved in the same columns and reads back as the live heatmap showed it', () => {
    const run = fold(long);
    const saved = RunRecord.parse(JSON.parse(JSON.stringify(forStorage(run))));
    for (let layer = 0; layer < run.layers.length; layer++) {
      const live = neuronSource(run, layer)!;
      const back = neuronSource(saved, layer)!;
      expect(back.stepNumbers).toEqual(live.stepNumbers);
      expect(back.source.n).toBe(live.source.n);
      for (let c = 0; c < live.source.n; c += 7) {
        for (let r = 0; r < live.source.rows; r++) {
          const v = live.source.value(r, c)!;
          expect(Math.abs(back.source.value(r, c)! - v)).toBeLessThanOrEqual(1e-3 * Math.abs(v) + 1e-12);
        }
      }
    }
  });
});
