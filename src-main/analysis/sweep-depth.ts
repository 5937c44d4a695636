// The depth axis: a graph with its hidden block repeated `depth` times. The copies already there keep
// their ids; new copies get fresh ids and names that continue the graph's numbering (h8 → h9,
// "hidden 8" → "hidden 9"); copies beyond `depth` are removed with their edges. Pure.
import type { Graph, GraphEdge, GraphNode } from '../contract/graph';
import type { Block } from './hidden-chain';

export interface Repeated {
  graph: Graph;
  /** for every layer of the original block, the ids of all its copies in the new graph (itself first) */
  copiesOf: Map<string, string[]>;
}

const NUMBERED = /^(.*?)(\d+)$/;

/** A fresh label for a copy of `base`: the next number after the highest `prefix N` in use, else `base 2`, `base 3`, … */
function nextLabel(base: string, used: Set<string>, sep: string): string {
  const m = NUMBERED.exec(base);
  let prefix = `${base}${sep}`;
  let n = 2;
  if (m) {
    prefix = m[1]!;
    n = 1;
    for (const u of used) {
      const k = NUMBERED.exec(u);
      if (k && k[1] === prefix) n = Math.max(n, Number(k[2]) + 1);
    }
  }
  while (used.has(`${prefix}${n}`)) n++;
  const label = `${prefix}${n}`;
  used.add(label);
  return label;
}

function edgeId(source: string, target: string, used: Set<string>): string {
  const base = `e-${source}-${target}`.slice(0, 130);
  let id = base;
  for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
  used.add(id);
  return id;
}

export function repeatBlock(graph: Graph, b: Block, depth: number): Repeated {
  const size = b.block.length;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const segment = b.run.slice(b.start, b.start + size * b.copies);
  const inSegment = new Set(segment);
  const last = segment[segment.length - 1]!;
  const kept = segment.slice(0, size * Math.min(depth, b.copies));
  const removed = new Set(segment.slice(kept.length));

  const ids = new Set(graph.nodes.filter((n) => !removed.has(n.id)).map((n) => n.id));
  const names = new Set(graph.nodes.filter((n) => !removed.has(n.id) && n.name).map((n) => n.name!));
  const added: GraphNode[] = [];
  const chain = [...kept];
  for (let c = kept.length / size; c < depth; c++) {
    for (const id of b.block) {
      const t = byId.get(id)!;
      const copy = { ...t, id: nextLabel(t.id, ids, '-') } as GraphNode;
      if (t.name) copy.name = nextLabel(t.name, names, ' ');
      added.push(copy);
      chain.push(copy.id);
    }
  }
  const copiesOf = new Map(b.block.map((id, i) => [id, chain.filter((_, j) => j % size === i)]));

  // edges: those inside the segment are rebuilt along the new chain; those leaving its last layer leave the new last
  const edgeIds = new Set(graph.edges.map((e) => e.id));
  const oldInside = new Map(graph.edges.filter((e) => inSegment.has(e.source) && inSegment.has(e.target)).map((e) => [`${e.source}\u0000${e.target}`, e]));
  const edges: GraphEdge[] = [];
  for (const e of graph.edges) {
    if (inSegment.has(e.source) && inSegment.has(e.target)) continue;
    if (e.source === last) edges.push({ ...e, source: chain[chain.length - 1]! });
    else if (!removed.has(e.source) && !removed.has(e.target)) edges.push(e);
  }
  for (let i = 1; i < chain.length; i++) {
    const old = oldInside.get(`${chain[i - 1]}\u0000${chain[i]}`);
    edges.push(old ?? { id: edgeId(chain[i - 1]!, chain[i]!, edgeIds), source: chain[i - 1]!, target: chain[i]! });
  }
  // the new layers sit right after the last kept one, so the node list keeps the chain's order
  const nodes: GraphNode[] = [];
  const after = kept[kept.length - 1]!;
  for (const n of graph.nodes) {
    if (removed.has(n.id)) continue;
    nodes.push(n);
    if (n.id === after) nodes.push(...added);
  }
  return { graph: { ...graph, nodes, edges }, copiesOf };
}
