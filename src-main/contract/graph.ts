// The network graph: the schema every process agrees on. Pure: no electron, node or svelte imports.
import { z } from 'zod';

/** The graph's structure (layers, parameters, connections) — what validation, shape inference, the
 * trainer and run records need. Node positions are layout, kept apart (`Layout`, saved with the project).
 * Still version 1: graphs written now read in any version-1 reader (position was optional), and a
 * version-1 graph that carries positions reads here with them dropped (`dropPositions`); a project
 * file moves them into its layout first (contract/project.ts). */
export const GRAPH_VERSION = 1;

export const ACTIVATIONS = ['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'prelu', 'elu', 'softmax'] as const;
export const Activation = z.enum(ACTIVATIONS);
export type Activation = z.infer<typeof Activation>;

/** Default α for the activations that take one. PReLU's α is learned; this is its initial value. */
export const DEFAULT_ALPHA: Partial<Record<Activation, number>> = { leaky_relu: 0.01, elu: 1, prelu: 0.25 };

export const Position = z.strictObject({ x: z.number().finite(), y: z.number().finite() });
export type Position = z.infer<typeof Position>;

/** Where each node sits on the editor's canvas, by node id: layout, not structure. */
export const Layout = z.record(z.string().min(1).max(64), Position);
export type Layout = z.infer<typeof Layout>;

/** Fields every node may carry: a display name and the regularization toggles. */
const common = {
  id: z.string().min(1).max(64),
  name: z.string().max(64).optional(),
  /** Dropout rate p on this node's output (0 = off). */
  dropout: z.number().finite().optional(),
  /** L1 penalty λ on this node's kernel (never its bias). */
  l1: z.number().finite().optional(),
  /** L2 penalty λ on this node's kernel (never its bias). */
  l2: z.number().finite().optional(),
};

export const InputNode = z.strictObject({ ...common, type: z.literal('input') });

export const DenseNode = z.strictObject({
  ...common,
  type: z.literal('dense'),
  units: z.number().int(),
  activation: Activation,
  /** α of leaky_relu / elu, initial α of prelu. */
  alpha: z.number().finite().optional(),
  useBias: z.boolean().default(true),
});

export const MaxoutGrouping = z.discriminatedUnion('kind', [
  /** unit j takes linear outputs j·k … j·k+k-1 */
  z.strictObject({ kind: z.literal('contiguous') }),
  /** unit j takes linear outputs j, j+units, j+2·units, … */
  z.strictObject({ kind: z.literal('interleaved') }),
  /** groups[j] lists the linear-output indices unit j takes the max over; together they partition 0…units·k-1 */
  z.strictObject({ kind: z.literal('explicit'), groups: z.array(z.array(z.number().int())) }),
]);
export type MaxoutGrouping = z.infer<typeof MaxoutGrouping>;

export const MaxoutNode = z.strictObject({
  ...common,
  type: z.literal('maxout'),
  units: z.number().int(),
  pieces: z.number().int(),
  grouping: MaxoutGrouping.default({ kind: 'contiguous' }),
  useBias: z.boolean().default(true),
});

export const AddNode = z.strictObject({ ...common, type: z.literal('add') });
/** Concatenates its inputs along the feature axis, in the order the edges are listed. */
export const ConcatNode = z.strictObject({ ...common, type: z.literal('concat') });

export const OUTPUT_HEADS = ['softmax', 'linear'] as const;
/** The classifier (softmax + cross-entropy, one unit per class) or regression (linear + MSE) head. */
export const OutputNode = z.strictObject({
  ...common,
  type: z.literal('output'),
  head: z.enum(OUTPUT_HEADS),
  useBias: z.boolean().default(true),
});

export const GraphNode = z.discriminatedUnion('type', [InputNode, DenseNode, MaxoutNode, AddNode, ConcatNode, OutputNode]);
export type GraphNode = z.infer<typeof GraphNode>;
export type NodeType = GraphNode['type'];
export const NODE_TYPES: readonly NodeType[] = ['input', 'dense', 'maxout', 'add', 'concat', 'output'];
export type NodeOf<T extends NodeType> = Extract<GraphNode, { type: T }>;

export const GraphEdge = z.strictObject({
  id: z.string().min(1).max(140),
  source: z.string().min(1),
  target: z.string().min(1),
});
export type GraphEdge = z.infer<typeof GraphEdge>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A graph as older files wrote it, with each node's editor position inline: the same graph without
 * them (the input itself when no node has one). Anything else passes through for the schema to judge. */
export function dropPositions(raw: unknown): unknown {
  if (!isRecord(raw) || !Array.isArray(raw.nodes) || !raw.nodes.some((n) => isRecord(n) && 'position' in n)) return raw;
  const nodes = raw.nodes.map((n: unknown) => {
    if (!isRecord(n) || !('position' in n)) return n;
    const { position: _layout, ...rest } = n;
    return rest;
  });
  return { ...raw, nodes };
}

/** The positions an older graph carried inline, by node id (those that are not a position are left out). */
export function positionsOf(raw: unknown): Layout {
  const out: Layout = {};
  if (!isRecord(raw) || !Array.isArray(raw.nodes)) return out;
  for (const n of raw.nodes as unknown[]) {
    if (!isRecord(n) || typeof n.id !== 'string') continue;
    const p = Position.safeParse(n.position);
    if (p.success) out[n.id] = p.data;
  }
  return out;
}

const GraphStructure = z.strictObject({
  version: z.literal(GRAPH_VERSION),
  nodes: z.array(GraphNode).max(500),
  edges: z.array(GraphEdge).max(2000),
});

/** The graph's structure; reads older graphs with inline positions by dropping them. */
export const Graph = z.preprocess(dropPositions, GraphStructure);
export type Graph = z.infer<typeof GraphStructure>;
/** A graph as written by hand or by a caller: defaults may be left out. */
export type GraphInput = z.input<typeof GraphStructure>;

/** Layers that own a kernel, i.e. that the gradient probes report on. */
export function hasKernel(node: GraphNode): node is NodeOf<'dense'> | NodeOf<'maxout'> | NodeOf<'output'> {
  return node.type === 'dense' || node.type === 'maxout' || node.type === 'output';
}

/** A node's display name: its own name, else type and id. */
export function nodeLabel(node: GraphNode): string {
  return node.name && node.name.trim() !== '' ? node.name : `${node.type} ${node.id}`;
}
