// Heatmap sources over a RunRecord: layers × steps for one gradient statistic, and one layer's
// neurons × steps of per-neuron mean |g|.
import type { RunRecord } from '../../src-main/contract/project';
import { layerSeries, type GradStat } from '../../src-main/analysis/series';
import type { HeatSource } from './heatmap-model';

export function layerSource(run: RunRecord, stat: GradStat): HeatSource {
  const series = run.layers.map((_, i) => layerSeries(run, i, stat));
  return {
    key: `${run.id}:${stat}`,
    rows: run.layers.length,
    n: run.steps.step.length,
    value: (r, i) => series[r]?.[i],
  };
}

/** null when the run kept no per-neuron series (runs loaded from a project file drop them). */
export function neuronSource(run: RunRecord, layer: number): HeatSource | null {
  const m = run.steps.layers[layer]?.neuronMeanAbs;
  const units = run.layers[layer]?.units ?? 0;
  if (!m || m.length === 0 || units === 0) return null;
  return {
    key: `${run.id}:neurons:${layer}`,
    rows: units,
    n: Math.min(m.length, run.steps.step.length),
    value: (r, i) => m[i]?.[r],
  };
}
