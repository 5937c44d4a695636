import { describe, expect, it } from 'vitest';
import { formatCount, formatMiB } from '../../../src-main/contract/number-format';

describe('formatCount', () => {
  it('groups the digits of a count as en-US does, without asking the locale data', () => {
    const values = [0, 7, -7, 999, 1000, -1000, 1050, 60_000, 999_999, 1_000_000, 1_234_567, -98_765_432, Number.MAX_SAFE_INTEGER];
    for (let k = 1; k < 1e15; k *= 7) values.push(k, -k - 1);
    for (const v of values) expect(formatCount(v), String(v)).toBe(v.toLocaleString('en-US'));
  });

  it('leaves what is not a whole count to the locale', () => {
    for (const v of [1.5, -2345.678, 1e22, Number.NaN, Infinity]) expect(formatCount(v)).toBe(v.toLocaleString('en-US'));
  });

  it('memory in whole MiB', () => {
    expect(formatMiB(1536 * 1024 * 1024)).toBe('1,536 MiB');
  });
});
