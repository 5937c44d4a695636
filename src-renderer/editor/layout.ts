// Auto-layout. Data flows left to right (inputs on the left handle, outputs on the right).
// - A graph made only of simple chains (every node at most one input and one output edge) is laid
//   out in reading order: left to right, wrapping onto the next row from the left again, with as
//   many columns as makes the whole chain fit the canvas at a readable zoom. A 10-node deep network
//   in one row would be shrunk to a third of its size.
// - Any other graph (branches, merges) goes to dagre, rank direction left to right.
import dagre from '@dagrejs/dagre';
import type { Graph, Layout } from '../../src-main/contract/graph';
import { graphToFlow, type LayerFlowNode, type ShapeFlowEdge } from './graph-mapping';
import type { NodeSpec } from './defaults';

export type Point = { x: number; y: number };
export type Size = { width: number; height: number };

/** How the canvas fits the graph into view; the layout sizes its rows for the same fit. */
export const FIT_VIEW = { padding: 0.12, maxZoom: 1.1 } as const;
/** The canvas size assumed when the real one is not known yet. */
export const DEFAULT_VIEWPORT: Size = { width: 950, height: 520 };
/** The lowest zoom at which a node's text is still comfortable to read. */
export const READABLE_ZOOM = 0.75;

const DEFAULT_SIZE: Size = { width: 201, height: 100 };
/** Horizontal room between nodes in a row: the edge and its shape label sit there. */
export const GAP_X = 56;
/** Vertical room between rows: the edge from a row's end to the next row's start runs there. */
export const GAP_Y = 60;
/** What a node's gradient readout adds below it once training starts (reserved so rows never collide). */
const GRAD_ROW = 31;
/** What the dropout / L1 / L2 chips add. */
const CHIPS_ROW = 22;

/** A node's height before Svelte Flow has measured it, from what the node shows. */
export function estimatedHeight(spec: NodeSpec): number {
  const chips = (spec.dropout ?? 0) > 0 || (spec.l1 ?? 0) > 0 || (spec.l2 ?? 0) > 0 ? CHIPS_ROW : 0;
  switch (spec.type) {
    case 'input':
      return 50 + chips;
    case 'dense':
      return 74 + chips;
    case 'maxout':
      return 63 + chips;
    case 'add':
    case 'concat':
      return 50 + chips;
    case 'output':
      return 65 + chips;
    default: {
      const never: never = spec;
      return never;
    }
  }
}

interface Box {
  id: string;
  width: number;
  /** height now (measured, or estimated) */
  height: number;
  /** height it may grow to while training (the gradient readout appears) */
  room: number;
}

function boxOf(n: LayerFlowNode): Box {
  const spec = n.data.spec;
  const height = n.measured?.height ?? estimatedHeight(spec);
  const grows = spec.type !== 'input' && !(n.measured?.height !== undefined && n.measured.height >= estimatedHeight(spec) + GRAD_ROW);
  return { id: n.id, width: n.measured?.width ?? DEFAULT_SIZE.width, height, room: height + (grows ? GRAD_ROW : 0) };
}

/** The zoom fitView will pick for a drawing of this size on this canvas. */
export function fitZoom(drawing: Size, viewport: Size): number {
  const fit = (v: number, d: number) => (d <= 0 ? FIT_VIEW.maxZoom : v / (1 + FIT_VIEW.padding) / d);
  return Math.min(FIT_VIEW.maxZoom, fit(viewport.width, drawing.width), fit(viewport.height, drawing.height));
}

/**
 * The graph's simple chains, each in data-flow order, when every node has at most one incoming and
 * one outgoing edge and there is no cycle; null for anything else (a branch, a merge, a loop).
 */
export function simpleChains(ids: readonly string[], edges: readonly { source: string; target: string }[]): string[][] | null {
  const known = new Set(ids);
  const next = new Map<string, string>();
  const prev = new Map<string, string>();
  for (const e of edges) {
    if (!known.has(e.source) || !known.has(e.target)) continue;
    if (e.source === e.target || next.has(e.source) || prev.has(e.target)) return null;
    next.set(e.source, e.target);
    prev.set(e.target, e.source);
  }
  const chains: string[][] = [];
  let placed = 0;
  for (const id of ids) {
    if (prev.has(id)) continue;
    const chain: string[] = [];
    for (let at: string | undefined = id; at !== undefined; at = next.get(at)) chain.push(at);
    chains.push(chain);
    placed += chain.length;
  }
  return placed === ids.length ? chains : null; // nodes left over sit on a cycle
}

/** Rows of `columns` nodes each, one chain after another (a new chain starts a new row). */
function rowsOf(chains: readonly (readonly Box[])[], columns: number): Box[][] {
  const rows: Box[][] = [];
  for (const chain of chains) for (let i = 0; i < chain.length; i += columns) rows.push(chain.slice(i, i + columns));
  return rows;
}

function drawingSize(rows: readonly (readonly Box[])[], cellWidth: number): Size {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const height = rows.reduce((s, r) => s + Math.max(...r.map((b) => b.room)), 0) + GAP_Y * Math.max(0, rows.length - 1);
  return { width: columns * cellWidth + GAP_X * Math.max(0, columns - 1), height };
}

/**
 * How many nodes per row. One row while that is readable; otherwise the number of rows that shows the
 * chain largest (a split only a little larger than one with fewer rows loses to it). Rows are
 * balanced: 10 nodes in 3 rows are 4, 4, 2.
 */
function chooseColumns(chains: readonly (readonly Box[])[], cellWidth: number, viewport: Size): number {
  const longest = Math.max(1, ...chains.map((c) => c.length));
  const zoomFor = (columns: number) => fitZoom(drawingSize(rowsOf(chains, columns), cellWidth), viewport);
  if (zoomFor(longest) >= READABLE_ZOOM) return longest;
  let best = { columns: longest, zoom: zoomFor(longest) };
  for (let rowCount = 2; rowCount <= longest; rowCount++) {
    const columns = Math.ceil(longest / rowCount);
    if (columns === Math.ceil(longest / (rowCount - 1))) continue; // same split as before
    const zoom = zoomFor(columns);
    if (zoom > best.zoom * 1.03) best = { columns, zoom };
  }
  return best.columns;
}

/** Reading-order placement of simple chains (top-left corners). */
function chainLayout(chains: readonly (readonly Box[])[], viewport: Size): Record<string, Point> {
  const cellWidth = Math.max(DEFAULT_SIZE.width, ...chains.flat().map((b) => b.width));
  const rows = rowsOf(chains, chooseColumns(chains, cellWidth, viewport));
  const out: Record<string, Point> = {};
  let top = 0;
  for (const row of rows) {
    // handles sit at a node's vertical middle: centre the row's nodes on one line so edges run straight
    const centre = top + Math.max(...row.map((b) => b.height)) / 2;
    row.forEach((b, col) => {
      out[b.id] = { x: col * (cellWidth + GAP_X), y: Math.round(centre - b.height / 2) };
    });
    top += Math.max(...row.map((b) => b.room)) + GAP_Y;
  }
  return out;
}

function dagreLayout(nodes: readonly LayerFlowNode[], edges: readonly ShapeFlowEdge[]): Record<string, Point> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 32, ranksep: 52, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) {
    g.setNode(n.id, { width: n.measured?.width ?? DEFAULT_SIZE.width, height: n.measured?.height ?? DEFAULT_SIZE.height });
  }
  for (const e of edges) if (ids.has(e.source) && ids.has(e.target) && e.source !== e.target) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const out: Record<string, Point> = {};
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

/** Positions (top-left corners) for every node, for a canvas of the given size. */
export function autoLayout(nodes: readonly LayerFlowNode[], edges: readonly ShapeFlowEdge[], viewport: Size = DEFAULT_VIEWPORT): Record<string, Point> {
  if (nodes.length === 0) return {};
  const chains = simpleChains(
    nodes.map((n) => n.id),
    edges,
  );
  if (!chains) return dagreLayout(nodes, edges);
  const boxes = new Map(nodes.map((n) => [n.id, boxOf(n)]));
  return chainLayout(
    chains.map((c) => c.map((id) => boxes.get(id)!)),
    usable(viewport),
  );
}

/** A canvas too small to mean anything (hidden, not yet measured) counts as the default. */
function usable(v: Size): Size {
  return v.width >= 200 && v.height >= 120 ? v : DEFAULT_VIEWPORT;
}

/** A place for every node of the graph, by autoLayout (for templates, whose stored positions are rough). */
export function layoutGraph(graph: Graph, viewport: Size = DEFAULT_VIEWPORT): Layout {
  const flow = graphToFlow(graph);
  const pos = autoLayout(flow.nodes, flow.edges, viewport);
  return Object.fromEntries(graph.nodes.map((n) => [n.id, { x: Math.round(pos[n.id]?.x ?? 0), y: Math.round(pos[n.id]?.y ?? 0) }]));
}
