// The decision-regions pictures of a run, computed in the trainer at the current weights (dropout
// off): the predicted class and its probability on the frame's grid, the model's class at each drawn
// data point, and the first hidden layers' activations on the coarser grid — or, for a 1-D
// regression, the learned function along x. One forward pass per grid, one read-back in all.
import * as tf from '../layers/tf';
import type { CompiledGraph } from './compile';
import { forward } from './forward';
import type { Clock } from './clock';
import type { RegionFrame } from './region-frame';
import { NEURON_LAYERS, NEURONS_PER_LAYER, bytesToBase64, linePoint, type NeuronImage, type NeuronImages, type RegionsSnapshot } from '../contract/regions';

export interface SnapshotWhen {
  epoch: number;
  step: number;
  final: boolean;
}

/** The hidden layers (the first NEURON_LAYERS) and how many of their neurons are drawn. */
function drawnLayers(c: CompiledGraph): { node: string; name: string; units: number; shown: number }[] {
  return c.layers
    .filter((l) => l.hidden)
    .slice(0, NEURON_LAYERS)
    .map((l) => ({ node: l.node, name: l.name, units: l.units, shown: Math.min(l.units, NEURONS_PER_LAYER) }));
}

/** A drawn coordinate to 5 significant digits (far below a pixel; a third of the message's size). */
const short = (v: number): number => Number(v.toPrecision(5));

const quantise = (v: number, lo: number, hi: number): number => (hi > lo ? Math.round(((v - lo) / (hi - lo)) * 255) : 128);

function neuronImages(c: CompiledGraph, frame: RegionFrame, acts: Float32Array): NeuronImages | null {
  const layers = drawnLayers(c);
  if (layers.length === 0) return null;
  const cells = frame.neuronCols * frame.neuronRows;
  const images: NeuronImage[] = [];
  let at = 0;
  for (const l of layers)
    for (let u = 0; u < l.shown; u++) {
      const col = acts.subarray(at, at + cells);
      at += cells;
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of col) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const bytes = new Uint8Array(cells);
      for (let i = 0; i < cells; i++) bytes[i] = quantise(col[i]!, lo, hi);
      images.push({ node: l.node, layer: l.name, unit: u, min: lo, max: hi, values: bytesToBase64(bytes) });
    }
  const cut = layers.filter((l) => l.shown < l.units).map((l) => `${l.name}: the first ${l.shown} of ${l.units} neurons`);
  return { cols: frame.neuronCols, rows: frame.neuronRows, images, note: cut.length > 0 ? cut.join('; ') : null };
}

/** The shown units of the drawn layers' activations on rows from…from+n, unit by unit (each unit's image contiguous). Call inside tidy. */
function activationColumns(c: CompiledGraph, acts: Map<string, tf.Tensor2D>, from: number, n: number): tf.Tensor1D[] {
  return drawnLayers(c).map((l) => {
    const a = acts.get(l.node)!;
    return tf.reshape(tf.transpose(tf.slice(a, [from, 0], [n, l.shown])), [-1]) as tf.Tensor1D;
  });
}

/** The frame's grid, drawn points (classes only) and neuron grid as one batch of model inputs. */
function batchOf(frame: RegionFrame): { x: Float32Array; gridN: number; pts: number; neuronN: number } {
  const d = frame.inputDim;
  const gridN = frame.cols * frame.rows;
  const pts = frame.kind === 'classes' ? frame.train.n + frame.test.n : 0;
  const neuronN = frame.neuronCols * frame.neuronRows;
  const x = new Float32Array((gridN + pts + neuronN) * d);
  x.set(frame.grid, 0);
  if (pts > 0) {
    x.set(frame.train.model, gridN * d);
    x.set(frame.test.model, (gridN + frame.train.n) * d);
  }
  x.set(frame.neuronGrid, (gridN + pts) * d);
  return { x, gridN, pts, neuronN };
}

const batches = new WeakMap<RegionFrame, ReturnType<typeof batchOf>>();

/** The picture of the model as it is now: one forward pass over grid, points and neuron grid, one read-back. */
export function regionsSnapshot(c: CompiledGraph, frame: RegionFrame, when: SnapshotWhen): RegionsSnapshot {
  let b = batches.get(frame);
  if (!b) batches.set(frame, (b = batchOf(frame)));
  const { gridN, pts, neuronN } = b;
  const input = b.x;
  const packed = tf.tidy(() => {
    const { output, activations } = forward(c, tf.tensor2d(input, [gridN + pts + neuronN, frame.inputDim]), { training: false });
    const parts: tf.Tensor1D[] = [];
    if (frame.kind === 'classes') {
      const probs = tf.softmax(tf.slice(output, [0, 0], [gridN + pts, -1]));
      parts.push(tf.cast(tf.argMax(probs, 1), 'float32') as tf.Tensor1D, tf.max(tf.slice(probs, [0, 0], [gridN, -1]), 1) as tf.Tensor1D);
    } else parts.push(tf.reshape(tf.slice(output, [0, 0], [gridN, -1]), [-1]) as tf.Tensor1D);
    parts.push(...activationColumns(c, activations, gridN + pts, neuronN));
    return tf.concat(parts);
  });
  const data = packed.dataSync() as Float32Array;
  packed.dispose();
  const base = { epoch: when.epoch, step: when.step, final: when.final };
  if (frame.kind === 'classes') {
    // [class of each cell, class of each point] then [probability of each cell's class] then the neurons
    const cls = new Uint8Array(gridN);
    const conf = new Uint8Array(gridN);
    for (let i = 0; i < gridN; i++) {
      cls[i] = data[i]!;
      conf[i] = Math.round(data[gridN + pts + i]! * 255);
    }
    const pred = Array.from(data.subarray(gridN, gridN + pts));
    const pointsOf = (p: RegionFrame['train'], from: number) => ({
      x: Array.from({ length: p.n }, (_, i) => short(p.raw[2 * i]!)),
      y: Array.from({ length: p.n }, (_, i) => short(p.raw[2 * i + 1]!)),
      label: Array.from(p.label),
      pred: pred.slice(from, from + p.n),
    });
    return {
      kind: 'classes',
      ...base,
      x: frame.x,
      y: frame.y,
      cols: frame.cols,
      rows: frame.rows,
      classNames: frame.classNames!,
      cls: bytesToBase64(cls),
      conf: bytesToBase64(conf),
      train: pointsOf(frame.train, 0),
      test: pointsOf(frame.test, frame.train.n),
      neurons: neuronImages(c, frame, data.subarray(2 * gridN + pts)),
    };
  }
  const curveY = Array.from(data.subarray(0, gridN), (v) => frame.toTarget(v));
  const line = (p: RegionFrame['train']) => ({ x: Array.from(p.raw, short), y: Array.from(p.label, short) });
  return {
    kind: 'curve',
    ...base,
    x: frame.x,
    y: frame.y,
    curve: { x: Array.from({ length: gridN }, (_, i) => linePoint(frame.x.min, frame.x.max, gridN, i)), y: curveY },
    train: line(frame.train),
    test: line(frame.test),
    neurons: neuronImages(c, frame, data.subarray(gridN)),
  };
}

/** Sends the run's pictures at most `perSecond` times a second (the caller asks after every step and at every epoch end). */
export class RegionsProbe {
  private lastSent = -Infinity;
  private readonly interval: number;

  constructor(
    private readonly c: CompiledGraph,
    private readonly frame: RegionFrame,
    private readonly send: (r: RegionsSnapshot) => void,
    private readonly clock: Clock,
    perSecond: number,
  ) {
    this.interval = 1000 / perSecond;
  }

  /** Send a picture if the last one is at least 1/perSecond s old. */
  tick(when: Omit<SnapshotWhen, 'final'>): void {
    if (this.clock.now() - this.lastSent < this.interval) return;
    this.now({ ...when, final: false });
  }

  /** Send a picture now (the final model's). */
  now(when: SnapshotWhen): void {
    this.send(regionsSnapshot(this.c, this.frame, when));
    this.lastSent = this.clock.now();
  }
}
