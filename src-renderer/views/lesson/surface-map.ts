// Drawing helpers of the loss-surface panel: map ↔ canvas coordinates and the banded contour image
// (equal steps of log(1 + f − min f), darker band edges as contour lines). Pure apart from ImageData.
import type { Extent } from '../../../src-main/contract/surface';
import type { OptimizerKind } from '../../../src-main/contract/training';

export const METHOD_COLOURS: Record<OptimizerKind, string> = {
  sgd: '#1f2937',
  momentum: '#dc2626',
  nesterov: '#ea580c',
  adagrad: '#16a34a',
  rmsprop: '#9333ea',
  adam: '#2563eb',
};

export const METHOD_LABELS: Record<OptimizerKind, string> = {
  sgd: 'SGD',
  momentum: 'Momentum',
  nesterov: 'Nesterov',
  adagrad: 'Adagrad',
  rmsprop: 'RMSProp',
  adam: 'Adam',
};

export function toCanvas(e: Extent, w: number, h: number, x: number, y: number): [number, number] {
  return [((x - e.xMin) / (e.xMax - e.xMin)) * w, (1 - (y - e.yMin) / (e.yMax - e.yMin)) * h];
}

export function fromCanvas(e: Extent, w: number, h: number, px: number, py: number): [number, number] {
  return [e.xMin + (px / w) * (e.xMax - e.xMin), e.yMin + (1 - py / h) * (e.yMax - e.yMin)];
}

export const BANDS = 16;

/** Band index 0 … BANDS−1 of each grid value (log-compressed so valleys keep detail). */
export function bandsOf(values: readonly number[]): Uint8Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const top = Math.log1p(hi - lo) || 1;
  return Uint8Array.from(values, (v) => Math.min(BANDS - 1, Math.floor((Math.log1p(v - lo) / top) * BANDS)));
}

/** Light (low f) to dark (high f): a teal–sand–slate ramp. */
function bandColour(b: number): [number, number, number] {
  const t = b / (BANDS - 1);
  const stops: [number, [number, number, number]][] = [
    [0, [236, 253, 245]],
    [0.35, [167, 226, 211]],
    [0.65, [250, 224, 171]],
    [1, [148, 163, 184]],
  ];
  for (let i = 1; i < stops.length; i++) {
    const [t1, c1] = stops[i]!;
    const [t0, c0] = stops[i - 1]!;
    if (t <= t1) {
      const u = (t - t0) / (t1 - t0);
      return [0, 1, 2].map((k) => Math.round(c0[k]! + (c1[k]! - c0[k]!) * u)) as [number, number, number];
    }
  }
  return stops.at(-1)![1];
}

/** f at a fractional grid position, bilinear between the four nearest samples. */
export function gridAt(grid: { cols: number; rows: number; values: readonly number[] }, c: number, r: number): number {
  const c0 = Math.max(0, Math.min(grid.cols - 2, Math.floor(c)));
  const r0 = Math.max(0, Math.min(grid.rows - 2, Math.floor(r)));
  const u = c - c0;
  const v = r - r0;
  const at = (cc: number, rr: number) => grid.values[rr * grid.cols + cc]!;
  return (1 - v) * ((1 - u) * at(c0, r0) + u * at(c0 + 1, r0)) + v * ((1 - u) * at(c0, r0 + 1) + u * at(c0 + 1, r0 + 1));
}

/** The contour image, w × h pixels (row 0 at the top = yMax), f interpolated between grid samples. */
export function contourImage(grid: { cols: number; rows: number; values: readonly number[] }, w: number, h: number): Uint8ClampedArray<ArrayBuffer> {
  const sampled: number[] = new Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) sampled[y * w + x] = gridAt(grid, (x / (w - 1)) * (grid.cols - 1), (1 - y / (h - 1)) * (grid.rows - 1));
  const bands = bandsOf(sampled);
  const px = new Uint8ClampedArray(new ArrayBuffer(w * h * 4));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const b = bands[y * w + x]!;
      const edge = (x + 1 < w && bands[y * w + x + 1] !== b) || (y + 1 < h && bands[(y + 1) * w + x] !== b);
      const [r, g, bl] = bandColour(b);
      const k = (y * w + x) * 4;
      const d = edge ? 0.72 : 1;
      px[k] = r * d;
      px[k + 1] = g * d;
      px[k + 2] = bl * d;
      px[k + 3] = 255;
    }
  }
  return px;
}
