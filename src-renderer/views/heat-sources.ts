// Heatmap sources over a RunRecord: layers × steps for one gradient statistic, and one layer's
// neurons × steps of per-neuron mean |g|. The layer source is read per step (column i is step i+1),
// whatever the record's folding (a folded bin reads its mean at each of its steps).
import type { RunRecord } from '../../src-main/contract/project';
import { layerSeries, type GradStat } from '../../src-main/analysis/series';
import { isBinned, PerStep, stepCount } from '../../src-main/analysis/step-series';
import type { HeatSource } from './heatmap-model';

export function layerSource(run: RunRecord, stat: GradStat): HeatSource {
  const series = run.layers.map((_, i) => new PerStep(run.steps.step, layerSeries(run, i, stat)));
  return {
    key: `${run.id}:${stat}`,
    rows: run.layers.length,
    n: stepCount(run.steps),
    value: (r, i) => series[r]?.at(i),
  };
}

/**
 * One layer's neurons × steps, with the (last) step number of each column and how many steps a
 * column holds (1 for a per-step series; a power of two for binned columns, the last one possibly
 * fewer); null when the run has no per-neuron series.
 */
export function neuronSource(run: RunRecord, layer: number): { source: HeatSource; stepNumbers: readonly number[]; columnSteps: number } | null {
  const l = run.steps.layers[layer];
  const units = run.layers[layer]?.units ?? 0;
  if (!l || units === 0) return null;
  const m = l.neuronMeanAbs;
  // (a record from before per-neuron columns: one entry per step, as long as its steps are not folded)
  if (m && m.length > 0 && !isBinned(run.steps)) {
    return {
      source: { key: `${run.id}:neurons:${layer}`, rows: units, n: Math.min(m.length, run.steps.step.length), value: (r, i) => m[i]?.[r] },
      stepNumbers: run.steps.step,
      columnSteps: 1,
    };
  }
  // a live run's columns (filled as it trains) or a saved run's (as they were saved)
  const b = l.neuronBins;
  if (!b || b.steps.length === 0) return null;
  return {
    // the first column's step changes when a live run's columns merge pairwise: then the heatmap starts over
    source: { key: `${run.id}:neuron-bins:${layer}:${b.steps[0]}`, rows: units, n: b.steps.length, value: (r, i) => b.values[i]?.[r] },
    stepNumbers: b.steps,
    // columns start at the run's first step (step 1) and are all the same size but the last
    columnSteps: Math.max(1, b.steps[0]!),
  };
}
