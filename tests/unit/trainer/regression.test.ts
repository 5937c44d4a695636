// Regression as a first-class task, on real training runs of CSV data through the real loader: the target
// is standardised for training and every reported figure is in its own units; R² is judged against
// predicting the training mean; early stopping on accuracy is refused for a regression head.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src-main/data/index';
import { initBackend } from '../../../src-main/trainer/backend';
import { applyEvent, newRun } from '../../../src-main/analysis/run-record';
import { diagnose } from '../../../src-main/analysis/diagnosis';
import type { RunRecord } from '../../../src-main/contract/project';
import type { Graph } from '../../../src-main/contract/graph';
import type { TrainingConfig } from '../../../src-main/contract/training';
import type { Dataset } from '../../../src-main/data/dataset-types';
import { setupProblems } from '../../../src-main/contract/validate';
import { chain, config, dense } from './fixtures/graphs';
import { collect } from './fixtures/run';
import { sineCsv, tmpDir } from '../fixtures/csv-files';

beforeAll(async () => {
  await initBackend();
});

const split = { seed: 1, validationSplit: 0.15, testSplit: 0.15 };
const dir = tmpDir('gradscope-reg-');
const mlp = chain([dense(32, 'tanh'), dense(32, 'tanh')], 'linear');
const linear = chain([], 'linear');
const training = (over: Partial<TrainingConfig> = {}) => config({ learningRate: 0.01, epochs: 40, batchSize: 32, ...over });

async function record(graph: Graph, t: TrainingConfig, data: Dataset): Promise<RunRecord> {
  let run = newRun('test-run', graph, t, 'regression', new Date(0));
  const r = await collect(graph, t, data, { onEvent: (e) => (run = applyEvent(run, e)) });
  r.result.compiled?.dispose();
  return run;
}

describe('regression', () => {
  it('a linear model on a sine is diagnosed as not fitting, an MLP as fitting, by training R²', async () => {
    const data = await loadDataset({ kind: 'csv', file: sineCsv(dir), label: 'y' }, split);
    const lin = await record(linear, training(), data);
    const net = await record(mlp, training(), data);
    expect(lin.message).toBeNull();
    const linR2 = lin.epochs.at(-1)!.trainR2!;
    const netR2 = net.epochs.at(-1)!.trainR2!;
    expect(linR2).toBeGreaterThan(0.3); // a line catches some of sin(x) on [-3, 3] …
    expect(linR2).toBeLessThan(0.8); // … but far from all of it
    expect(netR2).toBeGreaterThan(0.95);
    const dl = diagnose(lin);
    expect(dl.verdict).toBe('not_fitting');
    expect(dl.detail).toMatch(/training R² is 0\.\d\d .*fitting means at least 0\.80/);
    expect(diagnose(net).verdict).toBe('good');
    // the threshold is the user's: at 0.3 the line "fits"
    expect(diagnose(lin, { minTrainR2: 0.3 }).verdict).not.toBe('not_fitting');
  }, 60_000);

  it('a target scaled by 5e4 and shifted by 3e5 trains to the same R², its MSE in its own units', async () => {
    const plain = await loadDataset({ kind: 'csv', file: sineCsv(dir, 'plain.csv'), label: 'y' }, split);
    const big = await loadDataset({ kind: 'csv', file: sineCsv(dir, 'big.csv', { scale: 5e4, shift: 3e5 }), label: 'y' }, split);
    const t = training({ epochs: 30 });
    const a = await collect(mlp, t, plain);
    const b = await collect(mlp, t, big);
    a.result.compiled?.dispose();
    b.result.compiled?.dispose();
    expect(a.result.test!.r2!).toBeGreaterThan(0.95);
    expect(b.result.test!.r2!).toBeCloseTo(a.result.test!.r2!, 3);
    // MSE scales with the square of the unit, MAE with the unit
    expect(b.result.test!.loss / a.result.test!.loss / 2.5e9).toBeCloseTo(1, 2);
    expect(b.result.test!.mae! / a.result.test!.mae! / 5e4).toBeCloseTo(1, 2);
    const lastA = a.result.history.at(-1)!;
    const lastB = b.result.history.at(-1)!;
    expect(lastB.trainR2!).toBeCloseTo(lastA.trainR2!, 3);
    expect(lastB.trainLoss / lastA.trainLoss).toBeGreaterThan(2.4e9);
    // R² is 1 − MSE / MSE of predicting the training mean, whatever the units
    const ys = big.test.y; // standardised: the training mean is 0 and the scale 1 in these units
    const base = Array.from(ys).reduce((s, v) => s + v * v, 0) / ys.length;
    const std = big.contract!.target.task === 'regression' ? big.contract!.target.scaling!.std : NaN;
    expect(b.result.test!.r2!).toBeCloseTo(1 - b.result.test!.loss / (base * std * std), 5);
  }, 60_000);

  it('early stopping on validation accuracy is refused for a regression head, with the reason', async () => {
    const data = await loadDataset({ kind: 'csv', file: sineCsv(dir, 'es.csv'), label: 'y' }, split);
    const t = training({ earlyStopping: { enabled: true, monitor: 'val_acc', patience: 2, restoreBest: true } });
    expect(setupProblems(mlp, t).map((p) => p.message)).toEqual([
      'training earlyStopping.monitor = val_acc: the output node out has a linear (regression) head, which has no accuracy; monitor the validation loss (val_loss) instead',
    ]);
    const r = await collect(mlp, t, data);
    expect(r.result.reason).toBe('error');
    expect(r.of('error')[0]!.message).toMatch(/linear \(regression\) head, which has no accuracy/);
    expect(r.of('epoch')).toHaveLength(0);
    // on val_loss it trains
    expect(setupProblems(mlp, { ...t, earlyStopping: { ...t.earlyStopping, monitor: 'val_loss' } })).toEqual([]);
  });
});
