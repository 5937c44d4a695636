// Geometry of the learned-activations panel: a Maxout unit's pieces and their max as SVG paths in a
// small plot, the gallery's order, PReLU's α per neuron over epochs as a grid of counts on one α axis,
// and the PReLU / Leaky ReLU / ELU function itself. Pure, so it is tested without a page.
import { UNIT_SHAPES, type FixedAlphaKind, type MaxoutUnitView } from '../../../src-main/contract/activations';
import type { Histogram } from '../../../src-main/contract/events';
import { binSize } from '../../../src-main/analysis/binning';

export const PIECE_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

export interface UnitPlot {
  /** one path per piece, clipped to the plot */
  pieces: string[];
  /** the max of the pieces (the unit's activation along the line) */
  envelope: string;
  /** the y of value 0 in the plot, null when 0 is outside the shown values */
  zeroY: number | null;
  /** the x of t = 0 (the mean input) */
  meanX: number;
  yMin: number;
  yMax: number;
}

/** A unit's plot in a w×h box: x spans its tRange, y spans the envelope's values with a margin. */
export function unitPlot(u: MaxoutUnitView, w: number, h: number): UnitPlot {
  const [t0, t1] = u.tRange;
  const value = (p: number, t: number) => u.pieces[p]!.intercept + u.pieces[p]!.slope * t;
  const env = u.envelope.flatMap((s) => [value(s.piece, s.from), value(s.piece, s.to)]);
  let lo = Math.min(...env);
  let hi = Math.max(...env);
  // the pieces below the max show only as far as half the envelope's height below it
  const pad = Math.max(hi - lo, 1e-6);
  lo -= pad * 0.5;
  hi += pad * 0.1;
  const x = (t: number) => ((t - t0) / (t1 - t0)) * w;
  const y = (v: number) => h - ((Math.max(lo, Math.min(hi, v)) - lo) / (hi - lo)) * h;
  const f = (n: number) => n.toFixed(1);
  const pieces = u.pieces.map((_, p) => `M${f(x(t0))},${f(y(value(p, t0)))}L${f(x(t1))},${f(y(value(p, t1)))}`);
  const envelope = u.envelope
    .map((s, i) => `${i === 0 ? 'M' : 'L'}${f(x(s.from))},${f(y(value(s.piece, s.from)))}L${f(x(s.to))},${f(y(value(s.piece, s.to)))}`)
    .join('');
  return { pieces, envelope, zeroY: lo <= 0 && hi >= 0 ? y(0) : null, meanX: x(0), yMin: lo, yMax: hi };
}

/** The gallery's order: by shape (ReLU-like first), then by how evenly the samples split between pieces. */
export function galleryOrder(units: MaxoutUnitView[]): MaxoutUnitView[] {
  const rank = (u: MaxoutUnitView) => UNIT_SHAPES.indexOf(u.shape);
  const balance = (u: MaxoutUnitView) => 1 - Math.max(...u.pieces.map((p) => p.share));
  return [...units].sort((a, b) => rank(a) - rank(b) || balance(b) - balance(a) || a.unit - b.unit);
}

export interface AlphaGrid {
  /** the α axis shared by every epoch: rows bins from lo to hi (the initial α included) */
  lo: number;
  hi: number;
  rows: number;
  /** per column: its last epoch */
  epochs: number[];
  /** epochs per column: 1, or a power of two in a run of more epochs than columns (each column then spans that many, aligned to multiples of it) */
  perColumn: number;
  /** counts[c][r]: neurons whose α falls in row r (bin centres placed on the shared axis), in column c's epoch; the mean over the column's epochs with a histogram when it spans several */
  counts: number[][];
  peak: number;
  /** the α every neuron started at, null when not given */
  initial: number | null;
}

/** Most columns of the α-over-epochs picture: a longer run puts a power-of-two number of epochs in each. */
export const ALPHA_COLUMNS = 120;

/**
 * Each epoch's α histogram re-binned onto one α axis (its bins' centres), for a heatmap of α over
 * epochs; the axis also spans `initial`. At most `maxColumns` columns, linear in the epoch number: in
 * a longer run each column spans a power-of-two number of epochs and holds the mean of the counts of
 * those of them that have a histogram (a long run keeps older epochs' histograms one in so many).
 */
export function alphaGrid(
  epochs: { epoch: number; histogram: Histogram }[],
  rows = 24,
  initial: number | null = null,
  maxColumns = ALPHA_COLUMNS,
): AlphaGrid | null {
  if (epochs.length === 0) return null;
  const ends = initial === null ? [] : [initial];
  let lo = Math.min(...epochs.map((e) => e.histogram.min), ...ends);
  let hi = Math.max(...epochs.map((e) => e.histogram.max), ...ends);
  if (hi - lo < 1e-9) {
    lo -= 0.05;
    hi += 0.05;
  }
  const last = epochs.at(-1)!.epoch;
  const perColumn = last > maxColumns ? binSize(last, maxColumns) : 1;
  // columns by epoch number: (epoch − 1) / perColumn; a single-epoch column per epoch listed otherwise
  const key = (epoch: number) => (perColumn === 1 ? epoch : Math.floor((epoch - 1) / perColumn));
  const columns = new Map<number, { sum: number[]; n: number; end: number }>();
  for (const { epoch, histogram: h } of epochs) {
    const k = key(epoch);
    let col = columns.get(k);
    if (!col) columns.set(k, (col = { sum: new Array<number>(rows).fill(0), n: 0, end: perColumn === 1 ? epoch : Math.min(last, (k + 1) * perColumn) }));
    const width = (h.max - h.min) / h.counts.length;
    h.counts.forEach((c, i) => {
      const centre = h.min + (i + 0.5) * width;
      const r = Math.min(rows - 1, Math.max(0, Math.floor(((centre - lo) / (hi - lo)) * rows)));
      col.sum[r]! += c;
    });
    col.n++;
  }
  const ordered = [...columns.values()];
  const counts = ordered.map((c) => c.sum.map((v) => v / c.n));
  const peak = Math.max(0, ...counts.flat());
  return { lo, hi, rows, epochs: ordered.map((c) => c.end), perColumn, counts, peak, initial };
}

/** The row r of a grid over [lo, hi] as the α interval it holds. */
export function alphaRow(g: AlphaGrid, r: number): [number, number] {
  const step = (g.hi - g.lo) / g.rows;
  return [g.lo + r * step, g.lo + (r + 1) * step];
}

/** Which of n columns, colW apart, get an epoch label: the first, every k-th so labels are at least `gap` apart, and the last (replacing a labelled column too close to it). */
export function epochTicks(n: number, colW: number, gap = 18): number[] {
  const every = Math.max(1, Math.ceil(gap / colW));
  const ticks: number[] = [];
  for (let i = 0; i < n; i += every) ticks.push(i);
  if (n > 0 && ticks.at(-1) !== n - 1) {
    if (ticks.length > 1 && (n - 1 - ticks.at(-1)!) * colW < gap) ticks.pop();
    ticks.push(n - 1);
  }
  return ticks;
}

/**
 * Numbers written with the fewest decimals (2 to 6) that keep distinct values distinct, so an axis from
 * 0.2498 to 0.2503 does not read "0.25 to 0.25". Values of 100 or more, or below 0.01, in exponent form.
 */
export function distinctLabels(values: number[]): string[] {
  if (values.some((v) => v !== 0 && (Math.abs(v) >= 100 || Math.abs(v) < 0.01))) return values.map((v) => (v === 0 ? '0' : v.toExponential(2)));
  for (let d = 2; d < 6; d++) {
    const out = values.map((v) => v.toFixed(d));
    if (new Set(out).size === new Set(values).size) return out;
  }
  return values.map((v) => v.toFixed(6));
}

export interface AlphaCurves {
  /** f(z) for each α, one path each, over the plot's inner box */
  paths: string[];
  /** the x of z = 0 and the y of f = 0 (both inside the plot: the z range includes 0 and so do the values) */
  zeroX: number;
  zeroY: number;
}

/** The activation f(z) = z for z > 0, and α·z (PReLU, Leaky ReLU) or α·(eᶻ − 1) (ELU) below, for each α, in a w×h box with `pad` px margins. */
export function alphaCurves(kind: FixedAlphaKind, alphas: number[], zRange: [number, number], w: number, h: number, pad = 3): AlphaCurves {
  const z0 = Math.min(zRange[0], 0);
  const z1 = Math.max(zRange[1], 0);
  const N = 60;
  const zs = Array.from({ length: N + 1 }, (_, i) => z0 + ((z1 - z0) * i) / N);
  const f = (a: number, z: number) => (z > 0 ? z : kind === 'elu' ? a * (Math.exp(z) - 1) : a * z);
  const values = alphas.map((a) => zs.map((z) => f(a, z)));
  const lo = Math.min(0, ...values.flat());
  const hi = Math.max(0, ...values.flat());
  const x = (z: number) => pad + ((z - z0) / (z1 - z0 || 1)) * (w - 2 * pad);
  const y = (v: number) => h - pad - ((v - lo) / (hi - lo || 1)) * (h - 2 * pad);
  const paths = values.map((ys) => ys.map((v, i) => `${i ? 'L' : 'M'}${x(zs[i]!).toFixed(1)},${y(v).toFixed(1)}`).join(''));
  return { paths, zeroX: x(0), zeroY: y(0) };
}
