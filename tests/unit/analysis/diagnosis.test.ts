import { describe, expect, it } from 'vitest';
import { diagnose, DEFAULT_DIAGNOSIS_OPTIONS } from '../../../src-main/analysis/diagnosis';
import { RunRecord } from '../../../src-main/contract/project';
import { epochsOf, makeRun } from './make-run';

const deep = (activation: string, n = 5) => Array.from({ length: n }, () => ({ activation }));
/** sigmoid-like: each layer toward the input gets 1/8 of the gradient of the one above it */
const vanishing = (layers: number) => (l: number) => 0.05 * 8 ** -(layers - 1 - l);
const healthy = () => 0.02;

describe('diagnose: constructed runs are valid RunRecords', () => {
  it('the builder makes records the project schema accepts', () => {
    const run = makeRun({ hidden: deep('relu', 2), epochs: epochsOf(2, () => ({ trainLoss: 1, trainAcc: 0.5 })) });
    expect(RunRecord.safeParse(run).success).toBe(true);
  });
});

describe('diagnose: not fitting the training data', () => {
  const sigmoidDeep = () =>
    makeRun({
      hidden: deep('sigmoid', 5),
      epochs: epochsOf(6, () => ({ trainLoss: 2.3, trainAcc: 0.11, valLoss: 2.3, valAcc: 0.1 })),
      grad: vanishing(6),
    });

  it('a deep sigmoid net near chance: "not overfitting", vanishing gradients named with its heatmap evidence', () => {
    const d = diagnose(sigmoidDeep());
    expect(d.verdict).toBe('not_fitting');
    expect(d.headline).toMatch(/not overfitting/i);
    expect(d.detail).toMatch(/11\.0 %/);
    expect(d.detail).toMatch(/chance: 10\.0 %/);
    expect(d.detail).toMatch(/hardly better than guessing/);
    const v = d.findings.find((f) => f.kind === 'vanishing_gradients');
    expect(v).toBeDefined();
    expect(v!.fixes.join(' ')).toMatch(/ReLU/);
    expect(v!.fixes.join(' ')).toMatch(/Maxout/);
    expect(v!.detail).toMatch(/sigmoid/);
    const ev = v!.evidence[0]!;
    expect(ev.view).toBe('heatmap');
    if (ev.view === 'heatmap') {
      expect(ev.layers).toEqual([0, 4]);
      expect(ev.toStep).toBe(60);
      expect(ev.fromStep).toBe(11);
    }
    expect(d.numbers.gradientRatio).toBeCloseTo(8 ** -4, 8);
    // flat loss also reported, with an optimizer fix
    const p = d.findings.find((f) => f.kind === 'plateau');
    expect(p?.fixes.join(' ')).toMatch(/Adam/);
    expect(d.fixes).toContain(v!.fixes[0]);
  });

  it('the same poor accuracy with healthy gradients does not blame vanishing gradients', () => {
    const run = makeRun({
      hidden: deep('relu', 5),
      epochs: epochsOf(6, () => ({ trainLoss: 2.3, trainAcc: 0.11, valLoss: 2.3, valAcc: 0.1 })),
      grad: healthy,
    });
    const d = diagnose(run);
    expect(d.verdict).toBe('not_fitting');
    expect(d.findings.map((f) => f.kind)).not.toContain('vanishing_gradients');
    expect(d.notes.map((f) => f.kind)).not.toContain('vanishing_gradients');
    expect(d.findings.map((f) => f.kind)).toContain('plateau');
  });

  it('the vanishing threshold is configurable', () => {
    const run = makeRun({
      hidden: deep('sigmoid', 3),
      epochs: epochsOf(4, () => ({ trainLoss: 2.3, trainAcc: 0.11 })),
      grad: vanishing(4), // ratio 1/64 ≈ 0.016: above the default 1e-2
    });
    expect(diagnose(run).findings.map((f) => f.kind)).not.toContain('vanishing_gradients');
    expect(diagnose(run, { vanishingRatio: 0.02 }).findings.map((f) => f.kind)).toContain('vanishing_gradients');
  });

  it('an oscillating training loss points at the learning rate', () => {
    const run = makeRun({
      hidden: deep('relu', 2),
      learningRate: 3,
      epochs: epochsOf(6, (e) => ({ trainLoss: e % 2 ? 1.2 : 1.8, trainAcc: 0.4 })),
    });
    const d = diagnose(run);
    const f = d.findings.find((x) => x.kind === 'oscillation');
    expect(f).toBeDefined();
    expect(f!.detail).toMatch(/learning rate \(3\)/);
    expect(f!.fixes.join(' ')).toMatch(/Lower the learning rate/);
    expect(d.findings.map((x) => x.kind)).not.toContain('plateau');
  });

  it('with only a couple of epochs, oscillation is read from the step losses', () => {
    const run = makeRun({
      hidden: deep('relu', 2),
      stepsPerEpoch: 60,
      epochs: epochsOf(2, () => ({ trainLoss: 1.5, trainAcc: 0.4 })),
      stepLoss: (s) => (Math.floor((s - 1) / 16) % 2 ? 2 : 1), // 120 steps → 8 chunks of 16
    });
    expect(diagnose(run).findings.map((f) => f.kind)).toContain('oscillation');
  });

  it('minibatch noise on a falling loss is neither oscillation nor a plateau, however few the steps', () => {
    // one short epoch of 22 steps: batches differ by up to ±15 %, the trend is down
    const run = makeRun({
      hidden: deep('tanh', 1),
      stepsPerEpoch: 22,
      epochs: epochsOf(1, () => ({ trainLoss: 1.09, trainAcc: 0.38 })),
      stepLoss: (s) => (1.2 - s * 0.005) * (1 + 0.15 * Math.sin(s * 2.7)),
    });
    const kinds = diagnose(run).findings.map((f) => f.kind);
    expect(kinds).not.toContain('oscillation');
    expect(kinds).not.toContain('plateau');
  });

  it('a plateau with plain SGD suggests Adam and momentum', () => {
    const run = makeRun({
      hidden: deep('relu', 2),
      epochs: epochsOf(8, (e) => ({ trainLoss: e < 3 ? 2 - e * 0.2 : 1.4, trainAcc: 0.5 })),
    });
    const p = diagnose(run).findings.find((f) => f.kind === 'plateau');
    expect(p?.fixes).toEqual(expect.arrayContaining([expect.stringMatching(/Adam/), expect.stringMatching(/momentum/)]));
    // with Adam already, it does not tell you to switch to Adam
    const adam = makeRun({
      hidden: deep('relu', 2),
      optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999 },
      epochs: epochsOf(8, (e) => ({ trainLoss: e < 3 ? 2 - e * 0.2 : 1.4, trainAcc: 0.5 })),
    });
    const pa = diagnose(adam).findings.find((f) => f.kind === 'plateau');
    expect(pa).toBeDefined();
    expect(pa!.fixes.join(' ')).not.toMatch(/Switch the optimizer to Adam/);
  });

  it('still-falling loss with no other sign says so, instead of inventing a cause', () => {
    const run = makeRun({
      hidden: deep('relu', 2),
      epochs: epochsOf(5, (e) => ({ trainLoss: 2 / e, trainAcc: 0.3 + e * 0.05 })),
    });
    const d = diagnose(run);
    expect(d.findings.map((f) => f.kind)).toEqual(['no_clear_cause']);
    expect(d.fixes.join(' ')).toMatch(/more epochs/);
  });

  it('flags dropout as harmful when the network does not fit and uses dropout', () => {
    const run = makeRun({
      hidden: [{ activation: 'relu', dropout: 0.5 }, { activation: 'relu' }],
      epochs: epochsOf(5, (e) => ({ trainLoss: 2 / e, trainAcc: 0.4 })),
    });
    const f = diagnose(run).findings.find((x) => x.kind === 'dropout_hurts');
    expect(f?.detail).toMatch(/h1/);
    expect(f?.fixes[0]).toMatch(/Remove dropout/);
  });

  it('a diverged run is not fitting, blamed on the learning rate, even before any epoch', () => {
    const run = makeRun({ hidden: deep('relu', 2), learningRate: 50, epochs: [], reason: 'diverged' });
    run.message = 'loss became NaN at step 3';
    const d = diagnose(run);
    expect(d.verdict).toBe('not_fitting');
    const f = d.findings.find((x) => x.kind === 'diverged');
    expect(f?.detail).toMatch(/NaN at step 3/);
    expect(f?.fixes[0]).toMatch(/Lower the learning rate/);
  });

  it('a target accuracy ("what the data allows") can make 85 % poor', () => {
    const run = makeRun({ hidden: deep('relu', 2), epochs: epochsOf(4, (e) => ({ trainLoss: 0.5 / e, trainAcc: 0.85, valAcc: 0.84 })) });
    expect(diagnose(run).verdict).toBe('good');
    expect(diagnose(run, { targetTrainAcc: 0.97 }).verdict).toBe('not_fitting');
  });

  it('judges against chance: 60 % on 2 classes is poor, 60 % on 100 classes is not by the same skill rule', () => {
    const two = makeRun({ hidden: deep('relu', 2), classes: 2, epochs: epochsOf(3, (e) => ({ trainLoss: 1 / e, trainAcc: 0.6 })) });
    expect(diagnose(two).verdict).toBe('not_fitting');
    const hundred = makeRun({ hidden: deep('relu', 2), classes: 100, epochs: epochsOf(3, (e) => ({ trainLoss: 1 / e, trainAcc: 0.6 })) });
    expect(diagnose(hundred, { minTrainSkill: 0.5 }).verdict).toBe('good');
    expect(diagnose(hundred).verdict).toBe('not_fitting');
  });
});

describe('diagnose: overfitting', () => {
  const overfit = (extra: Partial<Parameters<typeof makeRun>[0]> = {}) =>
    makeRun({
      hidden: deep('relu', 3),
      epochs: epochsOf(8, (e) => ({
        trainLoss: 1 / e,
        trainAcc: Math.min(0.99, 0.7 + e * 0.04),
        valLoss: e <= 3 ? 1 / e : 0.33 + (e - 3) * 0.1,
        valAcc: e <= 3 ? 0.7 + e * 0.04 : 0.82,
      })),
      grad: healthy,
      ...extra,
    });

  it('good training, clearly worse validation: overfitting, with early stopping, L1/L2 and dropout as fixes', () => {
    const d = diagnose(overfit());
    expect(d.verdict).toBe('overfitting');
    expect(d.headline).toBe('Overfitting');
    const kinds = d.findings.map((f) => f.kind);
    expect(kinds).toContain('acc_gap');
    expect(kinds).toContain('val_rising');
    const rising = d.findings.find((f) => f.kind === 'val_rising')!;
    expect(rising.detail).toMatch(/lowest at epoch 3/);
    expect(rising.evidence[0]).toMatchObject({ view: 'curves', metric: 'loss', fromEpoch: 3, toEpoch: 8 });
    const fixes = d.fixes.join(' | ');
    expect(fixes).toMatch(/early stopping/);
    expect(fixes).toMatch(/L2/);
    expect(fixes).toMatch(/L1/);
    expect(fixes).toMatch(/dropout/i);
    expect(d.findings.map((f) => f.kind)).not.toContain('dropout_hurts');
  });

  it('fixes already in use are not suggested again as-is', () => {
    const run = overfit({ earlyStopping: true, hidden: [{ activation: 'relu', dropout: 0.2, l2: 1e-4 }, { activation: 'relu' }] });
    const fixes = diagnose(run).fixes.join(' | ');
    expect(fixes).not.toMatch(/Turn on early stopping/);
    expect(fixes).toMatch(/Raise the dropout rate/);
    expect(fixes).toMatch(/Raise the L1\/L2 penalty/);
  });

  it('mentions early stopping and the restored epoch when it fired', () => {
    const d = diagnose(overfit({ earlyStopping: true, earlyStopEpoch: 6, bestEpoch: 3 }));
    const f = d.findings.find((x) => x.kind === 'early_stopped');
    expect(f?.detail).toMatch(/epoch 6/);
    expect(f?.detail).toMatch(/epoch 3/);
  });

  it('the gap threshold is configurable', () => {
    const run = makeRun({
      hidden: deep('relu', 2),
      epochs: epochsOf(3, (e) => ({ trainLoss: 0.3 / e, trainAcc: 0.97, valLoss: 0.3 / e, valAcc: 0.9 })),
    });
    expect(diagnose(run).verdict).toBe('overfitting');
    expect(diagnose(run, { maxAccGap: 0.1 }).verdict).toBe('good');
  });
});

describe('diagnose: both good, regression, live', () => {
  it('both good, with the test result at the end, and no vanishing note for a healthy ReLU net', () => {
    const run = makeRun({
      hidden: deep('relu', 5),
      epochs: epochsOf(5, (e) => ({ trainLoss: 0.5 / e, trainAcc: 0.9 + e * 0.01, valLoss: 0.55 / e, valAcc: 0.89 + e * 0.01 })),
      grad: healthy,
      test: { loss: 0.12, acc: 0.93 },
    });
    const d = diagnose(run);
    expect(d.verdict).toBe('good');
    expect(d.detail).toMatch(/accuracy 93\.0 %/);
    expect(d.notes).toEqual([]);
    expect(d.numbers.gradientRatio).toBeCloseTo(1, 10);
  });

  it('a deep sigmoid net that still fits gets a vanishing-gradient note, not a verdict', () => {
    const run = makeRun({
      hidden: deep('sigmoid', 5),
      epochs: epochsOf(5, () => ({ trainLoss: 0.2, trainAcc: 0.95, valLoss: 0.22, valAcc: 0.94 })),
      grad: vanishing(6),
    });
    const d = diagnose(run);
    expect(d.verdict).toBe('good');
    expect(d.notes.map((n) => n.kind)).toEqual(['vanishing_gradients']);
  });

  it('regression runs (acc null) are judged on the loss', () => {
    const fit = makeRun({
      hidden: deep('relu', 2),
      classes: null,
      stepsPerEpoch: 10,
      epochs: epochsOf(5, (e) => ({ trainLoss: 1 / e ** 2, valLoss: 1.1 / e ** 2 })),
      stepLoss: (_s, e) => 1 / e ** 2,
    });
    const d = diagnose(fit);
    expect(d.verdict).toBe('good');
    expect(d.numbers.chance).toBeNull();
    const stuck = makeRun({ hidden: deep('relu', 2), classes: null, epochs: epochsOf(5, () => ({ trainLoss: 1, valLoss: 1 })) });
    const ds = diagnose(stuck);
    expect(ds.verdict).toBe('not_fitting');
    expect(ds.detail).toMatch(/100\.0 % of where it started/);
    const over = makeRun({
      hidden: deep('relu', 2),
      classes: null,
      epochs: epochsOf(5, (e) => ({ trainLoss: 1 / e ** 2, valLoss: 3 / e ** 2 })),
      stepLoss: (_s, e) => 1 / e ** 2,
    });
    const dov = diagnose(over);
    expect(dov.verdict).toBe('overfitting');
    expect(dov.findings.map((f) => f.kind)).toContain('loss_gap');
  });

  it('before the first epoch it waits; while running it says "so far"', () => {
    const none = makeRun({ hidden: deep('relu', 2), epochs: [], finished: false });
    expect(diagnose(none).verdict).toBe('waiting');
    const live = makeRun({
      hidden: deep('sigmoid', 2),
      epochs: epochsOf(1, () => ({ trainLoss: 2.3, trainAcc: 0.1 })),
      finished: false,
    });
    expect(diagnose(live).detail).toMatch(/so far/);
  });

  it('default thresholds are what the UI shows', () => {
    expect(DEFAULT_DIAGNOSIS_OPTIONS.vanishingRatio).toBe(0.01);
    expect(Object.isFrozen(DEFAULT_DIAGNOSIS_OPTIONS)).toBe(true);
  });
});
