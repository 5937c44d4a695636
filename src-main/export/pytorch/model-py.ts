// Graph → model.py: a PyTorch nn.Module written as if by hand. One attribute per layer named after the
// node, a forward() that follows the graph's edges in topological order, dropout exactly where the graph
// has it. Also returns how each Gradscope variable maps to a state_dict key. Pure.
import { GradscopeError, type Where } from '../../contract/errors';
import type { Graph, GraphNode, NodeOf } from '../../contract/graph';
import { DEFAULT_ALPHA, nodeLabel } from '../../contract/graph';
import type { LayerInfo } from '../../contract/events';
import { checkGraph, maxoutGroups } from '../../contract/validate';
import { pyLiteral, pyNum, pyStr } from './py-literal';
import { assertNever } from '../../contract/never';

export class ModelCodeError extends GradscopeError {
  override name = 'ModelCodeError';
  constructor(message: string, where: Where = {}) {
    super('export', message, where);
  }
}

type KernelNode = NodeOf<'dense'> | NodeOf<'maxout'> | NodeOf<'output'>;

/** One layer that owns a kernel, in Gradscope's layer order, with its PyTorch names. */
export interface TorchLayer {
  info: LayerInfo;
  /** the model attribute */
  attr: string;
  /** state_dict keys of the kernel (stored [out, in], i.e. Gradscope's [in, out] transposed), bias and PReLU α */
  keys: { kernel: string; bias: string | null; alpha: string | null };
  /** feature width in, and linear outputs (Maxout: units·pieces) */
  inputs: number;
  outputs: number;
  l1: number;
  l2: number;
  /** Gradscope's initializer for the kernel, for --init random */
  init: 'he_normal' | 'glorot_uniform';
}

export interface ModelCode {
  source: string;
  layers: TorchLayer[];
  /** node id → attribute */
  attrs: Map<string, string>;
  head: 'softmax' | 'linear';
}

const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);
/** Names an nn.Module attribute must not take (they are Module's own). */
const RESERVED = new Set([
  'forward',
  'training',
  'eval',
  'train',
  'parameters',
  'modules',
  'children',
  'state_dict',
  'to',
  'cuda',
  'cpu',
  'apply',
  'x',
  'self',
  'torch',
  'nn',
  'F',
  'out',
]);
const HE = new Set(['relu', 'leaky_relu', 'prelu', 'elu']);

/** A Python identifier from a node's name (or id), unique among `used`. */
export function pythonName(node: GraphNode, used: Set<string>): string {
  const raw = node.name && node.name.trim() !== '' ? node.name : node.id;
  let base = raw
    .normalize('NFKD')
    .replace(/[^\w]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  if (base === '' || !/^[a-z_]/.test(base)) base = `${node.type}_${base}`.replace(/_+$/, '');
  if (PY_KEYWORDS.has(base) || RESERVED.has(base)) base = `${base}_layer`;
  let name = base;
  for (let i = 2; used.has(name) || used.has(`${name}_dropout`); i++) name = `${base}_${i}`;
  used.add(name);
  used.add(`${name}_dropout`);
  return name;
}

function activationModule(node: NodeOf<'dense'>): string {
  const alpha = node.alpha ?? DEFAULT_ALPHA[node.activation];
  switch (node.activation) {
    case 'linear':
      return 'nn.Identity()';
    case 'sigmoid':
      return 'nn.Sigmoid()';
    case 'tanh':
      return 'nn.Tanh()';
    case 'relu':
      return 'nn.ReLU()';
    case 'leaky_relu':
      return `nn.LeakyReLU(negative_slope=${pyNum(alpha ?? 0.01)})`;
    case 'prelu':
      return `nn.PReLU(num_parameters=${node.units}, init=${pyNum(alpha ?? 0.25)})`;
    case 'elu':
      return `nn.ELU(alpha=${pyNum(alpha ?? 1)})`;
    case 'softmax':
      throw new ModelCodeError(`node ${node.id}: softmax is only for the output node`);
  }
}

function groupingArg(node: NodeOf<'maxout'>): string {
  switch (node.grouping.kind) {
    case 'contiguous':
    case 'interleaved':
      return pyStr(node.grouping.kind);
    case 'explicit':
      return pyLiteral(maxoutGroups(node.grouping, node.units, node.pieces), 8);
  }
}

const PRELUDE = `import torch
from torch import nn


class Dense(nn.Module):
    """A fully connected layer and its activation (Gradscope's dense node)."""

    def __init__(self, in_features, units, activation, bias=True):
        super().__init__()
        self.linear = nn.Linear(in_features, units, bias=bias)
        self.activation = activation

    def forward(self, x):
        return self.activation(self.linear(x))


class Maxout(nn.Module):
    """units·pieces linear outputs; each unit is the max over its group of them.

    grouping "contiguous": unit j takes outputs j·k … j·k+k-1; "interleaved": j, j+units, j+2·units, …;
    or an explicit list of index groups (a partition of 0 … units·pieces-1, sizes may differ).
    """

    def __init__(self, in_features, units, pieces, grouping="contiguous", bias=True):
        super().__init__()
        self.units, self.pieces = units, pieces
        self.linear = nn.Linear(in_features, units * pieces, bias=bias)
        if grouping == "contiguous":
            groups = [[j * pieces + p for p in range(pieces)] for j in range(units)]
        elif grouping == "interleaved":
            groups = [[p * units + j for p in range(pieces)] for j in range(units)]
        else:
            groups = [list(g) for g in grouping]
        self.grouping = grouping if isinstance(grouping, str) else "explicit"
        width = max(len(g) for g in groups)
        pad = units * pieces  # index of a -inf column appended for groups shorter than the widest
        self.register_buffer("gather", torch.tensor([g + [pad] * (width - len(g)) for g in groups]), persistent=False)
        unit_of_output = torch.empty(units * pieces, dtype=torch.long)
        for j, g in enumerate(groups):
            unit_of_output[g] = j
        self.register_buffer("unit_of_output", unit_of_output, persistent=False)
        self.register_buffer("group_sizes", torch.tensor([float(len(g)) for g in groups]), persistent=False)

    def forward(self, x):
        z = self.linear(x)
        if self.grouping == "contiguous":
            return z.view(-1, self.units, self.pieces).amax(dim=2)
        if self.grouping == "interleaved":
            return z.view(-1, self.pieces, self.units).amax(dim=1)
        padded = torch.cat([z, z.new_full((z.shape[0], 1), float("-inf"))], dim=1)
        return padded[:, self.gather].amax(dim=2)

    def per_unit_mean(self, per_output):
        """Mean of a per-linear-output vector over each unit's group."""
        sums = per_output.new_zeros(self.units).index_add_(0, self.unit_of_output, per_output)
        return sums / self.group_sizes
`;

/** Generate model.py for a graph and the dataset's shape. Throws ModelCodeError on a graph that cannot be built. */
export function modelCode(raw: Graph, io: { inputDim: number; classes: number | null }, title: string): ModelCode {
  const check = checkGraph(raw, io);
  if (!check.ok || !check.graph) throw new ModelCodeError(`the graph cannot be built: ${check.problems.map((p) => p.message).join('; ')}`);
  const graph = check.graph;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const used = new Set<string>();
  const attrs = new Map<string, string>();
  const init: string[] = [];
  const fwd: string[] = [];
  const layers: TorchLayer[] = [];
  let head: 'softmax' | 'linear' = 'softmax';
  let result = '';
  /** feature width arriving at a node with one input */
  const inWidth = (id: string) => check.widths[graph.edges.find((e) => e.target === id)!.source]!;

  for (const id of check.order) {
    const node = byId.get(id)!;
    const inputs = graph.edges.filter((e) => e.target === id).map((e) => attrs.get(e.source)!);
    const named = pythonName(node, used);
    // the input node is forward()'s argument x; its own name is kept for its dropout layer
    const attr = node.type === 'input' ? 'x' : named;
    attrs.set(id, attr);
    const label = nodeLabel(node);
    const comment = `# ${label} (node ${node.id})`;
    switch (node.type) {
      case 'input':
        fwd.push(`${comment}: x holds ${io.inputDim} features`);
        break;
      case 'dense':
        init.push(`self.${attr} = Dense(${inWidth(id)}, ${node.units}, ${activationModule(node)}${node.useBias ? '' : ', bias=False'})  ${comment}`);
        fwd.push(`${attr} = self.${attr}(${inputs[0]})`);
        break;
      case 'maxout':
        init.push(
          `self.${attr} = Maxout(${inWidth(id)}, units=${node.units}, pieces=${node.pieces}, grouping=${groupingArg(node)}${node.useBias ? '' : ', bias=False'})  ${comment}`,
        );
        fwd.push(`${attr} = self.${attr}(${inputs[0]})`);
        break;
      case 'add':
        fwd.push(`${attr} = ${inputs.join(' + ')}  ${comment}: add`);
        break;
      case 'concat':
        fwd.push(`${attr} = torch.cat([${inputs.join(', ')}], dim=1)  ${comment}: concat, in edge order`);
        break;
      case 'output': {
        head = node.head;
        const units = node.head === 'softmax' ? io.classes! : 1;
        init.push(
          `self.${attr} = nn.Linear(${inWidth(id)}, ${units}${node.useBias ? '' : ', bias=False'})  ${comment}: ${node.head === 'softmax' ? `${units} class logits (softmax in the loss)` : 'the regression value'}`,
        );
        fwd.push(`${attr} = self.${attr}(${inputs[0]})`);
        result = attr;
        break;
      }
      default:
        return assertNever(node, 'node type');
    }
    const p = node.dropout ?? 0;
    if (p > 0 && node.type !== 'output') {
      init.push(`self.${named}_dropout = nn.Dropout(p=${pyNum(p)})  # dropout on ${label}'s output, training only`);
      fwd.push(`${attr} = self.${named}_dropout(${attr})`);
    }
    if (node.type === 'dense' || node.type === 'maxout' || node.type === 'output') layers.push(torchLayer(node, attr, io.classes, inWidth(id)));
  }

  const source = `"""${title.replace(/"""/g, "'''").replace(/\\/g, '/')}: the Gradscope graph as a PyTorch module (generated by Gradscope)."""
${PRELUDE}

class Net(nn.Module):
    """Returns ${head === 'softmax' ? 'class logits (apply softmax for probabilities)' : 'the predicted value, shape [batch, 1]'}."""

    head = ${pyStr(head)}
    input_dim = ${io.inputDim}
    classes = ${io.classes === null ? 'None' : io.classes}

    def __init__(self):
        super().__init__()
${init.map((l) => `        ${l}`).join('\n')}

    def forward(self, x):
${fwd.map((l) => `        ${l}`).join('\n')}
        return ${result}
`;
  return { source, layers, attrs, head };
}

function torchLayer(node: KernelNode, attr: string, classes: number | null, inputs: number): TorchLayer {
  const isOut = node.type === 'output';
  const prefix = isOut ? attr : `${attr}.linear`;
  const hasAlpha = node.type === 'dense' && node.activation === 'prelu';
  const units = node.type === 'output' ? (node.head === 'softmax' ? classes! : 1) : node.units;
  const activation = node.type === 'dense' ? node.activation : node.type === 'maxout' ? 'maxout' : node.head;
  return {
    attr,
    keys: { kernel: `${prefix}.weight`, bias: node.useBias ? `${prefix}.bias` : null, alpha: hasAlpha ? `${attr}.activation.weight` : null },
    inputs,
    outputs: node.type === 'maxout' ? node.units * node.pieces : units,
    l1: node.l1 ?? 0,
    l2: node.l2 ?? 0,
    init: node.type === 'dense' && HE.has(node.activation) ? 'he_normal' : 'glorot_uniform',
    info: {
      node: node.id,
      name: nodeLabel(node),
      kind: node.type,
      units,
      activation,
      hidden: !isOut,
      hasBias: node.useBias,
      hasAlpha,
    },
  };
}
