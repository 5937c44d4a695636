// The probes' 4-significant-digit rounding agrees with toPrecision(4) (ties aside) and prints short.
import { describe, expect, it } from 'vitest';
import { roundTo4 } from '../../../src-main/trainer/probes';

describe('roundTo4', () => {
  it('matches Number(v.toPrecision(4)) over magnitudes from 1e-19 to 1e4, and keeps JSON short', () => {
    let s = 12345;
    const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
    let mismatches = 0;
    for (let i = 0; i < 20000; i++) {
      const v = (rnd() < 0.5 ? -1 : 1) * rnd() * 10 ** Math.floor(rnd() * 24 - 19);
      const want = Number(v.toPrecision(4));
      const got = roundTo4(v);
      if (got !== want) {
        mismatches++;
        // only a tie in the 5th digit may round the other way: one unit in the 4th digit
        expect(Math.abs(got - want) / Math.abs(want), `${v}`).toBeLessThan(1.01e-3);
      }
      expect(
        JSON.stringify(got)
          .replace(/^-|e.*$|\./g, '')
          .replace(/^0+/, '').length,
        `${v} → ${got}`,
      ).toBeLessThanOrEqual(4);
    }
    expect(mismatches).toBeLessThan(20);
    for (const v of [0, NaN, Infinity, -Infinity, 1000, 0.001, 9.99, 123456789, 1e-25])
      expect(roundTo4(v)).toBe(Number.isFinite(v) && v !== 0 ? Number(v.toPrecision(4)) : v);
  });
});
