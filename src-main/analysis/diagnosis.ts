// The train/test diagnosis, after the lesson: look at training performance first. A network that
// does badly on its training data is not overfitting; only a train/validation gap is. Pure rules
// over a RunRecord; every finding carries the evidence (curve epochs, heatmap rows/steps) it rests on.
import type { KeptEpoch, RunRecord } from '../contract/project';
import { binSeriesBy } from './binning';
import { PerStep, stepCount } from './step-series';
import { classCount, hiddenGradientRatio, type HiddenGradientRatio } from './series';
import { deadRelus } from './dead-relus';
import { persistentLossGap } from './epoch-noise';
import { epochsInOrder } from './epochs';

export interface DiagnosisOptions {
  /** Training fits when (acc − chance) / (1 − chance) reaches this (0.8: 82 % for 10 classes, 90 % for 2). */
  minTrainSkill: number;
  /** What the data allows, when known: training accuracy below this is poor too. null: not used. */
  targetTrainAcc: number | null;
  /** Regression: training fits when its R² (1 − MSE / MSE of always predicting the training mean) reaches this. */
  minTrainR2: number;
  /** Overfitting when training accuracy exceeds validation accuracy by more than this. */
  maxAccGap: number;
  /** Regression: overfitting when validation loss exceeds training loss by more than this factor. */
  maxLossRatio: number;
  /** Overfitting when validation loss rose by more than this fraction above its best while training loss fell. */
  valRise: number;
  /** Vanishing gradients when first/last hidden-layer gradient (mean |g|) ratio is below this. */
  vanishingRatio: number;
  /** Steps the gradient ratio is averaged over (the most recent ones). */
  gradientWindow: number;
  /** Plateau when training loss fell by less than this fraction over the last plateauSpan epochs. */
  plateauTolerance: number;
  plateauSpan: number;
  /** Oscillation when training loss rose by more than oscillationRise (fraction) at least oscillationCount times. */
  oscillationRise: number;
  oscillationCount: number;
}

export const DEFAULT_DIAGNOSIS_OPTIONS: Readonly<DiagnosisOptions> = Object.freeze({
  minTrainSkill: 0.8,
  targetTrainAcc: null,
  minTrainR2: 0.8,
  maxAccGap: 0.05,
  maxLossRatio: 1.5,
  valRise: 0.1,
  vanishingRatio: 1e-2,
  gradientWindow: 50,
  plateauTolerance: 0.01,
  plateauSpan: 3,
  oscillationRise: 0.02,
  oscillationCount: 2,
});

/** Regression runs saved without R²: fitting when the loss fell to this share of its start. */
const LEGACY_FIT_RATIO = 0.3;

/** Where a finding can be seen. Epochs and steps are 1-based, inclusive; layers index run.layers. */
export type Evidence =
  | { view: 'curves'; metric: 'loss' | 'acc'; fromEpoch: number; toEpoch: number; label: string }
  | { view: 'steps'; fromStep: number; toStep: number; label: string }
  | { view: 'heatmap'; layers: number[]; fromStep: number; toStep: number; label: string }
  | { view: 'weights'; epoch: number; label: string };

export type Verdict = 'waiting' | 'not_fitting' | 'overfitting' | 'good';

export type FindingKind =
  | 'vanishing_gradients'
  | 'dead_relus'
  | 'plateau'
  | 'oscillation'
  | 'diverged'
  | 'dropout_hurts'
  | 'no_clear_cause'
  | 'acc_gap'
  | 'loss_gap'
  | 'val_rising'
  | 'early_stopped';

export interface Finding {
  kind: FindingKind;
  title: string;
  detail: string;
  fixes: string[];
  evidence: Evidence[];
}

export interface Diagnosis {
  verdict: Verdict;
  /** false while the run is still going: the words say "so far" */
  final: boolean;
  headline: string;
  detail: string;
  fixes: string[];
  evidence: Evidence[];
  /** likely causes (not fitting) or signs (overfitting) */
  findings: Finding[];
  /** true things worth knowing that are not the problem right now */
  notes: Finding[];
  numbers: {
    epoch: number | null;
    trainAcc: number | null;
    valAcc: number | null;
    trainLoss: number | null;
    valLoss: number | null;
    chance: number | null;
    gradientRatio: number | null;
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const sci = (x: number): string => (x === 0 ? '0' : x.toExponential(1));

const FIX = {
  relu: 'Use ReLU (or Leaky ReLU, PReLU, ELU) or Maxout instead of sigmoid/tanh in the hidden layers',
  fewerLayers: 'Or use fewer layers',
  adam: 'Switch the optimizer to Adam (RMSProp + momentum)',
  momentum: 'Or add momentum, which carries the update over plateaus and saddle points',
  lowerLr: 'Lower the learning rate (e.g. by 10×)',
  adaptive: 'Use an adaptive learning rate (Adam, RMSProp, Adagrad)',
  removeDropout: 'Remove dropout (set p = 0) until the network fits its training data',
  earlyStopping: 'Turn on early stopping on the validation set (restore the best epoch)',
  regularize: 'Add an L2 (shrinks weights) or L1 (makes them sparse) penalty on the kernels',
  dropout: 'Add dropout to the hidden layers (used in training only)',
  moreData: 'More training data, if you have it',
  trainLonger: 'Train for more epochs',
  bigger: 'Give the network more capacity (more units or layers)',
} as const;

function lastEpoch(run: RunRecord): KeptEpoch | null {
  let best: KeptEpoch | null = null;
  for (const e of run.epochs) if (!best || e.epoch > best.epoch) best = e;
  return best;
}

/** The epoch whose weights the run's model holds (older records: inferred from restore-best). */
function keptEpoch(run: RunRecord): number | null {
  if (run.modelEpoch !== undefined) return run.modelEpoch;
  return run.training.earlyStopping.restoreBest && run.earlyStopEpoch !== null ? run.bestEpoch : (lastEpoch(run)?.epoch ?? null);
}

function sortedEpochs(run: RunRecord): readonly KeptEpoch[] {
  return epochsInOrder(run.epochs);
}

/** Training loss changes between consecutive points, from epochs (≥ 4 of them) or else 10-ish step chunks. */
function lossTrend(run: RunRecord): { points: number[]; byEpoch: boolean } {
  const eps = sortedEpochs(run);
  if (eps.length >= 4) return { points: eps.map((e) => e.trainLoss), byEpoch: true };
  // Per-step losses jump with every minibatch: judge a trend only on means of ≥ 10 steps each.
  const n = stepCount(run.steps);
  const bins = Math.min(12, Math.floor(n / 10));
  if (bins < 3) return { points: [], byEpoch: false };
  const loss = new PerStep(run.steps.step, run.steps.loss);
  return { points: Array.from(binSeriesBy(n, (i) => loss.at(i), bins).means), byEpoch: false };
}

function usesDropout(run: RunRecord): string[] {
  return run.graph.nodes.filter((n) => (n.dropout ?? 0) > 0).map((n) => n.name ?? n.id);
}

function trendEvidence(run: RunRecord, byEpoch: boolean, label: string, span: number): Evidence {
  const eps = sortedEpochs(run);
  if (byEpoch) {
    const to = eps[eps.length - 1]!.epoch;
    return { view: 'curves', metric: 'loss', fromEpoch: Math.max(1, to - span), toEpoch: to, label };
  }
  return { view: 'steps', fromStep: 1, toStep: Math.max(1, stepCount(run.steps)), label };
}

function vanishingFinding(run: RunRecord, g: HiddenGradientRatio, threshold: number): Finding {
  const first = run.layers[g.firstLayer]!;
  const last = run.layers[g.lastLayer]!;
  const acts = [...new Set(run.layers.filter((l) => l.hidden).map((l) => l.activation))].join(', ');
  return {
    kind: 'vanishing_gradients',
    title: 'Vanishing gradients',
    detail:
      `The first hidden layer (${first.name}) gets gradients ${sci(g.firstValue)} per weight, the last ` +
      `(${last.name}) ${sci(g.lastValue)}: a ratio of ${sci(g.ratio)}, below ${sci(threshold)}. ` +
      `The layers near the input barely learn while those near the output have already settled` +
      (acts ? ` (hidden activations: ${acts}).` : '.'),
    fixes: [FIX.relu, FIX.fewerLayers],
    evidence: [
      {
        view: 'heatmap',
        layers: [g.firstLayer, g.lastLayer],
        fromStep: g.fromStep,
        toStep: g.toStep,
        label: 'gradient heatmap: bottom (input side) rows dark, top rows bright',
      },
    ],
  };
}

/** Why a network might not fit its training data. */
function notFittingCauses(run: RunRecord, o: DiagnosisOptions, g: HiddenGradientRatio | null): Finding[] {
  const out: Finding[] = [];
  if (run.reason === 'diverged') {
    out.push({
      kind: 'diverged',
      title: 'The loss blew up',
      detail: `${run.message ?? 'The loss became infinite or NaN.'} The learning rate (${run.training.learningRate}) is too large for this network.`,
      fixes: [FIX.lowerLr, FIX.adaptive],
      evidence: [{ view: 'steps', fromStep: 1, toStep: Math.max(1, stepCount(run.steps)), label: 'training loss per step' }],
    });
  }
  if (g && g.ratio < o.vanishingRatio) out.push(vanishingFinding(run, g, o.vanishingRatio));
  const dead = deadRelus(run);
  if (dead) {
    const names = dead.layers.map((i, k) => `${run.layers[i]!.name} ${pct(dead.fractions[k]!)}`).join(', ');
    out.push({
      kind: 'dead_relus',
      title: 'Dead ReLUs',
      detail:
        `Most ReLU units output 0 for every input (dead at epoch ${dead.epoch}: ${names}) and their gradients are ${sci(dead.recentGradient)} per weight: ` +
        `a dead unit gets no gradient, so it never comes back. A too large step (learning rate ${run.training.learningRate}) pushed them there.`,
      fixes: [FIX.lowerLr, 'Use Leaky ReLU, PReLU or ELU, which keep a gradient below zero', FIX.adaptive],
      evidence: [
        { view: 'weights', epoch: dead.epoch, label: 'dead fraction per layer' },
        {
          view: 'heatmap',
          layers: dead.layers,
          fromStep: dead.fromStep,
          toStep: dead.toStep,
          label: 'gradient heatmap: the dead layers’ rows at the dark end',
        },
      ],
    });
  }

  const { points, byEpoch } = lossTrend(run);
  if (points.length >= 3) {
    let rises = 0;
    for (let i = 1; i < points.length; i++) if (points[i]! > points[i - 1]! * (1 + o.oscillationRise)) rises++;
    const span = byEpoch ? Math.min(o.plateauSpan, points.length - 1) : Math.max(1, Math.floor(points.length / 3));
    const end = points[points.length - 1]!;
    const before = points[points.length - 1 - span]!;
    const fell = (before - end) / Math.abs(before);
    const opt = run.training.optimizer.kind;
    if (rises >= o.oscillationCount) {
      out.push({
        kind: 'oscillation',
        title: 'The training loss goes up and down',
        detail: `The training loss rose ${rises} times${byEpoch ? ' from one epoch to the next' : ' over the run'} instead of falling steadily: the steps overshoot. The learning rate (${run.training.learningRate}) is likely too large.`,
        fixes: [FIX.lowerLr, FIX.adaptive],
        evidence: [trendEvidence(run, byEpoch, 'training loss', points.length)],
      });
    } else if (fell < o.plateauTolerance) {
      const fixes: string[] = [];
      if (opt !== 'adam') fixes.push(FIX.adam);
      if (opt === 'sgd' || opt === 'adagrad') fixes.push(FIX.momentum);
      fixes.push(`Try a different learning rate (now ${run.training.learningRate})`);
      out.push({
        kind: 'plateau',
        title: 'The training loss has stopped going down',
        detail: `Over the last ${span} ${byEpoch ? 'epochs' : 'stretches of steps'} the training loss fell by only ${pct(Math.max(0, fell))}: it is stuck on a plateau (or a saddle point / local minimum) with optimizer ${opt}.`,
        fixes,
        evidence: [trendEvidence(run, byEpoch, 'flat training loss', span)],
      });
    }
  }
  const dropped = usesDropout(run);
  if (dropped.length > 0) {
    out.push({
      kind: 'dropout_hurts',
      title: 'Dropout makes this worse',
      detail: `Dropout is on (${dropped.join(', ')}). Dropout is a cure for overfitting; when training performance is the problem it makes training harder still.`,
      fixes: [FIX.removeDropout],
      evidence: [],
    });
  }
  if (!out.some((f) => f.kind !== 'dropout_hurts')) {
    const last = lastEpoch(run);
    out.push({
      kind: 'no_clear_cause',
      title: 'No single cause stands out',
      detail: 'Gradients reach the first layers and the loss is still falling: the network may need more time, a better learning rate, or more capacity.',
      fixes: [FIX.trainLonger, FIX.adaptive, FIX.bigger],
      evidence: last ? [{ view: 'curves', metric: 'loss', fromEpoch: 1, toEpoch: last.epoch, label: 'training loss' }] : [],
    });
  }
  return out;
}

function overfittingSigns(run: RunRecord, o: DiagnosisOptions, last: KeptEpoch, isClass: boolean): Finding[] {
  const out: Finding[] = [];
  const eps = sortedEpochs(run);
  if (isClass && last.trainAcc !== null && last.valAcc !== null && last.trainAcc - last.valAcc > o.maxAccGap) {
    out.push({
      kind: 'acc_gap',
      title: 'Validation accuracy lags training accuracy',
      detail: `Training accuracy ${pct(last.trainAcc)} vs validation ${pct(last.valAcc)}: a gap of ${pct(last.trainAcc - last.valAcc)} (more than ${pct(o.maxAccGap)}).`,
      fixes: [],
      evidence: [{ view: 'curves', metric: 'acc', fromEpoch: 1, toEpoch: last.epoch, label: 'training vs validation accuracy' }],
    });
  }
  // a regression's gap counts only when it holds over the last epochs, not when one epoch jumps (noise)
  if (!isClass && last.valLoss !== null && last.valLoss > last.trainLoss * o.maxLossRatio && persistentLossGap(run, o.maxLossRatio)) {
    out.push({
      kind: 'loss_gap',
      title: 'Validation loss well above training loss',
      detail: `Validation loss ${last.valLoss.toPrecision(3)} is ${(last.valLoss / last.trainLoss).toFixed(1)}× the training loss ${last.trainLoss.toPrecision(3)}.`,
      fixes: [],
      evidence: [{ view: 'curves', metric: 'loss', fromEpoch: 1, toEpoch: last.epoch, label: 'training vs validation loss' }],
    });
  }
  const withVal = eps.filter((e) => e.valLoss !== null);
  if (withVal.length >= 3) {
    const min = withVal.reduce((a, e) => (e.valLoss! < a.valLoss! ? e : a));
    const end = withVal[withVal.length - 1]!;
    // a regression's rise must hold over the last two epochs: one epoch jumping at the noise floor is not overfitting
    const held = isClass || withVal.slice(-2).every((e) => e.epoch > min.epoch && e.valLoss! > min.valLoss! * (1 + o.valRise));
    if (min.epoch < end.epoch && end.valLoss! > min.valLoss! * (1 + o.valRise) && end.trainLoss <= min.trainLoss && held) {
      out.push({
        kind: 'val_rising',
        title: 'Validation loss has been rising',
        detail: `Validation loss was lowest at epoch ${min.epoch} (${min.valLoss!.toPrecision(3)}) and has risen to ${end.valLoss!.toPrecision(3)} while training loss kept falling: the network is memorising the training set.`,
        fixes: [],
        evidence: [{ view: 'curves', metric: 'loss', fromEpoch: min.epoch, toEpoch: end.epoch, label: 'rising validation loss' }],
      });
    }
  }
  return out;
}

function overfittingFixes(run: RunRecord): string[] {
  const fixes: string[] = [];
  if (!run.training.earlyStopping.enabled) fixes.push(FIX.earlyStopping);
  const kernels = run.graph.nodes.filter((n) => n.type === 'dense' || n.type === 'maxout' || n.type === 'output');
  if (!kernels.some((n) => (n.l1 ?? 0) > 0 || (n.l2 ?? 0) > 0)) fixes.push(FIX.regularize);
  else fixes.push('Raise the L1/L2 penalty');
  if (usesDropout(run).length === 0) fixes.push(FIX.dropout);
  else fixes.push('Raise the dropout rate');
  fixes.push(FIX.moreData);
  return fixes;
}

/** Diagnose a run (live or finished). Thresholds: DEFAULT_DIAGNOSIS_OPTIONS, overridable field by field. */
export function diagnose(run: RunRecord, options: Partial<DiagnosisOptions> = {}): Diagnosis {
  const o: DiagnosisOptions = { ...DEFAULT_DIAGNOSIS_OPTIONS, ...options };
  const facts = runFacts(run, o);
  if (!facts.last && run.reason !== 'diverged') return waitingDiagnosis(run, o, facts);
  // 1. Training performance first.
  const training = judgeTraining(run, o, facts);
  if (!training.fits) return notFittingDiagnosis(run, o, facts, training);
  // 2. Then generalisation.
  return fittedDiagnosis(run, o, facts, training);
}

/** What every verdict reads: the last epoch, the gradient ratio, chance level, and the shared fields. */
interface RunFacts {
  last: KeptEpoch | null;
  g: HiddenGradientRatio | null;
  isClass: boolean;
  chance: number | null;
  soFar: string;
  base: Pick<Diagnosis, 'final' | 'numbers' | 'notes'>;
}

/** How the run does on its own training data, in words, with the evidence. */
interface TrainingJudgement {
  fits: boolean;
  words: string;
  evidence: Evidence[];
}

function runFacts(run: RunRecord, o: DiagnosisOptions): RunFacts {
  const final = run.finishedAt !== null;
  const last = lastEpoch(run);
  const g = hiddenGradientRatio(run, o.gradientWindow);
  const isClass = last ? last.trainAcc !== null : run.steps.acc.some((a) => a !== null);
  const classes = isClass ? classCount(run) : null;
  const chance = classes !== null && classes >= 2 ? 1 / classes : isClass ? 0.5 : null;
  const numbers: Diagnosis['numbers'] = {
    epoch: last?.epoch ?? null,
    trainAcc: last?.trainAcc ?? null,
    valAcc: last?.valAcc ?? null,
    trainLoss: last?.trainLoss ?? null,
    valLoss: last?.valLoss ?? null,
    chance,
    gradientRatio: g?.ratio ?? null,
  };
  return { last, g, isClass, chance, soFar: final ? '' : ' so far', base: { final, numbers, notes: [] } };
}

function waitingDiagnosis(run: RunRecord, o: DiagnosisOptions, { g, base }: RunFacts): Diagnosis {
  if (g && g.ratio < o.vanishingRatio) base.notes.push(vanishingFinding(run, g, o.vanishingRatio));
  return {
    ...base,
    verdict: 'waiting',
    headline: 'Waiting for the first epoch',
    detail: 'The diagnosis needs at least one epoch of training and validation results.',
    fixes: [],
    evidence: [],
    findings: [],
  };
}

/** A diverged run never fits, whatever its last epoch said. */
function judgeTraining(run: RunRecord, o: DiagnosisOptions, facts: RunFacts): TrainingJudgement {
  const judged = fitOnTrainingData(run, o, facts);
  return run.reason === 'diverged' ? { ...judged, fits: false } : judged;
}

/** Classification: skill over chance; regression: R² against predicting the mean; old runs: loss against its start. */
function fitOnTrainingData(run: RunRecord, o: DiagnosisOptions, { last, isClass, chance }: RunFacts): TrainingJudgement {
  if (!last) return { fits: false, words: 'the loss diverged before the first epoch ended', evidence: [] };
  if (isClass && last.trainAcc !== null) {
    const c = chance ?? 0.5;
    const skill = (last.trainAcc - c) / (1 - c);
    const needed = Math.max(c + o.minTrainSkill * (1 - c), o.targetTrainAcc ?? 0);
    return {
      fits: skill >= o.minTrainSkill && (o.targetTrainAcc === null || last.trainAcc >= o.targetTrainAcc),
      words:
        `training accuracy is ${pct(last.trainAcc)} (chance: ${pct(c)}; fitting means at least ${pct(needed)})` +
        (skill < 0.1 ? ' — hardly better than guessing' : ''),
      evidence: [{ view: 'curves', metric: 'acc', fromEpoch: 1, toEpoch: last.epoch, label: 'training accuracy' }],
    };
  }
  if (last.trainR2 !== undefined && last.trainR2 !== null) {
    // judged against the obvious baseline, always predicting the training mean — not the loss at initialisation
    return {
      fits: last.trainR2 >= o.minTrainR2,
      words:
        `training R² is ${last.trainR2.toFixed(2)} (MSE ${last.trainLoss.toPrecision(3)}; R² 1 is a perfect fit, 0 no better than always predicting the training mean; fitting means at least ${o.minTrainR2.toFixed(2)})` +
        (last.trainR2 < 0.1 ? ' — hardly better than predicting the mean' : ''),
      evidence: [{ view: 'curves', metric: 'loss', fromEpoch: 1, toEpoch: last.epoch, label: 'training loss (MSE)' }],
    };
  }
  // runs recorded before R² was: the loss relative to its start is all there is
  const first = run.steps.loss.slice(0, 10).filter(Number.isFinite);
  const start = first.length > 0 ? first.reduce((a, v) => a + v, 0) / first.length : last.trainLoss;
  const ratio = start > 0 ? last.trainLoss / start : 1;
  return {
    fits: ratio <= LEGACY_FIT_RATIO,
    words: `training loss is ${last.trainLoss.toPrecision(3)}, ${pct(ratio)} of where it started (this run has no R² recorded; fitting means at most ${pct(LEGACY_FIT_RATIO)})`,
    evidence: [{ view: 'curves', metric: 'loss', fromEpoch: 1, toEpoch: last.epoch, label: 'training loss' }],
  };
}

function notFittingDiagnosis(run: RunRecord, o: DiagnosisOptions, { g, soFar, base }: RunFacts, training: TrainingJudgement): Diagnosis {
  const findings = notFittingCauses(run, o, g);
  return {
    ...base,
    verdict: 'not_fitting',
    headline: 'Not fitting the training data — this is not overfitting',
    detail: `The network does not fit its own training data${soFar}: ${training.words}. Fix training first; anti-overfitting tools (dropout, L1/L2, early stopping) will not help here.`,
    fixes: [...new Set(findings.flatMap((f) => f.fixes))],
    evidence: training.evidence,
    findings,
  };
}

/** The training data is fitted: overfitting when a validation sign says so, else good. */
function fittedDiagnosis(run: RunRecord, o: DiagnosisOptions, { g, last, isClass, soFar, base }: RunFacts, training: TrainingJudgement): Diagnosis {
  if (g && g.ratio < o.vanishingRatio) base.notes.push(vanishingFinding(run, g, o.vanishingRatio));
  const l = last!;
  const signs = overfittingSigns(run, o, l, isClass);
  const early = earlyStopFinding(run);
  if (early) (signs.length > 0 ? signs : base.notes).push(early);
  const testWords = testSetWords(run);
  if (signs.some((s) => s.kind === 'acc_gap' || s.kind === 'loss_gap' || s.kind === 'val_rising')) {
    return {
      ...base,
      verdict: 'overfitting',
      headline: 'Overfitting',
      detail: `Training is good${soFar}: ${training.words}. But validation is clearly worse: the network learns the training set by heart.${testWords}`,
      fixes: overfittingFixes(run),
      evidence: [...training.evidence, ...signs.flatMap((s) => s.evidence)],
      findings: signs,
    };
  }
  return {
    ...base,
    verdict: 'good',
    headline: 'Training and validation are both good',
    detail:
      `The network fits its training data${soFar}: ${training.words}` +
      (l.valLoss !== null ? ', and it does about as well on validation data.' : '; there is no validation set to check generalisation.') +
      testWords,
    fixes: [],
    evidence: training.evidence,
    findings: signs,
  };
}

function earlyStopFinding(run: RunRecord): Finding | null {
  if (run.earlyStopEpoch === null) return null;
  return {
    kind: 'early_stopped',
    title: 'Early stopping fired',
    detail:
      `Training stopped at epoch ${run.earlyStopEpoch}` +
      (run.bestEpoch !== null && keptEpoch(run) === run.bestEpoch ? ` and the weights of epoch ${run.bestEpoch} (best validation) were kept.` : '.'),
    fixes: [],
    evidence: [{ view: 'curves', metric: 'loss', fromEpoch: run.bestEpoch ?? 1, toEpoch: run.earlyStopEpoch, label: 'early stopping' }],
  };
}

function testSetWords(run: RunRecord): string {
  if (!run.test) return '';
  return run.test.r2 !== undefined && run.test.r2 !== null
    ? ` Test set: MSE ${run.test.loss.toPrecision(3)}, R² ${run.test.r2.toFixed(2)}.`
    : ` Test set: loss ${run.test.loss.toPrecision(3)}${run.test.acc !== null ? `, accuracy ${pct(run.test.acc)}` : ''}.`;
}
