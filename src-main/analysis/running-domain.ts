// Colour domains over series that only grow (a live run's step series): the log10 range of each
// series is kept per series array and extended by the values appended since the last call, so the
// cost per update is the number of new values, not the length of the run. A series that got
// shorter (a different array reused) is read again from the start. Agrees with domainFromSeries
// (colour.ts), the full recomputation. Pure apart from the cache, which holds no series alive.
import { domainFromLogRange, type ColourDomain } from './colour';

interface LogRange {
  seen: number;
  lo: number;
  hi: number;
}

const ranges = new WeakMap<readonly (number | null)[], LogRange>();

/** log10 of the smallest and largest positive finite value of a series (lo = +∞ when none), read incrementally. */
export function runningLogRange(series: readonly (number | null | undefined)[]): { lo: number; hi: number } {
  let r = ranges.get(series as readonly (number | null)[]);
  if (!r || r.seen > series.length) {
    r = { seen: 0, lo: Infinity, hi: -Infinity };
    ranges.set(series as readonly (number | null)[], r);
  }
  for (let i = r.seen; i < series.length; i++) {
    const v = series[i];
    if (v === null || v === undefined || !(v > 0) || v === Infinity) continue;
    const l = Math.log10(v);
    if (l < r.lo) r.lo = l;
    if (l > r.hi) r.hi = l;
  }
  r.seen = series.length;
  return { lo: r.lo, hi: r.hi };
}

/**
 * The series' entries [0, consumed) were replaced in place by `produced` entries standing for the
 * same values (bins whose means lie within them): the range read so far stays (it keeps the extremes
 * of the values folded away), and reading goes on where it was.
 */
export function rebaseRunningRange(series: readonly (number | null | undefined)[], consumed: number, produced: number): void {
  const r = ranges.get(series as readonly (number | null)[]);
  if (!r) return;
  // values not read before the fold: read the bins that stand for them (within the range of what they replace)
  r.seen = r.seen >= consumed ? r.seen - consumed + produced : 0;
}

/** The colour domain over several growing series at once (e.g. every layer's kernel statistic of a run). */
export function runningDomain(series: Iterable<readonly (number | null | undefined)[]>): ColourDomain {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    const r = runningLogRange(s);
    if (r.lo < lo) lo = r.lo;
    if (r.hi > hi) hi = r.hi;
  }
  return domainFromLogRange(lo, hi);
}
