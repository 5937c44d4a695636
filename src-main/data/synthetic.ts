// Generated sets, reproducible from the seed: 2-D classification sets, generated with classes
// interleaved (sample i has class i mod K, so any prefix is class-balanced), and 1-D regression sets
// (x uniform on −3…3, y a function of x plus Gaussian noise) whose learned function can be drawn.
import type { SyntheticName } from '../contract/training';
import { makeRng, type Rng } from './rng';
import { type Source } from './source';
import { formatCount } from '../contract/number-format';
import { assertNever } from '../contract/never';

export interface SyntheticSpec {
  name: SyntheticName;
  samples: number;
  noise: number;
  classes?: number | undefined;
}

/** How many classes a synthetic set has (spiral and gauss take `classes`, default 3); null for the 1-D regression sets. */
export function syntheticClasses(spec: Pick<SyntheticSpec, 'name' | 'classes'>): number | null {
  switch (spec.name) {
    case 'spiral':
    case 'gauss':
      return spec.classes ?? 3;
    case 'circles':
    case 'xor':
      return 2;
    case 'sine':
    case 'abs':
    case 'steps':
      return null;
    default:
      return assertNever(spec.name, 'synthetic set');
  }
}

type Point = (cls: number, classes: number, rng: Rng, noise: number) => [number, number];

/** Arms of a spiral: radius grows with t while the angle turns 1.5 times around. */
const spiral: Point = (cls, classes, rng, noise) => {
  const t = rng.next();
  const angle = (2 * Math.PI * cls) / classes + t * 3 * Math.PI + noise * rng.normal();
  return [t * Math.cos(angle), t * Math.sin(angle)];
};

/** Class 0 on a circle of radius 0.5, class 1 on the ring of radius 1. */
const circles: Point = (cls, _classes, rng, noise) => {
  const r = cls === 0 ? 0.5 : 1;
  const a = rng.next() * 2 * Math.PI;
  return [r * Math.cos(a) + noise * rng.normal(), r * Math.sin(a) + noise * rng.normal()];
};

/** Points in the square; class 1 where the signs of x and y differ. */
const xor: Point = (cls, _classes, rng, noise) => {
  const sx = rng.next() < 0.5 ? -1 : 1;
  const sy = cls === 1 ? -sx : sx;
  const x = sx * (0.05 + 0.95 * rng.next()) + noise * rng.normal();
  const y = sy * (0.05 + 0.95 * rng.next()) + noise * rng.normal();
  return [x, y];
};

/** Gaussian blobs centred on the unit circle, standard deviation 0.3 + noise. */
const gauss: Point = (cls, classes, rng, noise) => {
  const a = (2 * Math.PI * cls) / classes;
  const sd = 0.3 + noise;
  return [Math.cos(a) + sd * rng.normal(), Math.sin(a) + sd * rng.normal()];
};

/** The 1-D regression sets' functions, with the formula the dataset's title shows. */
export const SYNTHETIC_FUNCTIONS = {
  sine: { formula: 'sin(1.5x)', f: (x: number) => Math.sin(1.5 * x) },
  abs: { formula: '|x|', f: (x: number) => Math.abs(x) },
  steps: { formula: 'floor(x)', f: (x: number) => Math.floor(x) },
} as const satisfies Record<string, { formula: string; f: (x: number) => number }>;
type FunctionName = keyof typeof SYNTHETIC_FUNCTIONS;

/** The range of x in the 1-D sets. */
export const SYNTHETIC_X_RANGE = [-3, 3] as const;

function isFunctionName(name: SyntheticName): name is FunctionName {
  return name in SYNTHETIC_FUNCTIONS;
}

function pointFn(name: Exclude<SyntheticName, FunctionName>): Point {
  switch (name) {
    case 'spiral':
      return spiral;
    case 'circles':
      return circles;
    case 'xor':
      return xor;
    case 'gauss':
      return gauss;
    default:
      return assertNever(name, 'synthetic set');
  }
}

/** A 1-D regression set: x uniform on SYNTHETIC_X_RANGE, y = f(x) + noise · N(0, 1). */
function generateFunction(spec: SyntheticSpec, name: FunctionName, seed: number): Source {
  const { formula, f } = SYNTHETIC_FUNCTIONS[name];
  const rng = makeRng(seed * 7919 + 17);
  const n = spec.samples;
  const [lo, hi] = SYNTHETIC_X_RANGE;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = lo + (hi - lo) * rng.next();
    y[i] = f(x[i]!) + spec.noise * rng.normal();
  }
  return {
    inputDim: 1,
    classes: null,
    train: { x, y, n },
    test: null,
    standardise: false,
    features: ['x'],
    rawScaling: { kind: 'none' },
    labelName: 'y',
    classNames: null,
    title: `synthetic ${name}, ${formatCount(n)} points, y = ${formula} + noise ${spec.noise}`,
  };
}

export function generateSynthetic(spec: SyntheticSpec, seed: number): Source {
  const name = spec.name;
  if (isFunctionName(name)) return generateFunction(spec, name, seed);
  const classes = syntheticClasses(spec)!;
  const rng = makeRng(seed * 7919 + 17);
  const point = pointFn(name);
  const n = spec.samples;
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cls = i % classes;
    const [px, py] = point(cls, classes, rng, spec.noise);
    x[2 * i] = px;
    x[2 * i + 1] = py;
    y[i] = cls;
  }
  return {
    inputDim: 2,
    classes,
    train: { x, y, n },
    test: null,
    standardise: false,
    features: ['x', 'y'],
    rawScaling: { kind: 'none' },
    labelName: `${spec.name} class`,
    classNames: Array.from({ length: classes }, (_, c) => String(c)),
    title: `synthetic ${spec.name}, ${formatCount(n)} points, ${classes} classes, noise ${spec.noise}`,
  };
}
