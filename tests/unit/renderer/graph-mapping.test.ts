import { describe, expect, it } from 'vitest';
import { Graph, positionsOf } from '../../../src-main/contract/graph';
import { checkGraph } from '../../../src-main/contract/validate';
import { fallbackPositions, flowToGraph, graphToFlow, layoutOf, newEdge, nextNodeId } from '../../../src-renderer/editor/graph-mapping';

// written as older files were, positions inline: the structure drops them, the layout keeps them
const legacy = {
  version: 1,
  nodes: [
    { id: 'in', type: 'input', position: { x: 0, y: 0 } },
    { id: 'h1', type: 'dense', units: 16, activation: 'tanh', dropout: 0.2, l2: 0.001, name: 'hidden', position: { x: 250, y: 10 } },
    {
      id: 'mx',
      type: 'maxout',
      units: 4,
      pieces: 3,
      grouping: {
        kind: 'explicit',
        groups: [
          [0, 1, 2],
          [3, 4, 5],
          [6, 7, 8],
          [9, 10, 11],
        ],
      },
      position: { x: 500, y: 0 },
    },
    { id: 'out', type: 'output', head: 'softmax', useBias: false, position: { x: 750, y: 0 } },
  ],
  edges: [
    { id: 'a', source: 'in', target: 'h1' },
    { id: 'b', source: 'h1', target: 'mx' },
    { id: 'c', source: 'mx', target: 'out' },
  ],
};
const graph = Graph.parse(legacy);
const layout = positionsOf(legacy);

describe('graph ↔ Svelte Flow mapping', () => {
  it('round-trips a graph with every parameter kept, its layout apart', () => {
    expect(graph.nodes.some((n) => 'position' in n)).toBe(false);
    const { nodes, edges } = graphToFlow(graph, layout);
    expect(nodes.map((n) => n.data.spec.type)).toEqual(['input', 'dense', 'maxout', 'output']);
    expect(nodes.every((n) => n.type === 'layer')).toBe(true);
    expect(nodes[1]!.data.spec).toMatchObject({ type: 'dense', units: 16, activation: 'tanh', dropout: 0.2, l2: 0.001, name: 'hidden' });
    expect(nodes[1]!.position).toEqual({ x: 250, y: 10 });
    expect(edges.every((e) => e.type === 'shape')).toBe(true);
    expect(flowToGraph(nodes, edges)).toEqual(graph);
    expect(layoutOf(nodes)).toEqual(layout);
  });

  it('ids and positions live on the flow node, not in its data, and never in the structure', () => {
    const { nodes } = graphToFlow(graph, layout);
    expect('id' in nodes[0]!.data.spec).toBe(false);
    expect('position' in nodes[0]!.data.spec).toBe(false);
    const moved = nodes.map((n) => (n.id === 'h1' ? { ...n, position: { x: 300.6, y: 40.2 } } : n));
    expect(layoutOf(moved)['h1']).toEqual({ x: 301, y: 40 });
    expect(flowToGraph(moved, [])).toEqual(flowToGraph(nodes, []));
  });

  it('the mapped graph is valid and carries the shapes checkGraph infers', () => {
    const { nodes, edges } = graphToFlow(graph);
    const check = checkGraph(flowToGraph(nodes, edges), { inputDim: 2, classes: 3 });
    expect(check.problems).toEqual([]);
    expect(check.edgeShapes).toEqual({ a: [2], b: [16], c: [4] });
  });

  it('lays out nodes without positions in columns by depth', () => {
    const bare = graph;
    const pos = fallbackPositions(bare);
    expect(pos['in']!.x).toBeLessThan(pos['h1']!.x);
    expect(pos['h1']!.x).toBeLessThan(pos['mx']!.x);
    expect(pos['mx']!.x).toBeLessThan(pos['out']!.x);
    const flow = graphToFlow(bare);
    expect(flow.nodes.find((n) => n.id === 'out')!.position).toEqual(pos['out']);
  });

  it('picks the first free id per type', () => {
    expect(nextNodeId('dense', ['dense1', 'dense2', 'input1'])).toBe('dense3');
    expect(nextNodeId('input', ['dense1'])).toBe('input1');
  });

  it('refuses self-loops and duplicate connections, with a reason', () => {
    const { edges } = graphToFlow(graph);
    expect(newEdge(edges, 'h1', 'h1')).toEqual({ ok: false, reason: 'cannot connect h1 to itself' });
    const dup = newEdge(edges, 'in', 'h1');
    expect(dup.ok).toBe(false);
    const fresh = newEdge(edges, 'in', 'mx');
    expect(fresh).toMatchObject({ ok: true, edge: { source: 'in', target: 'mx', type: 'shape' } });
  });
});
