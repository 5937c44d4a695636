// The route of an edge whose target lies left of its source (the end of one row to the start of the
// next in a wrapped chain): out to the right, down into the gap between the two nodes, back left along
// that gap, and in from the left. A bezier would loop through both nodes instead. Pure.

export type Point = { x: number; y: number };
export type Rect = { x: number; y: number; width: number; height: number };

/** How far the route runs straight out of a handle before it turns. */
export const WRAP_OFFSET = 22;
const RADIUS = 10;
/** Distance below both nodes when they overlap vertically (no gap between them to run in). */
const BELOW = 30;

/** True when the edge must turn back: its target handle lies left of (or right at) its source handle. */
export function needsWrap(source: Point, target: Point): boolean {
  return target.x < source.x + WRAP_OFFSET;
}

/** The height at which the route runs back left: the middle of the gap between the two nodes. */
export function laneY(source: Point, target: Point, sourceBox?: Rect, targetBox?: Rect): number {
  if (!sourceBox || !targetBox) {
    return Math.abs(target.y - source.y) > 2 * BELOW ? (source.y + target.y) / 2 : Math.max(source.y, target.y) + 2 * BELOW;
  }
  const sBottom = sourceBox.y + sourceBox.height;
  const tBottom = targetBox.y + targetBox.height;
  if (targetBox.y >= sBottom) return (sBottom + targetBox.y) / 2;
  if (sourceBox.y >= tBottom) return (tBottom + sourceBox.y) / 2;
  return Math.max(sBottom, tBottom) + BELOW;
}

/** SVG path through the points with rounded corners (a corner's radius shrinks to fit short legs). */
export function roundedPolyline(points: readonly Point[], radius = RADIUS): string {
  if (points.length === 0) return '';
  const p0 = points[0]!;
  let d = `M ${p0.x} ${p0.y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const c = points[i + 1]!;
    const inLen = Math.hypot(b.x - a.x, b.y - a.y);
    const outLen = Math.hypot(c.x - b.x, c.y - b.y);
    const r = Math.min(radius, inLen / 2, outLen / 2);
    if (r <= 0) {
      d += ` L ${b.x} ${b.y}`;
      continue;
    }
    const before = { x: b.x - ((b.x - a.x) / inLen) * r, y: b.y - ((b.y - a.y) / inLen) * r };
    const after = { x: b.x + ((c.x - b.x) / outLen) * r, y: b.y + ((c.y - b.y) / outLen) * r };
    d += ` L ${before.x} ${before.y} Q ${b.x} ${b.y} ${after.x} ${after.y}`;
  }
  const last = points[points.length - 1]!;
  return `${d} L ${last.x} ${last.y}`;
}

/** The corner points of the route (source and target included). */
export function wrapPoints(source: Point, target: Point, lane: number): Point[] {
  const out = source.x + WRAP_OFFSET;
  const back = target.x - WRAP_OFFSET;
  return [source, { x: out, y: source.y }, { x: out, y: lane }, { x: back, y: lane }, { x: back, y: target.y }, target];
}

/** Path and label position (the middle of the run back left, in the gap where nothing else is). */
export function wrapRoute(source: Point, target: Point, lane: number): { path: string; labelX: number; labelY: number } {
  return {
    path: roundedPolyline(wrapPoints(source, target, lane)),
    labelX: (source.x + target.x) / 2,
    labelY: lane,
  };
}
