// The learned-activations view of a compiled model: for every Maxout, PReLU, Leaky ReLU and ELU layer,
// its units' activations as functions, measured on a sample of validation inputs. Runs where tensors
// may run (the trainer worker, or the CLI's process); the maths is analysis/activation-shapes.ts.
import * as tf from '../layers/tf';
import type { Maxout } from '../layers/maxout';
import type { CompiledGraph, CompiledNode } from '../trainer/compile';
import { forward } from '../trainer/forward';
import { DEFAULT_ALPHA, nodeLabel } from '../contract/graph';
import { GradscopeError } from '../contract/errors';
import { maxoutGroups } from '../contract/validate';
import {
  UNIT_SHAPES,
  type ActivationLayerView,
  type ActivationsView,
  type AlphaLayerView,
  type FixedAlphaKind,
  type LineDirection,
  type MaxoutLayerView,
  type UnitShape,
} from '../contract/activations';
import {
  classifyShape,
  columnMeans,
  kernelColumn,
  negativeShares,
  percentileRange,
  pieceLines,
  principalDirection,
  projections,
  upperEnvelope,
  winShares,
} from '../analysis/activation-shapes';

/** At most this many samples are pushed through the model for the view. */
export const ACTIVATION_SAMPLES = 2000;

const ALPHA_KINDS: readonly string[] = ['prelu', 'leaky_relu', 'elu'];

type Kind = ActivationsView['available'][number]['kind'];

function kindOf(n: CompiledNode): Kind | null {
  if (n.node.type === 'maxout') return 'maxout';
  if (n.node.type === 'dense' && ALPHA_KINDS.includes(n.node.activation)) return n.node.activation as FixedAlphaKind;
  return null;
}

/** The layers the view can show, in graph order. */
export function activationLayers(c: CompiledGraph): ActivationsView['available'] {
  return c.nodes.flatMap((n) => {
    const kind = kindOf(n);
    return kind ? [{ node: n.node.id, name: nodeLabel(n.node), kind }] : [];
  });
}

/** The layer asked for is not there (or there is none to show): the user's input, named. */
export class ActivationLayerError extends GradscopeError {
  constructor(message: string) {
    super('graph', message, { field: 'layer' });
  }
}

/** The nodes asked for: `layer` matches a node id or display name; null → all of them. Throws ActivationLayerError naming the choices. */
export function pickLayers(c: CompiledGraph, layer: string | null): CompiledNode[] {
  const all = c.nodes.filter((n) => kindOf(n) !== null);
  if (all.length === 0) throw new ActivationLayerError('the model has no Maxout, PReLU, Leaky ReLU or ELU layer');
  if (layer === null) return all;
  const hit = all.filter((n) => n.node.id === layer || nodeLabel(n.node) === layer);
  if (hit.length === 0) {
    const names = all.map((n) => (nodeLabel(n.node) === n.node.id ? n.node.id : `${n.node.id} ("${nodeLabel(n.node)}")`)).join(', ');
    throw new ActivationLayerError(`no Maxout, PReLU, Leaky ReLU or ELU layer "${layer}" (the model has: ${names})`);
  }
  return hit;
}

interface Measured {
  node: CompiledNode;
  /** the layer's input on the samples, n × d */
  input: Float32Array;
  d: number;
  /** the layer's linear outputs (Maxout: units·k columns; others: the pre-activations) */
  z: Float32Array;
  width: number;
}

/** One forward pass (dropout off) over the samples, keeping each chosen layer's input and linear outputs. */
function measure(c: CompiledGraph, x: tf.Tensor2D, nodes: CompiledNode[]): Measured[] {
  const tensors = tf.tidy(() => {
    const { activations } = forward(c, x, { training: false });
    return nodes.map((n) => {
      const input = activations.get(n.inputs[0]!)!;
      const z = n.node.type === 'maxout' ? (n.main as Maxout).linear(input) : (n.main!.apply(input) as tf.Tensor2D);
      return { input: tf.keep(input.clone()), z: tf.keep(z) };
    });
  });
  return nodes.map((node, i) => {
    const { input, z } = tensors[i]!;
    const m = { node, input: input.dataSync() as Float32Array, d: input.shape[1]!, z: z.dataSync() as Float32Array, width: z.shape[1]! };
    input.dispose();
    z.dispose();
    return m;
  });
}

function maxoutView(m: Measured, n: number, direction: LineDirection): MaxoutLayerView {
  const node = m.node.node as Extract<CompiledNode['node'], { type: 'maxout' }>;
  const layer = m.node.main as Maxout;
  const kernel = layer.kernel!.read().dataSync() as Float32Array;
  const bias = layer.bias ? (layer.bias.read().dataSync() as Float32Array) : null;
  const groups = maxoutGroups(node.grouping, node.units, node.pieces);
  const mean = columnMeans(m.input, n, m.d);
  const shares = winShares(m.z, n, m.width, groups);
  const pca = direction === 'pca' ? principalDirection(m.input, n, m.d, mean) : null;
  const shared = pca ? { dir: pca.dir, range: percentileRange(projections(m.input, n, m.d, mean, pca.dir)) } : null;
  const unitViews = groups.map((cols, unit) => {
    let line = shared;
    if (!line) {
      // the unit's own first piece (a zero weight vector gives no direction: the first input axis)
      const dir = kernelColumn(kernel, m.d, m.width, cols[0]!);
      let sq = 0;
      for (const v of dir) sq += v * v;
      if (sq > 0) dir.forEach((v, i) => (dir[i] = v / Math.sqrt(sq)));
      else dir[0] = 1;
      line = { dir, range: percentileRange(projections(m.input, n, m.d, mean, dir)) };
    }
    const pieces = pieceLines(kernel, bias, m.d, m.width, cols, mean, line.dir).map((p, i) => ({ ...p, share: shares[unit]![i]! }));
    const envelope = upperEnvelope(pieces, line.range);
    return { unit, pieces, envelope, shape: classifyShape(pieces, envelope), tRange: line.range };
  });
  const shapeCounts = Object.fromEntries(UNIT_SHAPES.map((s) => [s, 0])) as Record<UnitShape, number>;
  for (const u of unitViews) shapeCounts[u.shape]++;
  const directionNote =
    direction === 'own'
      ? "each unit's line runs along its own first piece's weight vector, through the mean input"
      : pca
        ? `every unit's line runs along the first principal direction of the layer's input (${(pca.explained * 100).toFixed(1)} % of its variance), through the mean input`
        : "the layer's input does not vary on these samples: no principal direction; the line runs along the first input axis";
  return { kind: 'maxout', node: node.id, name: nodeLabel(node), units: node.units, pieces: node.pieces, direction, directionNote, unitViews, shapeCounts };
}

function alphaView(m: Measured, n: number, c: CompiledGraph): AlphaLayerView {
  const node = m.node.node as Extract<CompiledNode['node'], { type: 'dense' }>;
  const kind = node.activation as FixedAlphaKind;
  const learned = c.kernels.find((k) => k.node.id === node.id)?.alpha;
  const alpha = learned ? Array.from(learned.dataSync()) : new Array<number>(node.units).fill(node.alpha ?? DEFAULT_ALPHA[kind] ?? 0);
  return {
    kind,
    node: node.id,
    name: nodeLabel(node),
    units: node.units,
    alpha,
    negativeShare: negativeShares(m.z, n, m.width),
    zRange: percentileRange(m.z),
  };
}

/**
 * The view of `c` on the samples x (at most ACTIVATION_SAMPLES rows are used). `layer`: a node id or
 * name, null for every layer with a learned or parametrised activation. Tensors it makes are disposed.
 */
export function activationsView(
  c: CompiledGraph,
  samples: { x: Float32Array; n: number; split: 'validation' | 'training' },
  opts: { source: string; layer: string | null; direction: LineDirection },
): ActivationsView {
  const nodes = pickLayers(c, opts.layer);
  const n = Math.min(samples.n, ACTIVATION_SAMPLES);
  if (n === 0) throw new ActivationLayerError('no samples to measure the layers on (the dataset has no validation or training samples)');
  const x = tf.tensor2d(samples.x.subarray(0, n * c.inputDim), [n, c.inputDim]);
  let measured: Measured[];
  try {
    measured = measure(c, x, nodes);
  } finally {
    x.dispose();
  }
  const layers: ActivationLayerView[] = measured.map((m) => (m.node.node.type === 'maxout' ? maxoutView(m, n, opts.direction) : alphaView(m, n, c)));
  return { source: opts.source, samples: { split: samples.split, n }, layers, available: activationLayers(c) };
}
