// The saturation view's pictures: per hidden layer, one column per epoch (or per power-of-two group
// of epochs in a long run) of the pre-activation or activation histogram, on one value axis shared
// by every epoch (each epoch's bins, measured between its own min and max, are moved into the shared
// bins by their centres). Pure apart from a cache of what a live run's strips have read so far.
import type { Histogram } from '../contract/events';
import type { KeptEpoch } from '../contract/project';
import { IncrementalBins } from './binning';

export interface Strip {
  /** value axis: bin b covers lo + b·(hi − lo)/bins … */
  lo: number;
  hi: number;
  bins: number;
  /** per column: its (last) epoch */
  epochs: number[];
  /** epochs per column (1, or a power of two when there are more epochs than columns; the last may hold fewer) */
  epochsPerColumn: number;
  /** per column, per bin: the share of the column's values, the mean over its epochs that have the histogram (each column sums to 1; NaN in a column none of whose epochs has it) */
  columns: number[][];
}

function rebin(h: Histogram, lo: number, hi: number, bins: number): number[] {
  const out = new Array<number>(bins).fill(0);
  const total = h.counts.reduce((s, c) => s + c, 0);
  if (total <= 0) return out;
  const width = (h.max - h.min) / h.counts.length;
  const span = hi - lo;
  h.counts.forEach((c, i) => {
    const centre = h.min + (i + 0.5) * width;
    const b = span > 0 ? Math.min(bins - 1, Math.max(0, Math.floor(((centre - lo) / span) * bins))) : 0;
    out[b]! += c / total;
  });
  return out;
}

/** Default most columns of a strip: epochs beyond it share a column (a power-of-two number of them). */
export const STRIP_COLUMNS = 128;

/** The value axis a strip is drawn on: the measured range widened to multiples of a power of two
 * an eighth of its span or less, so it moves only when the values outgrow it noticeably. */
export function stripAxis(lo: number, hi: number): { lo: number; hi: number } {
  const span = hi - lo;
  if (!(span > 0)) return { lo, hi };
  const unit = 2 ** (Math.ceil(Math.log2(span)) - 3);
  return { lo: Math.floor(lo / unit) * unit, hi: Math.ceil(hi / unit) * unit };
}

/** One strip kept up to date as epochs arrive: per shared bin, the epochs' shares in power-of-two groups of epoch numbers. */
interface StripState {
  /** the range of every histogram read */
  lo: number;
  hi: number;
  /** how many epochs had the histogram */
  measured: number;
  axis: { lo: number; hi: number } | null;
  /** the first epoch that measured the layer: the strip starts there (1 but in runs saved before it was measured) */
  origin: number;
  /** per shared bin; index i is epoch origin + i (an epoch without the histogram counts in its column, without a value) */
  rows: IncrementalBins[];
  /** read but not yet in the rows */
  pending: { epoch: number; h: Histogram }[];
}

/** What has been read of a run's epoch list (by its first record, which every later version of a live run shares), per key. */
const readers = new WeakMap<KeptEpoch, Map<string, { read: number; last: KeptEpoch | undefined; state: unknown }>>();

/** The state for `key`, extended by the epochs not read before (from the start when the list is not an extension of the last one). */
function extend<S>(epochs: readonly KeptEpoch[], key: string, make: () => S, each: (s: S, e: KeptEpoch) => void): S | null {
  const first = epochs[0];
  if (!first) return null;
  let byKey = readers.get(first);
  if (!byKey) readers.set(first, (byKey = new Map()));
  let r = byKey.get(key);
  if (!r || r.read > epochs.length || epochs[r.read - 1] !== r.last) byKey.set(key, (r = { read: 0, last: undefined, state: make() }));
  const state = r.state as S;
  for (let i = r.read; i < epochs.length; i++) each(state, epochs[i]!);
  r.read = epochs.length;
  r.last = epochs.at(-1);
  return state;
}

function histogramOf(e: KeptEpoch, node: string, kind: 'pre' | 'post'): Histogram | null {
  const h = e.activations?.find((a) => a.node === node)?.[kind];
  return h && Number.isFinite(h.min) && Number.isFinite(h.max) ? h : null;
}

/**
 * The strip of one layer's `kind` histograms over the epochs that measured it; null when none did.
 * At most `maxColumns` columns: when there are more epochs, each column holds a power-of-two number
 * of consecutive epochs, aligned to multiples of it, and shows the mean of the shares of those of
 * its epochs that have the histogram (in a long run older epochs keep theirs only every so many
 * epochs, epoch-series.ts, and every column keeps at least one). A live run's growing epoch list is
 * read only from where it was last read (and again from the start when the value axis widens).
 */
export function activationStrip(epochs: readonly KeptEpoch[], node: string, kind: 'pre' | 'post', bins = 24, maxColumns = STRIP_COLUMNS): Strip | null {
  const st = extend<StripState>(
    epochs,
    `strip|${node}|${kind}|${bins}|${maxColumns}`,
    () => ({ lo: Infinity, hi: -Infinity, measured: 0, origin: 0, axis: null, rows: [], pending: [] }),
    (s, e) => {
      // the strip starts at the first epoch that measured the layer, whether or not it still keeps the histogram
      if (s.origin === 0 && e.activations?.some((a) => a.node === node)) s.origin = e.epoch;
      const h = histogramOf(e, node, kind);
      if (!h) return;
      s.pending.push({ epoch: e.epoch, h });
      s.measured++;
      s.lo = Math.min(s.lo, h.min);
      s.hi = Math.max(s.hi, h.max);
    },
  );
  if (!st || st.measured === 0) return null;
  const axis = stripAxis(st.lo, st.hi);
  if (!st.axis || axis.lo !== st.axis.lo || axis.hi !== st.axis.hi) {
    // a wider axis moves every epoch's shares: read the list's histograms again
    st.axis = axis;
    st.rows = Array.from({ length: bins }, () => new IncrementalBins(maxColumns));
    st.pending = epochs.flatMap((e) => {
      const h = histogramOf(e, node, kind);
      return h ? [{ epoch: e.epoch, h }] : [];
    });
  }
  for (const { epoch, h } of st.pending) {
    const col = rebin(h, axis.lo, axis.hi, bins);
    const at = epoch - st.origin;
    st.rows.forEach((row, b) => row.updateBy(at + 1, (i) => (i === at ? col[b] : undefined)));
  }
  st.pending = [];
  const rows = st.rows;
  const columns = Array.from({ length: rows[0]!.length }, (_, c) => rows.map((r) => r.mean(c)));
  return {
    lo: axis.lo,
    hi: axis.hi,
    bins,
    epochs: columns.map((_, c) => st.origin - 1 + rows[0]!.range(c).end),
    epochsPerColumn: rows[0]!.size,
    columns,
  };
}

/**
 * A layer's saturated share over the epochs that measured it, as at most `maxPoints` points (each
 * the mean of a power-of-two number of consecutive epochs), read incrementally like the strips.
 */
export function saturationLine(epochs: readonly KeptEpoch[], node: string, maxPoints = STRIP_COLUMNS): number[] {
  const st = extend<{ values: number[]; bins: IncrementalBins }>(
    epochs,
    `saturation|${node}|${maxPoints}`,
    () => ({ values: [], bins: new IncrementalBins(maxPoints) }),
    (s, e) => {
      const v = e.activations?.find((a) => a.node === node)?.saturated;
      if (v !== null && v !== undefined) s.values.push(v);
    },
  );
  if (!st) return [];
  st.bins.update(st.values);
  return Array.from({ length: st.bins.length }, (_, i) => st.bins.mean(i));
}
