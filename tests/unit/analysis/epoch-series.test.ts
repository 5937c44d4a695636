// A long run's epoch records in bounded memory: older epochs' histograms thinned to one epoch in a
// power-of-two stride, every epoch's figures kept. On a real recorded run of the trainer (600 short
// epochs) with small limits, so that it thins many times: bounded after every epoch, the newest
// epochs untouched, the saturation strips the same live as from the saved run, each column still the
// mean of real epochs' shares.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/trainer/backend';
import { applyEvent, forStorage, newRun } from '../../../src-main/analysis/run-record';
import { hasHistograms, keptHistograms, thinEpochs, type EpochLimits } from '../../../src-main/analysis/epoch-series';
import { activationStrip, stripAxis } from '../../../src-main/analysis/activation-strips';
import { STEP_LIMITS } from '../../../src-main/analysis/step-series';
import { RunRecord, type KeptEpoch } from '../../../src-main/contract/project';
import type { EpochRecord, Histogram } from '../../../src-main/contract/events';
import { chain, config, dense } from '../trainer/fixtures/graphs';
import { record, type Recorded } from './recorded-runs';

const SMALL: EpochLimits = { recent: 32, kept: 32 };

let rec: Recorded;
let raw: EpochRecord[];

beforeAll(async () => {
  await initBackend();
  // one step per epoch (the whole training set in a batch): 600 real epochs in a few seconds
  rec = await record([dense(8, 'tanh'), dense(8, 'relu')], { epochs: 600, batchSize: 512, learningRate: 0.05 });
  raw = rec.events.flatMap((e) => (e.type === 'epoch' ? [(({ type: _t, runId: _r, ...rest }) => rest)(e)] : []));
}, 120_000);

/** The recorded run folded event by event with the small limits; `each` sees the record after every epoch. */
function live(each: (run: RunRecord) => void = () => undefined): RunRecord {
  const started = rec.events.find((e) => e.type === 'started')!;
  let run = newRun(started.runId, chain([]), config(), 'recorded', new Date(0));
  for (const e of rec.events) {
    run = applyEvent(run, e, new Date(0), STEP_LIMITS, SMALL);
    if (e.type === 'epoch') each(run);
  }
  return run;
}

const histogramsHeld = (epochs: readonly KeptEpoch[]) => epochs.filter(hasHistograms).length;

describe('epoch records in bounded memory', () => {
  it('after every epoch at most recent + kept epochs hold histograms; every epoch keeps its figures; the newest keep theirs', () => {
    expect(raw).toHaveLength(600);
    let most = 0;
    let thinnings = 0;
    let before: readonly KeptEpoch[] = [];
    live((run) => {
      most = Math.max(most, histogramsHeld(run.epochs));
      expect(histogramsHeld(run.epochs)).toBeLessThanOrEqual(SMALL.recent + SMALL.kept);
      if (run.epochs.length > 1 && run.epochs[0] !== before[0]) thinnings++;
      before = run.epochs;
    });
    const run = live();
    expect(most).toBe(SMALL.recent + SMALL.kept);
    expect(thinnings).toBeGreaterThan(4);
    // every epoch is there, with every figure the trainer sent
    expect(run.epochs.map((e) => e.epoch)).toEqual(raw.map((e) => e.epoch));
    run.epochs.forEach((e, i) => {
      const r = raw[i]!;
      expect([e.trainLoss, e.valLoss, e.trainAcc, e.valAcc, e.seconds]).toEqual([r.trainLoss, r.valLoss, r.trainAcc, r.valAcc, r.seconds]);
      expect(e.weights.map((w) => [w.node, w.kernelNorm, w.kernelMeanAbs, w.nearZeroFraction, w.deadFraction])).toEqual(
        r.weights.map((w) => [w.node, w.kernelNorm, w.kernelMeanAbs, w.nearZeroFraction, w.deadFraction]),
      );
      expect(e.activations!.map((a) => [a.node, a.saturation, a.saturated, a.samples])).toEqual(
        r.activations!.map((a) => [a.node, a.saturation, a.saturated, a.samples]),
      );
    });
    // the newest epochs are exactly as sent; older ones keep theirs one epoch in `stride`, as keptHistograms says
    expect(run.epochs.slice(-SMALL.recent)).toEqual(raw.slice(-SMALL.recent));
    const kept = keptHistograms(run.epochs)!;
    expect(kept.from).toBeLessThanOrEqual(600 - SMALL.recent + 1);
    expect(kept.stride).toBeGreaterThanOrEqual(16);
    for (const [i, e] of run.epochs.entries()) {
      if (e.epoch >= kept.from) expect(e).toEqual(raw[i]);
      else if (e.epoch % kept.stride === 0) expect(e).toEqual(raw[i]);
      else expect(hasHistograms(e)).toBe(false);
    }
  });

  it('the saturation strips are the same live as from the saved run; each column is the mean of its kept epochs’ shares', () => {
    let shown = null as ReturnType<typeof activationStrip>;
    const run = live((r) => (shown = activationStrip(r.epochs, 'h1', 'pre', 12, 16)));
    const saved = RunRecord.parse(JSON.parse(JSON.stringify(forStorage(run, STEP_LIMITS, SMALL))));
    const reopened = activationStrip(saved.epochs, 'h1', 'pre', 12, 16)!;
    expect(shown).not.toBeNull();
    expect(reopened.epochs).toEqual(shown!.epochs);
    expect([reopened.lo, reopened.hi, reopened.epochsPerColumn]).toEqual([shown!.lo, shown!.hi, shown!.epochsPerColumn]);
    reopened.columns.forEach((col, c) => col.forEach((v, b) => expect(v).toBeCloseTo(shown!.columns[c]![b]!, 12)));
    // every column holds a kept epoch, and is the mean of those epochs' shares on the strip's axis
    const histOf = (e: KeptEpoch): Histogram | undefined => e.activations?.find((a) => a.node === 'h1')?.pre;
    const kept = saved.epochs.filter((e) => histOf(e));
    const axis = stripAxis(Math.min(...kept.map((e) => histOf(e)!.min)), Math.max(...kept.map((e) => histOf(e)!.max)));
    expect([reopened.lo, reopened.hi]).toEqual([axis.lo, axis.hi]);
    const shares = (h: Histogram) => {
      const total = h.counts.reduce((a, c) => a + c, 0);
      const out = new Array<number>(12).fill(0);
      h.counts.forEach((c, i) => {
        const centre = h.min + ((i + 0.5) * (h.max - h.min)) / h.counts.length;
        out[Math.min(11, Math.max(0, Math.floor(((centre - axis.lo) / (axis.hi - axis.lo)) * 12)))]! += c / total;
      });
      return out;
    };
    const size = reopened.epochsPerColumn;
    expect(size).toBeGreaterThanOrEqual(keptHistograms(saved.epochs)!.stride);
    reopened.columns.forEach((col, c) => {
      const members = kept.filter((e) => e.epoch > c * size && e.epoch <= (c + 1) * size).map((e) => shares(histOf(e)!));
      expect(members.length).toBeGreaterThan(0);
      col.forEach((v, b) => expect(v).toBeCloseTo(members.reduce((a, m) => a + m[b]!, 0) / members.length, 12));
    });
  });

  it('a run saved before thinning is thinned when stored; a short run is left as it is', () => {
    const started = rec.events.find((e) => e.type === 'started')!;
    const whole = { ...newRun(started.runId, chain([]), config(), 'recorded', new Date(0)), epochs: raw };
    const stored = forStorage(whole, STEP_LIMITS, SMALL);
    expect(histogramsHeld(stored.epochs)).toBeLessThanOrEqual(SMALL.recent + SMALL.kept);
    expect(stored.epochs.map((e) => e.trainLoss)).toEqual(raw.map((e) => e.trainLoss));
    // what grows with the epochs is only their figures: the histograms' numbers are bounded
    const numbers = (epochs: readonly KeptEpoch[]) =>
      epochs.reduce(
        (n, e) =>
          n +
          e.weights.reduce((a, w) => a + (w.histogram?.counts.length ?? 0), 0) +
          (e.activations ?? []).reduce((a, x) => a + (x.pre?.counts.length ?? 0) + (x.post?.counts.length ?? 0), 0),
        0,
      );
    expect(numbers(stored.epochs)).toBeLessThanOrEqual(((SMALL.recent + SMALL.kept) * numbers(raw)) / raw.length);
    const short = raw.slice(0, SMALL.recent + SMALL.kept);
    expect(thinEpochs(short, SMALL)).toBe(short);
    expect(keptHistograms(short)).toBeNull();
  });
});
