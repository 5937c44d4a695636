import { describe, expect, it } from 'vitest';
import { HeatmapModel, type HeatSource } from '../../../src-renderer/views/heatmap-model';
import { domainFromValues, magnitudeRgb } from '../../../src-main/analysis/colour';

function source(rows: number, n: number, f: (r: number, i: number) => number, key = 'k'): HeatSource {
  return { key, rows, n, value: f };
}

const lum = (d: Uint8ClampedArray, o: number) => 0.2126 * d[o]! + 0.7152 * d[o + 1]! + 0.0722 * d[o + 2]!;

describe('HeatmapModel', () => {
  // gradient magnitude falls 10× per layer toward the input (row 0)
  const f = (r: number) => 10 ** (r - 3);

  it('paints the input-side row at the bottom: a vanishing gradient is dark at the bottom, bright at the top', () => {
    const m = new HeatmapModel(50);
    m.update(source(4, 30, f));
    const img = m.paint();
    expect([img.width, img.height]).toEqual([30, 4]);
    const at = (y: number, x: number) => (y * img.stride + x) * 4;
    const bottom = lum(img.data, at(3, 5));
    const top = lum(img.data, at(0, 5));
    expect(bottom).toBeLessThan(top);
    expect(Array.from(img.data.slice(at(3, 0), at(3, 0) + 3))).toEqual([...magnitudeRgb(1e-3, m.domain())]);
  });

  it('its domain is the domain of every cell shown', () => {
    const m = new HeatmapModel(8);
    const g = (r: number, i: number) => (i === 37 && r === 1 ? 0 : (r + 1) * 10 ** (-i / 10));
    m.update(source(3, 40, g));
    const cells: number[] = [];
    for (let r = 0; r < 3; r++) for (let c = 0; c < m.columns; c++) cells.push(m.mean(r, c));
    expect(m.domain()).toEqual(domainFromValues(cells));
  });

  it('recolours only the new columns while the domain holds, everything when it moves', () => {
    const m = new HeatmapModel(100);
    m.update(source(2, 20, () => 0.01));
    m.paint({ lo: -4, hi: 0 });
    m.update(source(2, 23, () => 0.01));
    expect(m.paint({ lo: -4, hi: 0 }).dirtyFrom).toBe(20);
    expect(m.paint({ lo: -4, hi: 0 }).dirtyFrom).toBe(23);
    m.update(source(2, 24, () => 0.01));
    const img = m.paint({ lo: -3, hi: 0 });
    expect(img.dirtyFrom).toBe(0);
    // every column carries the new domain's colour
    const want = [...magnitudeRgb(0.01, { lo: -3, hi: 0 })];
    for (let c = 0; c < 24; c++) expect(Array.from(img.data.slice(c * 4, c * 4 + 3))).toEqual(want);
  });

  it('reads only new steps when the run grows, and bins every step when it outgrows the width', () => {
    let reads = 0;
    const m = new HeatmapModel(16);
    const src = (n: number): HeatSource => ({ key: 'a', rows: 2, n, value: (r, i) => (reads++, r + i) });
    m.update(src(10));
    expect(reads).toBe(20);
    reads = 0;
    m.update(src(12));
    expect(reads).toBe(4);
    expect(m.update(src(12))).toBe(false);
    m.update(src(100));
    expect(m.columns).toBeLessThanOrEqual(16);
    let total = 0;
    for (let c = 0; c < m.columns; c++) total += m.count(c);
    expect(total).toBe(100);
    const last = m.range(m.columns - 1);
    expect(last.end).toBe(100);
    // mean of row 1 over the last column's steps
    let s = 0;
    for (let i = last.start; i < last.end; i++) s += 1 + i;
    expect(m.mean(1, m.columns - 1)).toBeCloseTo(s / (last.end - last.start), 10);
  });

  it('starts over when the key changes (another statistic or run)', () => {
    const m = new HeatmapModel(10);
    m.update(source(3, 5, () => 1, 'a'));
    m.update(source(2, 5, () => 2, 'b'));
    expect(m.rows).toBe(2);
    expect(m.mean(0, 0)).toBe(2);
  });

  it('maps a point to its cell with row 0 at the bottom', () => {
    const m = new HeatmapModel(10);
    m.update(source(4, 10, f));
    expect(m.cellAt(0.05, 0.99)).toEqual({ row: 0, col: 0 });
    expect(m.cellAt(0.95, 0.01)).toEqual({ row: 3, col: 9 });
    expect(m.cellAt(1.2, 0.5)).toBeNull();
  });
});
