// Auto-layout: long chains wrap onto rows in reading order so a deep network is readable; branching
// graphs keep dagre's left-to-right ranks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Graph, GraphNode } from '../../../src-main/contract/graph';
import { parseProject } from '../../../src-main/contract/project';
import { graphToFlow, type LayerFlowNode } from '../../../src-renderer/editor/graph-mapping';
import {
  autoLayout,
  DEFAULT_VIEWPORT,
  estimatedHeight,
  fitZoom,
  GAP_X,
  layoutGraph,
  simpleChains,
  type Point,
  type Size,
} from '../../../src-renderer/editor/layout';

const W = 201;
const GRAD_ROW = 31; // what the gradient readout adds to a node once training starts

function chain(n: number): Graph {
  const nodes: GraphNode[] = [{ id: 'input', type: 'input' }];
  for (let i = 1; i <= n - 2; i++) nodes.push({ id: `h${i}`, type: 'dense', units: 128, activation: 'relu', useBias: true });
  nodes.push({ id: 'output', type: 'output', head: 'softmax', useBias: true });
  const edges = nodes.slice(1).map((m, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: m.id }));
  return { version: 1, nodes, edges };
}

function layout(g: Graph, viewport?: Size): { nodes: LayerFlowNode[]; pos: Record<string, Point> } {
  const flow = graphToFlow(g);
  return { nodes: flow.nodes, pos: autoLayout(flow.nodes, flow.edges, viewport) };
}

/** Every node's rectangle, with room below for the gradient readout that appears while training. */
function rects(nodes: readonly LayerFlowNode[], pos: Record<string, Point>) {
  return nodes.map((n) => {
    const h = estimatedHeight(n.data.spec) + (n.data.spec.type === 'input' ? 0 : GRAD_ROW);
    return { id: n.id, x: pos[n.id]!.x, y: pos[n.id]!.y, w: n.measured?.width ?? W, h };
  });
}

function overlaps(rs: ReturnType<typeof rects>): string[] {
  const bad: string[] = [];
  for (let i = 0; i < rs.length; i++)
    for (let j = i + 1; j < rs.length; j++) {
      const a = rs[i]!;
      const b = rs[j]!;
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) bad.push(`${a.id}/${b.id}`);
    }
  return bad;
}

function bounds(rs: ReturnType<typeof rects>): Size {
  const x0 = Math.min(...rs.map((r) => r.x));
  const y0 = Math.min(...rs.map((r) => r.y));
  return { width: Math.max(...rs.map((r) => r.x + r.w)) - x0, height: Math.max(...rs.map((r) => r.y + r.h)) - y0 };
}

/** Row index of each node: nodes whose vertical centres are within a few pixels share a row. */
function rowsOf(rs: ReturnType<typeof rects>, nodes: readonly LayerFlowNode[]): number[] {
  const centres = nodes.map((n, i) => rs[i]!.y + estimatedHeight(n.data.spec) / 2);
  const distinct = [...new Set(centres.map((c) => Math.round(c)))].sort((a, b) => a - b);
  const rowCentres: number[] = [];
  for (const c of distinct) if (rowCentres.length === 0 || c - rowCentres[rowCentres.length - 1]! > 10) rowCentres.push(c);
  return centres.map((c) => rowCentres.findIndex((r) => Math.abs(r - c) <= 10));
}

describe('auto-layout of a long chain', () => {
  const g = chain(10); // input → 8 hidden → output, like the deep presets

  it('wraps a 10-node chain into rows so it fits a ~950×520 canvas at a readable zoom', () => {
    const { nodes, pos } = layout(g, { width: 950, height: 520 });
    const rs = rects(nodes, pos);
    const rows = rowsOf(rs, nodes);
    expect(new Set(rows).size).toBeGreaterThan(1);
    // a single row would be shrunk to about a third; wrapped, nodes keep most of their size
    const zoom = fitZoom(bounds(rs), { width: 950, height: 520 });
    expect(zoom).toBeGreaterThanOrEqual(0.7);
    expect(fitZoom({ width: 10 * W + 9 * GAP_X, height: 105 }, { width: 950, height: 520 })).toBeLessThan(0.4);
  });

  it('keeps reading order: left to right, then the next row again from the left', () => {
    const { nodes, pos } = layout(g, { width: 950, height: 520 });
    const rs = rects(nodes, pos);
    const rows = rowsOf(rs, nodes);
    const leftmost = Math.min(...rs.map((r) => r.x));
    for (let i = 1; i < nodes.length; i++) {
      const a = rs[i - 1]!;
      const b = rs[i]!;
      if (rows[i] === rows[i - 1]) expect(b.x, `${b.id} right of ${a.id}`).toBeGreaterThanOrEqual(a.x + a.w + 40);
      else {
        expect(rows[i], `${b.id} starts the next row`).toBe(rows[i - 1]! + 1);
        expect(b.x).toBe(leftmost);
        expect(b.y).toBeGreaterThan(a.y + a.h);
      }
    }
  });

  it('leaves no overlaps, even with every gradient readout showing, and room between rows for the wrapping edge', () => {
    const { nodes, pos } = layout(g, { width: 950, height: 520 });
    const rs = rects(nodes, pos);
    expect(overlaps(rs)).toEqual([]);
    const rows = rowsOf(rs, nodes);
    for (let r = 1; r <= Math.max(...rows); r++) {
      const above = Math.max(...rs.filter((_, i) => rows[i] === r - 1).map((x) => x.y + x.h));
      const below = Math.min(...rs.filter((_, i) => rows[i] === r).map((x) => x.y));
      expect(below - above, `gap above row ${r}`).toBeGreaterThanOrEqual(40);
    }
  });

  it('balances the rows and sizes them to the canvas: a tall canvas gets more rows than a wide one', () => {
    const count = (v: Size) => {
      const { nodes, pos } = layout(g, v);
      const rows = rowsOf(rects(nodes, pos), nodes);
      const perRow = [...new Set(rows)].map((r) => rows.filter((x) => x === r).length);
      return { rows: perRow.length, perRow };
    };
    const wide = count({ width: 1900, height: 520 });
    const tall = count({ width: 700, height: 1000 });
    expect(tall.rows).toBeGreaterThan(wide.rows);
    expect(count({ width: 950, height: 520 }).perRow).toEqual([4, 4, 2]);
  });

  it('keeps a short chain in one row', () => {
    const { nodes, pos } = layout(chain(4), { width: 950, height: 520 });
    expect(new Set(rowsOf(rects(nodes, pos), nodes)).size).toBe(1);
    expect(pos['input']!.x).toBeLessThan(pos['h1']!.x);
    expect(pos['h2']!.x).toBeLessThan(pos['output']!.x);
  });

  it('wraps only when one row would not be readable, then picks the largest view', () => {
    const rowsFor = (n: number, v: Size) => {
      const { nodes, pos } = layout(chain(n), v);
      return new Set(rowsOf(rects(nodes, pos), nodes)).size;
    };
    expect(rowsFor(5, { width: 1084, height: 622 })).toBe(1); // fits at ≈0.79
    expect(rowsFor(5, { width: 884, height: 552 })).toBe(2); // one row would be ≈0.64
    // 10 nodes on 1084×622: 3 rows (zoom ≈1) beat 2 rows (≈0.79)
    const { nodes, pos } = layout(g, { width: 1084, height: 622 });
    const rs = rects(nodes, pos);
    expect(new Set(rowsOf(rs, nodes)).size).toBe(3);
    expect(fitZoom(bounds(rs), { width: 1084, height: 622 })).toBeGreaterThan(0.95);
  });

  it('uses measured sizes: wider nodes stay apart', () => {
    const flow = graphToFlow(g);
    const nodes = flow.nodes.map((n) => ({ ...n, measured: { width: 320, height: 140 } }));
    const pos = autoLayout(nodes, flow.edges, { width: 950, height: 520 });
    const rs = nodes.map((n) => ({ id: n.id, x: pos[n.id]!.x, y: pos[n.id]!.y, w: 320, h: 140 }));
    expect(overlaps(rs)).toEqual([]);
  });

  it('starts each separate chain on a new row', () => {
    const a = chain(3);
    const g2: Graph = {
      version: 1,
      nodes: [...a.nodes, { id: 'lone', type: 'dense', units: 8, activation: 'tanh', useBias: true }],
      edges: a.edges,
    };
    const { pos } = layout(g2);
    expect(pos['lone']!.x).toBe(pos['input']!.x);
    expect(pos['lone']!.y).toBeGreaterThan(pos['output']!.y + 60);
  });
});

describe('auto-layout of a branching graph', () => {
  const g: Graph = {
    version: 1,
    nodes: [
      { id: 'in', type: 'input' },
      { id: 'a', type: 'dense', units: 8, activation: 'relu', useBias: true },
      { id: 'b', type: 'dense', units: 8, activation: 'tanh', useBias: true },
      { id: 'sum', type: 'add' },
      { id: 'c', type: 'dense', units: 8, activation: 'relu', useBias: true },
      { id: 'd', type: 'dense', units: 8, activation: 'relu', useBias: true },
      { id: 'e', type: 'dense', units: 8, activation: 'relu', useBias: true },
      { id: 'out', type: 'output', head: 'softmax', useBias: true },
    ],
    edges: [
      { id: '1', source: 'in', target: 'a' },
      { id: '2', source: 'in', target: 'b' },
      { id: '3', source: 'a', target: 'sum' },
      { id: '4', source: 'b', target: 'sum' },
      { id: '5', source: 'sum', target: 'c' },
      { id: '6', source: 'c', target: 'd' },
      { id: '7', source: 'd', target: 'e' },
      { id: '8', source: 'e', target: 'out' },
    ],
  };

  it('keeps dagre ranks left to right (no wrapping), branches side by side', () => {
    const { nodes, pos } = layout(g, { width: 700, height: 900 }); // a canvas that would wrap a chain
    expect(pos['a']!.x).toBe(pos['b']!.x);
    expect(pos['a']!.y).not.toBe(pos['b']!.y);
    const order = ['in', 'a', 'sum', 'c', 'd', 'e', 'out'];
    for (let i = 1; i < order.length; i++) expect(pos[order[i]!]!.x).toBeGreaterThan(pos[order[i - 1]!]!.x + W - 1);
    expect(overlaps(rects(nodes, pos))).toEqual([]);
  });

  it('does not depend on the canvas size', () => {
    expect(layout(g, { width: 700, height: 900 }).pos).toEqual(layout(g, { width: 1900, height: 400 }).pos);
  });
});

describe('simpleChains', () => {
  it('finds chains in flow order and refuses branches, merges and loops', () => {
    expect(
      simpleChains(
        ['c', 'a', 'b'],
        [
          { source: 'a', target: 'b' },
          { source: 'b', target: 'c' },
        ],
      ),
    ).toEqual([['a', 'b', 'c']]);
    expect(
      simpleChains(
        ['a', 'b', 'c'],
        [
          { source: 'a', target: 'b' },
          { source: 'a', target: 'c' },
        ],
      ),
    ).toBeNull();
    expect(
      simpleChains(
        ['a', 'b', 'c'],
        [
          { source: 'a', target: 'c' },
          { source: 'b', target: 'c' },
        ],
      ),
    ).toBeNull();
    expect(
      simpleChains(
        ['a', 'b'],
        [
          { source: 'a', target: 'b' },
          { source: 'b', target: 'a' },
        ],
      ),
    ).toBeNull();
    expect(simpleChains(['a'], [{ source: 'a', target: 'a' }])).toBeNull();
    expect(simpleChains(['a', 'b'], [])).toEqual([['a'], ['b']]);
  });
});

describe('the built-in templates', () => {
  const dir = join(__dirname, '../../../resources/presets');
  for (const name of ['sigmoid-deep', 'relu-deep', 'maxout', 'dropout', 'spiral']) {
    it(`${name}: stored positions are the auto-layout's, readable on a default canvas`, () => {
      const p = parseProject(readFileSync(join(dir, `${name}.json`), 'utf8'));
      if (!p.ok) throw new Error(p.error);
      const laid = layoutGraph(p.project.graph, DEFAULT_VIEWPORT);
      expect(p.project.layout).toEqual(laid);
      const flow = graphToFlow(p.project.graph, laid);
      const pos = laid;
      const rs = rects(flow.nodes, pos);
      expect(overlaps(rs)).toEqual([]);
      expect(fitZoom(bounds(rs), DEFAULT_VIEWPORT)).toBeGreaterThanOrEqual(0.7);
    });
  }
});
