// The gradient colour scale: log10 of a magnitude → a perceptual colour on a dark-to-bright
// ramp (dark purple → blue → teal → green → yellow, lightness rising monotonically), so a small
// (vanishing) gradient reads as dark and a large one as bright. Pure.

export type Rgb = readonly [number, number, number];

/** Bounds of the scale in log10 units: lo maps to the dark end, hi to the bright end. */
export interface ColourDomain {
  lo: number;
  hi: number;
}

/** Shown where there is no value (NaN, negative, missing). A neutral mid grey, off the ramp. */
export const NO_DATA_RGB: Rgb = [128, 128, 128];

/** Our ramp's anchor colours, evenly spaced in t ∈ [0,1]; lightness increases along it. */
const ANCHORS: readonly Rgb[] = [
  [68, 1, 84],
  [72, 36, 117],
  [64, 67, 135],
  [52, 94, 141],
  [41, 120, 142],
  [32, 144, 140],
  [34, 167, 132],
  [68, 190, 112],
  [121, 209, 81],
  [189, 222, 38],
  [253, 231, 37],
];

const LUT_SIZE = 256;
/** 256 RGB triples, precomputed once: the canvas path indexes this instead of interpolating. */
const LUT: Uint8ClampedArray = buildLut();

function buildLut(): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const [r, g, b] = interpolate(i / (LUT_SIZE - 1));
    lut[i * 3] = r;
    lut[i * 3 + 1] = g;
    lut[i * 3 + 2] = b;
  }
  return lut;
}

function interpolate(t: number): Rgb {
  const x = Math.min(1, Math.max(0, t)) * (ANCHORS.length - 1);
  const i = Math.min(ANCHORS.length - 2, Math.floor(x));
  const f = x - i;
  const a = ANCHORS[i]!;
  const b = ANCHORS[i + 1]!;
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f),
  ];
}

/** The ramp's colour at t ∈ [0,1] (clamped); NaN → NO_DATA_RGB. */
export function rampRgb(t: number): Rgb {
  if (Number.isNaN(t)) return NO_DATA_RGB;
  return interpolate(t);
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
  const span = domain.hi - domain.lo;
  if (!(span > 0)) return 0.5;
  const t = (Math.log10(value) - domain.lo) / span;
  return Math.min(1, Math.max(0, t));
}

/** RGB bytes for a magnitude (for canvas ImageData). */
export function magnitudeRgb(value: number, domain: ColourDomain): Rgb {
  const t = scalePosition(value, domain);
  if (Number.isNaN(t)) return NO_DATA_RGB;
  const i = Math.round(t * (LUT_SIZE - 1)) * 3;
  return [LUT[i]!, LUT[i + 1]!, LUT[i + 2]!];
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

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** CSS colour string ("#rrggbb") for a magnitude, e.g. to tint a layer node. */
export function magnitudeCss(value: number, domain: ColourDomain): string {
  const [r, g, b] = magnitudeRgb(value, domain);
  return `#${hex2(r)}${hex2(g)}${hex2(b)}`;
}

/** Black or white, whichever reads better on top of the magnitude's colour. */
export function textOnMagnitude(value: number, domain: ColourDomain): '#000000' | '#ffffff' {
  const [r, g, b] = magnitudeRgb(value, domain);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 140 ? '#000000' : '#ffffff';
}

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

/** The ramp's anchor colours with their positions, e.g. for a CSS or canvas gradient. */
export function rampStops(): { t: number; rgb: Rgb }[] {
  return ANCHORS.map((rgb, i) => ({ t: i / (ANCHORS.length - 1), rgb }));
}

/** Domain over several series at once (e.g. every layer's kernel-norm column of a run). */
export function domainFromSeries(series: Iterable<Iterable<number | null | undefined>>): ColourDomain {
  function* all(): Generator<number | null | undefined> {
    for (const s of series) yield* s;
  }
  return domainFromValues(all());
}

/** Evenly spaced tick values (log10 units) for a legend: whole decades when the span allows. */
export function legendTicks(domain: ColourDomain, maxTicks = 6): number[] {
  const span = domain.hi - domain.lo;
  if (!(span > 0)) return [domain.lo];
  const steps = [0.1, 0.2, 0.5, 1, 2, 5, 10];
  const step = steps.find((s) => span / s <= maxTicks - 1) ?? Math.ceil(span / (maxTicks - 1));
  const ticks: number[] = [];
  for (let v = Math.ceil(domain.lo / step - 1e-9) * step; v <= domain.hi + 1e-9; v += step) {
    ticks.push(Math.round(v * 1000) / 1000);
  }
  return ticks;
}
