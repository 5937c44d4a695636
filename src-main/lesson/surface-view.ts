// What the app's loss-surface panel shows: the surface (extent, sampled grid for the contour map)
// and the optimizers' paths. Runs in the trainer worker, on its backend; the renderer only draws.
import { SURFACES, sampleGrid, type SurfaceName } from './surfaces';
import { defaultSpecs, optimizerPath, type MethodSpec, type OptimizerPath } from './optimizer-paths';
import type { SurfaceView } from '../contract/surface';
import type { ComputeSurface } from '../trainer/trainer-service';
import { breathe } from './breathe';

export const GRID_COLS = 161;
export const GRID_ROWS = 121;

export type { SurfaceView } from '../contract/surface';

/** Paths are computed one method at a time, in slices of this many steps, checking `signal` between slices. */
export const SLICE_STEPS = 100;

/**
 * The view, or null when `signal` was aborted first (the user clicked a new start point): the work
 * stops within one slice of one path.
 */
export async function computeSurfaceView(
  name: SurfaceName,
  start: [number, number] | null,
  methods: MethodSpec[] | null,
  steps: number,
  signal?: AbortSignal,
): Promise<SurfaceView | null> {
  const s = SURFACES[name];
  const from = start ?? s.start;
  const paths: OptimizerPath[] = [];
  for (const spec of methods ?? defaultSpecs(s)) {
    const path = await optimizerPath(s, from, spec, steps, { sliceSteps: SLICE_STEPS, between: breathe, signal });
    if (path === null) return null;
    paths.push(path);
  }
  if (signal?.aborted) return null;
  return {
    surface: { name, title: s.title, note: s.note, extent: s.extent, start: s.start },
    grid: { cols: GRID_COLS, rows: GRID_ROWS, values: Array.from(sampleGrid(s, GRID_COLS, GRID_ROWS)) },
    start: from,
    steps,
    paths,
  };
}

/** The trainer's surface call (a validated request) answered by computeSurfaceView; null when cancelled. */
export const computeSurfaceForRequest: ComputeSurface = (req, signal) => computeSurfaceView(req.fn, req.from ?? null, req.methods ?? null, req.steps, signal);
