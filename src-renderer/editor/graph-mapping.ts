// Conversion between the contract Graph and Svelte Flow's nodes and edges. Pure.
import type { Edge, Node } from '@xyflow/svelte';
import { GRAPH_VERSION, type Graph, type GraphNode, type Layout, type NodeType } from '../../src-main/contract/graph';
import type { NodeSpec } from './defaults';

export type LayerData = { spec: NodeSpec };
/** Every layer is one Svelte Flow node type, 'layer' (the built-in 'input'/'output' types carry their own styles). */
export type LayerFlowNode = Node<LayerData, 'layer'>;
export type ShapeFlowEdge = Edge<Record<string, unknown>, 'shape'>;

export const EDGE_TYPE = 'shape' as const;
export const NODE_TYPE = 'layer' as const;

/** Grid used for nodes a graph gives no position for: one column per topological depth. */
const COLUMN = 260;
const ROW = 170;

export function edgeIdFor(source: string, target: string): string {
  return `e-${source}-${target}`;
}

export function specOf(node: GraphNode): NodeSpec {
  const { id: _id, ...spec } = node;
  return spec as NodeSpec;
}

export function toGraphNode(id: string, spec: NodeSpec): GraphNode {
  return { ...spec, id } as GraphNode;
}

/** Positions for nodes the layout has no place for: columns by longest path from a source, rows in order. */
export function fallbackPositions(graph: Graph): Record<string, { x: number; y: number }> {
  const depth = new Map<string, number>(graph.nodes.map((n) => [n.id, 0]));
  // Bellman-style relaxation bounded by node count (terminates on cycles too).
  for (let pass = 0; pass < graph.nodes.length; pass++) {
    let changed = false;
    for (const e of graph.edges) {
      const d = (depth.get(e.source) ?? 0) + 1;
      if (depth.has(e.target) && d > (depth.get(e.target) ?? 0) && d < graph.nodes.length) {
        depth.set(e.target, d);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const rows = new Map<number, number>();
  const out: Record<string, { x: number; y: number }> = {};
  for (const n of graph.nodes) {
    const d = depth.get(n.id) ?? 0;
    const r = rows.get(d) ?? 0;
    rows.set(d, r + 1);
    out[n.id] = { x: d * COLUMN, y: r * ROW };
  }
  return out;
}

export function graphToFlow(graph: Graph, layout: Layout = {}, selected: ReadonlySet<string> = new Set()): { nodes: LayerFlowNode[]; edges: ShapeFlowEdge[] } {
  const needFallback = graph.nodes.some((n) => !layout[n.id]);
  const fallback = needFallback ? fallbackPositions(graph) : {};
  const nodes: LayerFlowNode[] = graph.nodes.map((n) => ({
    id: n.id,
    type: NODE_TYPE,
    position: { ...(layout[n.id] ?? fallback[n.id] ?? { x: 0, y: 0 }) },
    data: { spec: specOf(n) },
    selected: selected.has(n.id),
  }));
  const edges: ShapeFlowEdge[] = graph.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    type: EDGE_TYPE,
    selected: selected.has(e.id),
  }));
  return { nodes, edges };
}

/** The graph's structure: layers, parameters and connections, without where the nodes sit. */
export function flowToGraph(nodes: readonly LayerFlowNode[], edges: readonly ShapeFlowEdge[]): Graph {
  return {
    version: GRAPH_VERSION,
    nodes: nodes.map((n) => toGraphNode(n.id, n.data.spec)),
    edges: edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
  };
}

/** Where the nodes sit (rounded to whole pixels), by id: saved with the project, never part of the structure. */
export function layoutOf(nodes: readonly LayerFlowNode[]): Layout {
  const out: Layout = {};
  for (const n of nodes) out[n.id] = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
  return out;
}

/** The first free id of the form `<type><n>` (dense1, dense2, …). */
export function nextNodeId(type: NodeType, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let i = 1; ; i++) {
    const id = `${type}${i}`;
    if (!used.has(id)) return id;
  }
}

export type ConnectResult = { ok: true; edge: ShapeFlowEdge } | { ok: false; reason: string };

/** A new edge source → target, or why it is refused (the same pair twice, a node to itself). */
export function newEdge(edges: readonly ShapeFlowEdge[], source: string, target: string): ConnectResult {
  if (source === target) return { ok: false, reason: `cannot connect ${source} to itself` };
  if (edges.some((e) => e.source === source && e.target === target)) return { ok: false, reason: `${source} → ${target} is already connected` };
  let id = edgeIdFor(source, target);
  const ids = new Set(edges.map((e) => e.id));
  for (let i = 2; ids.has(id); i++) id = `${edgeIdFor(source, target)}-${i}`;
  return { ok: true, edge: { id, source, target, type: EDGE_TYPE } };
}
