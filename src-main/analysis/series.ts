// Reading a RunRecord's step series: one layer's gradient statistic, smoothing, recent means,
// and the first/last hidden-layer gradient ratio the lesson's vanishing-gradient story rests on. Pure.
import type { RunRecord } from '../contract/project';
import { longestPathHidden } from '../contract/graph-paths';
import { stepCount, stepsIn } from './step-series';

export const GRAD_STATS = ['kernelNorm', 'kernelMeanAbs', 'biasNorm', 'biasMeanAbs'] as const;
export type GradStat = (typeof GRAD_STATS)[number];

export const GRAD_STAT_LABEL: Record<GradStat, string> = {
  kernelNorm: 'kernel L2 norm ‖g‖₂',
  kernelMeanAbs: 'kernel mean |g| per weight',
  biasNorm: 'bias L2 norm ‖g‖₂',
  biasMeanAbs: 'bias mean |g| per weight',
};

/** One layer's per-step values of a gradient statistic (null where the layer has no bias). */
export function layerSeries(run: RunRecord, layer: number, stat: GradStat): readonly (number | null)[] {
  const l = run.steps.layers[layer];
  if (!l) return [];
  return l[stat];
}

/** Exponential moving average with bias correction (so the first values are not pulled to 0). */
export function ema(values: readonly number[], smoothing: number): number[] {
  if (!(smoothing >= 0 && smoothing < 1)) throw new RangeError(`smoothing must be in [0, 1), got ${smoothing}`);
  const out: number[] = [];
  let acc = 0;
  let weight = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) {
      out.push(weight > 0 ? acc / weight : NaN);
      continue;
    }
    acc = smoothing * acc + (1 - smoothing) * v;
    weight = smoothing * weight + (1 - smoothing);
    out.push(acc / weight);
  }
  return out;
}

/**
 * Mean of the finite values over the last `window` steps (NaN when none). With the record's step
 * numbers, an entry that folds several steps counts once per step it holds (the oldest one only
 * for its steps inside the window); without them every entry is one step.
 */
export function recentMean(values: readonly (number | null)[], window: number, steps?: readonly number[]): number {
  let sum = 0;
  let n = 0;
  let left = window;
  for (let i = values.length - 1; i >= 0 && left > 0; i--) {
    const held = steps ? Math.min(left, stepsIn(steps, i)) : 1;
    left -= held;
    const v = values[i];
    if (v !== null && v !== undefined && Number.isFinite(v)) {
      sum += v * held;
      n += held;
    }
  }
  return n > 0 ? sum / n : NaN;
}

/** Each layer's recent gradient magnitude, keyed by graph node id — what the editor tints nodes by. */
export function recentLayerMagnitudes(run: RunRecord, stat: GradStat = 'kernelNorm', window = 10): { node: string; value: number }[] {
  return run.layers.map((info, i) => ({ node: info.node, value: recentMean(layerSeries(run, i, stat), window, run.steps.step) }));
}

export interface HiddenGradientRatio {
  /** mean |g| of the first hidden layer ÷ that of the last, over the window */
  ratio: number;
  firstLayer: number;
  lastLayer: number;
  firstValue: number;
  lastValue: number;
  /** step numbers (1-based, inclusive) the means are over */
  fromStep: number;
  toStep: number;
}

/** Indices into run.layers of the hidden layers on the longest input→output path, input side first
 * (in a branching graph, parallel branches are not compared with each other). */
export function pathHiddenLayers(run: RunRecord): number[] {
  const index = new Map(run.layers.map((l, i) => [l.node, i]));
  const path = longestPathHidden(run.graph);
  // a record whose layers do not match its graph (hand-edited files) falls back to graph order
  if (path.length === 0 || path.some((id) => !index.has(id))) return run.layers.map((l, i) => (l.hidden ? i : -1)).filter((i) => i >= 0);
  return path.map((id) => index.get(id)!);
}

/**
 * First/last hidden-layer gradient ratio over the last `window` steps (default statistic: kernel
 * mean |g|, which does not depend on a layer's size): the first and last hidden layer on the longest
 * input→output path. null with fewer than two hidden layers or no usable steps.
 */
export function hiddenGradientRatio(run: RunRecord, window = 50, stat: GradStat = 'kernelMeanAbs'): HiddenGradientRatio | null {
  const hidden = pathHiddenLayers(run);
  const n = stepCount(run.steps);
  if (hidden.length < 2 || n === 0) return null;
  const firstLayer = hidden[0]!;
  const lastLayer = hidden[hidden.length - 1]!;
  const firstValue = recentMean(layerSeries(run, firstLayer, stat), window, run.steps.step);
  const lastValue = recentMean(layerSeries(run, lastLayer, stat), window, run.steps.step);
  if (!Number.isFinite(firstValue) || !Number.isFinite(lastValue) || lastValue <= 0) return null;
  return {
    ratio: firstValue / lastValue,
    firstLayer,
    lastLayer,
    firstValue,
    lastValue,
    fromStep: Math.max(1, n - window + 1),
    toStep: n,
  };
}

/** Number of classes of a classification run (the softmax head's units), null for regression. */
export function classCount(run: RunRecord): number | null {
  const head = run.graph.nodes.find((n) => n.type === 'output');
  if (head && head.type === 'output' && head.head === 'linear') return null;
  const out = run.layers.find((l) => l.kind === 'output');
  if (out) return out.units;
  return null;
}
