// What the app's loss-surface panel shows: the surface (extent, sampled grid for the contour map)
// and the optimizers' paths. Runs on the service side; the renderer only draws.
import * as tf from '@tensorflow/tfjs';
import { SURFACES, sampleGrid, type SurfaceName } from './surfaces';
import { surfacePaths, type MethodSpec } from './optimizer-paths';
import type { SurfaceView } from '../contract/surface';

export const GRID_COLS = 161;
export const GRID_ROWS = 121;

export type { SurfaceView } from '../contract/surface';

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
