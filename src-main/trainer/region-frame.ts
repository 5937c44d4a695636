// What stays fixed for a run's decision-regions pictures: the data's extent in the features' own
// units, the grid (or line) of inputs the model is asked about there, sent through the same
// preprocessing as the data (the data contract's input scaling), and the data points drawn on top.
// Plain TypeScript; the tensor work is in regions.ts.
import { scaleInput, unscaleTarget, type InputScaling } from '../contract/data-contract';
import { CURVE_POINTS, MAX_POINTS, NEURON_CURVE_POINTS, NEURON_GRID, REGION_GRID, cellCentre, linePoint, type RegionAxis } from '../contract/regions';
import type { Dataset, DataSplit } from '../data/dataset-types';

/** A split's drawn points: raw coordinates, the model's inputs for them, and labels (class or raw target). */
export interface FramePoints {
  n: number;
  /** raw feature values, row-major n × inputDim */
  raw: Float32Array;
  /** the model's inputs (as the dataset holds them), row-major n × inputDim */
  model: Float32Array;
  /** class index, or the target in its own units */
  label: Float64Array;
}

export interface RegionFrame {
  kind: 'classes' | 'curve';
  inputDim: 1 | 2;
  x: RegionAxis;
  /** classes: the second feature; curve: the target and the range its axis covers */
  y: RegionAxis;
  /** classes: REGION_GRID² cell centres; curve: CURVE_POINTS x values. Model inputs, row-major. */
  grid: Float32Array;
  cols: number;
  rows: number;
  /** the coarser grid (or line) of the neurons' activation pictures, model inputs */
  neuronGrid: Float32Array;
  neuronCols: number;
  neuronRows: number;
  train: FramePoints;
  test: FramePoints;
  classNames: string[] | null;
  /** a regression output in the target's own units */
  toTarget(v: number): number;
}

/** A feature value as the user knows it, from the model's input (the inverse of scaleInput). */
export function rawFeature(input: InputScaling, j: number, v: number): number {
  switch (input.kind) {
    case 'none':
      return v;
    case 'standardise':
      return v * input.std[j]! + input.mean[j]!;
    case 'divide':
      return v * input.divisor;
    default: {
      const never: never = input;
      throw new Error(`unknown input scaling ${JSON.stringify(never)}`);
    }
  }
}

/** Rows of a split evenly spaced over it: all of them when it has at most `max`. */
function spacedRows(n: number, max: number): number[] {
  const k = Math.min(n, max);
  return Array.from({ length: k }, (_, i) => Math.floor((i * n) / k));
}

function framePoints(s: DataSplit, d: number, input: InputScaling, label: (v: number) => number): FramePoints {
  const rows = spacedRows(s.n, MAX_POINTS);
  const raw = new Float32Array(rows.length * d);
  const model = new Float32Array(rows.length * d);
  const lab = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    for (let j = 0; j < d; j++) {
      const v = s.x[r * d + j]!;
      model[i * d + j] = v;
      raw[i * d + j] = rawFeature(input, j, v);
    }
    lab[i] = label(s.y[r]!);
  });
  return { n: rows.length, raw, model, label: lab };
}

/** min…max of a feature over every sample of the splits, in raw units, widened by 5 % each side. */
function extentOf(splits: DataSplit[], d: number, j: number, input: InputScaling): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of splits)
    for (let i = 0; i < s.n; i++) {
      const v = rawFeature(input, j, s.x[i * d + j]!);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  return padded(lo, hi);
}

function padded(lo: number, hi: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [-1, 1];
  const pad = hi > lo ? 0.05 * (hi - lo) : 0.5;
  return [lo - pad, hi + pad];
}

/** Model inputs for raw 2-D cell centres of a cols × rows grid (row 0 at y.min). */
function planeInputs(x: RegionAxis, y: RegionAxis, cols: number, rows: number, input: InputScaling): Float32Array {
  const out = new Float32Array(cols * rows * 2);
  const raw = [0, 0];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      raw[0] = cellCentre(x.min, x.max, cols, c);
      raw[1] = cellCentre(y.min, y.max, rows, r);
      scaleInput(input, raw, out, (r * cols + c) * 2);
    }
  return out;
}

/** Model inputs for n raw x values spread evenly over the axis, ends included. */
function lineInputs(x: RegionAxis, n: number, input: InputScaling): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) scaleInput(input, [linePoint(x.min, x.max, n, i)], out, i);
  return out;
}

/**
 * The frame of a dataset the view can draw: two features with classes (a plane of predicted classes)
 * or one feature with a number to predict (a curve); null for any other shape.
 */
export function regionFrame(ds: Dataset): RegionFrame | null {
  const input: InputScaling = ds.contract?.input ?? { kind: 'none' };
  const target = ds.contract?.target;
  const features = ds.contract?.features ?? Array.from({ length: ds.inputDim }, (_, j) => `feature ${j + 1}`);
  const splits = [ds.train, ds.val, ds.test];
  // a cell's class travels as one byte
  if (ds.inputDim === 2 && ds.classes !== null && ds.classes <= 256) {
    const [x0, x1] = extentOf(splits, 2, 0, input);
    const [y0, y1] = extentOf(splits, 2, 1, input);
    const x = { name: features[0]!, min: x0, max: x1 };
    const y = { name: features[1]!, min: y0, max: y1 };
    const classNames = target?.task === 'classification' ? target.classes : Array.from({ length: ds.classes }, (_, c) => String(c));
    return {
      kind: 'classes',
      inputDim: 2,
      x,
      y,
      grid: planeInputs(x, y, REGION_GRID, REGION_GRID, input),
      cols: REGION_GRID,
      rows: REGION_GRID,
      neuronGrid: planeInputs(x, y, NEURON_GRID, NEURON_GRID, input),
      neuronCols: NEURON_GRID,
      neuronRows: NEURON_GRID,
      train: framePoints(ds.train, 2, input, (v) => v),
      test: framePoints(ds.test, 2, input, (v) => v),
      classNames,
      toTarget: (v) => v,
    };
  }
  if (ds.inputDim === 1 && ds.classes === null) {
    const toTarget = (v: number): number => (target?.task === 'regression' ? unscaleTarget(target, v) : v);
    const [x0, x1] = extentOf(splits, 1, 0, input);
    const x = { name: features[0]!, min: x0, max: x1 };
    const train = framePoints(ds.train, 1, input, toTarget);
    const test = framePoints(ds.test, 1, input, toTarget);
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of [train, test])
      for (const v of p.label) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    const [y0, y1] = padded(lo, hi);
    return {
      kind: 'curve',
      inputDim: 1,
      x,
      y: { name: target?.label ?? 'target', min: y0, max: y1 },
      grid: lineInputs(x, CURVE_POINTS, input),
      cols: CURVE_POINTS,
      rows: 1,
      neuronGrid: lineInputs(x, NEURON_CURVE_POINTS, input),
      neuronCols: NEURON_CURVE_POINTS,
      neuronRows: 1,
      train,
      test,
      classNames: null,
      toTarget,
    };
  }
  return null;
}
