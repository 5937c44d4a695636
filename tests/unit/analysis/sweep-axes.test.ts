import { describe, expect, it } from 'vitest';
import { planSweep, variantSeed } from '../../../src-main/analysis/sweep-axes';
import { findBlock } from '../../../src-main/analysis/hidden-chain';
import { getPreset } from '../../../src-main/export/presets';
import { Graph, type GraphNode } from '../../../src-main/contract/graph';
import { SweepSpec, type SweepSpecInput } from '../../../src-main/contract/sweep';
import { checkGraph } from '../../../src-main/contract/validate';
import type { PlannedVariant } from '../../../src-main/contract/sweep';

const MNIST = { inputDim: 784, classes: 10 };
const sigmoidDeep = getPreset('sigmoid-deep');

function plan(spec: SweepSpecInput, graph = sigmoidDeep.graph, training = sigmoidDeep.training, trainCount?: number) {
  return planSweep(graph, training, SweepSpec.parse(spec), { io: MNIST, trainCount });
}

function planned(spec: SweepSpecInput, graph = sigmoidDeep.graph): PlannedVariant[] {
  const r = plan(spec, graph);
  if (!r.ok) throw new Error(r.error);
  return r.variants;
}

/** The hidden layers from input to output, following the edges. */
function chain(g: Graph): GraphNode[] {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const out: GraphNode[] = [];
  let at = g.nodes.find((n) => n.type === 'input')!.id;
  for (;;) {
    const next = g.edges.filter((e) => e.source === at);
    expect(next).toHaveLength(1);
    const n = byId.get(next[0]!.target)!;
    if (n.type === 'output') return out;
    out.push(n);
    at = n.id;
  }
}

const without = (n: GraphNode, ...keys: string[]) => Object.fromEntries(Object.entries(n).filter(([k]) => !keys.includes(k)));

describe('depth: repetitions of the hidden block', () => {
  it('a chain of identical layers repeats one layer: depth is the number of hidden layers', () => {
    const b = findBlock(sigmoidDeep.graph);
    expect(b.ok && b.block.block).toEqual(['h1']);
    expect(b.ok && b.block.copies).toBe(8);
    const variants = planned({ axes: [{ name: 'depth', values: [1, 3, 8, 9] }] });
    expect(variants.map((v) => chain(v.graph).length)).toEqual([1, 3, 8, 9]);
  });

  it('keeps edges, shapes and node names valid: unique ids and names, every edge between existing nodes, MNIST shapes infer', () => {
    for (const v of planned({ axes: [{ name: 'depth', values: [1, 2, 5, 9, 20] }] })) {
      const check = checkGraph(v.graph, MNIST);
      expect(check.problems).toEqual([]);
      const ids = v.graph.nodes.map((n) => n.id);
      expect(new Set(ids).size).toBe(ids.length);
      const names = v.graph.nodes.map((n) => n.name);
      expect(new Set(names).size).toBe(names.length);
      expect(new Set(v.graph.edges.map((e) => e.id)).size).toBe(v.graph.edges.length);
      // one edge into each hidden layer and into the output, each 128 (hidden) or 784 (input) wide
      expect(v.graph.edges).toHaveLength((v.axes.depth as number) + 1);
      expect(check.widths.output).toBe(10);
      for (const n of chain(v.graph)) expect(without(n, 'id', 'name')).toEqual(without(sigmoidDeep.graph.nodes[1]!, 'id', 'name'));
    }
  });

  it('the layers already there keep their ids; new ones continue the numbering (h9 "hidden 9"); fewer drops the last ones', () => {
    const [three, nine] = planned({ axes: [{ name: 'depth', values: [3, 9] }] });
    expect(chain(three!.graph).map((n) => n.id)).toEqual(['h1', 'h2', 'h3']);
    expect(three!.graph.nodes.map((n) => n.id)).toEqual(['input', 'h1', 'h2', 'h3', 'output']);
    expect(chain(nine!.graph).map((n) => `${n.id} ${n.name}`)).toEqual([...Array.from({ length: 9 }, (_, i) => `h${i + 1} hidden ${i + 1}`)]);
    // the base graph itself is untouched
    expect(sigmoidDeep.graph.nodes).toHaveLength(10);
  });

  it('a picked block of different layers is repeated whole, widths in order', () => {
    const g = Graph.parse({
      version: 1,
      nodes: [
        { id: 'in', type: 'input' },
        { id: 'a', type: 'dense', units: 64, activation: 'relu' },
        { id: 'b', type: 'dense', units: 32, activation: 'tanh' },
        { id: 'c', type: 'maxout', units: 16, pieces: 2 },
        { id: 'out', type: 'output', head: 'softmax' },
      ],
      edges: [
        { id: 'e1', source: 'in', target: 'a' },
        { id: 'e2', source: 'a', target: 'b' },
        { id: 'e3', source: 'b', target: 'c' },
        { id: 'e4', source: 'c', target: 'out' },
      ],
    });
    const [one, three] = planned({ axes: [{ name: 'depth', values: [1, 3], nodes: ['b', 'c'] }] }, g);
    expect(chain(one!.graph).map((n) => n.id)).toEqual(['a', 'b', 'c']);
    const layers = chain(three!.graph);
    expect(layers.map((n) => (n.type === 'dense' || n.type === 'maxout' ? n.units : 0))).toEqual([64, 32, 16, 32, 16, 32, 16]);
    expect(layers.map((n) => n.type)).toEqual(['dense', 'dense', 'maxout', 'dense', 'maxout', 'dense', 'maxout']);
    expect(checkGraph(three!.graph, MNIST).ok).toBe(true);
    // without a pick, the chain of three different layers is its own block: depth 2 doubles it
    const [two] = planned({ axes: [{ name: 'depth', values: [2] }] }, g);
    expect(chain(two!.graph)).toHaveLength(6);
  });

  it('is refused with the reason when there is no hidden chain, or the pick is not one unbroken run', () => {
    const bare = Graph.parse({
      version: 1,
      nodes: [
        { id: 'in', type: 'input' },
        { id: 'out', type: 'output', head: 'softmax' },
      ],
      edges: [{ id: 'e', source: 'in', target: 'out' }],
    });
    const r = plan({ axes: [{ name: 'depth', values: [1, 2] }] }, bare);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^axis depth: the graph has no hidden layers/);
    expect(!r.ok && r.field).toBe('sweep.axes[0]');
    const gap = plan({ axes: [{ name: 'depth', values: [2], nodes: ['h1', 'h3'] }] });
    expect(!gap.ok && gap.error).toMatch(/axis depth: the picked layers h1, h3 are not one unbroken chain/);
    const zero = plan({ axes: [{ name: 'depth', values: [0, 1] }] });
    expect(!zero.ok && zero.error).toBe('axis depth: 0 is out of range (from 1 to 64 repetitions)');
  });
});

describe('graph axes change exactly what they name', () => {
  it('activation: every hidden dense layer, nothing else', () => {
    const [relu] = planned({ axes: [{ name: 'activation', values: ['relu'] }] });
    sigmoidDeep.graph.nodes.forEach((n, i) => {
      const m = relu!.graph.nodes[i]!;
      if (n.type === 'dense') {
        expect(m.type === 'dense' && m.activation).toBe('relu');
        expect(without(m, 'activation')).toEqual(without(n, 'activation'));
      } else expect(m).toEqual(n);
    });
    expect(relu!.graph.edges).toEqual(sigmoidDeep.graph.edges);
    expect(relu!.training).toEqual(sigmoidDeep.training);
  });

  it('activation on picked nodes changes only those', () => {
    const [v] = planned({ axes: [{ name: 'activation', values: ['tanh'], nodes: ['h2', 'h5'] }] });
    const acts = v!.graph.nodes.map((n) => (n.type === 'dense' ? n.activation : n.type));
    expect(acts).toEqual(['input', 'sigmoid', 'tanh', 'sigmoid', 'sigmoid', 'tanh', 'sigmoid', 'sigmoid', 'sigmoid', 'output']);
  });

  it('depth × activation: the new copies take the activation too', () => {
    const variants = planned({
      axes: [
        { name: 'depth', values: [2, 10] },
        { name: 'activation', values: ['sigmoid', 'relu'] },
      ],
    });
    expect(variants.map((v) => v.label)).toEqual([
      'depth=2 activation=sigmoid',
      'depth=2 activation=relu',
      'depth=10 activation=sigmoid',
      'depth=10 activation=relu',
    ]);
    expect(variants.map((v) => v.index)).toEqual([0, 1, 2, 3]);
    const last = chain(variants[3]!.graph);
    expect(last).toHaveLength(10);
    expect(last.every((n) => n.type === 'dense' && n.activation === 'relu')).toBe(true);
  });

  it('dropout: on every hidden layer by default, on the picked nodes and their depth copies otherwise; the output keeps none', () => {
    const [all] = planned({ axes: [{ name: 'dropout', values: [0.5] }] });
    expect(all!.graph.nodes.map((n) => n.dropout)).toEqual([undefined, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, undefined]);
    const variants = planned({
      axes: [
        { name: 'depth', values: [3], nodes: ['h8'] },
        { name: 'dropout', values: [0.2], nodes: ['h8'] },
      ],
    });
    const dropouts = chain(variants[0]!.graph).map((n) => n.dropout ?? 0);
    expect(dropouts).toEqual([0, 0, 0, 0, 0, 0, 0, 0.2, 0.2, 0.2]);
  });

  it('l1 / l2 and units change those fields only', () => {
    const [v] = planned({
      axes: [
        { name: 'l2', values: [0.001] },
        { name: 'units', values: [32] },
      ],
    });
    for (const n of chain(v!.graph)) expect(n.type === 'dense' && [n.l2, n.units, n.l1]).toEqual([0.001, 32, undefined]);
  });

  it('refuses an axis that does not apply or a value out of range, naming the axis', () => {
    const refusal = (spec: SweepSpecInput) => {
      const r = plan(spec);
      return r.ok ? 'accepted' : r.error;
    };
    expect(refusal({ axes: [{ name: 'pieces', values: [2, 3] }] })).toBe('axis pieces: the graph has no maxout layer to change');
    expect(refusal({ axes: [{ name: 'dropout', values: [0, 1] }] })).toBe('axis dropout: 1 is out of range (a rate p with 0 ≤ p < 1)');
    expect(refusal({ axes: [{ name: 'activation', values: ['relu', 'softmax'] }] })).toMatch(/^axis activation: softmax is out of range/);
    expect(refusal({ axes: [{ name: 'learningRate', values: [0.1, 0.1] }] })).toBe('axis learningRate: 0.1 is given twice');
    expect(refusal({ axes: [{ name: 'units', values: [8], nodes: ['output'] }] })).toBe('axis units: node output is an output node, which has no units');
    expect(refusal({ axes: [{ name: 'l1', values: [0.1], nodes: ['nope'] }] })).toBe('axis l1: node nope is not in the graph');
    expect(
      refusal({
        axes: [
          { name: 'epochs', values: [1] },
          { name: 'epochs', values: [2] },
        ],
      }),
    ).toBe('axis epochs: is given twice; give each axis once');
    const r = plan({ axes: [{ name: 'trainSamples', values: [100, 9000] }] }, sigmoidDeep.graph, sigmoidDeep.training, 7000);
    expect(!r.ok && r.error).toBe('axis trainSamples: 9000 is out of range (at most the 7000 samples of the training split)');
    const tooMany = plan({
      axes: [
        { name: 'depth', values: Array.from({ length: 30 }, (_, i) => i + 1) },
        { name: 'seed', values: Array.from({ length: 10 }, (_, i) => i) },
      ],
    });
    expect(!tooMany.ok && tooMany.error).toBe('300 variants is more than a sweep runs (at most 256)');
  });

  it('refuses a variant the graph check refuses, naming the variant', () => {
    const r = plan({
      axes: [
        { name: 'depth', values: [1, 3], nodes: ['h7'] },
        { name: 'dropout', values: [0.1], nodes: ['h8'] },
      ],
    });
    expect(!r.ok && r.error).toBe('variant depth=1 dropout=0.1: axis dropout: its nodes h8 are removed by depth 1');
  });
});

describe('training axes and seeds', () => {
  it('optimizer changes only the optimizer, each with its parameters; the graph is the base graph', () => {
    const variants = planned({ axes: [{ name: 'optimizer', values: [{ kind: 'sgd' }, { kind: 'momentum', momentum: 0.95 }, { kind: 'adam' }] }] });
    expect(variants.map((v) => v.training.optimizer)).toEqual([
      { kind: 'sgd' },
      { kind: 'momentum', momentum: 0.95 },
      { kind: 'adam', beta1: 0.9, beta2: 0.999 },
    ]);
    expect(variants.map((v) => v.label)).toEqual(['optimizer=sgd', 'optimizer=momentum:momentum=0.95', 'optimizer=adam']);
    for (const v of variants) {
      expect(v.graph).toEqual(sigmoidDeep.graph);
      expect({ ...v.training, optimizer: null }).toEqual({ ...sigmoidDeep.training, optimizer: null });
    }
  });

  it('learning rate, batch size, epochs and training samples set those fields', () => {
    const [v] = planned({
      axes: [
        { name: 'learningRate', values: [0.003] },
        { name: 'trainSamples', values: [500] },
      ],
    });
    expect([v!.training.learningRate, v!.training.trainSamples, v!.training.batchSize]).toEqual([0.003, 500, sigmoidDeep.training.batchSize]);
  });

  it('every variant keeps the base seed unless the sweep varies the seed: paired comparisons, whatever runs them', () => {
    const variants = planned({ axes: [{ name: 'depth', values: [1, 2, 3] }] });
    expect(variants.map((v) => v.training.seed)).toEqual([1, 1, 1]);
    const repeats = planned({
      axes: [
        { name: 'activation', values: ['relu'] },
        { name: 'seed', values: [7, 8] },
      ],
    });
    expect(repeats.map((v) => v.training.seed)).toEqual([7, 8]);
    expect(variantSeed(5, { depth: 3 })).toBe(5);
    expect(variantSeed(5, { seed: 11, depth: 3 })).toBe(11);
  });
});
