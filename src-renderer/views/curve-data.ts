// What the curve charts plot, as plain points: per-epoch train/validation loss or accuracy, the
// per-step training loss smoothed (EMA) and thinned to at most maxPoints, and the test result.
// x is in epochs (a step s sits at s / stepsPerEpoch). No chart.js here.
import type { RunRecord } from '../../src-main/contract/project';
import { binSeries } from '../../src-main/analysis/binning';
import { ema } from '../../src-main/analysis/series';

/** loss; accuracy (classifiers); R² against predicting the training mean (regression) */
export type CurveKind = 'loss' | 'acc' | 'r2';
export interface Point {
  x: number;
  y: number;
}

export interface CurveSet {
  /** the training set measured after each epoch (inference mode, dropout off) */
  train: Point[];
  /** how many training samples `train` was measured on (null: a run saved before this was measured) */
  trainSamples: number | null;
  /** the mean of the epoch's minibatch values (weights changing, dropout on), at the epoch's end */
  running: Point[];
  val: Point[];
  /** EMA of the per-step training value */
  steps: Point[];
  test: Point | null;
  earlyStopEpoch: number | null;
  bestEpoch: number | null;
  /** true when the model holds the best epoch's weights restored (not simply the last epoch's) */
  bestRestored: boolean;
}

/**
 * Steps per epoch: the trainer's own number when known (live run), else estimated from a run that
 * has finished whole epochs (steps so far ÷ epochs). null when there is nothing to go on.
 */
export function stepsPerEpochOf(run: RunRecord, hint: number | null = null): number | null {
  if (hint !== null && hint > 0) return hint;
  const epochs = run.epochs.length;
  const steps = run.steps.step.at(-1) ?? 0;
  if (epochs === 0 || steps === 0) return null;
  return steps / epochs;
}

function finite(p: Point): boolean {
  return Number.isFinite(p.x) && Number.isFinite(p.y);
}

export function curveSet(run: RunRecord, kind: CurveKind, spe: number | null, smoothing = 0.9, maxPoints = 400): CurveSet {
  const epochs = [...run.epochs].sort((a, b) => a.epoch - b.epoch);
  const pick = {
    loss: (e: (typeof epochs)[number]) => [e.trainLoss, e.valLoss, e.runningLoss] as const,
    acc: (e: (typeof epochs)[number]) => [e.trainAcc, e.valAcc, e.runningAcc] as const,
    r2: (e: (typeof epochs)[number]) => [e.trainR2 ?? null, e.valR2 ?? null, undefined] as const,
  }[kind];
  const train = epochs.map((e) => ({ x: e.epoch, y: pick(e)[0] ?? NaN })).filter(finite);
  const val = epochs.map((e) => ({ x: e.epoch, y: pick(e)[1] ?? NaN })).filter(finite);
  const running = epochs.map((e) => ({ x: e.epoch, y: pick(e)[2] ?? NaN })).filter(finite);
  const trainSamples = epochs.at(-1)?.trainSamples ?? null;
  let steps: Point[] = [];
  // no per-step R²: the steps line is drawn for loss and accuracy
  if (spe !== null && run.steps.step.length > 0 && kind !== 'r2') {
    const raw = kind === 'loss' ? run.steps.loss : run.steps.acc.map((a) => a ?? NaN);
    const smooth = ema(raw, smoothing);
    const b = binSeries(smooth, maxPoints);
    steps = b.ranges
      .map((r, i) => ({ x: run.steps.step[r.end - 1]! / spe, y: b.means[i]! }))
      .filter(finite);
  }
  const lastEpoch = epochs.at(-1)?.epoch ?? 0;
  // The test set is evaluated on the final model: the epoch whose weights it holds (the best one under restore-best).
  const restored = run.earlyStopEpoch !== null && run.bestEpoch !== null && run.training.earlyStopping.restoreBest;
  const testX = run.modelEpoch ?? (restored ? run.bestEpoch! : lastEpoch);
  const testY = run.test ? (kind === 'loss' ? run.test.loss : kind === 'acc' ? run.test.acc : (run.test.r2 ?? null)) : null;
  return {
    train,
    trainSamples,
    running,
    val,
    steps,
    test: testY !== null && Number.isFinite(testY) ? { x: testX, y: testY } : null,
    earlyStopEpoch: run.earlyStopEpoch,
    bestEpoch: run.bestEpoch,
    bestRestored: run.bestEpoch !== null && testX === run.bestEpoch && run.bestEpoch !== lastEpoch,
  };
}
