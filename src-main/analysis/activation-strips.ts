// The saturation view's pictures: per hidden layer, one column per epoch of the pre-activation or
// activation histogram, on one value axis shared by every epoch (each epoch's bins, measured between
// its own min and max, are moved into the shared bins by their centres). Pure.
import type { EpochRecord, Histogram, LayerActivationStats } from '../contract/events';

export interface Strip {
  /** value axis: bin b covers lo + b·(hi − lo)/bins … */
  lo: number;
  hi: number;
  bins: number;
  epochs: number[];
  /** per epoch, per bin: the share of that epoch's values (each column sums to 1, or all 0 when not measured) */
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

/** The strip of one layer's `kind` histograms over the epochs that measured it; null when none did. */
export function activationStrip(epochs: readonly EpochRecord[], node: string, kind: 'pre' | 'post', bins = 24): Strip | null {
  const measured = epochs
    .map((e) => ({ epoch: e.epoch, s: e.activations?.find((a) => a.node === node) }))
    .filter((x): x is { epoch: number; s: LayerActivationStats } => !!x.s && Number.isFinite(x.s[kind].min) && Number.isFinite(x.s[kind].max));
  if (measured.length === 0) return null;
  const lo = Math.min(...measured.map((m) => m.s[kind].min));
  const hi = Math.max(...measured.map((m) => m.s[kind].max));
  return { lo, hi, bins, epochs: measured.map((m) => m.epoch), columns: measured.map((m) => rebin(m.s[kind], lo, hi, bins)) };
}

/** The saturated fraction per epoch of one layer (null where not measured or not saturating). */
export function saturationSeries(epochs: readonly EpochRecord[], node: string): { epoch: number; saturated: number | null }[] {
  return epochs.map((e) => ({ epoch: e.epoch, saturated: e.activations?.find((a) => a.node === node)?.saturated ?? null }));
}
