// Issue 7's diagnosis points: dead ReLUs are named; a regression gap within the epoch-to-epoch noise is not overfitting.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src-main/analysis/diagnosis';
import { makeRun } from './make-run';

describe('dead ReLUs', () => {
  it('a huge learning rate that killed the ReLUs (loss ~1e6, gradients 0, no NaN) is named as dead ReLUs', () => {
    const run = makeRun({
      hidden: [{ activation: 'relu' }, { activation: 'relu' }],
      epochs: [
        { trainLoss: 1.2e6, trainAcc: 0.1, valLoss: 1.1e6, valAcc: 0.1 },
        { trainLoss: 1.2e6, trainAcc: 0.1, valLoss: 1.1e6, valAcc: 0.1 },
      ],
      learningRate: 50,
      stepsPerEpoch: 20,
      grad: (layer, step) => (step > 3 && layer < 2 ? 0 : 0.01),
    });
    for (const e of run.epochs) {
      e.weights = run.layers.map((l, i) => ({
        node: l.node,
        histogram: { min: -1, max: 1, counts: [1] },
        kernelNorm: 1,
        kernelMeanAbs: 0.1,
        nearZeroFraction: 0,
        alpha: null,
        deadFraction: i < 2 ? 0.97 : null,
      }));
    }
    const d = diagnose(run);
    expect(d.verdict).toBe('not_fitting');
    const dead = d.findings.find((f) => f.kind === 'dead_relus');
    expect(dead).toBeDefined();
    expect(dead!.detail).toMatch(/h1 97\.0 %, h2 97\.0 %/);
    expect(dead!.fixes.join(' ')).toMatch(/Leaky ReLU/);
  });

  it('ReLUs that are alive (gradients flowing) are not called dead, even with many idle units', () => {
    const run = makeRun({ hidden: [{ activation: 'relu' }], epochs: [{ trainLoss: 2, trainAcc: 0.2, valLoss: 2, valAcc: 0.2 }] });
    run.epochs[0]!.weights = [
      { node: 'h1', histogram: { min: -1, max: 1, counts: [1] }, kernelNorm: 1, kernelMeanAbs: 0.1, nearZeroFraction: 0, alpha: null, deadFraction: 0.6 },
    ];
    expect(diagnose(run).findings.some((f) => f.kind === 'dead_relus')).toBe(false);
  });
});

describe('regression overfitting and the noise between epochs', () => {
  const fit = (valLosses: number[]) =>
    makeRun({
      hidden: [{ activation: 'relu' }],
      classes: null,
      epochs: valLosses.map((v, i) => ({ trainLoss: 0.01 - i * 0.0001, valLoss: v })),
      stepLoss: (s) => (s <= 10 ? 1 : 0.01),
    });

  it('a validation loss at the noise floor, jumping around, is not called overfitting from the ratio alone', () => {
    const d = diagnose(fit([0.012, 0.03, 0.011, 0.028, 0.012, 0.016]));
    expect(d.verdict).toBe('good');
  });

  it('a steady gap well beyond the epoch-to-epoch noise still is', () => {
    const d = diagnose(fit([0.03, 0.031, 0.03, 0.031, 0.03, 0.031]));
    expect(d.verdict).toBe('overfitting');
    expect(d.findings.map((f) => f.kind)).toContain('loss_gap');
  });
});
