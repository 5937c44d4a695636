import { describe, expect, it } from 'vitest';
import { curveSet, stepsPerEpochOf } from '../../../src-renderer/views/curve-data';
import { epochsOf, makeRun } from '../analysis/make-run';
import type { RunRecord } from '../../../src-main/contract/project';

describe('curve data', () => {
  const run = makeRun({
    hidden: [{ activation: 'relu' }],
    stepsPerEpoch: 50,
    epochs: epochsOf(4, (e) => ({ trainLoss: 1 / e, trainAcc: 0.5 + e / 10, valLoss: 1.2 / e, valAcc: 0.45 + e / 10 })),
    stepLoss: (s) => 2 / Math.sqrt(s),
    test: { loss: 0.3, acc: 0.88 },
    earlyStopEpoch: 4,
    bestEpoch: 2,
  });

  it("estimates steps per epoch from whole epochs, and prefers the trainer's number", () => {
    expect(stepsPerEpochOf(run)).toBe(50);
    expect(stepsPerEpochOf(run, 64)).toBe(64);
    expect(stepsPerEpochOf(makeRun({ hidden: [], epochs: [] }))).toBeNull();
  });

  it('plots epochs at their number, steps at fractional epochs, thinned, and the test point at the end', () => {
    const c = curveSet(run, 'loss', 50, 0.9, 40);
    expect(c.train.map((p) => p.x)).toEqual([1, 2, 3, 4]);
    expect(c.val[1]!.y).toBeCloseTo(0.6, 12);
    expect(c.steps.length).toBeLessThanOrEqual(40);
    expect(c.steps.at(-1)!.x).toBe(4);
    // smoothed loss falls with the raw one
    expect(c.steps.at(-1)!.y).toBeLessThan(c.steps[0]!.y);
    // early stopping restored epoch 2's weights: that is the model the test set saw
    expect(c.test).toEqual({ x: 2, y: 0.3 });
    expect([c.earlyStopEpoch, c.bestEpoch]).toEqual([4, 2]);
    const a = curveSet(run, 'acc', 50);
    expect(a.test).toEqual({ x: 2, y: 0.88 });
    const kept = structuredClone(run);
    kept.training.earlyStopping.restoreBest = false;
    expect(curveSet(kept, 'loss', 50).test).toEqual({ x: 4, y: 0.3 });
    expect(curveSet(kept, 'loss', 50).bestRestored).toBe(false);
    expect(c.bestRestored).toBe(true);
    // the trainer says which epoch the model holds: restore-best without early stopping
    const noStop = { ...structuredClone(run), earlyStopEpoch: null, modelEpoch: 3, bestEpoch: 3 };
    expect(curveSet(noStop, 'loss', 50)).toMatchObject({ test: { x: 3, y: 0.3 }, bestRestored: true });
    expect(a.train[0]!.y).toBeCloseTo(0.6, 12);
  });

  it('regression accuracy curves are empty rather than zeros; R² curves come from the epochs and the test', () => {
    const reg = makeRun({ hidden: [], classes: null, epochs: epochsOf(2, () => ({ trainLoss: 1, valLoss: 1 })) });
    const a = curveSet(reg, 'acc', 10);
    expect(a.train).toEqual([]);
    expect(a.steps).toEqual([]);
    const withR2 = {
      ...reg,
      epochs: reg.epochs.map((e) => ({ ...e, trainR2: 0.5 + e.epoch / 10, valR2: 0.4 + e.epoch / 10 })),
      test: { loss: 1, acc: null, mae: 0.8, r2: 0.55 },
    };
    const r = curveSet(withR2, 'r2', 10);
    expect(r.train.map((p) => p.x)).toEqual([1, 2]);
    expect(r.train[1]!.y).toBeCloseTo(0.7, 12);
    expect(r.val[1]!.y).toBeCloseTo(0.6, 12);
    expect(r.steps).toEqual([]);
    expect(r.test).toEqual({ x: 2, y: 0.55 });
  });
});

describe('curve data of a growing run', () => {
  /** the full recomputation: every epoch, in order, read afresh */
  const fresh = (epochs: RunRecord['epochs']) => curveSet({ ...makeRun({ hidden: [], epochs: [] }), epochs: structuredClone(epochs) }, 'loss', null);
  const records = (specs: ReturnType<typeof epochsOf>) => makeRun({ hidden: [], epochs: specs }).epochs;

  it('extends the points of the epochs it has seen, and agrees with reading every epoch afresh', () => {
    const all = records(epochsOf(30, (e) => ({ trainLoss: 1 / e, trainAcc: 0.5, valLoss: e % 7 === 0 ? null : 1.1 / e, valAcc: 0.5, runningLoss: 1.05 / e })));
    const base = makeRun({ hidden: [], epochs: [] });
    // a live run: each version a new list holding the same records
    for (let n = 1; n <= all.length; n += 1 + (n % 3)) {
      const live = { ...base, epochs: all.slice(0, n) };
      const c = curveSet(live, 'loss', null);
      const f = fresh(all.slice(0, n));
      expect(c.train).toEqual(f.train);
      expect(c.val).toEqual(f.val);
      expect(c.running).toEqual(f.running);
    }
  });

  it('reads the list again when an epoch is replaced or the list comes out of order', () => {
    const all = records(epochsOf(6, (e) => ({ trainLoss: 1 / e, valLoss: 2 / e })));
    const base = makeRun({ hidden: [], epochs: [] });
    expect(curveSet({ ...base, epochs: all.slice(0, 4) }, 'loss', null).train.map((p) => p.x)).toEqual([1, 2, 3, 4]);
    // epoch 4 sent again with other figures (the record replaced at the end)
    const redo = [...all.slice(0, 3), { ...all[3]!, trainLoss: 9 }];
    expect(curveSet({ ...base, epochs: redo }, 'loss', null).train.at(-1)).toEqual({ x: 4, y: 9 });
    // an older epoch arriving late lands in its place
    const late = [...redo, all[5]!, all[4]!];
    expect(curveSet({ ...base, epochs: late }, 'loss', null).train.map((p) => p.x)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
