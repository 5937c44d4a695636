// "Dead ReLUs": ReLU units that output 0 for every input get no gradient and never recover. A too
// large learning rate can kill nearly all of them at once: the loss stays huge but finite (no NaN)
// and the gradients fall to zero. Pure; the numbers come from the run's epochs and steps.
import type { RunRecord } from '../contract/project';
import { recentMean } from './series';
import { stepCount } from './step-series';

export interface DeadRelus {
  /** hidden ReLU layers (indices into run.layers) with at least `minFraction` dead units at the last epoch */
  layers: number[];
  /** their dead fractions, in the same order */
  fractions: number[];
  epoch: number;
  /** mean |g| per weight of those layers over the recent steps */
  recentGradient: number;
  fromStep: number;
  toStep: number;
}

/**
 * Dead ReLUs when, at the last epoch, most units of a ReLU layer are dead (deadFraction ≥ minFraction)
 * and that layer's recent gradient is (nearly) zero. null when not so.
 */
export function deadRelus(run: RunRecord, minFraction = 0.5, zeroGradient = 1e-7, window = 20): DeadRelus | null {
  const last = run.epochs.reduce<RunRecord['epochs'][number] | null>((a, e) => (!a || e.epoch > a.epoch ? e : a), null);
  if (!last) return null;
  const layers: number[] = [];
  const fractions: number[] = [];
  let gradSum = 0;
  run.layers.forEach((info, i) => {
    if (!info.hidden || info.activation !== 'relu') return;
    const f = last.weights.find((w) => w.node === info.node)?.deadFraction;
    if (f === null || f === undefined || f < minFraction) return;
    const g = recentMean(run.steps.layers[i]?.kernelMeanAbs ?? [], window, run.steps.step);
    if (!(g <= zeroGradient)) return;
    layers.push(i);
    fractions.push(f);
    gradSum += g;
  });
  if (layers.length === 0) return null;
  const n = stepCount(run.steps);
  return {
    layers,
    fractions,
    epoch: last.epoch,
    recentGradient: gradSum / layers.length,
    fromStep: Math.max(1, n - window + 1),
    toStep: Math.max(1, n),
  };
}
