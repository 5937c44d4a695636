// Auto-layout with dagre: left to right, in the direction the data flows.
import dagre from '@dagrejs/dagre';
import type { Graph } from '../../src-main/contract/graph';
import { graphToFlow, type LayerFlowNode, type ShapeFlowEdge } from './graph-mapping';

const DEFAULT_SIZE = { width: 201, height: 100 };

export function autoLayout(nodes: readonly LayerFlowNode[], edges: readonly ShapeFlowEdge[]): Record<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 32, ranksep: 52, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) {
    g.setNode(n.id, { width: n.measured?.width ?? DEFAULT_SIZE.width, height: n.measured?.height ?? DEFAULT_SIZE.height });
  }
  for (const e of edges) if (ids.has(e.source) && ids.has(e.target) && e.source !== e.target) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const out: Record<string, { x: number; y: number }> = {};
  for (const n of nodes) {
    const p = g.node(n.id);
    if (!p) continue;
    const w = n.measured?.width ?? DEFAULT_SIZE.width;
    const h = n.measured?.height ?? DEFAULT_SIZE.height;
    // dagre gives centres; Svelte Flow positions are top-left corners
    out[n.id] = { x: p.x - w / 2, y: p.y - h / 2 };
  }
  return out;
}

/** The graph with every node placed by autoLayout (for templates, whose stored positions are rough). */
export function layoutGraph(graph: Graph): Graph {
  const flow = graphToFlow(graph);
  const pos = autoLayout(flow.nodes, flow.edges);
  return { ...graph, nodes: graph.nodes.map((n) => ({ ...n, position: { x: Math.round(pos[n.id]?.x ?? 0), y: Math.round(pos[n.id]?.y ?? 0) } })) };
}
