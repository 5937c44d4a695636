// The panel's drawing arithmetic: coordinates round-trip, the contour image is lightest at the minimum
// and darkest at the maximum, and interpolation reproduces the samples.
import { describe, expect, it } from 'vitest';
import { BANDS, bandsOf, contourImage, fromCanvas, gridAt, toCanvas } from '../../../src-renderer/views/lesson/surface-map';
import { SURFACES, sampleGrid } from '../../../src-main/lesson/surfaces';

describe('surface map', () => {
  it('map and canvas coordinates round-trip; y grows upwards on the map', () => {
    const e = SURFACES.rosenbrock.extent;
    const [px, py] = toCanvas(e, 400, 400, 1, 1);
    expect(fromCanvas(e, 400, 400, px, py)[0]).toBeCloseTo(1, 9);
    expect(fromCanvas(e, 400, 400, px, py)[1]).toBeCloseTo(1, 9);
    expect(toCanvas(e, 400, 400, 0, e.yMax)[1]).toBe(0);
    expect(toCanvas(e, 400, 400, e.xMin, e.yMin)).toEqual([0, 400]);
  });

  it('interpolation returns the samples at grid points and the surface in between', () => {
    const s = SURFACES.ravine;
    const grid = { cols: 41, rows: 21, values: Array.from(sampleGrid(s, 41, 21)) };
    expect(gridAt(grid, 7, 3)).toBeCloseTo(grid.values[3 * 41 + 7]!, 12);
    // (x, y) = (0.15, 0.15) lies between samples; f = (x² + 20y²)/2 ≈ 0.236
    const c = ((0.15 - s.extent.xMin) / (s.extent.xMax - s.extent.xMin)) * 40;
    const r = ((0.15 - s.extent.yMin) / (s.extent.yMax - s.extent.yMin)) * 20;
    expect(gridAt(grid, c, r)).toBeCloseTo(s.value(0.15, 0.15), 0);
  });

  it('bands go from 0 at the lowest value to the top band at the highest', () => {
    const b = bandsOf([3, -1, 10, 0.5]);
    expect(b[1]).toBe(0);
    expect(b[2]).toBe(BANDS - 1);
    expect(b[0]! > b[3]!).toBe(true);
  });

  it('the contour image of the ravine is lightest at its minimum (the centre) and darker at the corners', () => {
    const s = SURFACES.ravine;
    const grid = { cols: 161, rows: 121, values: Array.from(sampleGrid(s, 161, 121)) };
    const w = 121;
    const h = 61;
    const img = contourImage(grid, w, h);
    const lum = (x: number, y: number) => img[(y * w + x) * 4]! + img[(y * w + x) * 4 + 1]! + img[(y * w + x) * 4 + 2]!;
    const [cx, cy] = toCanvas(s.extent, w - 1, h - 1, 0, 0).map(Math.round) as [number, number];
    expect(lum(cx, cy)).toBeGreaterThan(lum(0, 0) + 100);
    expect(lum(cx, cy)).toBeGreaterThan(lum(w - 1, h - 1) + 100);
  });
});
