// Geometry of the learned-activations panel: a Maxout unit's pieces and their max as SVG paths in a
// small plot, the gallery's order, and PReLU's α per neuron over epochs as a grid of counts on one
// α axis. Pure, so it is tested without a page.
import { UNIT_SHAPES, type MaxoutUnitView } from '../../../src-main/contract/activations';
import type { Histogram } from '../../../src-main/contract/events';

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
  /** the α axis shared by every epoch: rows bins from lo to hi */
  lo: number;
  hi: number;
  rows: number;
  epochs: number[];
  /** counts[e][r]: neurons of epoch epochs[e] whose α falls in row r (bin centres placed on the shared axis) */
  counts: number[][];
  peak: number;
}

/** Each epoch's α histogram re-binned onto one α axis (its bins' centres), for a heatmap of α over epochs. */
export function alphaGrid(epochs: { epoch: number; histogram: Histogram }[], rows = 24): AlphaGrid | null {
  if (epochs.length === 0) return null;
  let lo = Math.min(...epochs.map((e) => e.histogram.min));
  let hi = Math.max(...epochs.map((e) => e.histogram.max));
  if (hi - lo < 1e-9) {
    lo -= 0.05;
    hi += 0.05;
  }
  let peak = 0;
  const counts = epochs.map(({ histogram: h }) => {
    const col = new Array<number>(rows).fill(0);
    const width = (h.max - h.min) / h.counts.length;
    h.counts.forEach((c, i) => {
      const centre = h.min + (i + 0.5) * width;
      const r = Math.min(rows - 1, Math.max(0, Math.floor(((centre - lo) / (hi - lo)) * rows)));
      col[r]! += c;
    });
    peak = Math.max(peak, ...col);
    return col;
  });
  return { lo, hi, rows, epochs: epochs.map((e) => e.epoch), counts, peak };
}
