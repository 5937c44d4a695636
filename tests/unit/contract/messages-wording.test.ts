// Every validation message a user can see names things as the editor does (labels, node names), never
// a field key or a schema library's wording; 0 epochs is refused; the split summary never goes negative.
import { describe, expect, it } from 'vitest';
import { checkGraph, checkTraining } from '../../../src-main/contract/validate';
import { displayValidation } from '../../../src-renderer/editor/validation-display';
import { splitSummaryText } from '../../../src-renderer/editor/inspector/training-edit';
import { splitCounts } from '../../../src-main/data/split-counts';

const io = { inputDim: 4, classes: 3 };
// camelCase or dotted field keys and the old "key = value" form, outside quotes (an unknown setting is quoted as the file spells it)
const FIELD_KEYS =
  /\b(learningRate|batchSize|validationSplit|testSplit|earlyStopping|restoreBest|useBias|beta1|beta2|leaky_relu|l1|l2)\b|\b[a-z]+\.[a-z]+\b|\b[a-z]\w* = |\bnodes\[\d+\]/;
const ZOD = /Too (small|big)|expected|received|Invalid|Unrecognized|[<>]=|\bNaN\b|discriminator/i;

function graph(h: Record<string, unknown>, out: Record<string, unknown> = {}) {
  return {
    version: 1,
    nodes: [
      { id: 'in', type: 'input', name: 'pixels' },
      { id: 'h1', name: 'hidden 1', type: 'dense', units: 8, activation: 'relu', ...h },
      { id: 'out', type: 'output', head: 'softmax', name: 'answer', ...out },
    ],
    edges: [
      { id: 'e1', source: 'in', target: 'h1' },
      { id: 'e2', source: 'h1', target: 'out' },
    ],
  };
}

const BAD_NODES: Record<string, unknown>[] = [
  { units: 0 },
  { units: 2.5 },
  { units: 'many' },
  { units: 99999 },
  { dropout: 1.2 },
  { dropout: -0.1 },
  { l1: -1 },
  { l2: -3 },
  { activation: 'swish' },
  { activation: 'leaky_relu', alpha: 2 },
  { activation: 'elu', alpha: -1 },
  { colour: 'red' },
  { type: 'maxout', activation: undefined, units: 2, pieces: 1, grouping: { kind: 'contiguous' } },
  {
    type: 'maxout',
    activation: undefined,
    units: 2,
    pieces: 2,
    grouping: {
      kind: 'explicit',
      groups: [
        [0, 1],
        [1, 2],
      ],
    },
  },
  { type: 'maxout', activation: undefined, units: 2, pieces: 2, grouping: { kind: 'explicit', groups: [[0, 1]] } },
  { type: 'maxout', activation: undefined, units: 2, pieces: 2, grouping: { kind: 'sideways' } },
  { type: 'add', units: undefined, activation: undefined },
  { type: 'input', units: undefined, activation: undefined, l2: 0.1 },
  { activation: 'softmax' },
];

const base = { dataset: { kind: 'synthetic', name: 'spiral' }, optimizer: { kind: 'adam' }, learningRate: 0.01 };
const BAD_TRAINING: Record<string, unknown>[] = [
  { learningRate: -0.01 },
  { learningRate: 0 },
  { learningRate: 'fast' },
  { batchSize: 0 },
  { batchSize: 2.5 },
  { epochs: 0 },
  { epochs: -1 },
  { validationSplit: 0.9, testSplit: 0.5 },
  { validationSplit: 0.95 },
  { testSplit: -0.1 },
  { seed: -4 },
  { speed: 3 },
  { optimizer: { kind: 'adam', beta1: 1.5 } },
  { optimizer: { kind: 'rmsprop', decay: -1 } },
  { optimizer: { kind: 'momentum', momentum: 2 } },
  { optimizer: { kind: 'lbfgs' } },
  { earlyStopping: { enabled: true, patience: -1 } },
  { earlyStopping: { enabled: true }, validationSplit: 0 },
  { dataset: { kind: 'synthetic', name: 'spiral', samples: 3 } },
  { dataset: { kind: 'synthetic', name: 'moons' } },
  { dataset: { kind: 'mnist', limit: 5 } },
  { dataset: { kind: 'csv', file: '', label: 'y' } },
];

function everyMessage(g: unknown, t: unknown): string[] {
  const d = displayValidation({ ...checkGraph(g, io), graph: g as never }, checkTraining(t).problems, { status: 'ready' });
  return [
    ...d.list.map((p) => p.message),
    ...Object.values(d.nodes).flatMap((n) => [...n.messages, ...Object.values(n.fields)]),
    ...Object.values(d.edges).flat(),
    ...Object.values(d.training),
    d.blocked ?? '',
  ];
}

describe('validation messages are in the editor’s words', () => {
  it('no field keys, node ids where a name exists, or schema-library phrases, in any message', () => {
    const seen: string[] = [];
    for (const h of BAD_NODES) seen.push(...everyMessage(graph(h), base));
    for (const t of BAD_TRAINING) seen.push(...everyMessage(graph({}), { ...base, ...t }));
    // a node without a merge partner, and one dangling
    const g = graph({});
    seen.push(
      ...everyMessage(
        { ...g, nodes: [...g.nodes, { id: 'sum', type: 'add', name: 'sum of two' }], edges: [...g.edges, { id: 'e3', source: 'h1', target: 'sum' }] },
        base,
      ),
    );
    expect(seen.length).toBeGreaterThan(80);
    const unquoted = (m: string) => m.replace(/“[^”]*”/g, '“…”');
    const bad = seen.map(unquoted).filter((m) => m !== '' && (FIELD_KEYS.test(m) || ZOD.test(m) || /\bnode (h1|out|in)\b|\bh1\b/.test(m)));
    expect([...new Set(bad)]).toEqual([]);
  });

  it('says what is wrong in words a user reads: the issue’s three examples', () => {
    expect(everyMessage(graph({}), { ...base, learningRate: -0.01 })).toContain('Learning rate η: must be above 0 (it is -0.01)');
    expect(everyMessage(graph({}), { ...base, batchSize: 0 })).toContain('Batch size: must be at least 1');
    const g = graph({});
    const merge = everyMessage(
      { ...g, nodes: [...g.nodes, { id: 'sum', type: 'add', name: 'sum of two' }], edges: [...g.edges, { id: 'e3', source: 'h1', target: 'sum' }] },
      base,
    );
    expect(merge.join('\n')).toMatch(/sum of two: an add node merges at least two inputs, it has 1/);
  });

  it('0 epochs is refused with the reason (the CLI may still export an untrained model)', () => {
    const r = checkTraining({ ...base, epochs: 0 });
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ field: 'epochs', message: 'Epochs: must be at least 1 (0 epochs would train nothing)' });
    expect(checkTraining({ ...base, epochs: 0 }, { allowNoEpochs: true }).ok).toBe(true);
  });

  it('the split summary never shows a negative training count', () => {
    const text = splitSummaryText(splitCounts(1000, null, 0.9, 0.5), false);
    expect(text).not.toMatch(/-\d/);
    expect(text).toMatch(/no samples left to train on: validation \(900\) and test \(500\)/);
    expect(splitSummaryText(splitCounts(1000, null, 0.1, 0.2), false)).toBe('700 train · 100 validation · 200 test (split off)');
  });
});
