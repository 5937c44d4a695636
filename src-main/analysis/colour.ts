// The gradient colour scale's domain: the log10 bounds of the magnitudes shown, from data. The map
// from a value to its colour within the domain, the legend and its ticks are in colour-scale.ts. Pure.

import type { ColourDomain } from './colour-scale';

// the value → colour maps, legends and ticks (d3-based) live in colour-scale.ts
export {
  legendTicks,
  logTickLabel,
  magnitudeCss,
  magnitudeRgb,
  NO_DATA_RGB,
  rampCss,
  rampRgb,
  rampStops,
  scalePosition,
  signedCss,
  textOnMagnitude,
  writeMagnitudeRgba,
  type ColourDomain,
  type Rgb,
} from './colour-scale';

/** Fallback domain when the data holds no positive finite magnitude. */
export const DEFAULT_DOMAIN: ColourDomain = { lo: -6, hi: 0 };

/**
 * The scale's domain from data: log10 of the smallest and largest positive finite magnitudes,
 * widened outward to whole tenths of a decade. Zeros, NaN, negatives and infinities are ignored;
 * with no usable value → DEFAULT_DOMAIN; a single distinct value → ±0.5 decade around it.
 */
export function domainFromValues(values: Iterable<number | null | undefined>): ColourDomain {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || v === undefined || !(v > 0) || v === Infinity) continue;
    const l = Math.log10(v);
    if (l < lo) lo = l;
    if (l > hi) hi = l;
  }
  return domainFromLogRange(lo, hi);
}

/**
 * The domain for data whose log10 magnitudes span [lo, hi] (lo = +∞ when there is no data):
 * widened outward to whole tenths of a decade; a single value gets ±0.5 decade.
 */
export function domainFromLogRange(lo: number, hi: number): ColourDomain {
  if (!(lo <= hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) return { ...DEFAULT_DOMAIN };
  if (hi - lo < 1e-9) return { lo: lo - 0.5, hi: hi + 0.5 };
  return { lo: Math.floor(lo * 10) / 10, hi: Math.ceil(hi * 10) / 10 };
}

/** Domain over several series at once (e.g. every layer's kernel-norm column of a run). */
export function domainFromSeries(series: Iterable<Iterable<number | null | undefined>>): ColourDomain {
  function* all(): Generator<number | null | undefined> {
    for (const s of series) yield* s;
  }
  return domainFromValues(all());
}
