// Functions of two parameters that picture the lesson's obstacles (ravine, saddle, plateau, local
// minimum). Pure: value and analytic gradient in float64, plus the map extent and a default start.
import { SURFACE_NAMES, type Extent, type SurfaceName } from '../contract/surface';

export { SURFACE_NAMES, type Extent, type SurfaceName } from '../contract/surface';

export interface Surface {
  name: SurfaceName;
  title: string;
  /** what the surface shows, in the lesson's words */
  note: string;
  extent: Extent;
  start: [number, number];
  /** learning rate for SGD (gradient-scale dependent); Momentum and Nesterov (λ 0.9) take half of it */
  sgdLr: number;
  value(x: number, y: number): number;
  grad(x: number, y: number): [number, number];
}

const sech2 = (t: number): number => {
  const c = Math.cosh(t);
  return Number.isFinite(c) ? 1 / (c * c) : 0;
};

// local-min: a shallow dip at x ≈ −1.5 before the deep one at x ≈ 2, in a wide bowl.
const LM = { a1: 0.25, c1: -1.5, w1: 0.4, a2: 2.5, c2: 2, w2: 0.8, bowl: 0.08 };
const bump = (x: number, a: number, c: number, w: number) => a * Math.exp(-((x - c) ** 2) / (2 * w * w));

export const SURFACES: Record<SurfaceName, Surface> = {
  ravine: {
    name: 'ravine',
    title: 'Ravine (ill-conditioned quadratic)',
    note: 'f = (x² + 20·y²)/2: steep across, nearly flat along. Plain SGD zig-zags across the ravine and creeps along it.',
    extent: { xMin: -6, xMax: 6, yMin: -3, yMax: 3 },
    start: [-5, 1.5],
    sgdLr: 0.085,
    value: (x, y) => (x * x + 20 * y * y) / 2,
    grad: (x, y) => [x, 20 * y],
  },
  rosenbrock: {
    name: 'rosenbrock',
    title: 'Rosenbrock banana',
    note: 'f = (1 − x)² + 100·(y − x²)²: a curved, flat-bottomed valley; the minimum is at (1, 1).',
    extent: { xMin: -2, xMax: 2, yMin: -1, yMax: 3 },
    start: [-1.5, 2],
    sgdLr: 0.0008,
    value: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
    grad: (x, y) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
  },
  saddle: {
    name: 'saddle',
    title: 'Saddle point',
    note: 'f = x² − y²: the gradient vanishes at (0, 0) though it is no minimum; starting almost on the ridge, methods that scale by the gradient size escape sooner.',
    extent: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
    start: [1.8, 0.001],
    sgdLr: 0.05,
    value: (x, y) => x * x - y * y,
    grad: (x, y) => [2 * x, -2 * y],
  },
  plateau: {
    name: 'plateau',
    title: 'Plateau ending in a cliff',
    note: 'f = 0.01·(x − 4)² + 1 − tanh(3·(x − 2)) + y²/2: an almost flat plateau, then a cliff down to the minimum near x = 4.',
    extent: { xMin: -4, xMax: 6, yMin: -2.5, yMax: 2.5 },
    start: [-3, 1.5],
    sgdLr: 0.3,
    value: (x, y) => 0.01 * (x - 4) ** 2 + 1 - Math.tanh(3 * (x - 2)) + (y * y) / 2,
    grad: (x, y) => [0.02 * (x - 4) - 3 * sech2(3 * (x - 2)), y],
  },
  'local-min': {
    name: 'local-min',
    title: 'Shallow local minimum before a deeper one',
    note: 'A shallow dip near x = −1.5 and the deep minimum near x = 2. SGD settles in the first; momentum rolls through it.',
    extent: { xMin: -4, xMax: 4, yMin: -2, yMax: 2 },
    start: [-3.5, 1],
    sgdLr: 0.1,
    value: (x, y) => LM.bowl * x * x - bump(x, LM.a1, LM.c1, LM.w1) - bump(x, LM.a2, LM.c2, LM.w2) + (y * y) / 2,
    grad: (x, y) => [
      2 * LM.bowl * x + (bump(x, LM.a1, LM.c1, LM.w1) * (x - LM.c1)) / (LM.w1 * LM.w1) + (bump(x, LM.a2, LM.c2, LM.w2) * (x - LM.c2)) / (LM.w2 * LM.w2),
      y,
    ],
  },
};

export function isSurfaceName(s: string): s is SurfaceName {
  return (SURFACE_NAMES as readonly string[]).includes(s);
}

/** f sampled on a cols × rows grid over the extent, row-major from yMin (row 0) to yMax. */
export function sampleGrid(s: Surface, cols: number, rows: number): Float64Array {
  const out = new Float64Array(cols * rows);
  const { xMin, xMax, yMin, yMax } = s.extent;
  for (let r = 0; r < rows; r++) {
    const y = yMin + ((yMax - yMin) * r) / (rows - 1);
    for (let c = 0; c < cols; c++) out[r * cols + c] = s.value(xMin + ((xMax - xMin) * c) / (cols - 1), y);
  }
  return out;
}
