// Graph (contract) → tf model. Each node becomes named tf layers; every trainable variable maps back to
// its node. The LayersModel (softmax probabilities / linear value) is what gets exported; the loop runs
// the same layers through forward.ts so it sees logits, every activation and seeded dropout.
import { GradscopeError } from '../contract/errors';
import * as tf from '../layers/tf';
import type { Graph, GraphNode, NodeOf } from '../contract/graph';
import { DEFAULT_ALPHA, nodeLabel } from '../contract/graph';
import type { LayerInfo } from '../contract/events';
import { checkGraph, type GraphIO, type Problem } from '../contract/validate';
import { Maxout } from '../layers/maxout';
import { ScaledElu } from '../layers/elu';
import { deriveSeed } from '../data/rng';
import { assertNever } from '../contract/never';

type Layer = tf.layers.Layer;

/** One graph node, compiled. `inputs` are node ids in edge order. */
export interface CompiledNode {
  node: GraphNode;
  inputs: string[];
  /** dense / maxout / output kernel layer, or the add / concat merge */
  main: Layer | null;
  /** separate activation layer (leaky_relu, prelu, elu; softmax of the output head) */
  act: Layer | null;
  /** dropout rate p on this node's output (0 = none) */
  dropout: number;
}

/** A layer that owns a kernel, with direct handles to its variables. Index-aligned with `layers`. */
export interface KernelLayer {
  info: LayerInfo;
  node: NodeOf<'dense'> | NodeOf<'maxout'> | NodeOf<'output'>;
  layer: Layer;
  kernel: tf.Variable;
  bias: tf.Variable | null;
  /** PReLU's learned α (per neuron) */
  alpha: tf.Variable | null;
  /** layers whose calculateLosses() hold this node's kernel penalty */
  penalized: boolean;
}

export interface CompiledGraph {
  /** the exportable model: softmax probabilities, or the linear value for regression */
  model: tf.LayersModel;
  layers: LayerInfo[];
  kernels: KernelLayer[];
  /** nodes in topological order */
  nodes: CompiledNode[];
  inputId: string;
  outputId: string;
  head: 'softmax' | 'linear';
  inputDim: number;
  classes: number | null;
  seed: number;
  /** every trainable variable, kernel layers in order: kernel, bias, α */
  variables: tf.Variable[];
  /** which node each variable belongs to (by variable name) */
  variableNode: Map<string, string>;
  dispose(): void;
}

export class GraphCompileError extends GradscopeError {
  constructor(readonly problems: Problem[]) {
    super('graph', problems.map((p) => p.message).join('; '), { node: problems[0]?.nodeId, field: problems[0]?.field });
    this.name = 'GraphCompileError';
  }
}

const HE_ACTIVATIONS = new Set(['relu', 'leaky_relu', 'prelu', 'elu']);

/** A valid, unique tf layer name derived from a node id. Every layer name, generated ones (h1__act) included,
 * goes through here, so a node id can never collide with a name Gradscope made up. */
function layerNameFor(id: string, used: Set<string>): string {
  let base = id.replace(/[^A-Za-z0-9_.-]/g, '_');
  if (!/^[A-Za-z0-9]/.test(base)) base = `n${base}`;
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
  used.add(name);
  return name;
}

function kernelInit(activation: string, seed: number) {
  return HE_ACTIVATIONS.has(activation) ? tf.initializers.heNormal({ seed }) : tf.initializers.glorotUniform({ seed });
}

function regularizerFor(node: GraphNode) {
  const l1 = node.l1 ?? 0;
  const l2 = node.l2 ?? 0;
  return l1 > 0 || l2 > 0 ? tf.regularizers.l1l2({ l1, l2 }) : undefined;
}

/** Compile a graph for a dataset's shape. Throws GraphCompileError (with the checker's problems) on an invalid graph. */
export function compileGraph(raw: Graph, io: GraphIO, opts: { seed: number }): CompiledGraph {
  const check = checkGraph(raw, io);
  if (!check.ok || !check.graph) throw new GraphCompileError(check.problems);
  const graph = check.graph;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const b: Building = { io, used: new Set(), inputId: '', outputId: '', head: 'softmax', modelInput: null, modelOutput: null };
  const symbolic = new Map<string, tf.SymbolicTensor>();
  const compiled: CompiledNode[] = [];
  const kernels: KernelLayer[] = [];

  // every node in topological order: its layers, applied to its inputs' outputs
  for (const id of check.order) {
    const node = byId.get(id)!;
    const inputs = graph.edges.filter((e) => e.target === id).map((e) => e.source);
    const name = layerNameFor(id, b.used);
    const entry: CompiledNode = { node, inputs, main: null, act: null, dropout: node.dropout ?? 0 };
    const seed = deriveSeed(opts.seed, kernels.length + 1);
    const out = applyDropout(
      b,
      entry,
      name,
      applyNode(
        b,
        entry,
        inputs.map((s) => symbolic.get(s)!),
        name,
        seed,
      ),
    );
    symbolic.set(id, out);
    compiled.push(entry);
    if (node.type === 'dense' || node.type === 'maxout' || node.type === 'output') kernels.push(kernelLayerOf(node, entry));
  }

  const model = tf.model({ inputs: b.modelInput!, outputs: b.modelOutput!, name: 'gradscope' });
  const { variables, variableNode } = trainableVariables(kernels);
  return {
    model,
    layers: kernels.map((k) => k.info),
    kernels,
    nodes: compiled,
    inputId: b.inputId,
    outputId: b.outputId,
    head: b.head,
    inputDim: io.inputDim,
    classes: b.head === 'softmax' ? io.classes : null,
    seed: opts.seed,
    variables,
    variableNode,
    dispose: () => model.dispose(),
  };
}

/** What compiling the graph collects besides the nodes: layer names taken, the model's ends, the head. */
interface Building {
  io: GraphIO;
  used: Set<string>;
  inputId: string;
  outputId: string;
  head: 'softmax' | 'linear';
  modelInput: tf.SymbolicTensor | null;
  modelOutput: tf.SymbolicTensor | null;
}

/** The node's layers (kept on `entry`), applied to its inputs; returns its output before dropout. */
function applyNode(b: Building, entry: CompiledNode, ins: tf.SymbolicTensor[], name: string, seed: number): tf.SymbolicTensor {
  const node = entry.node;
  switch (node.type) {
    case 'input':
      b.inputId = node.id;
      b.modelInput = tf.input({ shape: [b.io.inputDim], name });
      return b.modelInput;
    case 'dense':
      return applyDense(b, entry, node, ins[0]!, name, seed);
    case 'maxout':
      entry.main = new Maxout({
        units: node.units,
        pieces: node.pieces,
        grouping: node.grouping,
        useBias: node.useBias,
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
        kernelRegularizer: regularizerFor(node),
        name,
      });
      return entry.main.apply(ins[0]!) as tf.SymbolicTensor;
    case 'add':
      entry.main = tf.layers.add({ name });
      return entry.main.apply(ins) as tf.SymbolicTensor;
    case 'concat':
      entry.main = tf.layers.concatenate({ axis: -1, name });
      return entry.main.apply(ins) as tf.SymbolicTensor;
    case 'output':
      return applyOutput(b, entry, node, ins[0]!, name, seed);
    default:
      return assertNever(node, 'node type');
  }
}

/** A dense layer; sigmoid, tanh and relu fused into it, the other activations as a layer of their own. */
function applyDense(b: Building, entry: CompiledNode, node: NodeOf<'dense'>, input: tf.SymbolicTensor, name: string, seed: number): tf.SymbolicTensor {
  const fused = ['linear', 'sigmoid', 'tanh', 'relu'].includes(node.activation);
  entry.main = tf.layers.dense({
    units: node.units,
    activation: fused ? (node.activation as 'linear' | 'sigmoid' | 'tanh' | 'relu') : 'linear',
    useBias: node.useBias,
    kernelInitializer: kernelInit(node.activation, seed),
    biasInitializer: 'zeros',
    kernelRegularizer: regularizerFor(node),
    name,
  });
  entry.act = activationLayer(b, node, name);
  const out = entry.main.apply(input) as tf.SymbolicTensor;
  return entry.act ? (entry.act.apply(out) as tf.SymbolicTensor) : out;
}

/** The separate activation layer of leaky ReLU, ELU and PReLU; null for the fused ones. */
function activationLayer(b: Building, node: NodeOf<'dense'>, name: string): Layer | null {
  const alpha = node.alpha ?? DEFAULT_ALPHA[node.activation];
  if (node.activation === 'leaky_relu') return tf.layers.leakyReLU({ alpha, name: layerNameFor(`${name}__act`, b.used) });
  if (node.activation === 'elu')
    return alpha === undefined || alpha === 1
      ? tf.layers.elu({ name: layerNameFor(`${name}__act`, b.used) })
      : new ScaledElu({ alpha, name: layerNameFor(`${name}__act`, b.used) });
  if (node.activation === 'prelu')
    return tf.layers.prelu({ alphaInitializer: tf.initializers.constant({ value: alpha ?? 0.25 }), name: layerNameFor(`${name}__act`, b.used) });
  return null;
}

/** The output head: a linear dense layer, then softmax for classification; the model's output. */
function applyOutput(b: Building, entry: CompiledNode, node: NodeOf<'output'>, input: tf.SymbolicTensor, name: string, seed: number): tf.SymbolicTensor {
  b.outputId = node.id;
  b.head = node.head;
  entry.main = tf.layers.dense({
    units: node.head === 'softmax' ? b.io.classes! : 1,
    activation: 'linear',
    useBias: node.useBias,
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    biasInitializer: 'zeros',
    kernelRegularizer: regularizerFor(node),
    name,
  });
  const out = entry.main.apply(input) as tf.SymbolicTensor;
  if (node.head === 'softmax') {
    entry.act = tf.layers.activation({ activation: 'softmax', name: layerNameFor(`${name}__softmax`, b.used) });
    b.modelOutput = entry.act.apply(out) as tf.SymbolicTensor;
  } else b.modelOutput = out;
  return out;
}

/** Dropout on a hidden node's output (never on the output head's). */
function applyDropout(b: Building, entry: CompiledNode, name: string, out: tf.SymbolicTensor): tf.SymbolicTensor {
  if (entry.dropout <= 0 || entry.node.type === 'output') return out;
  return tf.layers.dropout({ rate: entry.dropout, name: layerNameFor(`${name}__dropout`, b.used) }).apply(out) as tf.SymbolicTensor;
}

/** Every trainable variable, and the node each belongs to. */
function trainableVariables(kernels: KernelLayer[]): { variables: tf.Variable[]; variableNode: Map<string, string> } {
  const variables: tf.Variable[] = [];
  const variableNode = new Map<string, string>();
  for (const k of kernels) {
    for (const v of [k.kernel, k.bias, k.alpha]) {
      if (!v) continue;
      variables.push(v);
      variableNode.set(v.name, k.node.id);
    }
  }
  return { variables, variableNode };
}

function kernelLayerOf(node: KernelLayer['node'], entry: CompiledNode): KernelLayer {
  const main = entry.main!;
  const alphaLayer = node.type === 'dense' && node.activation === 'prelu' ? entry.act : null;
  const find = (layer: Layer, suffix: string): tf.Variable | null => {
    const w = layer.trainableWeights.find((v) => v.originalName.endsWith(suffix));
    return w ? (w.read() as tf.Variable) : null;
  };
  const kernel = find(main, 'kernel');
  if (!kernel) throw new Error(`node ${node.id}: compiled layer has no kernel`);
  const activation = node.type === 'dense' ? node.activation : node.type === 'maxout' ? 'maxout' : node.head;
  const bias = node.useBias ? find(main, 'bias') : null;
  const alpha = alphaLayer ? find(alphaLayer, 'alpha') : null;
  return {
    node,
    layer: main,
    kernel,
    bias,
    alpha,
    penalized: (node.l1 ?? 0) > 0 || (node.l2 ?? 0) > 0,
    info: {
      node: node.id,
      name: nodeLabel(node),
      kind: node.type,
      units: (kernel.shape[1] as number) / (node.type === 'maxout' ? node.pieces : 1),
      activation,
      hidden: node.type !== 'output',
      hasBias: bias !== null,
      hasAlpha: alpha !== null,
    },
  };
}
