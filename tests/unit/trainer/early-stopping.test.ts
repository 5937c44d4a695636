import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../src-main/layers/tf';
import { initBackend } from '../../../src-main/trainer/backend';
import { EarlyStopper, WeightSnapshot } from '../../../src-main/trainer/early-stopping';
import { evaluate } from '../../../src-main/trainer/evaluate';
import { chain, config, dense } from './fixtures/graphs';
import { spiral } from './fixtures/datasets';
import { collect } from './fixtures/run';

beforeAll(async () => {
  await initBackend();
});

describe('EarlyStopper', () => {
  it('on val_loss: stops after `patience` epochs without a lower loss and remembers the best epoch', () => {
    const s = new EarlyStopper({ monitor: 'val_loss', patience: 2 });
    const v = (valLoss: number) => ({ valLoss, valAcc: null });
    expect(s.update(1, v(1.0))).toBe('improved');
    expect(s.update(2, v(0.8))).toBe('improved');
    expect(s.update(3, v(0.9))).toBe('wait');
    expect(s.update(4, v(0.7))).toBe('improved');
    expect(s.update(5, v(0.7))).toBe('wait');
    expect(s.update(6, v(Number.NaN))).toBe('stop');
    // patience 2 = the second epoch in a row without improvement stops
    expect(s.bestEpoch).toBe(4);
    expect(s.best).toBe(0.7);
  });
  it('on val_acc: higher is better; patience 0 stops at the first non-improvement', () => {
    const s = new EarlyStopper({ monitor: 'val_acc', patience: 0 });
    expect(s.update(1, { valLoss: 9, valAcc: 0.5 })).toBe('improved');
    expect(s.update(2, { valLoss: 1, valAcc: 0.6 })).toBe('improved');
    expect(s.update(3, { valLoss: 0.5, valAcc: 0.6 })).toBe('stop');
    expect(s.bestEpoch).toBe(2);
  });
});

describe('WeightSnapshot', () => {
  it('restores captured values and frees its copies', () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const before = tf.memory().numTensors;
    const snap = new WeightSnapshot([v]);
    expect(snap.restore()).toBe(false);
    snap.capture();
    tf.tidy(() => v.assign(tf.tensor1d([7, 8, 9])));
    snap.capture(); // replaces the first copy
    tf.tidy(() => v.assign(tf.tensor1d([0, 0, 0])));
    expect(snap.restore()).toBe(true);
    expect(Array.from(v.dataSync())).toEqual([7, 8, 9]);
    snap.dispose();
    expect(tf.memory().numTensors).toBe(before);
    v.dispose();
  });
});

describe('early stopping in a run', () => {
  it("stops once the validation loss stops improving and restores the best epoch's weights", async () => {
    // a wide net on a few noisy samples overfits fast: val loss bottoms out, then rises
    const data = spiral(90, 3, 0.6, 5);
    const r = await collect(
      chain([dense(128, 'relu'), dense(128, 'relu')]),
      config({ learningRate: 0.02, epochs: 300, batchSize: 16, earlyStopping: { enabled: true, monitor: 'val_loss', patience: 3, restoreBest: true } }),
      data,
    );
    const es = r.of('early_stop');
    expect(es).toHaveLength(1);
    const { epoch, bestEpoch, restored } = es[0]!;
    expect(restored).toBe(true);
    expect(epoch).toBe(bestEpoch + 3);
    expect(epoch).toBeLessThan(300);
    const h = r.result.history;
    const best = Math.min(...h.map((e) => e.valLoss!));
    expect(h[bestEpoch - 1]!.valLoss).toBe(best);
    expect(h.at(-1)!.valLoss).toBeGreaterThan(best);
    expect(r.of('finished')[0]).toMatchObject({ reason: 'early_stopped', bestEpoch, epochs: epoch });
    // the model now holds the best epoch's weights: its validation loss is the best one again
    const c = r.result.compiled!;
    const val = { x: tf.tensor2d(data.val.x, [data.val.n, 2]), y: tf.tensor1d(data.val.y as Int32Array, 'int32'), n: data.val.n };
    expect(evaluate(c, val)!.loss).toBeCloseTo(best, 5);
    tf.dispose([val.x, val.y]);
    c.dispose();
  });
});
