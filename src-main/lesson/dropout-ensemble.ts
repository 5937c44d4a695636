// Dropout as an ensemble, measured. For a network trained with dropout:
//   (a) the full network, every unit on: what the trained model predicts at test time. Gradscope trains
//       with inverted dropout (tf.dropout scales a kept unit by 1/(1−p) during training), so its test-time
//       pass uses the weights as trained; that is the lesson's "multiply the weights by (1−p)" applied to
//       the weights a plain (unscaled) dropout would have learnt — the same prediction.
//   (b) the average of M sampled thinned networks (one mask each, applied as in training), for several M,
//       with repeats for the spread; and, when the network has few dropout units, the exact average over
//       all 2^U masks weighted by their probabilities.
// For a linear network (b) is exactly (a) (the output is linear in each mask, the masks are independent);
// with ReLU or sigmoid it is not. Runs in the trainer worker (or the CLI), cancellable between chunks.
import * as tf from '../layers/tf';
import { GradscopeError } from '../contract/errors';
import {
  MAX_EXACT_UNITS,
  type DropoutEnsembleOptions,
  type DropoutEnsembleView,
  type EnsembleRow,
  type Scores,
  type Spread,
} from '../contract/dropout-ensemble';
import type { DataSplit, Dataset } from '../data/dataset-types';
import { deriveSeed } from '../data/rng';
import type { CompiledGraph } from '../trainer/compile';
import { headAccuracy, headLoss } from '../trainer/forward';
import { regressionScale } from '../trainer/evaluate';
import { checkActivationSwitch, dropoutNodes, forwardMasked, measuredActivations, nodeWidths, type DropoutNode } from './masked-forward';
import { breathe } from './breathe';

export interface EnsembleInput {
  /** the run id or model folder the view names */
  source: string;
  c: CompiledGraph;
  /** the split measured (the test split, or the validation or training split when there is none) */
  evaluate: { name: 'test' | 'validation' | 'training'; split: DataSplit };
  train: DataSplit;
  options: DropoutEnsembleOptions;
  /** regression: the factor that turns a training-units MSE into the target's units */
  lossFactor?: number;
  signal?: AbortSignal;
}

/** Floats in the largest activation of one chunk of masks (K masks × N examples × width). */
const CHUNK_FLOATS = 1 << 22;

export function spread(values: number[]): Spread {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { mean: sum / values.length, min, max };
}

interface Split {
  x: tf.Tensor2D;
  y: tf.Tensor1D;
  n: number;
}

function firstRows(s: DataSplit, n: number, d: number): Split {
  const y = s.y instanceof Int32Array ? tf.tensor1d(s.y.subarray(0, n), 'int32') : tf.tensor1d(s.y.subarray(0, n), 'float32');
  return { x: tf.tensor2d(s.x.subarray(0, n * d), [n, d]), y, n };
}

/** Random masks for K thinned networks: node id → [K, rows, units], kept units 1/(1−p), dropped 0. rows 1: one network per mask. */
function sampleMasks(drops: DropoutNode[], K: number, rows: number, seed: number): Map<string, tf.Tensor> {
  return new Map(
    drops.map((d, i) => {
      const mask = tf.tidy(() => {
        const u = tf.randomUniform([K, rows, d.units], 0, 1, 'float32', deriveSeed(seed, i));
        return tf.div(tf.cast(tf.greaterEqual(u, d.p), 'float32'), 1 - d.p);
      });
      return [d.node, mask];
    }),
  );
}

/** Masks b0 … b0+K−1 of the exact enumeration (bit j of b: unit j kept) and each one's probability. */
function enumeratedMasks(drops: DropoutNode[], b0: number, K: number): { masks: Map<string, tf.Tensor>; weights: Float32Array } {
  const weights = new Float32Array(K).fill(1);
  const masks = new Map<string, tf.Tensor>();
  let bit = 0;
  for (const d of drops) {
    const m = new Float32Array(K * d.units);
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < d.units; j++) {
        const kept = ((b0 + k) >>> (bit + j)) & 1;
        m[k * d.units + j] = kept ? 1 / (1 - d.p) : 0;
        weights[k]! *= kept ? 1 - d.p : d.p;
      }
    }
    bit += d.units;
    masks.set(d.node, tf.tensor3d(m, [K, 1, d.units]));
  }
  return { masks, weights };
}

/** [loss, acc] of outputs z on y (acc 0 for regression: not read). */
function scoreTensor(c: CompiledGraph, z: tf.Tensor2D, y: tf.Tensor1D): tf.Tensor1D {
  return tf.stack([headLoss(c, z, y), c.head === 'softmax' ? headAccuracy(z, y) : tf.scalar(0)]) as tf.Tensor1D;
}

/** Reads a small tensor made by `f` and frees it. */
function readBack(f: () => tf.Tensor): number[] {
  const t = tf.tidy(f);
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
}

/** [loss, acc] of averaged probabilities p on y. */
function probScoreTensor(c: CompiledGraph, p: tf.Tensor2D, y: tf.Tensor1D): tf.Tensor1D {
  const picked = tf.sum(tf.mul(p, tf.oneHot(y, c.classes!)), 1);
  return tf.stack([tf.neg(tf.mean(tf.log(tf.maximum(picked, 1e-12)))), headAccuracy(p, y)]) as tf.Tensor1D;
}

/** Adds K networks' outputs ([K·N, C]), weighted (exact) or not, to the running sums. */
class Sums {
  z: tf.Tensor2D;
  p: tf.Tensor2D | null;
  constructor(
    private readonly c: CompiledGraph,
    n: number,
    width: number,
  ) {
    this.z = tf.zeros([n, width]);
    this.p = c.head === 'softmax' ? tf.zeros([n, width]) : null;
  }
  add(out: tf.Tensor2D, K: number, weights: Float32Array | null): void {
    const [n, w] = [this.z.shape[0], this.z.shape[1]];
    const next = tf.tidy(() => {
      const z3 = tf.reshape(out, [K, n, w]);
      const wt = weights ? tf.tensor3d(weights, [K, 1, 1]) : null;
      const sum = (t: tf.Tensor) => tf.sum(wt ? tf.mul(t, wt) : t, 0) as tf.Tensor2D;
      return { z: tf.add(this.z, sum(z3)) as tf.Tensor2D, ...(this.p ? { p: tf.add(this.p, sum(tf.softmax(z3))) as tf.Tensor2D } : {}) };
    });
    this.dispose();
    this.z = next.z;
    this.p = next.p ?? null;
  }
  /** meanZ [loss, acc], meanP [loss, acc] (or zeros), max |z̄ − za|, for sums over `total` weight */
  read(total: number, za: tf.Tensor2D, y: tf.Tensor1D): number[] {
    return readBack(() => {
      const zbar = tf.div(this.z, total) as tf.Tensor2D;
      const pScore = this.p ? probScoreTensor(this.c, tf.div(this.p, total) as tf.Tensor2D, y) : tf.zeros([2]);
      return tf.concat([scoreTensor(this.c, zbar, y), pScore, tf.reshape(tf.max(tf.abs(tf.sub(zbar, za))), [1])]);
    });
  }
  dispose(): void {
    this.z.dispose();
    this.p?.dispose();
  }
}

/** The measurement; null when `signal` was aborted first. Throws GradscopeError on a network without dropout. */
export async function measureDropoutEnsemble(input: EnsembleInput): Promise<DropoutEnsembleView | null> {
  const { c, options: o, signal } = input;
  const started = performance.now();
  checkActivationSwitch(c, o.activation);
  const drops = dropoutNodes(c);
  if (drops.length === 0)
    throw new GradscopeError('graph', 'the network has no dropout: give a hidden layer a dropout rate p above 0, train it, then measure it');
  const split = input.evaluate.split;
  const N = Math.min(o.examples, split.n);
  if (N === 0) throw new GradscopeError('dataset', `the ${input.evaluate.name} split has no examples to measure`);
  const factor = c.head === 'linear' ? (input.lossFactor ?? 1) : 1;
  const scores = (loss: number, acc: number): Scores => ({ loss: loss * factor, acc: c.head === 'softmax' ? acc : null });
  const widest = Math.max(...nodeWidths(c).values());
  const chunk = Math.max(1, Math.floor(CHUNK_FLOATS / (N * widest)));
  const data = firstRows(split, N, c.inputDim);
  const za = tf.tidy(() => forwardMasked(c, data.x, 1, new Map(), o.activation).output);
  const outputs = za.shape[1];
  const held: tf.Tensor[] = [data.x, data.y, za];
  try {
    const [aLoss, aAcc] = readBack(() => scoreTensor(c, za, data.y));
    const checkpoints = [...new Set(o.samples)].sort((a, b) => a - b);
    const perRepeat: number[][][] = [];
    for (let r = 0; r < o.repeats; r++) {
      const sums = new Sums(c, N, outputs);
      const found: number[][] = [];
      try {
        for (let done = 0, ci = 0; ci < checkpoints.length;) {
          const K = Math.min(chunk, checkpoints[ci]! - done);
          const out = tf.tidy(() => {
            const masks = sampleMasks(drops, K, 1, deriveSeed(o.seed, r, done));
            return forwardMasked(c, data.x, K, masks, o.activation).output;
          });
          sums.add(out, K, null);
          out.dispose();
          done += K;
          if (done === checkpoints[ci]) {
            found.push(sums.read(done, za, data.y));
            ci++;
          }
          await breathe();
          if (signal?.aborted) return null;
        }
      } finally {
        sums.dispose();
      }
      perRepeat.push(found);
    }
    const rows: EnsembleRow[] = checkpoints.map((M, i) => {
      const col = (j: number) => spread(perRepeat.map((rep) => rep[i]![j]! * (j === 0 || j === 2 ? factor : 1)));
      const isClass = c.head === 'softmax';
      return {
        samples: M,
        meanZ: { loss: col(0), acc: isClass ? col(1) : null },
        meanP: isClass ? { loss: col(2), acc: col(3) } : null,
        maxDiff: col(4),
      };
    });
    const exact = await exactEnsemble(c, drops, data, za, chunk, o.activation, signal);
    if (exact === 'cancelled') return null;
    const units = drops.reduce((s, d) => s + d.units, 0);
    const train = await trainOnOff(input, drops, scores);
    if (train === null) return null;
    return {
      source: input.source,
      activation: o.activation,
      hidden: measuredActivations(c, o.activation),
      dropout: drops.map((d) => ({ node: d.node, name: d.name, p: d.p, units: d.units })),
      head: c.head,
      split: { name: input.evaluate.name, examples: N, of: split.n },
      repeats: o.repeats,
      seed: o.seed,
      scaled: scores(aLoss!, aAcc!),
      rows,
      exact: exact && {
        masks: exact.masks,
        meanZ: scores(exact.values[0]!, exact.values[1]!),
        meanP: c.head === 'softmax' ? scores(exact.values[2]!, exact.values[3]!) : null,
        maxDiff: exact.values[4]!,
      },
      exactNote:
        exact === null
          ? `${units} dropout units: the 2^${units} masks are too many to enumerate (only up to 2^${MAX_EXACT_UNITS}); the sampled averages estimate their mean`
          : null,
      train,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    for (const t of held) t.dispose();
  }
}

/** The average over every mask, weighted by its probability; null when there are too many units. */
async function exactEnsemble(
  c: CompiledGraph,
  drops: DropoutNode[],
  data: Split,
  za: tf.Tensor2D,
  chunk: number,
  act: DropoutEnsembleOptions['activation'],
  signal: AbortSignal | undefined,
): Promise<{ masks: number; values: number[] } | null | 'cancelled'> {
  const units = drops.reduce((s, d) => s + d.units, 0);
  if (units > MAX_EXACT_UNITS) return null;
  const total = 2 ** units;
  const sums = new Sums(c, data.n, za.shape[1]);
  try {
    for (let b0 = 0; b0 < total;) {
      const K = Math.min(chunk, total - b0);
      const { masks, weights } = enumeratedMasks(drops, b0, K);
      const out = tf.tidy(() => forwardMasked(c, data.x, K, masks, act).output);
      for (const m of masks.values()) m.dispose();
      sums.add(out, K, weights);
      out.dispose();
      b0 += K;
      await breathe();
      if (signal?.aborted) return 'cancelled';
    }
    return { masks: total, values: sums.read(1, za, data.y) };
  } finally {
    sums.dispose();
  }
}

/** The training examples with dropout off (as at test) and on (a fresh mask per example, as in training), repeats for the spread. */
async function trainOnOff(
  input: EnsembleInput,
  drops: DropoutNode[],
  scores: (loss: number, acc: number) => Scores,
): Promise<DropoutEnsembleView['train'] | null> {
  const { c, options: o } = input;
  const n = Math.min(o.examples, input.train.n);
  if (n === 0) return { examples: 0, off: { loss: NaN, acc: null }, on: { loss: spread([NaN]), acc: null } };
  const t = firstRows(input.train, n, c.inputDim);
  try {
    const score = (masks: Map<string, tf.Tensor>) => readBack(() => scoreTensor(c, forwardMasked(c, t.x, 1, masks, o.activation).output, t.y));
    const [offLoss, offAcc] = score(new Map());
    const on: Scores[] = [];
    for (let r = 0; r < o.repeats; r++) {
      const masks = sampleMasks(drops, 1, n, deriveSeed(o.seed, 0x7a1, r));
      const [loss, acc] = score(masks);
      for (const m of masks.values()) m.dispose();
      on.push(scores(loss!, acc!));
      await breathe();
      if (input.signal?.aborted) return null;
    }
    return {
      examples: n,
      off: scores(offLoss!, offAcc!),
      on: { loss: spread(on.map((s) => s.loss)), acc: c.head === 'softmax' ? spread(on.map((s) => s.acc!)) : null },
    };
  } finally {
    t.x.dispose();
    t.y.dispose();
  }
}

/** The measurement on a loaded dataset: its test split (else validation, else training), regression figures in the target's units. */
export function measureOnDataset(
  source: string,
  c: CompiledGraph,
  d: Dataset,
  options: DropoutEnsembleOptions,
  signal?: AbortSignal,
): Promise<DropoutEnsembleView | null> {
  const evaluate =
    d.test.n > 0
      ? { name: 'test' as const, split: d.test }
      : d.val.n > 0
        ? { name: 'validation' as const, split: d.val }
        : { name: 'training' as const, split: d.train };
  const lossFactor = d.classes === null ? regressionScale(d).lossFactor : 1;
  return measureDropoutEnsemble({ source, c, evaluate, train: d.train, options, lossFactor, signal });
}
