// The hidden chain of a graph and the block the depth axis repeats. A run is a sequence of hidden
// layers (dense, maxout) where each feeds only the next; the block is either the run of layers a user
// picked, or the smallest repeating unit of the longest run (one layer when its layers are identical).
// Pure.
import type { Graph, GraphNode } from '../contract/graph';

export interface Block {
  /** the run the block sits in, input side first */
  run: string[];
  /** where in the run the first copy of the block starts */
  start: number;
  /** the block's layers, in order */
  block: string[];
  /** how many identical copies of the block follow each other from `start` (the block itself included) */
  copies: number;
}

const isHidden = (n: GraphNode | undefined): boolean => n !== undefined && (n.type === 'dense' || n.type === 'maxout');

/** A node's structure without its id and name: two layers with the same shape are copies. */
export function layerShape(n: GraphNode): string {
  const { id: _id, name: _name, ...rest } = n;
  return JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Every maximal run of hidden layers in which each layer's only output feeds the next (which has no other input). */
export function hiddenRuns(graph: Graph): string[][] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const outs = new Map<string, string[]>();
  const ins = new Map<string, string[]>();
  for (const e of graph.edges) {
    (outs.get(e.source) ?? outs.set(e.source, []).get(e.source)!).push(e.target);
    (ins.get(e.target) ?? ins.set(e.target, []).get(e.target)!).push(e.source);
  }
  /** the hidden layer `id` feeds on its own, or null */
  const nextOf = (id: string): string | null => {
    const o = outs.get(id) ?? [];
    if (o.length !== 1) return null;
    const t = o[0]!;
    return isHidden(byId.get(t)) && (ins.get(t)?.length ?? 0) === 1 ? t : null;
  };
  const hasPrev = new Set<string>();
  for (const n of graph.nodes) {
    if (!isHidden(n)) continue;
    const t = nextOf(n.id);
    if (t !== null) hasPrev.add(t);
  }
  const runs: string[][] = [];
  for (const n of graph.nodes) {
    if (!isHidden(n) || hasPrev.has(n.id)) continue;
    const run = [n.id];
    const seen = new Set(run);
    for (let t = nextOf(n.id); t !== null && !seen.has(t); t = nextOf(t)) {
      run.push(t);
      seen.add(t);
    }
    runs.push(run);
  }
  return runs;
}

function copiesFrom(run: string[], start: number, size: number, shapeOf: (id: string) => string): number {
  let copies = 1;
  for (let at = start + size; at + size <= run.length; at += size) {
    for (let i = 0; i < size; i++) if (shapeOf(run[at + i]!) !== shapeOf(run[start + i]!)) return copies;
    copies++;
  }
  return copies;
}

export type BlockResult = { ok: true; block: Block } | { ok: false; error: string };

/** The block the depth axis repeats: the picked layers (`picked`), else the longest run's smallest repeating unit. */
export function findBlock(graph: Graph, picked?: readonly string[]): BlockResult {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const shapeOf = (id: string) => layerShape(byId.get(id)!);
  const runs = hiddenRuns(graph);
  if (picked === undefined) {
    const run = runs.reduce<string[]>((best, r) => (r.length > best.length ? r : best), []);
    if (run.length === 0) return { ok: false, error: 'the graph has no hidden layers to repeat (add a dense or maxout layer between input and output)' };
    for (let size = 1; size <= run.length; size++) {
      if (run.length % size !== 0) continue;
      if (copiesFrom(run, 0, size, shapeOf) === run.length / size)
        return { ok: true, block: { run, start: 0, block: run.slice(0, size), copies: run.length / size } };
    }
    return { ok: true, block: { run, start: 0, block: run, copies: 1 } };
  }
  for (const id of picked) {
    const n = byId.get(id);
    if (!n) return { ok: false, error: `node ${id} is not in the graph` };
    if (!isHidden(n)) return { ok: false, error: `node ${id} is a ${n.type} node; the repeated block is made of hidden dense or maxout layers` };
  }
  const run = runs.find((r) => r.includes(picked[0]!));
  const positions = picked.map((id) => run?.indexOf(id) ?? -1).sort((a, b) => a - b);
  const start = positions[0]!;
  const contiguous = positions.every((p, i) => p >= 0 && p === start + i);
  if (!run || !contiguous)
    return {
      ok: false,
      error: `the picked layers ${picked.join(', ')} are not one unbroken chain (each feeding only the next); pick consecutive hidden layers`,
    };
  const size = picked.length;
  return { ok: true, block: { run, start, block: run.slice(start, start + size), copies: copiesFrom(run, start, size, shapeOf) } };
}
