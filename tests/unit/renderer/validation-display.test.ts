import { describe, expect, it } from 'vitest';
import { checkGraph, checkTraining } from '../../../src-main/contract/validate';
import { displayValidation, stripSubject } from '../../../src-renderer/editor/validation-display';
import { defaultTraining } from '../../../src-renderer/editor/defaults';
import { threeNodeGraph } from '../fixtures/graphs';

const io = { inputDim: 2, classes: 3 };

describe('validation display mapping', () => {
  it('a node with a bad field gets the message on the node and next to the field', () => {
    const g = threeNodeGraph({ hidden: { units: 0 } });
    const d = displayValidation(checkGraph(g, io), [], { status: 'ready' });
    expect(Object.keys(d.nodes)).toEqual(['h']);
    expect(d.nodes['h']!.messages[0]).toBe('Units 0 is out of range (1 to 4096)');
    expect(d.nodes['h']!.fields['units']).toMatch(/out of range/);
    expect(d.list).toHaveLength(1);
    expect(d.list[0]).toMatchObject({ scope: 'graph', nodeId: 'h', field: 'units' });
    expect(d.blocked).toBe('h: Units 0 is out of range (1 to 4096)');
  });

  it('dangling edges are marked on the edge, merge problems on the node', () => {
    const g = {
      version: 1,
      nodes: [
        { id: 'in', type: 'input' },
        { id: 'a', type: 'dense', units: 4, activation: 'relu' },
        { id: 'b', type: 'dense', units: 5, activation: 'relu' },
        { id: 'sum', type: 'add' },
        { id: 'out', type: 'output', head: 'softmax' },
      ],
      edges: [
        { id: 'e1', source: 'in', target: 'a' },
        { id: 'e2', source: 'in', target: 'b' },
        { id: 'e3', source: 'a', target: 'sum' },
        { id: 'e4', source: 'b', target: 'sum' },
        { id: 'e5', source: 'sum', target: 'out' },
        { id: 'ghost', source: 'sum', target: 'nowhere' },
      ],
    };
    const d = displayValidation(checkGraph(g, io), [], { status: 'ready' });
    expect(d.edges['ghost']![0]).toMatch(/target "nowhere" is not a node/);
    expect(Object.keys(d.edges)).toEqual(['ghost']);
    expect(d.nodes['sum']!.messages.join(' ')).toMatch(/shape mismatch at add: inputs are 4, 5 wide/);
    expect(d.nodes['a']).toBeUndefined();
  });

  it('graph-wide problems have no node and still block training', () => {
    const d = displayValidation(checkGraph({ version: 1, nodes: [], edges: [] }, io), [], { status: 'ready' });
    expect(d.nodes).toEqual({});
    expect(d.list.map((p) => p.message)).toEqual(['the graph has no input node', 'the graph has no output node']);
    expect(d.blocked).toBe('the graph has no input node (and 1 more problem)');
  });

  it('training and dataset problems go to their fields', () => {
    const bad = { ...defaultTraining(), learningRate: 0, optimizer: { kind: 'adam', beta1: 2, beta2: 0.999 } };
    const t = checkTraining(bad);
    const d = displayValidation({ problems: [] }, t.problems, { status: 'error', message: 'no such folder /x' });
    expect(d.training['optimizer.beta1']).toMatch(/2|<=|1/);
    expect(d.training['dataset']).toBe('no such folder /x');
    expect(d.list.at(-1)).toEqual({ scope: 'dataset', field: 'dataset', message: 'dataset: no such folder /x' });
  });

  it('an all-clear setup can train once the dataset is read', () => {
    expect(displayValidation({ problems: [] }, [], { status: 'loading' }).blocked).toBe('reading the dataset…');
    expect(displayValidation({ problems: [] }, [], { status: 'ready' }).blocked).toBeNull();
  });

  it('strips the subject prefix for display on the element', () => {
    expect(stripSubject('node dense1: missing input (connect one node into it)')).toBe('missing input (connect one node into it)');
    expect(stripSubject('edge e7: connects node a to itself (cycle)')).toBe('connects node a to itself (cycle)');
  });
});
