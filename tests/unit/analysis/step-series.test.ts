// A long run's step series folded into power-of-two bins beyond a recent window, on a real recorded
// run (the trainer in-process) with small limits so that it folds many times: bounded in size, the
// newest steps untouched, no step dropped from any sum, views reading the same numbers from the
// folded record as from every raw step, the colour domain still over every raw value, and a saved
// run reading back as it was held.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/trainer/backend';
import { applyEvent, forStorage, newRun } from '../../../src-main/analysis/run-record';
import { entryOf, foldSteps, foldThreshold, isBinned, PerStep, stepCount, stepsIn, STEP_LIMITS, type StepLimits } from '../../../src-main/analysis/step-series';
import { binSeries, binSeriesBy } from '../../../src-main/analysis/binning';
import { domainFromSeries } from '../../../src-main/analysis/colour';
import { runningDomain } from '../../../src-main/analysis/running-domain';
import { ema, GRAD_STATS, hiddenGradientRatio, recentMean } from '../../../src-main/analysis/series';
import { stepsCsv } from '../../../src-main/analysis/metrics-csv';
import { RunRecord, type StepSeries } from '../../../src-main/contract/project';
import type { StepRecord } from '../../../src-main/contract/events';
import { curveSet } from '../../../src-renderer/views/curve-data';
import { layerSource } from '../../../src-renderer/views/heat-sources';
import { chain, config, dense } from '../trainer/fixtures/graphs';
import { fold, rechunked, record, stepsOf, type Recorded } from './recorded-runs';

/** Small limits: the recorded run (~1000 steps) folds many times, its bins doubling several times. */
const SMALL: StepLimits = { recent: 32, maxBins: 16 };

let rec: Recorded;
let raw: StepRecord[];

beforeAll(async () => {
  await initBackend();
  const r = await record([dense(12, 'relu'), dense(12, 'tanh')], {
    optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999 },
    learningRate: 0.01,
    epochs: 10,
    batchSize: 2,
  });
  // events of at most 20 steps (fewer than `recent`): every step a view reads arrives unfolded
  rec = rechunked(r, 20);
  raw = stepsOf(rec);
}, 120_000);

/** The value series of a record with the raw per-step values they stand for. */
function pairs(s: StepSeries, upTo: number): { folded: readonly (number | null)[]; raw: (number | null)[] }[] {
  const steps = raw.slice(0, upTo);
  return [
    { folded: s.loss, raw: steps.map((x) => x.loss) },
    { folded: s.acc, raw: steps.map((x) => x.acc) },
    ...s.layers.flatMap((l, i) => GRAD_STATS.map((stat) => ({ folded: l[stat], raw: steps.map((x) => x.layers[i]![stat] ?? null) as (number | null)[] }))),
  ];
}

function close(a: number, b: number, rel = 1e-9): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + 1e-15;
}

describe('a long run folded beyond its recent steps', () => {
  it('stays bounded, keeps the newest steps exact and drops no step from any sum, after every update', () => {
    expect(raw.length).toBeGreaterThan(10 * foldThreshold(SMALL));
    let folds = 0;
    let updates = 0;
    fold(
      rec,
      (run, e) => {
        if (e.type !== 'steps') return;
        updates++;
        const s = run.steps;
        const n = stepCount(s);
        expect(n).toBe(e.steps.at(-1)!.step);
        expect(s.step.length).toBeLessThan(foldThreshold(SMALL));
        if (isBinned(s)) folds++;
        // entries cover steps 1…n exactly once; bins are aligned powers of two (the last bin may be short)
        const spans = s.step.map((_, i) => stepsIn(s.step, i));
        const size = Math.max(...spans);
        s.step.forEach((k, i) => {
          expect(spans[i]).toBeGreaterThanOrEqual(1);
          // within one bin of the largest size (aligned to its multiples)
          expect(Math.floor((k - spans[i]!) / size)).toBe(Math.floor((k - 1) / size));
        });
        expect(Math.log2(size) % 1).toBe(0);
        // the newest `recent` steps are at full resolution, equal to what the trainer sent
        const tail = raw.slice(Math.max(0, n - SMALL.recent), n);
        expect(s.step.slice(-tail.length)).toEqual(tail.map((x) => x.step));
        expect(s.loss.slice(-tail.length)).toEqual(tail.map((x) => x.loss));
        // every bin's mean times its steps adds up to the sum over the raw steps it holds
        for (const { folded, raw: values } of pairs(s, n)) {
          let prev = 0;
          s.step.forEach((k, i) => {
            const held = values.slice(prev, k).filter((v): v is number => v !== null && Number.isFinite(v));
            const v = folded[i];
            if (held.length === 0) expect(v === null || Number.isNaN(v)).toBe(true);
            else
              expect(
                close(
                  v! * held.length,
                  held.reduce((a, x) => a + x, 0),
                ),
              ).toBe(true);
            prev = k;
          });
        }
      },
      SMALL,
    );
    expect(folds).toBeGreaterThan(updates / 2);
  });

  it('a heatmap column of at least the bin size reads the same mean from the folded record as from the raw steps', () => {
    const run = fold(rec, undefined, SMALL);
    const n = stepCount(run.steps);
    const biggest = Math.max(...run.steps.step.map((_, i) => stepsIn(run.steps.step, i)));
    // columns of `biggest` steps or more: as many as a heatmap that wide would have
    const columns = Math.floor(n / biggest);
    const src = layerSource(run, 'kernelMeanAbs');
    expect(src.n).toBe(n);
    for (let layer = 0; layer < src.rows; layer++) {
      const fromFolded = binSeriesBy(n, (i) => src.value(layer, i), columns);
      const fromRaw = binSeries(
        raw.map((x) => x.layers[layer]!.kernelMeanAbs),
        columns,
      );
      expect(fromFolded.size).toBeGreaterThanOrEqual(biggest);
      expect(fromFolded.means.length).toBe(fromRaw.means.length);
      fromFolded.means.forEach((m, c) => expect(close(m, fromRaw.means[c]!)).toBe(true));
    }
  });

  it('the running colour domain stays the one over every raw step, after every update', () => {
    let checked = 0;
    fold(
      rec,
      (run, e) => {
        if (e.type !== 'steps') return;
        const n = stepCount(run.steps);
        for (const stat of GRAD_STATS) {
          const full = run.layers.map((_, i) => raw.slice(0, n).map((x) => x.layers[i]![stat] ?? null));
          expect(runningDomain(run.steps.layers.map((l) => l[stat]))).toEqual(domainFromSeries(full));
        }
        checked++;
      },
      SMALL,
    );
    expect(checked).toBeGreaterThan(20);
  });

  it("the curves' smoothed steps, read as the run streams, equal smoothing and binning every raw step", () => {
    let checked = 0;
    fold(
      rec,
      (run, e) => {
        if (e.type !== 'steps') return;
        // read at every update (as the views do, far more often than once per `recent` steps), compared at every 5th
        const got = curveSet(run, 'loss', 100, 0.9, 40).steps;
        if (checked++ % 5 !== 0) return;
        const n = stepCount(run.steps);
        const b = binSeries(
          ema(
            raw.slice(0, n).map((x) => x.loss),
            0.9,
          ),
          40,
        );
        const want = b.ranges.map((r, i) => ({ x: r.end / 100, y: b.means[i]! }));
        expect(got.length).toBe(want.length);
        got.forEach((p, i) => {
          expect(p.x).toBe(want[i]!.x);
          expect(close(p.y, want[i]!.y)).toBe(true);
        });
      },
      SMALL,
    );
    expect(checked).toBeGreaterThan(20);
  });

  it('is saved folded and reads back as it was held; the steps CSV says how many steps each row holds', () => {
    const run = fold(rec, undefined, SMALL);
    const saved = RunRecord.parse(JSON.parse(JSON.stringify(forStorage(run, SMALL))));
    expect(saved.steps.step).toEqual(run.steps.step);
    expect(saved.steps.loss).toEqual(run.steps.loss);
    saved.steps.layers.forEach((l, i) => expect(l.kernelNorm).toEqual(run.steps.layers[i]!.kernelNorm));
    const rows = stepsCsv(saved)
      .trim()
      .split('\r\n')
      .slice(1)
      .map((r) => r.split(','));
    expect(rows.length).toBe(saved.steps.step.length);
    expect(rows.reduce((a, r) => a + Number(r[1]), 0)).toBe(raw.length);
  });

  it('a run saved before folding (one entry per step) is folded when stored, to the same sums', () => {
    // the record as an older version held it: every step, unfolded
    let run = newRun(raw.length > 0 ? rec.events[0]!.runId : '', chain([]), config(), 'old', new Date(0));
    const big: StepLimits = { recent: 10 ** 9, maxBins: 1 };
    for (const e of rec.events) run = applyEvent(run, e, new Date(0), big);
    expect(run.steps.step.length).toBe(raw.length);
    const stored = forStorage(run, SMALL);
    expect(stored.steps.step.length).toBeLessThan(foldThreshold(SMALL));
    expect(stepCount(stored.steps)).toBe(raw.length);
    // the record it was made from is left as it was (a copy is folded)
    expect(run.steps.step.length).toBe(raw.length);
    const sum = (s: StepSeries) => s.step.reduce((a, _, i) => a + stepsIn(s.step, i) * s.loss[i]!, 0);
    expect(close(sum(stored.steps), sum(run.steps), 1e-9)).toBe(true);
  });

  it('at the default limits a 40,000-step run holds at most 4096 entries per series', () => {
    const started = rec.events.find((e) => e.type === 'started')!;
    let run = newRun(started.runId, chain([]), config(), 'long', new Date(0));
    run = applyEvent(run, started, new Date(0));
    const template = raw[0]!;
    for (let k = 1; k <= 40_000; k += 25) {
      const steps = Array.from({ length: 25 }, (_, j) => ({ ...template, step: k + j, loss: 1 / (k + j) }));
      run = applyEvent(run, { type: 'steps', runId: started.runId, steps }, new Date(0));
      expect(run.steps.step.length).toBeLessThan(foldThreshold(STEP_LIMITS));
    }
    expect(foldThreshold(STEP_LIMITS)).toBe(4096);
    expect(stepCount(run.steps)).toBe(40_000);
    expect(run.steps.step.length).toBeGreaterThan(STEP_LIMITS.recent);
  });

  it('means over the last steps count each folded entry once per step it holds', () => {
    const run = fold(rec, undefined, SMALL);
    const n = stepCount(run.steps);
    const layer = (i: number) => raw.map((x) => x.layers[i]!.kernelMeanAbs);
    const mean = (v: number[]) => v.reduce((a, x) => a + x, 0) / v.length;
    for (const window of [10, SMALL.recent, n]) {
      const got = recentMean(run.steps.layers[0]!.kernelMeanAbs, window, run.steps.step);
      expect(close(got, mean(layer(0).slice(n - window)))).toBe(true);
    }
    const g = hiddenGradientRatio(run, n)!;
    expect(g.fromStep).toBe(1);
    expect(g.toStep).toBe(n);
    expect(close(g.ratio, mean(layer(0)) / mean(layer(1)))).toBe(true);
  });

  it('reads a folded series per step, in order or by jumps', () => {
    const run = fold(rec, undefined, SMALL);
    const s = run.steps;
    const per = new PerStep(s.step, s.loss);
    const direct = (i: number) => s.loss[entryOf(s.step, i + 1)];
    for (let i = 0; i < per.length; i++) expect(per.at(i)).toBe(direct(i));
    for (const i of [per.length - 1, 0, 17, 3, per.length - 60, 5]) expect(per.at(i)).toBe(direct(i));
    expect(per.at(per.length)).toBeUndefined();
    // a fold in between: the reader finds its place again
    foldSteps(s, { recent: 4, maxBins: 2 });
    expect(per.at(per.length - 1)).toBe(s.loss.at(-1));
    expect(per.at(0)).toBe(s.loss[0]);
  });
});
