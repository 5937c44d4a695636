import { describe, expect, it } from 'vitest';
import { checkGraph, checkTraining, groupingProblem, maxoutGroups } from '../../../src-main/contract/validate';
import { parseProject } from '../../../src-main/contract/project';

const io = { inputDim: 784, classes: 10 };

function chain(...mid: object[]) {
  const nodes = [{ id: 'in', type: 'input' }, ...mid, { id: 'out', type: 'output', head: 'softmax' }] as { id: string }[];
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: n.id }));
  return { version: 1, nodes, edges };
}

describe('checkGraph', () => {
  it('accepts a plain MLP and infers every edge shape', () => {
    const r = checkGraph(chain({ id: 'h1', type: 'dense', units: 128, activation: 'relu' }, { id: 'h2', type: 'dense', units: 64, activation: 'sigmoid' }), io);
    expect(r.problems).toEqual([]);
    expect(r.order).toEqual(['in', 'h1', 'h2', 'out']);
    expect(r.edgeShapes).toEqual({ e0: [784], e1: [128], e2: [64] });
    expect(r.widths.out).toBe(10);
  });

  it('infers concat widths as the sum and add widths as the common width', () => {
    const g = {
      version: 1,
      nodes: [
        { id: 'in', type: 'input' },
        { id: 'a', type: 'dense', units: 16, activation: 'relu' },
        { id: 'b', type: 'dense', units: 16, activation: 'tanh' },
        { id: 's', type: 'add' },
        { id: 'c', type: 'concat' },
        { id: 'out', type: 'output', head: 'softmax' },
      ],
      edges: [
        { id: '1', source: 'in', target: 'a' },
        { id: '2', source: 'in', target: 'b' },
        { id: '3', source: 'a', target: 's' },
        { id: '4', source: 'b', target: 's' },
        { id: '5', source: 's', target: 'c' },
        { id: '6', source: 'in', target: 'c' },
        { id: '7', source: 'c', target: 'out' },
      ],
    };
    const r = checkGraph(g, io);
    expect(r.problems).toEqual([]);
    expect(r.widths.s).toBe(16);
    expect(r.edgeShapes['7']).toEqual([16 + 784]);
  });

  it('names the node of a shape mismatch at an add', () => {
    const g = {
      version: 1,
      nodes: [
        { id: 'in', type: 'input' },
        { id: 'a', type: 'dense', units: 16, activation: 'relu' },
        { id: 'b', type: 'dense', units: 8, activation: 'relu' },
        { id: 'sum', type: 'add' },
        { id: 'out', type: 'output', head: 'softmax' },
      ],
      edges: [
        { id: '1', source: 'in', target: 'a' },
        { id: '2', source: 'in', target: 'b' },
        { id: '3', source: 'a', target: 'sum' },
        { id: '4', source: 'b', target: 'sum' },
        { id: '5', source: 'sum', target: 'out' },
      ],
    };
    const r = checkGraph(g, io);
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual(expect.objectContaining({ nodeId: 'sum', message: expect.stringMatching(/shape mismatch.*16, 8/) }));
  });

  it('finds a cycle and names the nodes on it', () => {
    const g = chain({ id: 'a', type: 'dense', units: 4, activation: 'relu' }, { id: 'b', type: 'dense', units: 4, activation: 'relu' });
    g.edges.push({ id: 'back', source: 'b', target: 'a' });
    const r = checkGraph(g, io);
    expect(r.ok).toBe(false);
    expect(r.order).toEqual([]);
    const cyc = r.problems.filter((p) => /cycle/.test(p.message)).map((p) => p.nodeId);
    expect(cyc).toEqual(expect.arrayContaining(['a', 'b']));
  });

  it('reports dangling edges, missing inputs and two inputs into a dense', () => {
    const g = {
      version: 1,
      nodes: [
        { id: 'in', type: 'input' },
        { id: 'x', type: 'dense', units: 4, activation: 'relu' },
        { id: 'lonely', type: 'dense', units: 4, activation: 'relu' },
        { id: 'out', type: 'output', head: 'softmax' },
      ],
      edges: [
        { id: '1', source: 'in', target: 'x' },
        { id: '2', source: 'lonely', target: 'x' },
        { id: '3', source: 'x', target: 'out' },
        { id: '4', source: 'ghost', target: 'out' },
      ],
    };
    const msgs = checkGraph(g, io).problems.map((p) => p.message);
    expect(msgs).toContainEqual(expect.stringMatching(/edge 4: its source "ghost" is not a node/));
    expect(msgs).toContainEqual(expect.stringMatching(/node lonely: missing input/));
    expect(msgs).toContainEqual(expect.stringMatching(/node x: 2 inputs into a dense/));
  });

  it('rejects out-of-range fields with the node and field named', () => {
    const r = checkGraph(chain({ id: 'h', type: 'dense', units: 0, activation: 'relu', dropout: 1, l1: -0.1, l2: 0.01 }), io);
    const byField = Object.fromEntries(r.problems.map((p) => [p.field, p]));
    expect(byField.units!.nodeId).toBe('h');
    expect(byField.dropout!.message).toMatch(/0 ≤ p < 1/);
    expect(byField.l1!.message).toMatch(/λ ≥ 0/);
    expect(byField.l2).toBeUndefined();
  });

  it('names unknown fields', () => {
    const r = checkGraph(chain({ id: 'h', type: 'dense', units: 3, activation: 'relu', colour: 'red' }), io);
    expect(r.problems[0]).toMatchObject({ nodeId: 'h', message: expect.stringContaining('unknown setting “colour”') });
  });

  it('keeps softmax to the output node and matches the head to the dataset', () => {
    expect(checkGraph(chain({ id: 'h', type: 'dense', units: 3, activation: 'softmax' }), io).problems[0]!.message).toMatch(/softmax is only for the output/);
    const reg = checkGraph(chain({ id: 'h', type: 'dense', units: 3, activation: 'relu' }), { inputDim: 3, classes: null });
    expect(reg.problems[0]).toMatchObject({ nodeId: 'out', field: 'head' });
  });
});

describe('maxout grouping', () => {
  it('contiguous and interleaved groups partition the k·units outputs', () => {
    expect(maxoutGroups({ kind: 'contiguous' }, 2, 3)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(maxoutGroups({ kind: 'interleaved' }, 2, 3)).toEqual([
      [0, 2, 4],
      [1, 3, 5],
    ]);
  });
  it('explains an explicit grouping that does not partition the outputs', () => {
    expect(
      groupingProblem(
        {
          kind: 'explicit',
          groups: [
            [0, 1],
            [2, 3],
          ],
        },
        2,
        2,
      ),
    ).toBeNull();
    expect(
      groupingProblem(
        {
          kind: 'explicit',
          groups: [
            [0, 1],
            [1, 3],
          ],
        },
        2,
        2,
      ),
    ).toMatch(/output 1 is in group 0 and group 1/);
    expect(groupingProblem({ kind: 'explicit', groups: [[0, 1], [3]] }, 2, 2)).toMatch(/output 2 is in no group/);
    expect(
      groupingProblem(
        {
          kind: 'explicit',
          groups: [
            [0, 1],
            [2, 2],
          ],
        },
        2,
        2,
      ),
    ).toBe('group 1 names output 2 twice');
    expect(groupingProblem({ kind: 'explicit', groups: [[0, 1, 2, 3]] }, 2, 2)).toMatch(/needs one per unit/);
    const r = checkGraph(
      chain({
        id: 'm',
        type: 'maxout',
        units: 2,
        pieces: 2,
        grouping: {
          kind: 'explicit',
          groups: [
            [0, 9],
            [1, 2],
          ],
        },
      }),
      io,
    );
    expect(r.problems[0]).toMatchObject({ nodeId: 'm', field: 'grouping' });
  });
});

describe('checkTraining', () => {
  const base = { dataset: { kind: 'synthetic', name: 'spiral' }, optimizer: { kind: 'adam' }, learningRate: 0.01 };
  it('fills defaults', () => {
    const r = checkTraining(base);
    expect(r.ok).toBe(true);
    expect(r.config).toMatchObject({ batchSize: 64, seed: 1, optimizer: { beta1: 0.9, beta2: 0.999 } });
  });
  it('rejects lr ≤ 0 and unknown fields, naming the field', () => {
    expect(checkTraining({ ...base, learningRate: 0 }).problems[0]).toMatchObject({ field: 'learningRate' });
    expect(checkTraining({ ...base, speed: 3 }).problems[0]!.message).toBe('Training setup: has unknown setting “speed”');
    expect(checkTraining({ ...base, optimizer: { kind: 'rmsprop', decay: 1.5 } }).problems[0]!.field).toBe('optimizer.decay');
  });
});

describe('parseProject', () => {
  it('names the line of a JSON syntax error', () => {
    const r = parseProject('{\n  "format": "gradscope-project",\n  oops\n}', 'net.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/net\.json: not valid JSON at line 3/);
  });
  it('names the field of a schema error', () => {
    const r = parseProject(
      JSON.stringify({
        format: 'gradscope-project',
        version: 1,
        graph: { version: 1, nodes: [{ id: 'a', type: 'dense', units: 'many', activation: 'relu' }], edges: [] },
        training: { dataset: { kind: 'mnist' }, optimizer: { kind: 'sgd' }, learningRate: 0.1 },
      }),
      'p.json',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/p\.json: graph\.nodes\[0\]\.units/);
  });
});

describe('run records in project files', () => {
  it('a diverged run (NaN loss) survives a JSON round trip', async () => {
    const { newRun, applyEvent } = await import('../../../src-main/analysis/run-record');
    const graph = chain({ id: 'h', type: 'dense', units: 3, activation: 'relu' });
    const training = checkTraining({ dataset: { kind: 'mnist' }, optimizer: { kind: 'sgd' }, learningRate: 100 }).config!;
    let run = newRun('r1', graph as never, training, 'run 1', new Date(0));
    run = applyEvent(run, {
      type: 'started',
      runId: 'r1',
      backend: 'wasm',
      layers: [],
      inputDim: 784,
      classes: 10,
      samples: { train: 1, val: 0, test: 0 },
      trainEvalSamples: 1,
      stepsPerEpoch: 1,
      epochs: 1,
      config: training,
    });
    run = applyEvent(run, { type: 'steps', runId: 'r1', steps: [{ step: 1, epoch: 1, loss: NaN, acc: 0.1, layers: [] }] });
    const text = JSON.stringify({ format: 'gradscope-project', version: 1, graph, training, runs: [run] });
    const r = parseProject(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect(Number.isNaN(r.project.runs[0]!.steps.loss[0])).toBe(true);
  });
});
