// The maths of the learned-activations view, on plain arrays: a Maxout unit's pieces along a line
// through its layer's input space, their upper envelope (the unit's activation along that line), the
// share of samples each piece wins, and the unit's shape; the range and negative share of the
// pre-activations of PReLU / Leaky ReLU / ELU layers. Pure: the trainer side gathers the arrays.
import type { EnvelopeSegment, PieceLine, UnitShape } from '../contract/activations';

/** Rows of a row-major n×d matrix, averaged. */
export function columnMeans(x: Float32Array, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let s = 0; s < n; s++) for (let i = 0; i < d; i++) mean[i]! += x[s * d + i]!;
  for (let i = 0; i < d; i++) mean[i]! /= Math.max(1, n);
  return mean;
}

function normalise(v: Float64Array): number {
  let sq = 0;
  for (const a of v) sq += a * a;
  const len = Math.sqrt(sq);
  if (len > 0) for (let i = 0; i < v.length; i++) v[i]! /= len;
  return len;
}

/**
 * The first principal direction of the rows of x (unit length), by power iteration on the covariance
 * XcᵀXc / n without forming it, and the share of the total variance it explains. A constant input
 * has no principal direction: null.
 */
export function principalDirection(
  x: Float32Array,
  n: number,
  d: number,
  mean: Float64Array,
  iterations = 100,
): { dir: Float64Array; explained: number } | null {
  let total = 0;
  for (let s = 0; s < n; s++) for (let i = 0; i < d; i++) total += (x[s * d + i]! - mean[i]!) ** 2;
  if (n === 0 || total <= 1e-12 * Math.max(1, n)) return null;
  // a fixed start (not random, so runs repeat), with every coordinate non-zero
  let v = Float64Array.from({ length: d }, (_, i) => 1 + ((i * 7919) % 13) / 13);
  normalise(v);
  let lambda = 0;
  const proj = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    for (let s = 0; s < n; s++) {
      let p = 0;
      for (let i = 0; i < d; i++) p += (x[s * d + i]! - mean[i]!) * v[i]!;
      proj[s] = p;
    }
    const next = new Float64Array(d);
    for (let s = 0; s < n; s++) {
      const p = proj[s]!;
      for (let i = 0; i < d; i++) next[i]! += (x[s * d + i]! - mean[i]!) * p;
    }
    const len = normalise(next);
    let change = 0;
    for (let i = 0; i < d; i++) change = Math.max(change, Math.abs(next[i]! - v[i]!));
    v = next;
    lambda = len;
    if (change < 1e-9) break;
  }
  // a sign that does not depend on the start: the largest coordinate positive
  let big = 0;
  for (let i = 1; i < d; i++) if (Math.abs(v[i]!) > Math.abs(v[big]!)) big = i;
  if (v[big]! < 0) for (let i = 0; i < d; i++) v[i] = -v[i]!;
  return { dir: v, explained: lambda / total };
}

/** The 2nd and 98th percentiles of `values`, widened to include 0; [-1, 1] when they coincide. */
export function percentileRange(values: ArrayLike<number>): [number, number] {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return [-1, 1];
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
  const lo = Math.min(0, at(0.02));
  const hi = Math.max(0, at(0.98));
  return hi - lo > 1e-9 ? [lo, hi] : [lo - 1, hi + 1];
}

/** Where each row of x lies along `dir` from `mean`: (x − mean)·dir. */
export function projections(x: Float32Array, n: number, d: number, mean: Float64Array, dir: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let p = 0;
    for (let i = 0; i < d; i++) p += (x[s * d + i]! - mean[i]!) * dir[i]!;
    out[s] = p;
  }
  return out;
}

/** Column `col` of a row-major d×width kernel, as a vector of length d. */
export function kernelColumn(kernel: Float32Array, d: number, width: number, col: number): Float64Array {
  return Float64Array.from({ length: d }, (_, i) => kernel[i * width + col]!);
}

/**
 * Piece p of a Maxout unit (kernel column cols[p], bias b) along the line mean + t·dir:
 * z_p(t) = w_p·mean + b_p + t · w_p·dir. Shares are filled in by winShares.
 */
export function pieceLines(
  kernel: Float32Array,
  bias: Float32Array | null,
  d: number,
  width: number,
  cols: number[],
  mean: Float64Array,
  dir: Float64Array,
): PieceLine[] {
  return cols.map((col) => {
    let slope = 0;
    let intercept = bias ? bias[col]! : 0;
    for (let i = 0; i < d; i++) {
      const w = kernel[i * width + col]!;
      slope += w * dir[i]!;
      intercept += w * mean[i]!;
    }
    return { slope, intercept, share: 0 };
  });
}

/** The max of the lines over [t0, t1], left to right: which piece wins where (ties go to the steeper piece). */
export function upperEnvelope(pieces: Pick<PieceLine, 'slope' | 'intercept'>[], [t0, t1]: [number, number]): EnvelopeSegment[] {
  if (pieces.length === 0) return [];
  const value = (p: number, t: number) => pieces[p]!.intercept + pieces[p]!.slope * t;
  let cur = 0;
  for (let p = 1; p < pieces.length; p++) {
    const dv = value(p, t0) - value(cur, t0);
    if (dv > 0 || (dv === 0 && pieces[p]!.slope > pieces[cur]!.slope)) cur = p;
  }
  const out: EnvelopeSegment[] = [];
  let t = t0;
  for (let guard = 0; guard <= pieces.length; guard++) {
    let next = -1;
    let at = Infinity;
    for (let p = 0; p < pieces.length; p++) {
      const ds = pieces[p]!.slope - pieces[cur]!.slope;
      if (ds <= 0) continue;
      const tc = (pieces[cur]!.intercept - pieces[p]!.intercept) / ds;
      if (tc < at || (tc === at && next >= 0 && pieces[p]!.slope > pieces[next]!.slope)) {
        at = Math.max(tc, t);
        next = p;
      }
    }
    if (next < 0 || at >= t1) {
      out.push({ piece: cur, from: t, to: t1 });
      return out;
    }
    if (at > t) out.push({ piece: cur, from: t, to: at });
    t = at;
    cur = next;
  }
  out.push({ piece: cur, from: t, to: t1 });
  return out;
}

/** A piece counts as part of the drawn shape when it wins over at least this share of the line. */
const VISIBLE = 0.01;
/** Of two pieces, the flatter one counts as flat (ReLU's zero) when its slope is at most this share of the other's. */
export const FLAT_RATIO = 0.2;

/** Two pieces of opposite slope are absolute-value-like when the smaller |slope| is at least this share of the larger. */
export const ABS_RATIO = 0.5;

/**
 * The unit's shape along the line: one visible piece → linear; two → ReLU-like when one is flat
 * (|slope| ≤ 20 % of the other's), absolute-value-like when the slopes have opposite signs and
 * similar sizes (the smaller ≥ 50 % of the larger), else bent (a leaky-ReLU-like bend); three or
 * more → convex, 3+ pieces (a max of lines is always convex).
 */
export function classifyShape(pieces: Pick<PieceLine, 'slope'>[], envelope: EnvelopeSegment[]): UnitShape {
  const span = envelope.length ? envelope.at(-1)!.to - envelope[0]!.from : 0;
  const visible = envelope.filter((s) => span > 0 && (s.to - s.from) / span >= VISIBLE);
  if (visible.length <= 1) return 'linear';
  if (visible.length >= 3) return 'convex-3+';
  const a = pieces[visible[0]!.piece]!.slope;
  const b = pieces[visible[1]!.piece]!.slope;
  const big = Math.max(Math.abs(a), Math.abs(b));
  if (big <= 1e-12) return 'linear';
  const small = Math.min(Math.abs(a), Math.abs(b));
  if (small <= FLAT_RATIO * big) return 'relu-like';
  return a < 0 && b > 0 && small >= ABS_RATIO * big ? 'abs-like' : 'bent';
}

/**
 * For each unit (its group of linear-output columns), the share of samples in which each piece is the
 * max: z is the n×width matrix of linear outputs on those samples. Ties go to the first piece, as argmax.
 */
export function winShares(z: Float32Array, n: number, width: number, groups: number[][]): number[][] {
  return groups.map((cols) => {
    const wins = new Array<number>(cols.length).fill(0);
    for (let s = 0; s < n; s++) {
      let best = 0;
      for (let p = 1; p < cols.length; p++) if (z[s * width + cols[p]!]! > z[s * width + cols[best]!]!) best = p;
      wins[best]!++;
    }
    return wins.map((w) => (n > 0 ? w / n : 0));
  });
}

/** Per column of a row-major n×units matrix, the fraction of rows below 0. */
export function negativeShares(z: Float32Array, n: number, units: number): number[] {
  const neg = new Array<number>(units).fill(0);
  for (let s = 0; s < n; s++) for (let u = 0; u < units; u++) if (z[s * units + u]! < 0) neg[u]!++;
  return neg.map((c) => (n > 0 ? c / n : 0));
}
