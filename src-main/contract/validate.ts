// Graph checks, topological order and shape inference. Pure; used live by the editor and again by the trainer.
import { Graph, type GraphNode, type GraphEdge, type MaxoutGrouping } from './graph';
import { TrainingConfig } from './training';
import { issueWords, labelOf, NODE_FIELD_LABEL, TRAINING_FIELD_LABEL } from './field-words';
import { assertNever } from './never';

export interface Problem {
  /** the node the problem is on, if any */
  nodeId?: string;
  edgeId?: string;
  /** the field at fault, e.g. "units" or "optimizer.beta1" */
  field?: string;
  message: string;
  /** the message without its subject ("node h: ", …), in the words the editor uses next to a field */
  detail?: string;
}

/** What the dataset fixes about the graph's ends. */
export interface GraphIO {
  inputDim: number;
  /** number of classes, or null for a numeric (regression) label */
  classes: number | null;
}

export interface GraphCheck {
  ok: boolean;
  problems: Problem[];
  /** the parsed graph (defaults filled) when it parsed */
  graph: Graph | null;
  /** node ids, inputs before their consumers; empty when there is a cycle */
  order: string[];
  /** output width of every node whose width could be inferred */
  widths: Record<string, number>;
  /** the shape each edge carries, [features] (the batch axis is implied) */
  edgeShapes: Record<string, number[]>;
}

export const LIMITS = { maxUnits: 4096, maxPieces: 16 } as const;

function nodeIdAt(raw: unknown, index: number): string | undefined {
  const nodes = (raw as { nodes?: unknown })?.nodes;
  if (!Array.isArray(nodes)) return undefined;
  const id = (nodes[index] as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** Parse and check a graph. Problems name the node or edge and the field. */
export function checkGraph(raw: unknown, io?: GraphIO): GraphCheck {
  const parsed = Graph.safeParse(raw);
  if (!parsed.success) {
    const problems: Problem[] = parsed.error.issues.map((issue) => {
      const [head, index, field, ...rest] = issue.path;
      if (head === 'nodes' && typeof index === 'number') {
        const nodeId = nodeIdAt(raw, index);
        const f = [field, ...rest].filter((p) => p !== undefined).join('.');
        const detail = `${labelOf(NODE_FIELD_LABEL, f || 'layer')} ${issueWords(issue)}`;
        return { nodeId, field: f || undefined, detail, message: `${nodeId ? `node ${nodeId}` : `layer ${index + 1}`}: ${detail}` };
      }
      if (head === 'edges' && typeof index === 'number') {
        const detail = `connection ${index + 1}${field !== undefined ? ` ${String(field)}` : ''} ${issueWords(issue)}`;
        return { detail, message: detail };
      }
      return { message: `graph: ${issue.path.length > 0 ? `${issue.path.join(' ')} ` : ''}${issueWords(issue)}` };
    });
    return { ok: false, problems, graph: null, order: [], widths: {}, edgeShapes: {} };
  }
  const graph = parsed.data;
  const problems = semanticProblems(graph);
  const order = topoOrder(graph, problems);
  const widths: Record<string, number> = {};
  const edgeShapes: Record<string, number[]> = {};
  if (order.length > 0) inferShapes(graph, order, io, widths, edgeShapes, problems);
  return { ok: problems.length === 0, problems, graph, order, widths, edgeShapes };
}

function semanticProblems(graph: Graph): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set<string>();
  for (const n of graph.nodes) {
    if (ids.has(n.id)) problems.push({ nodeId: n.id, field: 'id', message: `node ${n.id}: id is used by more than one node` });
    ids.add(n.id);
    problems.push(...nodeFieldProblems(n));
  }
  const edgeIds = new Set<string>();
  for (const e of graph.edges) {
    if (edgeIds.has(e.id)) problems.push({ edgeId: e.id, message: `edge ${e.id}: id is used by more than one edge` });
    edgeIds.add(e.id);
    for (const end of ['source', 'target'] as const) {
      if (!ids.has(e[end])) problems.push({ edgeId: e.id, field: end, message: `edge ${e.id}: its ${end} "${e[end]}" is not a node (dangling edge)` });
    }
    if (e.source === e.target) problems.push({ edgeId: e.id, nodeId: e.source, message: `edge ${e.id}: connects node ${e.source} to itself (cycle)` });
  }
  const seenPairs = new Set<string>();
  for (const e of graph.edges) {
    const key = `${e.source}\u0000${e.target}`;
    if (seenPairs.has(key)) problems.push({ edgeId: e.id, message: `edge ${e.id}: ${e.source} → ${e.target} is connected twice` });
    seenPairs.add(key);
  }

  const inputs = graph.nodes.filter((n) => n.type === 'input');
  const outputs = graph.nodes.filter((n) => n.type === 'output');
  if (inputs.length === 0) problems.push({ message: 'the graph has no input node' });
  if (inputs.length > 1) for (const n of inputs.slice(1)) problems.push({ nodeId: n.id, message: `node ${n.id}: only one input node is allowed` });
  if (outputs.length === 0) problems.push({ message: 'the graph has no output node' });
  if (outputs.length > 1) for (const n of outputs.slice(1)) problems.push({ nodeId: n.id, message: `node ${n.id}: only one output node is allowed` });

  const incoming = new Map<string, GraphEdge[]>();
  const outgoing = new Map<string, GraphEdge[]>();
  for (const e of graph.edges) {
    if (!ids.has(e.source) || !ids.has(e.target)) continue;
    (incoming.get(e.target) ?? incoming.set(e.target, []).get(e.target)!).push(e);
    (outgoing.get(e.source) ?? outgoing.set(e.source, []).get(e.source)!).push(e);
  }
  for (const n of graph.nodes) {
    const ins = incoming.get(n.id)?.length ?? 0;
    const outs = outgoing.get(n.id)?.length ?? 0;
    const where = `node ${n.id}`;
    switch (n.type) {
      case 'input':
        if (ins > 0) problems.push({ nodeId: n.id, message: `${where}: an input node cannot have incoming edges` });
        break;
      case 'dense':
      case 'maxout':
      case 'output':
        if (ins === 0) problems.push({ nodeId: n.id, message: `${where}: missing input (connect one node into it)` });
        if (ins > 1)
          problems.push({
            nodeId: n.id,
            message: `${where}: ${ins} inputs into a ${n.type}; it takes exactly one (merge them with an add or concat node first)`,
          });
        break;
      case 'add':
      case 'concat':
        if (ins < 2)
          problems.push({ nodeId: n.id, message: `${where}: ${n.type === 'add' ? 'an add' : 'a concat'} node merges at least two inputs, it has ${ins}` });
        break;
      default:
        assertNever(n, 'node type');
    }
    if (n.type === 'output') {
      if (outs > 0) problems.push({ nodeId: n.id, message: `${where}: the output node cannot feed other nodes` });
    } else if (outs === 0) {
      problems.push({ nodeId: n.id, message: `${where}: its output is not connected to anything (dangling)` });
    }
  }
  return problems;
}

function rangeProblem(n: GraphNode, field: string, ok: boolean, accepted: string): Problem[] {
  const value = (n as Record<string, unknown>)[field];
  const detail = `${labelOf(NODE_FIELD_LABEL, field)} ${String(value)} is out of range (${accepted})`;
  return ok ? [] : [{ nodeId: n.id, field, detail, message: `node ${n.id}: ${detail}` }];
}

function nodeFieldProblems(n: GraphNode): Problem[] {
  const out: Problem[] = [];
  if (n.dropout !== undefined) out.push(...rangeProblem(n, 'dropout', n.dropout >= 0 && n.dropout < 1, 'a rate p with 0 ≤ p < 1'));
  if (n.l1 !== undefined) out.push(...rangeProblem(n, 'l1', n.l1 >= 0, 'λ ≥ 0'));
  if (n.l2 !== undefined) out.push(...rangeProblem(n, 'l2', n.l2 >= 0, 'λ ≥ 0'));
  if ((n.type === 'input' || n.type === 'add' || n.type === 'concat') && ((n.l1 ?? 0) > 0 || (n.l2 ?? 0) > 0)) {
    out.push({
      nodeId: n.id,
      field: n.l1 ? 'l1' : 'l2',
      message: `node ${n.id}: a ${n.type} node has no weights to penalize (set L1/L2 on a dense, maxout or output node)`,
    });
  }
  if (n.type === 'dense' || n.type === 'maxout') {
    out.push(...rangeProblem(n, 'units', n.units >= 1 && n.units <= LIMITS.maxUnits, `1 to ${LIMITS.maxUnits}`));
  }
  if (n.type === 'dense') {
    if (n.activation === 'softmax')
      out.push({ nodeId: n.id, field: 'activation', message: `node ${n.id}: softmax is only for the output node (use the output node's softmax head)` });
    if (n.alpha !== undefined) {
      if (n.activation === 'leaky_relu') out.push(...rangeProblem(n, 'alpha', n.alpha >= 0 && n.alpha < 1, 'leaky ReLU slope 0 ≤ α < 1'));
      if (n.activation === 'elu') out.push(...rangeProblem(n, 'alpha', n.alpha > 0, 'ELU α > 0'));
    }
  }
  if (n.type === 'maxout') {
    out.push(...rangeProblem(n, 'pieces', n.pieces >= 2 && n.pieces <= LIMITS.maxPieces, `k from 2 to ${LIMITS.maxPieces}`));
    if (n.units >= 1 && n.pieces >= 2) {
      const msg = groupingProblem(n.grouping, n.units, n.pieces);
      if (msg) out.push({ nodeId: n.id, field: 'grouping', message: `node ${n.id}: grouping ${msg}` });
    }
  }
  return out;
}

/** Why an explicit grouping does not partition the units·k linear outputs into `units` groups; null when it does. */
export function groupingProblem(grouping: MaxoutGrouping, units: number, pieces: number): string | null {
  if (grouping.kind !== 'explicit') return null;
  const total = units * pieces;
  if (grouping.groups.length !== units) return `has ${grouping.groups.length} groups, needs one per unit (${units})`;
  const seen = new Array<number>(total).fill(-1);
  for (let g = 0; g < grouping.groups.length; g++) {
    const group = grouping.groups[g]!;
    if (group.length === 0) return `group ${g} is empty`;
    for (const i of group) {
      if (i < 0 || i >= total) return `group ${g} names output ${i}, outside 0…${total - 1}`;
      if (seen[i] === g) return `group ${g} names output ${i} twice`;
      if (seen[i] !== -1) return `output ${i} is in group ${seen[i]} and group ${g}; groups must not overlap`;
      seen[i] = g;
    }
  }
  const missing = seen.findIndex((g) => g === -1);
  if (missing >= 0) return `does not partition the ${total} linear outputs: output ${missing} is in no group`;
  return null;
}

/** The index groups a Maxout node takes its max over, whatever the grouping kind. */
export function maxoutGroups(grouping: MaxoutGrouping, units: number, pieces: number): number[][] {
  switch (grouping.kind) {
    case 'contiguous':
      return Array.from({ length: units }, (_, j) => Array.from({ length: pieces }, (_, p) => j * pieces + p));
    case 'interleaved':
      return Array.from({ length: units }, (_, j) => Array.from({ length: pieces }, (_, p) => p * units + j));
    case 'explicit':
      return grouping.groups.map((g) => [...g]);
  }
}

/** Kahn's algorithm; on a cycle, adds one problem per node on it and returns []. */
function topoOrder(graph: Graph, problems: Problem[]): string[] {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const indeg = new Map<string, number>(graph.nodes.map((n) => [n.id, 0]));
  const next = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (!ids.has(e.source) || !ids.has(e.target)) continue;
    indeg.set(e.target, (indeg.get(e.target) ?? 0) + 1);
    (next.get(e.source) ?? next.set(e.source, []).get(e.source)!).push(e.target);
  }
  const queue = graph.nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    order.push(id);
    for (const t of next.get(id) ?? []) {
      const d = indeg.get(t)! - 1;
      indeg.set(t, d);
      if (d === 0) queue.push(t);
    }
  }
  if (order.length < ids.size) {
    const stuck = graph.nodes.filter((n) => (indeg.get(n.id) ?? 0) > 0).map((n) => n.id);
    for (const id of stuck) {
      if (!problems.some((p) => p.nodeId === id && p.message.includes('cycle')))
        problems.push({ nodeId: id, message: `node ${id}: is on a cycle (${stuck.join(' → ')}); a network must flow one way` });
    }
    return [];
  }
  return order;
}

function inferShapes(
  graph: Graph,
  order: string[],
  io: GraphIO | undefined,
  widths: Record<string, number>,
  edgeShapes: Record<string, number[]>,
  problems: Problem[],
): void {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const inEdges = (id: string) => graph.edges.filter((e) => e.target === id && byId.has(e.source));
  for (const id of order) {
    const n = byId.get(id)!;
    const inWidths = inEdges(id).map((e) => widths[e.source]);
    const known = inWidths.every((w): w is number => w !== undefined);
    let w: number | undefined;
    switch (n.type) {
      case 'input':
        w = io?.inputDim;
        break;
      case 'dense':
      case 'maxout':
        w = n.units;
        break;
      case 'add':
        if (known && inWidths.length > 0) {
          if (new Set(inWidths).size > 1) {
            problems.push({
              nodeId: id,
              message: `node ${id}: shape mismatch at add: inputs are ${inWidths.join(', ')} wide; add needs equal widths (use concat, or make the widths match)`,
            });
          } else w = inWidths[0];
        }
        break;
      case 'concat':
        if (known && inWidths.length > 0) w = inWidths.reduce((a, b) => a + b, 0);
        break;
      case 'output':
        if (io) {
          if (n.head === 'softmax' && io.classes === null)
            problems.push({
              nodeId: id,
              field: 'head',
              message: `node ${id}: a softmax head needs class labels, but the dataset's label is numeric (use the linear head, or for a CSV set the dataset's task to classification)`,
            });
          else if (n.head === 'linear' && io.classes !== null)
            problems.push({
              nodeId: id,
              field: 'head',
              message: `node ${id}: a linear (regression) head needs a numeric label, but the dataset has ${io.classes} classes (use the softmax head, or for a CSV whose label is a number set the dataset's task to regression)`,
            });
          w = n.head === 'softmax' ? (io.classes ?? 1) : 1;
        }
        break;
    }
    if (w !== undefined) widths[id] = w;
  }
  for (const e of graph.edges) {
    const w = widths[e.source];
    if (w !== undefined) edgeShapes[e.id] = [w];
  }
}

/** Check a training setup; problems name the field as the Training tab labels it. `allowNoEpochs`: 0 epochs is accepted (the CLI exports an untrained model). */
export function checkTraining(
  raw: unknown,
  opts: { allowNoEpochs?: boolean } = {},
): { ok: true; config: TrainingConfig; problems: [] } | { ok: false; config: null; problems: Problem[] } {
  const r = TrainingConfig.safeParse(raw);
  const problem = (field: string, detail: string): Problem => ({ field, detail, message: `${labelOf(TRAINING_FIELD_LABEL, field)}: ${detail}` });
  if (!r.success) {
    return {
      ok: false,
      config: null,
      problems: r.error.issues.map((i) => {
        // an unknown setting is reported on its parent; a discriminator on the group it selects
        const path = i.path.map(String).filter((p) => p !== 'kind' || i.code !== 'invalid_union');
        return problem(path.join('.') || 'training', issueWords(i));
      }),
    };
  }
  const c = r.data;
  const problems: Problem[] = [];
  if (!(c.learningRate > 0)) problems.push(problem('learningRate', `must be above 0 (it is ${c.learningRate})`));
  if (c.epochs < 1 && !opts.allowNoEpochs) problems.push(problem('epochs', 'must be at least 1 (0 epochs would train nothing)'));
  if (c.validationSplit + (c.dataset.kind === 'idx' ? 0 : c.testSplit) >= 0.95)
    problems.push(problem('validationSplit', 'together with Test split leaves almost nothing to train on (keep their sum below 0.95)'));
  if (c.earlyStopping.enabled && c.validationSplit === 0)
    problems.push(problem('earlyStopping.enabled', 'needs a validation set (set Validation split above 0)'));
  return problems.length ? { ok: false, config: null, problems } : { ok: true, config: c, problems: [] };
}

/** Early stopping watches a figure the head reports: validation accuracy needs a classifier (softmax head). */
export function earlyStoppingProblem(head: 'softmax' | 'linear', t: TrainingConfig, outputId?: string): Problem | null {
  if (head !== 'linear' || !t.earlyStopping.enabled || t.earlyStopping.monitor !== 'val_acc') return null;
  return {
    field: 'earlyStopping.monitor',
    ...(outputId ? { nodeId: outputId } : {}),
    message: `training earlyStopping.monitor = val_acc: the output${outputId ? ` node ${outputId}` : ''} has a linear (regression) head, which has no accuracy; monitor the validation loss (val_loss) instead`,
  };
}

/** Problems of a graph and a training setup together (what neither check sees alone). */
export function setupProblems(graph: Graph, t: TrainingConfig): Problem[] {
  const out = graph.nodes.find((n) => n.type === 'output');
  if (!out || out.type !== 'output') return [];
  const p = earlyStoppingProblem(out.head, t, out.id);
  return p ? [p] : [];
}
