// Pixels of the decision-regions view, as TensorFlow Playground draws them: each cell in its
// predicted class's colour, pale where the model is unsure (probability near 1/K) and full where it
// is sure; a neuron's activation in orange (negative) to white (0) to blue (positive). Plain
// functions on the picture the trainer sent; the component only puts them on canvases.
import { base64ToBytes, type ClassRegions, type NeuronImage } from '../../../src-main/contract/regions';

type Rgb = [number, number, number];

/** Class colours in class order (orange and blue first, as Playground's two classes). */
export const CLASS_COLOURS: readonly Rgb[] = [
  [245, 147, 34],
  [8, 119, 189],
  [46, 160, 67],
  [148, 103, 189],
  [214, 39, 40],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
  [188, 189, 34],
  [23, 190, 207],
];

export const classColour = (c: number): Rgb => CLASS_COLOURS[c % CLASS_COLOURS.length]!;
export const cssColour = ([r, g, b]: Rgb): string => `rgb(${r}, ${g}, ${b})`;

/** White shaded toward `to` by t (0…1), opaque, written into out[o…o+3]: no array made per pixel (a picture has tens of thousands). */
function shadeInto(out: Uint8ClampedArray, o: number, to: Rgb, t: number): void {
  out[o] = Math.round(255 + (to[0] - 255) * t);
  out[o + 1] = Math.round(255 + (to[1] - 255) * t);
  out[o + 2] = Math.round(255 + (to[2] - 255) * t);
  out[o + 3] = 255;
}

/** How strongly a cell is coloured: 0.2 at chance (1/K), 0.85 when sure. */
export function strength(prob: number, classes: number): number {
  const chance = 1 / classes;
  const sure = Math.max(0, Math.min(1, (prob - chance) / (1 - chance)));
  return 0.2 + 0.65 * sure;
}

/** The class image, RGBA, cols × rows with row 0 at the top (y.max), as a canvas wants it; null if the picture is malformed. */
export function classPixels(pic: ClassRegions): Uint8ClampedArray | null {
  const n = pic.cols * pic.rows;
  const cls = base64ToBytes(pic.cls, n);
  const conf = base64ToBytes(pic.conf, n);
  if (!cls || !conf) return null;
  const k = pic.classNames.length;
  const out = new Uint8ClampedArray(n * 4);
  for (let row = 0; row < pic.rows; row++)
    for (let col = 0; col < pic.cols; col++) {
      const i = row * pic.cols + col;
      const o = ((pic.rows - 1 - row) * pic.cols + col) * 4;
      shadeInto(out, o, classColour(cls[i]!), strength(conf[i]! / 255, k));
    }
  return out;
}

/** The class whose colour a class-image pixel is a shade of (the inverse of classPixels, for checks and hover text). */
export function classOfPixel(rgb: readonly number[], classes: number): number {
  let best = 0;
  let bestErr = Infinity;
  for (let c = 0; c < classes; c++) {
    const base = classColour(c);
    // a shade is white + t·(base − white): find t by least squares, then the distance left
    let num = 0;
    let den = 0;
    for (let k = 0; k < 3; k++) {
      num += (rgb[k]! - 255) * (base[k]! - 255);
      den += (base[k]! - 255) ** 2;
    }
    const t = den > 0 ? num / den : 0;
    let err = 0;
    for (let k = 0; k < 3; k++) err += (rgb[k]! - (255 + t * (base[k]! - 255))) ** 2;
    if (err < bestErr) {
      bestErr = err;
      best = c;
    }
  }
  return best;
}

const NEG: Rgb = [245, 147, 34];
const POS: Rgb = [8, 119, 189];

/** One neuron's activation image, RGBA, row 0 at the top; the colour scale is symmetric about 0 (±max |a|). */
export function neuronPixels(img: NeuronImage, cols: number, rows: number): Uint8ClampedArray | null {
  const bytes = base64ToBytes(img.values, cols * rows);
  if (!bytes) return null;
  const scale = Math.max(Math.abs(img.min), Math.abs(img.max)) || 1;
  const out = new Uint8ClampedArray(cols * rows * 4);
  for (let row = 0; row < rows; row++)
    for (let col = 0; col < cols; col++) {
      const v = img.min + (bytes[row * cols + col]! / 255) * (img.max - img.min);
      const t = Math.max(-1, Math.min(1, v / scale));
      shadeInto(out, ((rows - 1 - row) * cols + col) * 4, t < 0 ? NEG : POS, Math.abs(t));
    }
  return out;
}

/** One neuron's activation along x (a 1-D run's neuron picture), decoded. */
export function neuronCurve(img: NeuronImage, n: number): number[] | null {
  const bytes = base64ToBytes(img.values, n);
  return bytes ? Array.from(bytes, (b) => img.min + (b / 255) * (img.max - img.min)) : null;
}

/** Canvas position of a point in the axes' units (y up). */
export function toPixel(x: number, y: number, ax: { min: number; max: number }, ay: { min: number; max: number }, w: number, h: number): [number, number] {
  return [((x - ax.min) / (ax.max - ax.min)) * w, (1 - (y - ay.min) / (ay.max - ay.min)) * h];
}

/** About `count` round tick values covering min…max. */
export function ticks(min: number, max: number, count = 5): number[] {
  const span = max - min;
  if (!(span > 0)) return [min];
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9 * span; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}
