// The loss landscape of a real network around its training path. Line: L(θ₀ + t·(θ₁ − θ₀)) for run A's
// initial θ₀ and trained θ₁. Plane: origin θ₀ᴬ, e₁ = (θ₁ᴬ − θ₀ᴬ)/‖…‖, e₂ = the part of θ₁ᴮ − θ₀ᴬ
// orthogonal to e₁, normalised: the plane holds θ₀ᴬ, θ₁ᴬ and θ₁ᴮ exactly, so the three project with no
// error and the slice shows the real loss at both trained models. (Li et al.'s filter-normalised random
// directions make random slices comparable across networks; these directions are the runs' own
// displacements, which already carry each layer's scale, and a random plane would hold neither end.)
// Each kept epoch is projected (its distance from the line/plane is reported) and its loss is measured
// at the epoch's own weights. Losses: the data loss on a fixed training sample, dropout off, no L1/L2.
import * as tf from '../layers/tf';
import type { Graph } from '../contract/graph';
import type { LandscapeView, LinePathPoint, LossPlane, PlanePoint } from '../contract/landscape';
import { compileGraph, type CompiledGraph } from '../trainer/compile';
import { forward, headLoss } from '../trainer/forward';
import type { TrajectoryPath } from '../trainer/trajectory';
import { GradscopeError } from '../contract/errors';

export interface LandscapeRun {
  runId: string;
  /** the trained model (its variables hold θ₁) */
  c: CompiledGraph;
  trajectory: TrajectoryPath;
  /** the epoch whose weights the model holds (the best one when restored); null when none finished */
  modelEpoch: number | null;
}

export interface LandscapeSample {
  /** row-major n × inputDim */
  x: Float32Array;
  y: Float32Array | Int32Array;
  n: number;
  /** multiplies the model's loss into the target's units (regression on a standardised target); 1 otherwise */
  lossFactor: number;
}

export interface LandscapeOptions {
  graph: Graph;
  /** grid points per side of the plane */
  grid: number;
  signal?: AbortSignal;
}

/** The line runs from t = −0.25 to 1.25 in steps of 0.05 (t = 0 and 1 exactly). */
export const LINE_T = Array.from({ length: 31 }, (_, i) => (i - 5) / 20);

export class LandscapeError extends GradscopeError {
  constructor(message: string) {
    super('graph', message);
  }
}

const breathe = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function flat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const weightsOf = (c: CompiledGraph): Float32Array => flat(c.variables.map((v) => v.dataSync() as Float32Array));
const shapes = (c: CompiledGraph): string => c.variables.map((v) => `[${v.shape.join('×')}]`).join(' ');

function dot(a: Float64Array | Float32Array, b: Float64Array | Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Evaluates the loss at any flat weight vector on one scratch copy of the model. */
class LossProbe {
  private readonly x: tf.Tensor2D;
  private readonly y: tf.Tensor1D;
  private readonly buffer: Float32Array;

  constructor(
    private readonly scratch: CompiledGraph,
    sample: LandscapeSample,
    private readonly lossFactor: number,
  ) {
    this.x = tf.tensor2d(sample.x.subarray(0, sample.n * scratch.inputDim), [sample.n, scratch.inputDim]);
    this.y =
      scratch.head === 'softmax'
        ? tf.tensor1d(Int32Array.from(sample.y.subarray(0, sample.n)), 'int32')
        : tf.tensor1d(Float32Array.from(sample.y.subarray(0, sample.n)));
    this.buffer = new Float32Array(scratch.variables.reduce((a, v) => a + v.size, 0));
  }

  /** The loss at origin + a·e1 + b·e2 (e2 may be null). */
  at(origin: Float32Array, a = 0, e1: Float64Array | null = null, b = 0, e2: Float64Array | null = null): number {
    const w = this.buffer;
    for (let i = 0; i < w.length; i++) w[i] = origin[i]! + (e1 ? a * e1[i]! : 0) + (e2 ? b * e2[i]! : 0);
    let at = 0;
    for (const v of this.scratch.variables) {
      const part = w.subarray(at, at + v.size);
      tf.tidy(() => v.assign(tf.tensor(part, v.shape)));
      at += v.size;
    }
    const loss = tf.tidy(() => headLoss(this.scratch, forward(this.scratch, this.x, { training: false }).output, this.y));
    const value = loss.dataSync()[0]!;
    loss.dispose();
    return value * this.lossFactor;
  }

  dispose(): void {
    this.x.dispose();
    this.y.dispose();
  }
}

/** Projection of θ on the plane through `origin` spanned by orthonormal e1, e2. */
function project(theta: Float32Array, origin: Float32Array, e1: Float64Array, e2: Float64Array | null): { a: number; b: number; off: number } {
  let a = 0;
  let b = 0;
  let sq = 0;
  for (let i = 0; i < theta.length; i++) {
    const d = theta[i]! - origin[i]!;
    a += d * e1[i]!;
    if (e2) b += d * e2[i]!;
    sq += d * d;
  }
  return { a, b, off: Math.sqrt(Math.max(0, sq - a * a - b * b)) };
}

/** Grid coordinates covering [lo, hi] with a margin, one of them exactly 0. */
function axis(lo: number, hi: number, n: number): number[] {
  const span = Math.max(hi - lo, 1e-6);
  const from = lo - 0.2 * span;
  const step = (span * 1.4) / (n - 2);
  const m = Math.floor(from / step);
  return Array.from({ length: n }, (_, i) => (i + m) * step);
}

/**
 * The landscape of run A (and the plane with run B), or null when `signal` was aborted (checked
 * between grid rows). Throws LandscapeError when B's parameters do not have A's shapes, or when B's
 * trained weights lie on A's line. Every tensor it makes is disposed.
 */
export async function computeLandscape(
  a: LandscapeRun,
  b: LandscapeRun | null,
  sample: LandscapeSample,
  opts: LandscapeOptions,
): Promise<LandscapeView | null> {
  if (b && shapes(b.c) !== shapes(a.c))
    throw new LandscapeError(
      `runs ${a.runId} and ${b.runId} cannot share a plane: their parameters have different shapes (${shapes(a.c)} against ${shapes(b.c)}); compare runs of the same graph on the same data`,
    );
  const theta0 = flat(a.trajectory.initial.weights);
  const theta1 = weightsOf(a.c);
  const u = Float64Array.from(theta1, (v, i) => v - theta0[i]!);
  const distance = Math.sqrt(dot(u, u));
  if (!(distance > 0)) throw new LandscapeError(`run ${a.runId} ends where it started (its weights did not move): there is no line to draw`);
  const e1 = u.map((v) => v / distance);
  const scratch = compileGraph(opts.graph, { inputDim: a.c.inputDim, classes: a.c.classes }, { seed: a.c.seed });
  const probe = new LossProbe(scratch, sample, sample.lossFactor);
  try {
    // the line, and A's kept epochs on it
    const lineLoss: number[] = [];
    for (const t of LINE_T) lineLoss.push(probe.at(theta0, t * distance, e1));
    await breathe();
    if (opts.signal?.aborted) return null;
    const path: LinePathPoint[] = a.trajectory.path().map((p) => {
      const w = flat(p.weights);
      const { a: along, off } = project(w, theta0, e1, null);
      return { epoch: p.epoch, t: along / distance, offLine: off, loss: probe.at(w) };
    });
    const view: LandscapeView = {
      runId: a.runId,
      compareWith: b?.runId ?? null,
      samples: sample.n,
      lossName: a.c.head === 'softmax' ? 'cross-entropy' : 'MSE',
      parameters: theta0.length,
      line: { t: LINE_T, loss: lineLoss, distance, path },
      plane: null,
    };
    if (!b) return view;
    const plane = await planeOf(a, b, { theta0, theta1, e1, distance }, probe, opts);
    if (plane === null) return null;
    return { ...view, plane };
  } finally {
    probe.dispose();
    scratch.dispose();
  }
}

async function planeOf(
  a: LandscapeRun,
  b: LandscapeRun,
  basis: { theta0: Float32Array; theta1: Float32Array; e1: Float64Array; distance: number },
  probe: LossProbe,
  opts: LandscapeOptions,
): Promise<LossPlane | null> {
  const { theta0, e1 } = basis;
  const thetaB = weightsOf(b.c);
  const v = Float64Array.from(thetaB, (x, i) => x - theta0[i]!);
  const along = dot(v, e1);
  const w = v.map((x, i) => x - along * e1[i]!);
  const wLen = Math.sqrt(dot(w, w));
  const vLen = Math.sqrt(dot(v, v));
  if (!(wLen > 1e-6 * Math.max(vLen, 1e-12)))
    throw new LandscapeError(
      `run ${b.runId}'s trained weights lie on run ${a.runId}'s line: the two runs span no plane; compare with a run of another seed or optimizer`,
    );
  const e2 = w.map((x) => x / wLen);
  const point = (epoch: number, theta: Float32Array): PlanePoint => {
    const p = project(theta, theta0, e1, e2);
    return { epoch, a: p.a, b: p.b, offPlane: p.off, loss: probe.at(theta) };
  };
  const paths = [a, b].map((r) => ({
    runId: r.runId,
    points: r.trajectory.path().map((p) => point(p.epoch, flat(p.weights))),
    end: point(r.modelEpoch ?? r.trajectory.path().at(-1)!.epoch, r === a ? basis.theta1 : thetaB),
  }));
  const all = paths.flatMap((p) => [...p.points, p.end]);
  const as = axis(Math.min(...all.map((p) => p.a)), Math.max(...all.map((p) => p.a)), opts.grid);
  const bs = axis(Math.min(...all.map((p) => p.b)), Math.max(...all.map((p) => p.b)), opts.grid);
  const loss: number[] = [];
  for (const bj of bs) {
    for (const ai of as) loss.push(probe.at(theta0, ai, e1, bj, e2));
    await breathe();
    if (opts.signal?.aborted) return null;
  }
  const angle = (Math.acos(Math.max(-1, Math.min(1, along / vLen))) * 180) / Math.PI;
  return { a: as, b: bs, loss, paths, angle };
}
