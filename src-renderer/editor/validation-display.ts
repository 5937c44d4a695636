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

export type DatasetState =
  | { status: 'ready' }
  | { status: 'loading' }
  | { status: 'error'; message: string };

/** "node dense1: missing input (…)" → "missing input (…)"; also "edge e1: …" and "training lr: …". */
export function stripSubject(message: string): string {
  return message.replace(/^(node|edge) [^:]+?(?: [a-zA-Z.[\]0-9]+)?: /, '').replace(/^training [^:]+: /, '');
}

/** The part after "node <id> <field>: " for inline field messages. */
function fieldMessage(p: Problem): string {
  const stripped = p.message.replace(/^node [^:]+: /, '').replace(/^training [^:]+: /, '');
  return stripped;
}

export function displayValidation(
  graphCheck: Pick<GraphCheck, 'problems'>,
  trainingProblems: readonly Problem[],
  dataset: DatasetState,
): ValidationDisplay {
  const nodes: Record<string, NodeDisplay> = {};
  const edges: Record<string, string[]> = {};
  const training: Record<string, string> = {};
  const list: ListedProblem[] = [];

  for (const p of graphCheck.problems) {
    const item: ListedProblem = { scope: 'graph', message: p.message };
    if (p.nodeId !== undefined) item.nodeId = p.nodeId;
    if (p.edgeId !== undefined) item.edgeId = p.edgeId;
    if (p.field !== undefined) item.field = p.field;
    list.push(item);
    if (p.nodeId !== undefined && p.edgeId === undefined) {
      const d = (nodes[p.nodeId] ??= { messages: [], fields: {} });
      d.messages.push(stripSubject(p.message));
      if (p.field !== undefined && d.fields[p.field] === undefined) d.fields[p.field] = fieldMessage(p);
    }
    if (p.edgeId !== undefined) (edges[p.edgeId] ??= []).push(stripSubject(p.message));
  }
  for (const p of trainingProblems) {
    const item: ListedProblem = { scope: 'training', message: p.message };
    if (p.field !== undefined) {
      item.field = p.field;
      training[p.field] ??= fieldMessage(p);
    }
    list.push(item);
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
