import { describe, expect, it } from 'vitest';
import { EditorState } from '../../../src-renderer/editor/editor.svelte';
import { defaultTraining } from '../../../src-renderer/editor/defaults';

function clock() {
  let t = 10_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** input → dense → output, connected, with the dataset read. */
function chain(c = clock()) {
  const ed = new EditorState(c.now);
  ed.setDataset({
    status: 'ready',
    key: JSON.stringify(ed.training.dataset),
    info: { inputDim: 2, classes: 3, samples: { train: 800, test: 200 }, description: 'spiral' },
  });
  const i = ed.addNode('input', { x: 0, y: 0 });
  const d = ed.addNode('dense', { x: 250, y: 0 });
  const o = ed.addNode('output', { x: 500, y: 0 });
  expect(ed.connect(i, d)).toBeNull();
  expect(ed.connect(d, o)).toBeNull();
  return { ed, i, d, o, c };
}

describe('editor store', () => {
  it('add and connect build a valid graph with inferred edge shapes', () => {
    const { ed, i, d, o } = chain();
    expect([i, d, o]).toEqual(['input1', 'dense1', 'output1']);
    expect(ed.check.ok).toBe(true);
    expect(ed.validation.blocked).toBeNull();
    const shapes = ed.graph.edges.map((e) => ed.check.edgeShapes[e.id]);
    expect(shapes).toEqual([[2], [32]]);
    expect(ed.selected?.id).toBe('output1');
  });

  it('refuses a duplicate connection and a self-loop with a reason', () => {
    const { ed, i, d } = chain();
    expect(ed.connect(i, d)).toMatch(/already connected/);
    expect(ed.connect(d, d)).toMatch(/itself/);
    expect(ed.edges).toHaveLength(2);
  });

  it('an unconnected node makes the graph invalid and names the node', () => {
    const { ed } = chain();
    ed.addNode('dense', { x: 250, y: 200 });
    expect(ed.check.ok).toBe(false);
    expect(ed.validation.nodes['dense2']!.messages).toContain('missing input (connect one node into it)');
    expect(ed.validation.blocked).toMatch(/^dense2: missing input/);
  });

  it('removing a node removes its edges; undo brings both back, redo removes them again', () => {
    const { ed, d } = chain();
    ed.remove({ nodes: [d] });
    expect(ed.nodes.map((n) => n.id)).toEqual(['input1', 'output1']);
    expect(ed.edges).toEqual([]);
    expect(ed.undo()).toBe(true);
    expect(ed.nodes.map((n) => n.id)).toEqual(['input1', 'dense1', 'output1']);
    expect(ed.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['input1>dense1', 'dense1>output1']);
    expect(ed.redo()).toBe(true);
    expect(ed.nodes.map((n) => n.id)).toEqual(['input1', 'output1']);
  });

  it('updates a node parameter and undoes it', () => {
    const { ed, d } = chain();
    ed.updateNode(d, { activation: 'sigmoid' });
    expect(ed.graph.nodes[1]).toMatchObject({ id: d, activation: 'sigmoid' });
    ed.updateNode(d, { dropout: 0.5 });
    ed.updateNode(d, { dropout: undefined });
    expect('dropout' in ed.graph.nodes[1]!).toBe(false);
    ed.undo();
    expect(ed.graph.nodes[1]).toMatchObject({ dropout: 0.5 });
    ed.undo();
    ed.undo();
    expect(ed.graph.nodes[1]).toMatchObject({ activation: 'relu' });
  });

  it('typing into a field coalesces into one undo step; a pause starts a new one', () => {
    const { ed, d, c } = chain();
    for (const u of [1, 12, 128]) {
      c.advance(200);
      ed.updateNode(d, { units: u }, 'units');
    }
    expect(ed.graph.nodes[1]).toMatchObject({ units: 128 });
    ed.undo();
    expect(ed.graph.nodes[1]).toMatchObject({ units: 32 });
    ed.redo();
    c.advance(5000);
    ed.updateNode(d, { units: 64 }, 'units');
    ed.undo();
    expect(ed.graph.nodes[1]).toMatchObject({ units: 128 });
  });

  it('a drag is one undo step however many moves it has', async () => {
    const { ed, d } = chain();
    ed.startDrag();
    for (let x = 260; x <= 400; x += 20) {
      ed.setNodesFromFlow(ed.nodes.map((n) => (n.id === d ? { ...n, position: { x, y: 30 } } : n)));
    }
    await Promise.resolve();
    ed.endDrag();
    expect(ed.layout()[d]).toEqual({ x: 400, y: 30 });
    ed.undo();
    expect(ed.layout()[d]).toEqual({ x: 250, y: 0 });
    ed.undo();
    expect(ed.edges).toHaveLength(1);
  });

  it('selecting and measuring nodes is not an undo step', async () => {
    const { ed, d } = chain();
    ed.setNodesFromFlow(ed.nodes.map((n) => ({ ...n, selected: n.id === d, measured: { width: 200, height: 90 } })));
    await Promise.resolve();
    expect(ed.selected?.id).toBe(d);
    ed.undo(); // undoes the last real edit: the second connection
    expect(ed.edges.map((e) => e.target)).toEqual([d]);
  });

  it('a flow deletion (edges then nodes in one tick) is one undo step', async () => {
    const { ed, d } = chain();
    ed.setEdgesFromFlow([]);
    ed.setNodesFromFlow(ed.nodes.filter((n) => n.id !== d));
    await Promise.resolve();
    expect(ed.nodes).toHaveLength(2);
    ed.undo();
    expect(ed.nodes).toHaveLength(3);
    expect(ed.edges).toHaveLength(2);
  });

  it('training edits are undoable and mark the project dirty until saved', () => {
    const ed = new EditorState();
    expect(ed.dirty).toBe(false);
    ed.updateTraining({ ...ed.training, learningRate: 0.5 }, 'learningRate');
    expect(ed.dirty).toBe(true);
    ed.markSaved('/tmp/p.gradscope.json');
    expect(ed.dirty).toBe(false);
    ed.undo();
    expect(ed.training.learningRate).toBe(defaultTraining().learningRate);
    expect(ed.dirty).toBe(true);
  });

  it('loading a project starts a clean history', () => {
    const { ed } = chain();
    ed.load({ graph: { version: 1, nodes: [{ id: 'x', type: 'input' }], edges: [] }, training: defaultTraining(), name: 'P', path: null });
    expect(ed.canUndo).toBe(false);
    expect(ed.dirty).toBe(false);
    expect(ed.nodes[0]!.position).toEqual({ x: 0, y: 0 });
  });

  it('edge shapes wait for the dataset; a stale dataset answer is ignored', () => {
    const { ed } = chain();
    ed.updateTraining({ ...ed.training, dataset: { kind: 'mnist', limit: 100 } });
    expect(ed.io).toBeUndefined();
    expect(ed.validation.blocked).toBe('reading the dataset…');
    ed.setDataset({ status: 'error', key: JSON.stringify({ kind: 'mnist', limit: 100 }), message: 'mnist is not installed' });
    expect(ed.validation.blocked).toBe('dataset: mnist is not installed');
  });
});

describe('replaceConfig (re-run a past configuration)', () => {
  it('puts the graph and training in place as one undoable edit', async () => {
    const { checkTraining } = await import('../../../src-main/contract/validate');
    const ed = new EditorState();
    const a = ed.addNode('input', { x: 0, y: 0 });
    const before = JSON.stringify(ed.graph);
    const training = checkTraining({ dataset: { kind: 'mnist', limit: 500 }, optimizer: { kind: 'adam' }, learningRate: 0.003 }).config!;
    const graph = {
      version: 1 as const,
      nodes: [
        { id: 'x', type: 'input' as const },
        { id: 'o', type: 'output' as const, head: 'softmax' as const, useBias: true },
      ],
      edges: [{ id: 'e', source: 'x', target: 'o' }],
    };
    ed.replaceConfig(graph, training);
    expect(ed.graph.nodes.map((n) => n.id)).toEqual(['x', 'o']);
    expect(ed.training.learningRate).toBe(0.003);
    expect(ed.undo()).toBe(true);
    expect(JSON.stringify(ed.graph)).toBe(before);
    expect(ed.graph.nodes[0]!.id).toBe(a);
  });
});
