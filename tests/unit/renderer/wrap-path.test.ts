// The route of an edge from the end of one row back to the start of the next: it must run through the
// gap between the rows, not through the nodes, and carry its label there.
import { describe, expect, it } from 'vitest';
import { laneY, needsWrap, roundedPolyline, WRAP_OFFSET, wrapPoints, wrapRoute } from '../../../src-renderer/editor/edges/wrap-path';

// row 1's last node and row 2's first node, as the wrapped layout places them
const src = { x: 771, y: 0, width: 201, height: 74 };
const tgt = { x: 0, y: 165, width: 201, height: 74 };
const s = { x: src.x + src.width, y: src.y + src.height / 2 };
const t = { x: tgt.x, y: tgt.y + tgt.height / 2 };

/** The numbers of an SVG path, pairwise as points. */
function pathPoints(d: string): { x: number; y: number }[] {
  const nums = d.match(/-?\d+(\.\d+)?/g)!.map(Number);
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < nums.length; i += 2) out.push({ x: nums[i]!, y: nums[i + 1]! });
  return out;
}

describe('wrapped edge route', () => {
  it('is used only when the target lies left of the source', () => {
    expect(needsWrap(s, t)).toBe(true);
    expect(needsWrap({ x: 201, y: 37 }, { x: 257, y: 37 })).toBe(false);
  });

  it('runs back along the middle of the gap between the two rows', () => {
    const lane = laneY(s, t, src, tgt);
    expect(lane).toBeGreaterThan(src.y + src.height);
    expect(lane).toBeLessThan(tgt.y);
    expect(lane).toBeCloseTo((src.y + src.height + tgt.y) / 2);
    // a target row above the source (a hand-made layout): still the gap between them
    expect(laneY(t, s, tgt, src)).toBeCloseTo((src.y + src.height + tgt.y) / 2);
  });

  it('goes below both nodes when they overlap vertically', () => {
    const side = { x: 0, y: 10, width: 201, height: 74 };
    expect(laneY({ x: 972, y: 37 }, { x: 0, y: 47 }, src, side)).toBeGreaterThan(side.y + side.height);
  });

  it('starts at the source handle heading right, ends at the target heading right, and touches no node', () => {
    const lane = laneY(s, t, src, tgt);
    const r = wrapRoute(s, t, lane);
    const pts = pathPoints(r.path);
    expect(pts[0]).toEqual(s);
    expect(pts[pts.length - 1]).toEqual(t);
    expect(r.labelY).toBe(lane);
    expect(r.labelX).toBeGreaterThan(tgt.x + tgt.width);
    expect(r.labelX).toBeLessThan(src.x);
    const corners = wrapPoints(s, t, lane);
    expect(corners[1]).toEqual({ x: s.x + WRAP_OFFSET, y: s.y });
    expect(corners[4]).toEqual({ x: t.x - WRAP_OFFSET, y: t.y });
    // every segment between corners stays outside both node rectangles
    for (let i = 1; i < corners.length - 2; i++) {
      const a = corners[i]!;
      const b = corners[i + 1]!;
      for (const box of [src, tgt]) {
        const inside = (p: { x: number; y: number }) => p.x > box.x && p.x < box.x + box.width && p.y > box.y && p.y < box.y + box.height;
        for (let f = 0; f <= 1; f += 0.05) expect(inside({ x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f })).toBe(false);
      }
    }
  });

  it('rounds corners without overshooting short legs', () => {
    const d = roundedPolyline(
      [
        { x: 0, y: 0 },
        { x: 4, y: 0 },
        { x: 4, y: 100 },
      ],
      10,
    );
    // the corner radius shrinks to half the 4 px leg: the curve starts at x = 2
    expect(d).toBe('M 0 0 L 2 0 Q 4 0 4 2 L 4 100');
    expect(
      roundedPolyline([
        { x: 0, y: 0 },
        { x: 5, y: 5 },
      ]),
    ).toBe('M 0 0 L 5 5');
  });
});
