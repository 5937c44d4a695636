// "Best epoch" means what it says: with restore-best on, the tested (and exported) model holds the best
// validation epoch's weights whether or not early stopping fired; with it off, the last epoch's.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/trainer/backend';
import type { TrainingConfig } from '../../../src-main/contract/training';
import type { RunResult } from '../../../src-main/trainer/loop';
import { chain, config, dense } from './fixtures/graphs';
import { spiral } from './fixtures/datasets';
import { collect } from './fixtures/run';

beforeAll(async () => {
  await initBackend();
});

// a noisy little spiral and a big step size: the validation loss wanders, so the best epoch is not the last
const data = spiral(150, 3, 0.5, 3);
const graph = chain([dense(64, 'relu'), dense(64, 'relu')]);
const t = (epochs: number, es: Partial<TrainingConfig['earlyStopping']>) =>
  config({ learningRate: 0.1, batchSize: 8, epochs, earlyStopping: { enabled: false, monitor: 'val_loss', patience: 3, restoreBest: true, ...es } });

function weightsOf(r: RunResult): number[][] {
  return r.model!.getWeights().map((w) => Array.from(w.dataSync()));
}

async function trainedFor(epochs: number): Promise<{ weights: number[][]; test: RunResult['test'] }> {
  const r = await collect(graph, t(epochs, { restoreBest: false }), data);
  const out = { weights: weightsOf(r.result), test: r.result.test };
  r.result.compiled?.dispose();
  return out;
}

describe('restore-best', () => {
  it('early stopping on but not fired (patience 10 over 8 epochs): the model is the best epoch', async () => {
    const r = await collect(graph, t(8, { enabled: true, patience: 10 }), data);
    const best = r.result.bestEpoch!;
    expect(r.of('early_stop')).toHaveLength(0);
    expect(best).toBeLessThan(8);
    expect(r.result.modelEpoch).toBe(best);
    expect(r.of('finished')[0]!.modelEpoch).toBe(best);
    const bestVal = Math.min(...r.result.history.map((e) => e.valLoss!));
    expect(r.result.history[best - 1]!.valLoss).toBe(bestVal);
    const reference = await trainedFor(best);
    expect(weightsOf(r.result)).toEqual(reference.weights);
    expect(r.result.test).toEqual(reference.test);
    r.result.compiled?.dispose();
  }, 60_000);

  it('early stopping off, restore-best on: the model is still the best epoch', async () => {
    const r = await collect(graph, t(20, { enabled: false }), data);
    const best = r.result.bestEpoch!;
    expect(best).toBeLessThan(20);
    expect(r.result.modelEpoch).toBe(best);
    const reference = await trainedFor(best);
    expect(weightsOf(r.result)).toEqual(reference.weights);
    r.result.compiled?.dispose();
  }, 60_000);

  it('restore-best off: the model is the last epoch, and the best epoch is only reported as such', async () => {
    const r = await collect(graph, t(20, { enabled: false, restoreBest: false }), data);
    expect(r.result.modelEpoch).toBe(20);
    expect(r.result.bestEpoch).toBeLessThan(20);
    const reference = await trainedFor(20);
    expect(weightsOf(r.result)).toEqual(reference.weights);
    r.result.compiled?.dispose();
  }, 60_000);
});
