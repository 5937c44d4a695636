// A run's epoch records in bounded memory, however many epochs it trains. Every epoch keeps its
// figures (losses, accuracies, weight norms, saturated shares: the curves stay whole); what grows is
// the histograms each epoch carries (weights, PReLU α, pre-activations and activations per layer).
// The newest `recent` epochs keep theirs; before them, only epochs whose number is a multiple of a
// power-of-two stride do, the stride doubling as the run grows, so at most recent + kept epochs
// hold histograms. Thinning happens at most once per kept/2 new epochs, and depends only on the
// records, so a saved run is held and saved in the same form as a live one. Pure.
import type { KeptEpoch } from '../contract/project';

type EpochRecord = KeptEpoch;

export interface EpochLimits {
  /** the newest epochs that always keep their histograms */
  recent: number;
  /** at most this many older epochs keep theirs */
  kept: number;
}

/** 256 recent epochs and up to 256 older ones: at most 512 epochs with histograms per run. */
export const EPOCH_LIMITS: EpochLimits = { recent: 256, kept: 256 };

/** True when the record carries any histogram. */
export function hasHistograms(e: EpochRecord): boolean {
  return (
    e.weights.some((w) => w.histogram !== undefined || w.alpha?.histogram !== undefined) ||
    (e.activations ?? []).some((a) => a.pre !== undefined || a.post !== undefined)
  );
}

function withoutHistograms(e: EpochRecord): EpochRecord {
  const weights = e.weights.map(({ histogram: _h, ...w }) => {
    if (!w.alpha) return w;
    const { histogram: _a, ...alpha } = w.alpha;
    return { ...w, alpha };
  });
  const activations = e.activations?.map(({ pre: _p, post: _q, ...a }) => a);
  return { ...e, weights, ...(activations ? { activations } : {}) };
}

/**
 * The records with older epochs' histograms thinned when more than recent + kept epochs hold them;
 * the same array when nothing needs thinning. A thinned list is a new array whose first record is a
 * new object, so a reader caching what it read of a list by its first record reads it again.
 */
export function thinEpochs(epochs: readonly EpochRecord[], limits: EpochLimits = EPOCH_LIMITS): EpochRecord[] {
  const older = epochs.length - limits.recent;
  if (older <= 0) return epochs as EpochRecord[];
  let holding = 0;
  for (const e of epochs) if (hasHistograms(e)) holding++;
  if (holding <= limits.recent + limits.kept) return epochs as EpochRecord[];
  // the stride that leaves the older epochs at most half the budget, so the next thinning is kept/2 epochs away
  const lastOlder = epochs[older - 1]!.epoch;
  let stride = 2;
  while (Math.floor(lastOlder / stride) > limits.kept / 2) stride *= 2;
  const out = epochs.map((e, i) => (i < older && e.epoch % stride !== 0 && hasHistograms(e) ? withoutHistograms(e) : e));
  out[0] = { ...out[0]! };
  return out;
}

/** Which epochs of a run keep their histograms: all from `from` on; before it, every `stride`-th. null when none was thinned. */
export function keptHistograms(epochs: readonly EpochRecord[]): { stride: number; from: number } | null {
  let from = epochs.length;
  while (from > 0 && hasHistograms(epochs[from - 1]!)) from--;
  if (from === 0 || from === epochs.length) return null;
  let stride = 0;
  for (let i = 0; i < from; i++) {
    const n = epochs[i]!.epoch;
    if (hasHistograms(epochs[i]!)) stride = stride === 0 ? lowestBit(n) : Math.min(stride, lowestBit(n));
  }
  return { stride: Math.max(stride, 1), from: epochs[from]!.epoch };
}

/** The largest power of two dividing n. */
function lowestBit(n: number): number {
  let b = 1;
  while (n % (b * 2) === 0 && b < 2 ** 30) b *= 2;
  return b;
}
