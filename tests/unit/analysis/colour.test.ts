import { describe, expect, it } from 'vitest';
import {
  domainFromSeries,
  domainFromValues,
  legendTicks,
  magnitudeCss,
  magnitudeRgb,
  NO_DATA_RGB,
  rampRgb,
  scalePosition,
  writeMagnitudeRgba,
} from '../../../src-main/analysis/colour';

const lum = ([r, g, b]: readonly number[]) => 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;

describe('colour ramp', () => {
  it('gets brighter monotonically from the dark end to the bright end', () => {
    let prev = -1;
    for (let i = 0; i <= 200; i++) {
      const l = lum(rampRgb(i / 200));
      expect(l).toBeGreaterThanOrEqual(prev);
      prev = l;
    }
    expect(lum(rampRgb(0))).toBeLessThan(40);
    expect(lum(rampRgb(1))).toBeGreaterThan(200);
  });

  it('clamps t outside [0,1] and gives the no-data grey for NaN', () => {
    expect(rampRgb(-3)).toEqual(rampRgb(0));
    expect(rampRgb(7)).toEqual(rampRgb(1));
    expect(rampRgb(NaN)).toEqual(NO_DATA_RGB);
  });
});

describe('magnitude scale', () => {
  const d = { lo: -6, hi: 0 };

  it('is monotone in the magnitude on a log scale', () => {
    const mags = [1e-9, 1e-6, 1e-5, 3e-5, 1e-4, 1e-3, 1e-2, 0.1, 0.5, 1, 10];
    const ts = mags.map((m) => scalePosition(m, d));
    for (let i = 1; i < ts.length; i++) expect(ts[i]!).toBeGreaterThanOrEqual(ts[i - 1]!);
    expect(scalePosition(1e-3, d)).toBeCloseTo(0.5, 12);
    expect(lum(magnitudeRgb(1e-5, d))).toBeLessThan(lum(magnitudeRgb(1e-1, d)));
  });

  it('puts the domain ends at the ramp ends and clamps beyond them', () => {
    expect(magnitudeRgb(1e-6, d)).toEqual(rampRgb(0));
    expect(magnitudeRgb(1, d)).toEqual(rampRgb(1));
    expect(magnitudeRgb(1e-12, d)).toEqual(rampRgb(0));
    expect(magnitudeRgb(1e6, d)).toEqual(rampRgb(1));
  });

  it('draws 0 at the dark end, +∞ at the bright end, NaN and negatives as no data', () => {
    expect(scalePosition(0, d)).toBe(0);
    expect(scalePosition(Infinity, d)).toBe(1);
    expect(magnitudeRgb(NaN, d)).toEqual(NO_DATA_RGB);
    expect(magnitudeRgb(-1, d)).toEqual(NO_DATA_RGB);
  });

  it('gives CSS hex strings and RGBA bytes that agree with the RGB', () => {
    const rgb = magnitudeRgb(1e-2, d);
    const css = magnitudeCss(1e-2, d);
    expect(css).toMatch(/^#[0-9a-f]{6}$/);
    expect([1, 3, 5].map((i) => parseInt(css.slice(i, i + 2), 16))).toEqual([...rgb]);
    const buf = new Uint8ClampedArray(8);
    writeMagnitudeRgba(buf, 4, 1e-2, d);
    expect(Array.from(buf.slice(4))).toEqual([...rgb, 255]);
  });
});

describe('domain from data', () => {
  it('spans the smallest to largest positive magnitude in decades, ignoring 0, NaN, null, ∞', () => {
    const dom = domainFromValues([0, NaN, null, Infinity, -2, 2e-5, 3e-3, 0.4]);
    expect(dom.lo).toBeLessThanOrEqual(Math.log10(2e-5));
    expect(dom.lo).toBeGreaterThan(Math.log10(2e-5) - 0.1);
    expect(dom.hi).toBeGreaterThanOrEqual(Math.log10(0.4));
    expect(dom.hi).toBeLessThan(Math.log10(0.4) + 0.1);
  });

  it('widens a single value to a decade and falls back when nothing is usable', () => {
    expect(domainFromValues([0.01, 0.01])).toEqual({ lo: -2.5, hi: -1.5 });
    expect(domainFromValues([0, NaN])).toEqual({ lo: -6, hi: 0 });
    expect(domainFromSeries([[1e-4], [1e-1, null]])).toEqual({ lo: -4, hi: -1 });
  });

  it('legend ticks lie inside the domain, evenly spaced', () => {
    const t = legendTicks({ lo: -7.3, hi: -0.2 });
    expect(t.length).toBeGreaterThanOrEqual(3);
    expect(t.length).toBeLessThanOrEqual(6);
    for (const v of t) expect(v >= -7.3 && v <= -0.2).toBe(true);
    const gaps = t.slice(1).map((v, i) => v - t[i]!);
    for (const g of gaps) expect(g).toBeCloseTo(gaps[0]!, 9);
  });
});

describe('maps from d3 (colour-scale.ts)', () => {
  it('the sequential map is viridis at 256 stops: its ends, and no two neighbours more than a few bytes apart', async () => {
    const { interpolateViridis } = await import('d3-scale-chromatic');
    const { rgb } = await import('d3-color');
    const c0 = rgb(interpolateViridis(0));
    expect(rampRgb(0)).toEqual([c0.r, c0.g, c0.b]); // #440154
    expect(magnitudeCss(1, { lo: -6, hi: 0 })).toBe('#fde725');
    for (let i = 1; i < 256; i++) {
      const a = rampRgb((i - 1) / 255);
      const b = rampRgb(i / 255);
      expect(Math.max(...a.map((v, k) => Math.abs(v - b[k]!)))).toBeLessThanOrEqual(4);
    }
  });

  it('the diverging map is white at 0, blue below, red above, symmetric in size', async () => {
    const { signedCss } = await import('../../../src-main/analysis/colour-scale');
    const parse = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number];
    const [r0, g0, b0] = parse(signedCss(0, 2));
    expect(Math.min(r0, g0, b0)).toBeGreaterThan(235);
    const [rn, , bn] = parse(signedCss(-1.5, 2));
    const [rp, , bp] = parse(signedCss(1.5, 2));
    expect(bn).toBeGreaterThan(rn);
    expect(rp).toBeGreaterThan(bp);
    expect(lum(parse(signedCss(-2, 2)))).toBeLessThan(lum(parse(signedCss(-0.5, 2))));
    expect(signedCss(5, 2)).toBe(signedCss(2, 2)); // clamped at ±maxAbs
  });

  it('log ticks are decades when the span is wide and labelled as magnitudes', async () => {
    const { logTickLabel } = await import('../../../src-main/analysis/colour-scale');
    expect(legendTicks({ lo: -5, hi: -1 })).toEqual([-5, -4, -3, -2, -1]);
    const short = legendTicks({ lo: -2.2, hi: -1.6 }, 6);
    expect(short.length).toBeGreaterThanOrEqual(2);
    expect(short.every((t) => t >= -2.2 && t <= -1.6)).toBe(true);
    expect(short.map(logTickLabel)).toEqual(expect.arrayContaining(['9e-3', '0.01', '0.02']));
    expect(logTickLabel(-3)).toBe('1e-3');
    expect(logTickLabel(Math.log10(2e-5))).toBe('2e-5');
  });
});
