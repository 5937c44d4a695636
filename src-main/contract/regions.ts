// What the decision-regions view shows, as the trainer sends it ('regions' event) and a project file
// keeps it (the run's last picture). Two kinds: a 2-feature classifier's predicted class over a grid of
// the data's extent, or a 1-feature regression's learned function as a curve. Images travel as base64
// bytes (one byte per cell) to keep the messages small. Pure.
import { z } from 'zod';

/** Most pictures per second the app's trainer sends (at least one per epoch whenever an epoch is longer). */
export const REGIONS_PER_SECOND = 4;
/** Cells across and down of the class image. */
export const REGION_GRID = 64;
/** Cells across and down of each neuron's activation image. */
export const NEURON_GRID = 24;
/** Points on a regression curve. */
export const CURVE_POINTS = 200;
/** Samples of a neuron's activation along a 1-D input. */
export const NEURON_CURVE_POINTS = 50;
/** At most this many training and this many test points are drawn (an evenly spaced subset). */
export const MAX_POINTS = 300;
/** Hidden layers (the first ones) and neurons per layer whose activations are drawn. */
export const NEURON_LAYERS = 2;
export const NEURONS_PER_LAYER = 16;

/** A computed number; null (how JSON writes NaN, e.g. a diverging run's output) reads back as NaN. */
const num = z.union([z.number(), z.null()]).transform((v) => v ?? NaN);

/** One input axis in the feature's own (raw) units. */
export const RegionAxis = z.strictObject({ name: z.string(), min: num, max: num });
export type RegionAxis = z.infer<typeof RegionAxis>;

/** One neuron's activation over the plane (or along the line): bytes 0…255 mapping linearly onto min…max. */
export const NeuronImage = z.strictObject({
  node: z.string(),
  /** the layer's display name */
  layer: z.string(),
  /** 0-based neuron index in its layer */
  unit: z.number().int().min(0),
  min: num,
  max: num,
  values: z.string(),
});
export type NeuronImage = z.infer<typeof NeuronImage>;

export const NeuronImages = z.strictObject({
  cols: z.number().int().min(1),
  rows: z.number().int().min(1),
  images: z.array(NeuronImage),
  /** layers with more neurons than drawn: "hidden 1: 16 of 64 neurons" */
  note: z.string().nullable(),
});
export type NeuronImages = z.infer<typeof NeuronImages>;

/** Data points of one split in raw units; classes: label and the model's predicted class per point. */
export const ClassPoints = z.strictObject({ x: z.array(num), y: z.array(num), label: z.array(z.number().int()), pred: z.array(z.number().int()) });
export type ClassPoints = z.infer<typeof ClassPoints>;
export const CurvePoints = z.strictObject({ x: z.array(num), y: z.array(num) });
export type CurvePoints = z.infer<typeof CurvePoints>;

const when = {
  /** epoch the weights belong to (the epoch in progress mid-epoch; the model's epoch at the end) */
  epoch: z.number().int().min(0),
  /** global optimizer step */
  step: z.number().int().min(0),
  /** true for the picture of the final model (after restore-best), sent once the run ends */
  final: z.boolean(),
};

export const RegionsSnapshot = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('classes'),
    ...when,
    x: RegionAxis,
    y: RegionAxis,
    cols: z.number().int().min(1),
    rows: z.number().int().min(1),
    classNames: z.array(z.string()).min(2),
    /** predicted class per cell, row-major, row 0 at y.min, cell centres at min + (i + ½)·(max − min)/cols */
    cls: z.string(),
    /** the predicted class's probability per cell, 0…255 for 0…1 */
    conf: z.string(),
    train: ClassPoints,
    test: ClassPoints,
    neurons: NeuronImages.nullable(),
  }),
  z.strictObject({
    kind: z.literal('curve'),
    ...when,
    x: RegionAxis,
    /** the target's name and the range the view's y axis should cover (curve and points) */
    y: RegionAxis,
    /** the learned function at CURVE_POINTS x spread evenly over x.min…x.max, in the target's units */
    curve: CurvePoints,
    train: CurvePoints,
    test: CurvePoints,
    /** rows = 1: each neuron's activation along x */
    neurons: NeuronImages.nullable(),
  }),
]);
export type RegionsSnapshot = z.infer<typeof RegionsSnapshot>;
export type ClassRegions = Extract<RegionsSnapshot, { kind: 'classes' }>;
export type CurveRegions = Extract<RegionsSnapshot, { kind: 'curve' }>;

/** Centre of cell i of n cells spanning min…max. */
export function cellCentre(min: number, max: number, n: number, i: number): number {
  return min + ((i + 0.5) * (max - min)) / n;
}

/** The cell (0…n−1) holding v, clamped to the grid. */
export function cellOf(min: number, max: number, n: number, v: number): number {
  const i = Math.floor(((v - min) / (max - min)) * n);
  return Math.max(0, Math.min(n - 1, i));
}

/** Point i of n spread evenly from min to max, both ends included. */
export function linePoint(min: number, max: number, n: number, i: number): number {
  return n === 1 ? (min + max) / 2 : min + (i * (max - min)) / (n - 1);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** Bytes as base64 (no padding dependence on platform: works in Node and the browser alike). */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    const n = (a << 16) | (b << 8) | c;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? B64[n & 63]! : '=';
  }
  return out;
}

/** The bytes of a base64 string; null when it is not base64 of `length` bytes. */
export function base64ToBytes(s: string, length: number): Uint8Array | null {
  if (s.length !== Math.ceil(length / 3) * 4) return null;
  const out = new Uint8Array(length);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const ch = s[i + k]!;
      const v = ch === '=' ? 0 : B64_INDEX.get(ch);
      if (v === undefined) return null;
      n = (n << 6) | v;
    }
    if (o < length) out[o++] = (n >> 16) & 255;
    if (o < length) out[o++] = (n >> 8) & 255;
    if (o < length) out[o++] = n & 255;
  }
  return out;
}
