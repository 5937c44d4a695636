// When the canvas changes size (the bottom panel dragged or collapsed, the window resized), should the
// view be fitted to the graph again? Yes when the size changed a lot since the last fit, or when the
// graph has ended up entirely out of sight; small changes leave the user's own zoom and pan alone. Pure.

export type Size = { width: number; height: number };
export type Rect = { x: number; y: number; width: number; height: number };
export type Viewport = { x: number; y: number; zoom: number };

/** A change of this fraction of the width or height since the last fit counts as a lot. */
export const REFIT_CHANGE = 0.2;

export function changedALot(fittedAt: Size, now: Size): boolean {
  const rel = (a: number, b: number) => (a <= 0 ? b > 0 : Math.abs(b - a) / a > REFIT_CHANGE);
  return rel(fittedAt.width, now.width) || rel(fittedAt.height, now.height);
}

/** True when no part of the graph (flow coordinates) shows in a canvas of this size. */
export function graphOutOfSight(graph: Rect, viewport: Viewport, canvas: Size): boolean {
  const left = graph.x * viewport.zoom + viewport.x;
  const top = graph.y * viewport.zoom + viewport.y;
  const right = left + graph.width * viewport.zoom;
  const bottom = top + graph.height * viewport.zoom;
  return right <= 0 || bottom <= 0 || left >= canvas.width || top >= canvas.height;
}

export function shouldRefit(fittedAt: Size, now: Size, graph: Rect | null, viewport: Viewport): boolean {
  if (now.width <= 0 || now.height <= 0 || !graph) return false; // hidden, or nothing to show
  return changedALot(fittedAt, now) || graphOutOfSight(graph, viewport, now);
}
