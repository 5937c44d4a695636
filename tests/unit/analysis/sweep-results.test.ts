import { describe, expect, it } from 'vitest';
import { bestPer, pendingResult, sweepRecord, variantResult } from '../../../src-main/analysis/sweep-results';
import { SweepRecord, SweepSpec, type SweepSummary, type VariantResult } from '../../../src-main/contract/sweep';
import { epochsOf, makeRun } from './make-run';

const variant = { index: 2, axes: { depth: 3 }, label: 'depth=3' };

describe('a variant result read from its run', () => {
  it('takes the figures of the tested epoch (the restored best), the test result and the first/last hidden gradient ratio', () => {
    const run = {
      ...makeRun({
        hidden: [{ activation: 'sigmoid' }, { activation: 'sigmoid' }, { activation: 'sigmoid' }],
        epochs: epochsOf(3, (e) => ({ trainLoss: 2 - e * 0.1, trainAcc: 0.2 + e * 0.1, valLoss: [1.5, 1.2, 1.4][e - 1]!, valAcc: [0.3, 0.4, 0.35][e - 1]! })),
        grad: (layer) => [1e-4, 1e-3, 1e-2, 0.1][layer]!,
        test: { loss: 1.25, acc: 0.39 },
      }),
      modelEpoch: 2,
    };
    const r = variantResult(variant, run, 12.5);
    expect(r).toMatchObject({ index: 2, axes: { depth: 3 }, status: 'completed', epoch: 2, epochs: 3, seconds: 12.5, message: null });
    expect(r.train!.loss).toBeCloseTo(1.8, 10);
    expect(r.train!.acc).toBeCloseTo(0.4, 10);
    expect(r.val).toEqual({ loss: 1.2, acc: 0.4 });
    expect(r.test).toEqual({ loss: 1.25, acc: 0.39 });
    // first hidden 1e-4, last hidden 1e-2 (the output layer is not hidden)
    expect(r.gradRatio).toBeCloseTo(1e-2, 8);
  });

  it('a diverged run has no figures, only its message', () => {
    const run = {
      ...makeRun({ hidden: [{ activation: 'relu' }], epochs: epochsOf(1, () => ({ trainLoss: 1 })), reason: 'diverged' as const }),
      message: 'training diverged',
    };
    expect(variantResult(variant, run, 1)).toMatchObject({ status: 'diverged', train: null, val: null, epoch: null, message: 'training diverged' });
  });
});

describe('best per axis value, and the record a project keeps', () => {
  const result = (lr: number, optimizer: string, valAcc: number | null): VariantResult => ({
    ...pendingResult({ index: 0, axes: { optimizer: { kind: optimizer } as never, learningRate: lr }, label: '' }),
    status: 'completed',
    val: valAcc === null ? null : { loss: 1, acc: valAcc },
  });

  it('each optimizer at its best learning rate by validation accuracy; variants without the figure are passed over', () => {
    const all = [result(0.1, 'sgd', 0.8), result(0.01, 'sgd', 0.6), result(0.001, 'adam', 0.9), result(0.01, 'adam', null), result(0.1, 'adam', 0.3)];
    expect(bestPer(all, 'optimizer', 'valAcc').map((r) => [(r.axes.optimizer as { kind: string }).kind, r.axes.learningRate])).toEqual([
      ['sgd', 0.1],
      ['adam', 0.001],
    ]);
  });

  it('a summary becomes a SweepRecord the project schema accepts', () => {
    const spec = SweepSpec.parse({ axes: [{ name: 'depth', values: [3] }] });
    const summary: SweepSummary = {
      type: 'sweep',
      sweepId: 's1',
      state: 'stopped',
      axes: spec.axes,
      workers: 2,
      seconds: 3,
      variants: [pendingResult(variant)],
    };
    const run = makeRun({ hidden: [{ activation: 'relu' }], epochs: [] });
    const record = sweepRecord(summary, {
      graph: run.graph,
      training: run.training,
      spec,
      label: 'depth',
      startedAt: 'a',
      finishedAt: 'b',
      template: 'deeper-not-better',
    });
    expect(SweepRecord.parse(JSON.parse(JSON.stringify(record)))).toEqual(record);
    expect(record).toMatchObject({ id: 's1', state: 'stopped', template: 'deeper-not-better' });
  });
});
