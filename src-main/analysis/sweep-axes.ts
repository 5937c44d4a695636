// Planning a sweep: every combination of its axes' values applied to the base graph and training
// setup, each variant checked as the trainer would check it, before anything runs. An axis that does
// not apply (no hidden chain for depth, no maxout layer for pieces, a value out of range) is refused
// with the reason, naming the axis. Pure: the app plans live as the user edits a sweep.
import type { Graph, GraphNode } from '../contract/graph';
import type { TrainingConfig } from '../contract/training';
import { checkGraph, checkTraining, LIMITS, setupProblems, type GraphIO } from '../contract/validate';
import {
  axisValueText,
  MAX_DEPTH,
  MAX_VARIANTS,
  variantLabel,
  type AxisValue,
  type PlannedVariant,
  type SweepAxis,
  type SweepSpec,
  type VariantAxes,
} from '../contract/sweep';
import { findBlock, type Block } from './hidden-chain';
import { repeatBlock } from './sweep-depth';

export type PlanResult = { ok: true; variants: PlannedVariant[] } | { ok: false; axis: number | null; field: string; error: string };

/** A variant's seed: the seed axis's value when the sweep varies the seed, else the base seed — so every other
 * variant starts from the same weights, split and shuffling (a paired comparison), whichever worker runs it. */
export function variantSeed(baseSeed: number, axes: VariantAxes): number {
  return typeof axes.seed === 'number' ? axes.seed : baseSeed;
}

const isHidden = (n: GraphNode): boolean => n.type === 'dense' || n.type === 'maxout';

/** The node types each graph axis changes, and its default nodes (every hidden layer it applies to). */
const TARGETS: Partial<Record<SweepAxis['name'], { types: readonly GraphNode['type'][]; what: string }>> = {
  activation: { types: ['dense'], what: 'hidden dense layer' },
  units: { types: ['dense', 'maxout'], what: 'hidden dense or maxout layer' },
  pieces: { types: ['maxout'], what: 'maxout layer' },
  dropout: { types: ['dense', 'maxout'], what: 'hidden dense or maxout layer' },
  l1: { types: ['dense', 'maxout'], what: 'hidden dense or maxout layer' },
  l2: { types: ['dense', 'maxout'], what: 'hidden dense or maxout layer' },
};

/** Why `v` is not a value of `axis`, or null. `trainMax`: the training split's size when it is known. */
function valueProblem(axis: SweepAxis, v: AxisValue, trainMax: number | null): string | null {
  const n = v as number;
  switch (axis.name) {
    case 'depth':
      return n >= 1 && n <= MAX_DEPTH ? null : `from 1 to ${MAX_DEPTH} repetitions`;
    case 'units':
      return n >= 1 && n <= LIMITS.maxUnits ? null : `from 1 to ${LIMITS.maxUnits} units`;
    case 'pieces':
      return n >= 2 && n <= LIMITS.maxPieces ? null : `Maxout pieces k from 2 to ${LIMITS.maxPieces}`;
    case 'activation':
      return v === 'softmax' ? 'softmax is only for the output node' : null;
    case 'learningRate':
      return n > 0 ? null : 'a learning rate above 0';
    case 'batchSize':
      return n >= 1 && n <= 65536 ? null : 'from 1 to 65536 samples';
    case 'epochs':
      return n >= 1 && n <= 100000 ? null : 'from 1 to 100000 epochs';
    case 'dropout':
      return n >= 0 && n < 1 ? null : 'a rate p with 0 ≤ p < 1';
    case 'l1':
    case 'l2':
      return n >= 0 ? null : 'λ ≥ 0';
    case 'trainSamples':
      if (n < 1) return 'at least 1 sample';
      return trainMax !== null && n > trainMax ? `at most the ${trainMax} samples of the training split` : null;
    case 'seed':
      return n >= 0 && n <= 2 ** 31 - 1 ? null : `a seed from 0 to ${2 ** 31 - 1}`;
    case 'optimizer':
      return null;
  }
}

/** The nodes a graph axis changes in the base graph, or why it does not apply. */
function axisNodes(graph: Graph, axis: SweepAxis): { ok: true; nodes: string[] } | { ok: false; error: string } {
  const target = TARGETS[axis.name];
  if (!target) return { ok: true, nodes: [] };
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const picked = 'nodes' in axis ? axis.nodes : undefined;
  if (picked === undefined) {
    const nodes = graph.nodes.filter((n) => isHidden(n) && target.types.includes(n.type)).map((n) => n.id);
    return nodes.length > 0 ? { ok: true, nodes } : { ok: false, error: `the graph has no ${target.what} to change` };
  }
  for (const id of picked) {
    const n = byId.get(id);
    if (!n) return { ok: false, error: `node ${id} is not in the graph` };
    // dropout may sit on any node's output, L1/L2 on any layer with a kernel (the output's too)
    const fits =
      target.types.includes(n.type) || (axis.name === 'dropout' && n.type !== 'output') || ((axis.name === 'l1' || axis.name === 'l2') && n.type === 'output');
    if (!fits)
      return {
        ok: false,
        error: `node ${id} is ${/^[aeiou]/.test(n.type) ? 'an' : 'a'} ${n.type} node, which has no ${axis.name === 'pieces' ? 'pieces' : axis.name}`,
      };
  }
  return { ok: true, nodes: [...picked] };
}

interface AxisPlan {
  axis: SweepAxis;
  nodes: string[];
  block: Block | null;
}

/** Check each axis on its own: values in range, no value twice, and that it applies to the base graph. */
function planAxes(graph: Graph, spec: SweepSpec, trainMax: number | null): { ok: true; plans: AxisPlan[] } | Extract<PlanResult, { ok: false }> {
  const plans: AxisPlan[] = [];
  for (const [i, axis] of spec.axes.entries()) {
    const refuse = (error: string) => ({ ok: false as const, axis: i, field: `sweep.axes[${i}]`, error: `axis ${axis.name}: ${error}` });
    if (spec.axes.findIndex((a) => a.name === axis.name) !== i) return refuse('is given twice; give each axis once');
    const seen = new Set<string>();
    for (const v of axis.values) {
      const text = axisValueText(v);
      const bad = valueProblem(axis, v, trainMax);
      if (bad) return refuse(`${text} is out of range (${bad})`);
      if (seen.has(text)) return refuse(`${text} is given twice`);
      seen.add(text);
    }
    if (axis.name === 'depth') {
      const b = findBlock(graph, axis.nodes);
      if (!b.ok) return refuse(b.error);
      plans.push({ axis, nodes: b.block.block, block: b.block });
      continue;
    }
    const nodes = axisNodes(graph, axis);
    if (!nodes.ok) return refuse(nodes.error);
    plans.push({ axis, nodes: nodes.nodes, block: null });
  }
  return { ok: true, plans };
}

/** Every combination of the axes' values, the first axis outermost. */
function combinations(axes: readonly SweepAxis[]): VariantAxes[] {
  let out: VariantAxes[] = [{}];
  for (const a of axes) out = out.flatMap((prefix) => a.values.map((v) => ({ ...prefix, [a.name]: v })));
  return out;
}

function setOn(graph: Graph, ids: ReadonlySet<string>, change: (n: GraphNode) => GraphNode): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (ids.has(n.id) ? change(n) : n)) };
}

function applyNodeAxis(graph: Graph, name: SweepAxis['name'], v: AxisValue, ids: ReadonlySet<string>): Graph {
  switch (name) {
    case 'activation':
      return setOn(graph, ids, (n) => (n.type === 'dense' ? { ...n, activation: v as Extract<GraphNode, { type: 'dense' }>['activation'] } : n));
    case 'units':
      return setOn(graph, ids, (n) => (n.type === 'dense' || n.type === 'maxout' ? { ...n, units: v as number } : n));
    case 'pieces':
      return setOn(graph, ids, (n) => (n.type === 'maxout' ? { ...n, pieces: v as number } : n));
    case 'dropout':
    case 'l1':
    case 'l2':
      return setOn(graph, ids, (n) => ({ ...n, [name]: v as number }));
    default:
      return graph;
  }
}

function applyTraining(t: TrainingConfig, values: VariantAxes): TrainingConfig {
  const out: TrainingConfig = { ...t, seed: variantSeed(t.seed, values) };
  if (values.optimizer !== undefined) out.optimizer = values.optimizer as TrainingConfig['optimizer'];
  if (values.learningRate !== undefined) out.learningRate = values.learningRate as number;
  if (values.batchSize !== undefined) out.batchSize = values.batchSize as number;
  if (values.epochs !== undefined) out.epochs = values.epochs as number;
  if (values.trainSamples !== undefined) out.trainSamples = values.trainSamples as number;
  return out;
}

/** One variant's graph: depth first (it makes and removes layers), then the other graph axes on their nodes and their copies. */
function variantGraph(base: Graph, plans: AxisPlan[], values: VariantAxes): { graph: Graph; emptied: string | null } {
  let graph = base;
  let copiesOf = new Map<string, string[]>();
  const depth = plans.find((p) => p.axis.name === 'depth');
  if (depth && depth.block) {
    const r = repeatBlock(base, depth.block, values.depth as number);
    graph = r.graph;
    copiesOf = r.copiesOf;
  }
  const present = new Set(graph.nodes.map((n) => n.id));
  for (const p of plans) {
    if (p.axis.name === 'depth' || !TARGETS[p.axis.name]) continue;
    const picked = 'nodes' in p.axis && p.axis.nodes !== undefined;
    // default targets: every fitting hidden layer of this variant (new depth copies included)
    const ids = picked
      ? new Set(p.nodes.flatMap((id) => copiesOf.get(id) ?? [id]).filter((id) => present.has(id)))
      : new Set(graph.nodes.filter((n) => isHidden(n) && TARGETS[p.axis.name]!.types.includes(n.type)).map((n) => n.id));
    if (ids.size === 0) return { graph, emptied: `axis ${p.axis.name}: its nodes ${p.nodes.join(', ')} are removed by depth ${String(values.depth)}` };
    graph = applyNodeAxis(graph, p.axis.name, values[p.axis.name]!, ids);
  }
  return { graph, emptied: null };
}

export interface PlanOptions {
  /** the dataset's input width and classes, when known: each variant's shapes are checked against them */
  io?: GraphIO;
  /** the training split's size, when known (data/split-counts gives it for MNIST and synthetic sets): trainSamples may not exceed it */
  trainCount?: number | null;
}

/**
 * Plan a sweep: each variant's graph and training, checked (graph structure, shapes when `io` is given, training
 * setup). The first problem refuses the whole sweep, naming the axis (or the variant) and the reason.
 */
export function planSweep(graph: Graph, training: TrainingConfig, spec: SweepSpec, opts: PlanOptions = {}): PlanResult {
  const io = opts.io;
  const total = spec.axes.reduce((n, a) => n * a.values.length, 1);
  if (total > MAX_VARIANTS)
    return { ok: false, axis: null, field: 'sweep.axes', error: `${total} variants is more than a sweep runs (at most ${MAX_VARIANTS})` };
  const axes = planAxes(graph, spec, opts.trainCount ?? null);
  if (!axes.ok) return axes;
  const variants: PlannedVariant[] = [];
  for (const [index, values] of combinations(spec.axes).entries()) {
    const label = variantLabel(spec.axes, values);
    const refuse = (error: string) => ({ ok: false as const, axis: null, field: 'sweep', error: `variant ${label}: ${error}` });
    const g = variantGraph(graph, axes.plans, values);
    if (g.emptied) return refuse(g.emptied);
    const t = applyTraining(training, values);
    const gc = checkGraph(g.graph, io);
    const tc = checkTraining(t);
    const problems = [...gc.problems, ...tc.problems, ...(gc.graph && tc.ok ? setupProblems(gc.graph, tc.config) : [])];
    if (problems.length > 0 || !gc.graph || !tc.ok) return refuse(problems.map((p) => p.message).join('; '));
    variants.push({ index, axes: values, label, graph: gc.graph, training: tc.config });
  }
  return { ok: true, variants };
}
