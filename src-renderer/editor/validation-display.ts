// Where each validation message is shown: on a node, on an edge, next to an inspector field, in the
// problems list, and why Train is disabled. Pure.
import type { GraphCheck, Problem } from '../../src-main/contract/validate';

export type ProblemScope = 'graph' | 'training' | 'dataset';

export interface ListedProblem {
  scope: ProblemScope;
  message: string;
  nodeId?: string;
  edgeId?: string;
  field?: string;
}

export interface NodeDisplay {
  /** messages without the "node <id>: " prefix, as shown on the node */
  messages: string[];
  /** field → message for the inspector */
  fields: Record<string, string>;
}

export interface ValidationDisplay {
  nodes: Record<string, NodeDisplay>;
  edges: Record<string, string[]>;
  /** training field path (e.g. "optimizer.beta1") → message */
  training: Record<string, string>;
  list: ListedProblem[];
  /** why Train is disabled, or null when the setup can train */
  blocked: string | null;
}

/** Text typed into a field that does not parse or validate: nothing is committed, and the setup cannot train until it is fixed. */
export interface PendingField {
  /** the node the field belongs to; absent for the training setup */
  nodeId?: string;
  /** the field key (e.g. "units", "learningRate") */
  field: string;
  /** how the UI names it: "hidden 1 · Units", "Learning rate η" */
  subject: string;
  text: string;
  message: string;
}

export type DatasetState = { status: 'ready' } | { status: 'loading' } | { status: 'error'; message: string };

/** "node dense1: missing input (…)" → "missing input (…)"; also "edge e1: …" and "training lr: …". */
export function stripSubject(message: string): string {
  return message.replace(/^(node|edge) [^:]+?(?: [a-zA-Z.[\]0-9]+)?: /, '').replace(/^training [^:]+: /, '');
}

/** The part after "node <id> <field>: " for inline field messages. */
function fieldMessage(p: Problem): string {
  const stripped = p.message.replace(/^node [^:]+: /, '').replace(/^training [^:]+: /, '');
  return stripped;
}

/** "node h1: …" → "hidden 1: …" and "edge e3: …" → "connection hidden 1 → output: …": the names the canvas shows. */
/** What names the nodes: the graph as the editor holds it (also when it does not parse). */
export interface NamedGraph {
  nodes: readonly { id: string; name?: string | undefined }[];
  edges: readonly { id: string; source: string; target: string }[];
}

function inUiWords(p: Problem, graph: NamedGraph | null | undefined): string {
  const nameOf = (id: string) => {
    const n = graph?.nodes.find((m) => m.id === id);
    return n?.name && n.name.trim() !== '' ? n.name : id;
  };
  const rest = p.detail ?? stripSubject(p.message);
  if (p.nodeId !== undefined && p.edgeId === undefined && /^(node|layer) /.test(p.message)) return `${nameOf(p.nodeId)}: ${rest}`;
  if (p.edgeId !== undefined) {
    const e = graph?.edges.find((x) => x.id === p.edgeId);
    return e ? `connection ${nameOf(e.source)} → ${nameOf(e.target)}: ${rest}` : rest;
  }
  return p.message;
}

export function displayValidation(
  graphCheck: Pick<GraphCheck, 'problems'> & { graph?: NamedGraph | null },
  trainingProblems: readonly Problem[],
  dataset: DatasetState,
  pending: readonly PendingField[] = [],
): ValidationDisplay {
  const nodes: Record<string, NodeDisplay> = {};
  const edges: Record<string, string[]> = {};
  const training: Record<string, string> = {};
  const list: ListedProblem[] = [];

  for (const p of graphCheck.problems) {
    const item: ListedProblem = { scope: 'graph', message: inUiWords(p, graphCheck.graph) };
    if (p.nodeId !== undefined) item.nodeId = p.nodeId;
    if (p.edgeId !== undefined) item.edgeId = p.edgeId;
    if (p.field !== undefined) item.field = p.field;
    list.push(item);
    if (p.nodeId !== undefined && p.edgeId === undefined) {
      const d = (nodes[p.nodeId] ??= { messages: [], fields: {} });
      d.messages.push(p.detail ?? stripSubject(p.message));
      if (p.field !== undefined && d.fields[p.field] === undefined) d.fields[p.field] = p.detail ?? fieldMessage(p);
    }
    if (p.edgeId !== undefined) (edges[p.edgeId] ??= []).push(stripSubject(p.message));
  }
  for (const p of trainingProblems) {
    const item: ListedProblem = { scope: 'training', message: p.message };
    if (p.field !== undefined) {
      item.field = p.field;
      training[p.field] ??= p.detail ?? fieldMessage(p);
    }
    list.push(item);
  }
  for (const p of pending) {
    const message = `${p.subject}: “${p.text}” ${p.message}`;
    const item: ListedProblem = { scope: p.nodeId !== undefined ? 'graph' : 'training', message, field: p.field };
    if (p.nodeId !== undefined) {
      item.nodeId = p.nodeId;
      const d = (nodes[p.nodeId] ??= { messages: [], fields: {} });
      d.messages.push(`“${p.text}” ${p.message}`);
      d.fields[p.field] = p.message;
    } else training[p.field] = p.message;
    list.unshift(item);
  }
  if (dataset.status === 'error') {
    list.push({ scope: 'dataset', field: 'dataset', message: `dataset: ${dataset.message}` });
    training['dataset'] ??= dataset.message;
  }

  let blocked: string | null = null;
  const first = list[0];
  if (first) blocked = list.length === 1 ? first.message : `${first.message} (and ${list.length - 1} more problem${list.length > 2 ? 's' : ''})`;
  else if (dataset.status === 'loading') blocked = 'reading the dataset…';
  return { nodes, edges, training, list, blocked };
}
