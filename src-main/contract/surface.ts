// The loss-surface lesson's vocabulary, shared by the API (contract/api.ts), the service side that
// computes a view (lesson/) and the renderer that draws it. Types and one name list only: the
// surfaces' maths stays in lesson/surfaces.ts, which loads on demand.
import type { Optimizer, OptimizerKind } from './training';

export const SURFACE_NAMES = ['ravine', 'rosenbrock', 'saddle', 'plateau', 'local-min'] as const;
export type SurfaceName = (typeof SURFACE_NAMES)[number];

export interface Extent {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

export interface MethodSpec {
  optimizer: Optimizer;
  learningRate: number;
}

export interface OptimizerPath {
  method: OptimizerKind;
  learningRate: number;
  optimizer: Optimizer;
  /** steps + 1 points (fewer when stopped), the start first */
  points: [number, number][];
  /** f at each point */
  loss: number[];
  /** length of each step ‖θₜ₊₁ − θₜ‖ (one fewer than points) */
  stepSize: number[];
  /** step length over gradient length ‖Δθ‖/‖∇f‖: the learning rate the method effectively used */
  effectiveLr: number[];
  /** null, or why the path ended before `steps` */
  stopped: string | null;
}

/** What the app's loss-surface panel shows: the surface, a sampled grid for the contour map, the paths. */
export interface SurfaceView {
  surface: { name: SurfaceName; title: string; note: string; extent: Extent; start: [number, number] };
  /** f on GRID_COLS × GRID_ROWS points, row-major, row 0 at yMin */
  grid: { cols: number; rows: number; values: number[] };
  start: [number, number];
  steps: number;
  paths: OptimizerPath[];
}
