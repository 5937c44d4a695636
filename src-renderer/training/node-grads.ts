// What a node on a canvas shows of a run's gradients: the latest value, recent history and a tint on
// the shared colour scale, for one per-weight statistic (default) or the L2 norm. And whether a run
// may be drawn on a graph at all: only on the graph it was trained on. Pure.
import type { Graph } from '../../src-main/contract/graph';
import type { RunRecord } from '../../src-main/contract/project';
import { DEFAULT_DOMAIN, magnitudeCss, textOnMagnitude, type ColourDomain } from '../../src-main/analysis/colour';
import { recentMean } from '../../src-main/analysis/series';
import { runningDomain } from '../../src-main/analysis/running-domain';

/** The kernel statistics a node can be tinted by. mean |g| per weight does not grow with a layer's fan-in; ‖g‖₂ does. */
export const NODE_GRAD_STATS = ['kernelMeanAbs', 'kernelNorm'] as const;
export type NodeGradStat = (typeof NODE_GRAD_STATS)[number];
export const DEFAULT_NODE_STAT: NodeGradStat = 'kernelMeanAbs';

export const NODE_STAT_LABEL: Record<NodeGradStat, string> = {
  kernelMeanAbs: 'kernel gradient, mean |g| per weight',
  kernelNorm: 'kernel gradient, L2 norm ‖g‖₂ (grows with fan-in)',
};
/** The short form shown on a node. */
export const NODE_STAT_SHORT: Record<NodeGradStat, string> = {
  kernelMeanAbs: 'mean |g|',
  kernelNorm: '‖g‖₂',
};

/** How many recent steps a tint averages over. */
export const TINT_STEPS = 10;

/** A graph's structure: what training depends on (ids, types, sizes, activations, regularisers, edges), not positions or names. */
export function structureKey(graph: Graph): string {
  const nodes = graph.nodes
    .map(({ name: _n, ...rest }) => rest)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((n) => JSON.stringify(n, Object.keys(n).sort()));
  const edges = graph.edges.map((e) => `${e.source}\u2192${e.target}`).sort();
  return JSON.stringify({ nodes, edges });
}

/** True when the run was trained on this graph (same structure), so its gradients may be drawn on it. */
export function runFitsGraph(run: RunRecord, graph: Graph): boolean {
  return structureKey(run.graph) === structureKey(graph);
}

export interface NodeGrad {
  /** the latest step's value */
  latest: number;
  /** recent values, oldest first (for a sparkline) */
  history: number[];
  /** the mean of the last TINT_STEPS steps, and its colours on the scale */
  value: number;
  background: string;
  text: string;
}

/** The colour scale over every layer's series of the statistic in this run (read incrementally: only new steps). */
export function gradDomain(run: RunRecord | null, stat: NodeGradStat): ColourDomain {
  if (!run || run.steps.step.length === 0) return DEFAULT_DOMAIN;
  return runningDomain(run.steps.layers.map((l) => l[stat]));
}

/** Each run's layer list → where each node's layer is in it (the first one, as findIndex would), built
 * once per list: every node reads its layer on every update, and a list scan each would make an update
 * cost nodes × layers. A run's layer list is never changed in place. */
const layerIndexes = new WeakMap<RunRecord['layers'], Map<string, number>>();

/** The position of the node's layer in the run's layer list, or -1. */
export function layerIndexOf(layers: RunRecord['layers'], nodeId: string): number {
  let index = layerIndexes.get(layers);
  if (!index) {
    index = new Map();
    for (let i = 0; i < layers.length; i++) if (!index.has(layers[i]!.node)) index.set(layers[i]!.node, i);
    layerIndexes.set(layers, index);
  }
  return index.get(nodeId) ?? -1;
}

/** A node's gradient in a run, or null when the run has no layer for it (or no finite value yet). */
export function nodeGrad(run: RunRecord | null, nodeId: string, stat: NodeGradStat, domain: ColourDomain, historySteps = 80): NodeGrad | null {
  if (!run) return null;
  const i = layerIndexOf(run.layers, nodeId);
  const series = i < 0 ? undefined : run.steps.layers[i]?.[stat];
  if (!series || series.length === 0) return null;
  const latest = series.at(-1)!;
  const value = recentMean(series, TINT_STEPS, run.steps.step);
  if (!Number.isFinite(latest) || !Number.isFinite(value)) return null;
  return { latest, history: series.slice(-historySteps), value, background: magnitudeCss(value, domain), text: textOnMagnitude(value, domain) };
}
