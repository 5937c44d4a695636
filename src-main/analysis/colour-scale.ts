// Value → colour for every map, legend and tick, on d3's scales: a perceptual sequential map
// (viridis, sampled at 256 stops from d3-scale-chromatic's interpolator; lightness rises along it)
// for magnitudes on a log scale, so a vanishing gradient reads dark and a large one bright; and a
// diverging map (red–white–blue) for signed values such as weights, white at 0. Log ticks come from
// d3-scale's log scale and are labelled with d3-format. Pure. The domain (log10 bounds) is computed
// elsewhere (colour.ts); this module only maps values within it.
import { rgb } from 'd3-color';
import { format } from 'd3-format';
import { scaleDiverging, scaleLog, type ScaleLogarithmic } from 'd3-scale';
import { interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';

export type Rgb = readonly [number, number, number];

/** Bounds of the scale in log10 units: lo maps to the dark end, hi to the bright end. */
export interface ColourDomain {
  lo: number;
  hi: number;
}

/** Shown where there is no value (NaN, negative, missing). A neutral mid grey, off the ramp. */
export const NO_DATA_RGB: Rgb = [128, 128, 128];

const LUT_SIZE = 256;
/** viridis at 256 stops as RGB bytes: the canvas path indexes this instead of interpolating. */
const LUT: Uint8ClampedArray = buildLut();

function buildLut(): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const c = rgb(interpolateViridis(i / (LUT_SIZE - 1)));
    lut[i * 3] = c.r;
    lut[i * 3 + 1] = c.g;
    lut[i * 3 + 2] = c.b;
  }
  return lut;
}

function lutAt(t: number): Rgb {
  const i = Math.round(Math.min(1, Math.max(0, t)) * (LUT_SIZE - 1)) * 3;
  return [LUT[i]!, LUT[i + 1]!, LUT[i + 2]!];
}

/** The sequential ramp's colour at t ∈ [0,1] (clamped); NaN → NO_DATA_RGB. */
export function rampRgb(t: number): Rgb {
  if (Number.isNaN(t)) return NO_DATA_RGB;
  return lutAt(t);
}

let cached: { lo: number; hi: number; scale: ScaleLogarithmic<number, number> } | null = null;

/** The log scale from magnitudes in the domain to [0,1], clamped (one kept for the last domain asked). */
function logScale(domain: ColourDomain): ScaleLogarithmic<number, number> {
  if (cached && cached.lo === domain.lo && cached.hi === domain.hi) return cached.scale;
  const scale = scaleLog()
    .domain([10 ** domain.lo, 10 ** domain.hi])
    .range([0, 1])
    .clamp(true);
  cached = { lo: domain.lo, hi: domain.hi, scale };
  return scale;
}

/**
 * Position of a magnitude on the scale, t ∈ [0,1], or NaN when there is nothing to show
 * (NaN or negative). 0 sits at the dark end (log10 0 = −∞), +∞ at the bright end; values outside
 * the domain are clamped to its ends.
 */
export function scalePosition(value: number, domain: ColourDomain): number {
  if (Number.isNaN(value) || value < 0) return NaN;
  if (value === 0) return 0;
  if (value === Infinity) return 1;
  if (!(domain.hi - domain.lo > 0)) return 0.5;
  return logScale(domain)(value);
}

/** RGB bytes for a magnitude (for canvas ImageData). */
export function magnitudeRgb(value: number, domain: ColourDomain): Rgb {
  return rampRgb(scalePosition(value, domain));
}

/** Writes the magnitude's colour as opaque RGBA into `data` at byte `offset` (no allocation). */
export function writeMagnitudeRgba(data: Uint8ClampedArray, offset: number, value: number, domain: ColourDomain): void {
  const t = scalePosition(value, domain);
  if (Number.isNaN(t)) {
    data[offset] = NO_DATA_RGB[0];
    data[offset + 1] = NO_DATA_RGB[1];
    data[offset + 2] = NO_DATA_RGB[2];
  } else {
    const i = Math.round(t * (LUT_SIZE - 1)) * 3;
    data[offset] = LUT[i]!;
    data[offset + 1] = LUT[i + 1]!;
    data[offset + 2] = LUT[i + 2]!;
  }
  data[offset + 3] = 255;
}

function hex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((n) => n.toString(16).padStart(2, '0')).join('')}`;
}

/** CSS colour string ("#rrggbb") for a magnitude, e.g. to tint a layer node. */
export function magnitudeCss(value: number, domain: ColourDomain): string {
  return hex(magnitudeRgb(value, domain));
}

/** Black or white, whichever reads better on top of the magnitude's colour. */
export function textOnMagnitude(value: number, domain: ColourDomain): '#000000' | '#ffffff' {
  const [r, g, b] = magnitudeRgb(value, domain);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 140 ? '#000000' : '#ffffff';
}

/** Evenly spaced stops of the sequential ramp, for a CSS or canvas gradient (17 by default: the
 * interpolation between them is within a byte or two of the 256-stop map). */
export function rampStops(count = 17): { t: number; rgb: Rgb }[] {
  return Array.from({ length: count }, (_, i) => {
    const t = i / (count - 1);
    return { t, rgb: lutAt(t) };
  });
}

/** The same stops as a CSS linear-gradient list ("#440154 0%, …"). */
export function rampCss(count = 17): string {
  return rampStops(count)
    .map((s) => `${hex(s.rgb)} ${(s.t * 100).toFixed(1)}%`)
    .join(', ');
}

/** Log10 values of the legend's ticks: d3's log ticks (decades, or 2·10ᵏ, 5·10ᵏ … within a short span),
 * thinned evenly to at most `maxTicks`. */
export function legendTicks(domain: ColourDomain, maxTicks = 6): number[] {
  if (!(domain.hi - domain.lo > 0)) return [domain.lo];
  let ticks = logScale(domain)
    .ticks(maxTicks)
    .map((v) => Math.log10(v));
  if (ticks.length > maxTicks) {
    const decades = ticks.filter((t) => Math.abs(t - Math.round(t)) < 1e-9).map(Math.round);
    ticks = decades.length >= 2 ? decades : ticks;
  }
  if (ticks.length > maxTicks) {
    const every = Math.ceil(ticks.length / maxTicks);
    ticks = ticks.filter((_, i) => i % every === 0);
  }
  return ticks.filter((t) => t >= domain.lo - 1e-9 && t <= domain.hi + 1e-9);
}

const plainFormat = format('.2~g');
const expFormat = format('.1~e');

/** A log10 tick as the magnitude it stands for: plain from 0.01 to 1000 (0.02, 1, 10), else in
 * exponent form (1e-3, 3.2e-5). */
export function logTickLabel(log10: number): string {
  const v = 10 ** log10;
  return v >= 0.01 && v < 1000 ? plainFormat(v) : expFormat(v).replace('e+', 'e');
}

let divergingCache: { m: number; scale: (v: number) => string } | null = null;

/** The diverging map's colour for a signed value: blue below 0, white at 0, red above, saturating at ±maxAbs. */
export function signedCss(value: number, maxAbs: number): string {
  if (!Number.isFinite(value)) return hex(NO_DATA_RGB);
  const m = maxAbs > 0 && Number.isFinite(maxAbs) ? maxAbs : 1;
  if (!divergingCache || divergingCache.m !== m) {
    // RdBu runs red → white → blue; reversed so that positive reads red
    const s = scaleDiverging((t: number) => interpolateRdBu(1 - t))
      .domain([-m, 0, m])
      .clamp(true);
    divergingCache = { m, scale: (v) => s(v) };
  }
  return hex(rgbOf(divergingCache.scale(value)));
}

function rgbOf(css: string): Rgb {
  const c = rgb(css);
  return [Math.round(c.r), Math.round(c.g), Math.round(c.b)];
}
