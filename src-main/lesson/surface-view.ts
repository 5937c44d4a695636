// What the app's loss-surface panel shows: the surface (extent, sampled grid for the contour map)
// and the optimizers' paths. Runs on the service side; the renderer only draws.
import * as tf from '../trainer/tf';
import { SURFACES, sampleGrid, type Extent, type SurfaceName } from './surfaces';
import { surfacePaths, type MethodSpec, type OptimizerPath } from './optimizer-paths';

export const GRID_COLS = 161;
export const GRID_ROWS = 121;

export interface SurfaceView {
  surface: { name: SurfaceName; title: string; note: string; extent: Extent; start: [number, number] };
  /** f on GRID_COLS × GRID_ROWS points, row-major, row 0 at yMin */
  grid: { cols: number; rows: number; values: number[] };
  start: [number, number];
  steps: number;
  paths: OptimizerPath[];
}

export async function computeSurfaceView(name: SurfaceName, start: [number, number] | null, methods: MethodSpec[] | null, steps: number): Promise<SurfaceView> {
  // 2 parameters: TF.js's plain JS backend. The service process runs no other TF.js work (the
  // trainer's wasm backend lives in its own worker), so switching its backend disturbs nothing.
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  const s = SURFACES[name];
  const r = surfacePaths(name, start, methods, steps);
  return {
    surface: { name, title: s.title, note: s.note, extent: s.extent, start: s.start },
    grid: { cols: GRID_COLS, rows: GRID_ROWS, values: Array.from(sampleGrid(s, GRID_COLS, GRID_ROWS)) },
    start: r.start,
    steps: r.steps,
    paths: r.paths,
  };
}
