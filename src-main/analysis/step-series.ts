// A run's per-step series in bounded memory, however long the run. Steps are numbered from 1, and
// entry i of every series covers the steps after entry i-1's step up to its own `step[i]`: one step
// (full resolution) or a bin of several. The newest steps stay at full resolution; once there are
// too many entries, all but the most recent `recent` steps are folded into bins of a power-of-two
// number of steps, aligned to multiples of that size (the heatmap's own binning, so a view's
// power-of-two column never straddles a bin), and their values become means over the bin's steps,
// so no step is dropped from any aggregate. Folding is done in place on the same arrays, at most
// once per `recent` new steps (constant amortised work per step), and depends only on the entries,
// so a saved run is held and saved in the same form as a live one. Pure apart from the running
// colour ranges, which are told how the arrays moved (they keep the extremes of every raw step).
import type { StepSeries } from '../contract/project';
import { binSize } from './binning';
import { rebaseRunningRange } from './running-domain';

export interface StepLimits {
  /** the newest steps kept at full resolution after a fold */
  recent: number;
  /** at most this many bins before the recent steps */
  maxBins: number;
}

/** 1024 recent steps and up to 2048 bins: at most 4096 entries per series (a fold starts at 2·recent + maxBins). */
export const STEP_LIMITS: StepLimits = { recent: 1024, maxBins: 2048 };

/** Steps taken so far (the last entry's step number; entries may be bins of several steps). */
export function stepCount(s: StepSeries): number {
  return s.step.at(-1) ?? 0;
}

/** How many steps entry i covers. */
export function stepsIn(steps: readonly number[], i: number): number {
  return steps[i]! - (i > 0 ? steps[i - 1]! : 0);
}

/** True when some entry covers more than one step. */
export function isBinned(s: StepSeries): boolean {
  return s.step.length > 0 && stepCount(s) > s.step.length;
}

/** The index of the entry covering step k (1-based); step.length when k is past the last step. */
export function entryOf(steps: readonly number[], k: number): number {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (steps[mid]! < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A series read per step (index i is step i+1), whatever its binning: every step of a bin reads the
 * bin's mean. Sequential reads cost O(1) each; a jump (or a fold in between) one binary search.
 */
export class PerStep<T> {
  private e = 0;

  constructor(
    private readonly steps: readonly number[],
    private readonly values: readonly T[],
  ) {}

  get length(): number {
    return this.steps.at(-1) ?? 0;
  }

  at(i: number): T | undefined {
    const k = i + 1;
    if (!this.covers(this.e, k)) this.e = this.covers(this.e + 1, k) ? this.e + 1 : entryOf(this.steps, k);
    return this.values[this.e];
  }

  private covers(e: number, k: number): boolean {
    const s = this.steps;
    return e < s.length && s[e]! >= k && (e === 0 || s[e - 1]! < k);
  }
}

/** The entry count at which a fold starts. */
export function foldThreshold(limits: StepLimits = STEP_LIMITS): number {
  return 2 * limits.recent + limits.maxBins;
}

type Column = (number | null)[];

/** Every value series of the record (all but `step`). */
function columns(s: StepSeries): Column[] {
  const out: Column[] = [s.loss, s.acc];
  for (const l of s.layers) out.push(l.kernelNorm, l.kernelMeanAbs, l.biasNorm, l.biasMeanAbs);
  return out;
}

/**
 * Fold the record's older entries into bins when it has reached the threshold (in place). Returns
 * true when it folded. A value that is null or not finite counts as a step without a value: a bin's
 * mean is over its steps that have one, weighted by how many steps each entry stands for; a bin
 * with none is null where the series allows null (accuracy, bias statistics), else NaN.
 */
export function foldSteps(s: StepSeries, limits: StepLimits = STEP_LIMITS): boolean {
  const n = s.step.length;
  if (n < foldThreshold(limits)) return false;
  const last = stepCount(s);
  const upTo = last - limits.recent; // steps 1…upTo are binned, the rest stay as they are
  const size = binSize(upTo, limits.maxBins);
  const end = entryOf(s.step, upTo + 1); // entries [0, end) lie within steps 1…upTo
  // the entries each bin gathers: every entry lies inside one aligned bin (bins only grow, by powers of two)
  const starts: number[] = [];
  let bin = -1;
  for (let i = 0; i < end; i++) {
    const b = Math.floor((s.step[i]! - 1) / size);
    if (b !== bin) {
      starts.push(i);
      bin = b;
    }
  }
  starts.push(end);
  const bins = starts.length - 1;
  if (bins === end) return false; // nothing to merge (every entry already a whole bin)
  const values = columns(s);
  const nullable = new Set<Column>([s.acc, ...s.layers.flatMap((l) => [l.biasNorm, l.biasMeanAbs])]);
  const stepNumbers = s.step;
  for (const col of values) {
    const merged: (number | null)[] = new Array(bins);
    for (let b = 0; b < bins; b++) {
      let sum = 0;
      let weight = 0;
      for (let i = starts[b]!; i < starts[b + 1]!; i++) {
        const v = col[i];
        if (v === null || v === undefined || !Number.isFinite(v)) continue;
        const w = stepsIn(stepNumbers, i);
        sum += v * w;
        weight += w;
      }
      merged[b] = weight > 0 ? sum / weight : nullable.has(col) ? null : NaN;
    }
    rebaseRunningRange(col, end, bins);
    col.splice(0, end, ...merged);
  }
  const binSteps = Array.from({ length: bins }, (_, b) => stepNumbers[starts[b + 1]! - 1]!);
  rebaseRunningRange(stepNumbers, end, bins);
  stepNumbers.splice(0, end, ...binSteps);
  return true;
}

/** A folded copy of the series (the arrays copied first), or the same object when there is nothing to fold. */
export function foldedCopy(s: StepSeries, limits: StepLimits = STEP_LIMITS): StepSeries {
  if (s.step.length < foldThreshold(limits)) return s;
  const copy: StepSeries = {
    step: [...s.step],
    loss: [...s.loss],
    acc: [...s.acc],
    layers: s.layers.map((l) => ({
      ...l,
      kernelNorm: [...l.kernelNorm],
      kernelMeanAbs: [...l.kernelMeanAbs],
      biasNorm: [...l.biasNorm],
      biasMeanAbs: [...l.biasMeanAbs],
    })),
  };
  foldSteps(copy, limits);
  return copy;
}
