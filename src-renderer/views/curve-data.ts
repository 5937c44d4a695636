// What the curve charts plot, as plain points: per-epoch train/validation loss or accuracy, the
// per-step training loss smoothed (EMA) and thinned to at most maxPoints, and the test result.
// x is in epochs (a step s sits at s / stepsPerEpoch). No chart.js here.
import type { KeptEpoch, RunRecord } from '../../src-main/contract/project';
import { epochsInOrder } from '../../src-main/analysis/epochs';
import { IncrementalBins } from '../../src-main/analysis/binning';
import { PerStep } from '../../src-main/analysis/step-series';

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
  const { train, val, running, last } = epochPoints(run.epochs, kind);
  const trainSamples = last?.trainSamples ?? null;
  let steps: Point[] = [];
  // no per-step R²: the steps line is drawn for loss and accuracy
  if (spe !== null && run.steps.step.length > 0 && kind !== 'r2') {
    const b = smoothedBins(run.steps.step, kind === 'loss' ? run.steps.loss : run.steps.acc, smoothing, maxPoints);
    steps = [];
    for (let i = 0; i < b.length; i++) {
      // bin i ends at step range(i).end (steps are read one by one, step k at index k-1)
      const p = { x: b.range(i).end / spe, y: b.mean(i) };
      if (finite(p)) steps.push(p);
    }
  }
  const lastEpoch = last?.epoch ?? 0;
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

interface Smoothed {
  bins: IncrementalBins;
  acc: number;
  weight: number;
}

/** Per step series and settings: the EMA so far and its bins, extended by the steps appended since (the series only grow). */
const smoothedCache = new WeakMap<readonly (number | null)[], Map<string, Smoothed>>();

/**
 * The per-step values smoothed by an exponential moving average with bias correction (a non-finite
 * value repeats the average so far) and binned into at most maxPoints power-of-two bins; only the
 * steps taken since the last call are read (a folded bin of the record reads as its mean at each
 * of its steps; folding does not change the step count, so what was read stays).
 */
function smoothedBins(stepNumbers: readonly number[], raw: readonly (number | null)[], smoothing: number, maxPoints: number): IncrementalBins {
  if (!(smoothing >= 0 && smoothing < 1)) throw new RangeError(`smoothing must be in [0, 1), got ${smoothing}`);
  let bySetting = smoothedCache.get(raw);
  if (!bySetting) smoothedCache.set(raw, (bySetting = new Map()));
  const key = `${smoothing}|${maxPoints}`;
  let s = bySetting.get(key);
  const values = new PerStep(stepNumbers, raw);
  const n = values.length;
  if (!s || s.bins.steps > n) bySetting.set(key, (s = { bins: new IncrementalBins(maxPoints), acc: 0, weight: 0 }));
  const st = s;
  st.bins.updateBy(n, (i) => {
    const v = values.at(i) ?? NaN;
    if (Number.isFinite(v)) {
      st.acc = smoothing * st.acc + (1 - smoothing) * v;
      st.weight = smoothing * st.weight + (1 - smoothing);
    }
    return st.weight > 0 ? st.acc / st.weight : NaN;
  });
  return st.bins;
}

const PICK: Record<CurveKind, (e: KeptEpoch) => readonly [number | null | undefined, number | null | undefined, number | null | undefined]> = {
  loss: (e) => [e.trainLoss, e.valLoss, e.runningLoss],
  acc: (e) => [e.trainAcc, e.valAcc, e.runningAcc],
  r2: (e) => [e.trainR2 ?? null, e.valR2 ?? null, undefined],
};

interface EpochPoints {
  /** the epoch list these points were read from */
  src: readonly KeptEpoch[];
  train: Point[];
  val: Point[];
  running: Point[];
  /** the epoch with the highest number */
  last: KeptEpoch | null;
}

/** Per run (by its first epoch's record, which every later version of the run shares) and kind, the points read so far. */
const epochCache = new WeakMap<KeptEpoch, Partial<Record<CurveKind, EpochPoints>>>();

/**
 * The per-epoch points of a kind, in epoch order. A live run's epoch list only grows at its end
 * (each version a new list holding the same records), so the points of the previous list are
 * extended by the new epochs alone; any other change (an epoch replaced, a list out of order) reads
 * the list again from the start.
 */
function epochPoints(epochs: readonly KeptEpoch[], kind: CurveKind): EpochPoints {
  const first = epochs[0];
  if (!first) return { src: epochs, train: [], val: [], running: [], last: null };
  let byKind = epochCache.get(first);
  if (!byKind) epochCache.set(first, (byKind = {}));
  const c = byKind[kind];
  const n = c?.src.length ?? 0;
  const extends_ = c !== undefined && n <= epochs.length && epochs[n - 1] === c.src[n - 1] && increasing(epochs, n, c.last?.epoch ?? -Infinity);
  if (c && extends_ && n === epochs.length) return c;
  const out: EpochPoints = extends_ ? { ...c, src: epochs } : { src: epochs, train: [], val: [], running: [], last: null };
  const tail = extends_ ? epochs.slice(n) : epochsInOrder(epochs);
  const pick = PICK[kind];
  for (const e of tail) {
    const [t, v, r] = pick(e);
    push(out.train, e.epoch, t);
    push(out.val, e.epoch, v);
    push(out.running, e.epoch, r);
    out.last = e;
  }
  byKind[kind] = out;
  return out;
}

/** The epochs from index `from` on come in increasing epoch order, after epoch `after`. */
function increasing(epochs: readonly KeptEpoch[], from: number, after: number): boolean {
  let prev = after;
  for (let i = from; i < epochs.length; i++) {
    if (!(epochs[i]!.epoch > prev)) return false;
    prev = epochs[i]!.epoch;
  }
  return true;
}

function push(points: Point[], x: number, y: number | null | undefined): void {
  const p = { x, y: y ?? NaN };
  if (finite(p)) points.push(p);
}
