import { describe, expect, it } from 'vitest';
import { EditorState } from '../../../src-renderer/editor/editor.svelte';
import { StructureMemo } from '../../../src-renderer/editor/structure';
import type { LayerFlowNode } from '../../../src-renderer/editor/graph-mapping';

/** input → dense → output, connected, with the dataset read. */
function chain() {
  const ed = new EditorState(() => 0);
  ed.setDataset({
    status: 'ready',
    key: JSON.stringify(ed.training.dataset),
    info: { inputDim: 2, classes: 3, samples: { train: 800, test: 200 }, description: 'spiral' },
  });
  const i = ed.addNode('input', { x: 0, y: 0 });
  const d = ed.addNode('dense', { x: 250, y: 0 });
  const o = ed.addNode('output', { x: 500, y: 0 });
  ed.connect(i, d);
  ed.connect(d, o);
  return { ed, d };
}

/** What Svelte Flow hands the binding on a pointer move: new node objects, the same data. */
const moved = (nodes: readonly LayerFlowNode[], id: string, x: number, y: number): LayerFlowNode[] =>
  nodes.map((n) => (n.id === id ? { ...n, position: { x, y }, dragging: true } : n));

describe('structure apart from layout', () => {
  it('moving a node keeps the structure, so nothing is validated, inferred or serialised again', async () => {
    const { ed, d } = chain();
    const graph = ed.graph;
    const check = ed.check;
    const builds = ed.structureBuilds;
    const validations = ed.validations;
    const content = ed.contentKey;
    ed.startDrag();
    for (let x = 260; x <= 600; x += 10) {
      ed.setNodesFromFlow(moved(ed.nodes, d, x, x / 3));
      expect(ed.graph).toBe(graph);
      expect(ed.check).toBe(check);
      expect(ed.contentKey).toBe(content);
    }
    await Promise.resolve();
    expect(ed.structureBuilds).toBe(builds);
    expect(ed.validations).toBe(validations);
    ed.endDrag();
    // the drag's end is recorded once (the layout is saved with the project) …
    expect(ed.layout()[d]).toEqual({ x: 600, y: 200 });
    expect(ed.contentKey).not.toBe(content);
    expect(ed.dirty).toBe(true);
    // … and still validates nothing
    expect(ed.check).toBe(check);
    expect(ed.structureBuilds).toBe(builds);
    expect(ed.validations).toBe(validations);
  });

  it('selecting nodes and edges is not a structure change either', () => {
    const { ed, d } = chain();
    const check = ed.check;
    ed.select({ nodes: [d], edges: [ed.edges[0]!.id] });
    expect(ed.selected?.id).toBe(d);
    expect(ed.check).toBe(check);
  });

  it('a data edit changes the structure and re-validates', () => {
    const { ed, d } = chain();
    const check = ed.check;
    const builds = ed.structureBuilds;
    const validations = ed.validations;
    ed.updateNode(d, { units: 7 });
    const after = ed.check;
    expect(ed.structureBuilds).toBe(builds + 1);
    expect(ed.validations).toBe(validations + 1);
    expect(after).not.toBe(check);
    expect(ed.check.edgeShapes[ed.edges[1]!.id]).toEqual([7]);
    ed.updateNode(d, { units: 0 });
    expect(ed.check.ok).toBe(false);
    expect(ed.validation.nodes[d]?.fields['units']).toBeDefined();
  });

  it('a new connection or a removed node changes the structure', () => {
    const memo = new StructureMemo();
    const { ed, d } = chain();
    const g = memo.of(ed.nodes, ed.edges);
    expect(
      memo.of(
        moved(ed.nodes, d, 1, 2),
        ed.edges.map((e) => ({ ...e, selected: true })),
      ),
    ).toBe(g);
    expect(memo.of(ed.nodes, ed.edges.slice(1))).not.toBe(g);
    expect(memo.of(ed.nodes.slice(1), ed.edges.slice(1)).nodes).toHaveLength(2);
    expect(memo.builds).toBe(3);
  });

  it('undo of a drag puts the nodes back where they were', () => {
    const { ed, d } = chain();
    ed.startDrag();
    ed.setNodesFromFlow(moved(ed.nodes, d, 400, 90));
    ed.endDrag();
    ed.undo();
    expect(ed.layout()[d]).toEqual({ x: 250, y: 0 });
    ed.redo();
    expect(ed.layout()[d]).toEqual({ x: 400, y: 90 });
  });
});
