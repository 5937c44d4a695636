// The regions picture's encoding: bytes through base64 and back, and the grid's cell arithmetic.
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, cellCentre, cellOf, linePoint } from '../../../src-main/contract/regions';

describe('base64 bytes', () => {
  it('round-trips every length and byte value, and matches the standard encoding', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 255, 256, 4096]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) % 256);
      const s = bytesToBase64(bytes);
      expect(s).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64ToBytes(s, n)).toEqual(bytes);
    }
  });
  it('refuses a string of the wrong length or with other characters', () => {
    expect(base64ToBytes('AAAA', 4)).toBeNull();
    expect(base64ToBytes('A*AA', 3)).toBeNull();
  });
});

describe('cells', () => {
  it('a cell centre lies in its own cell; the ends clamp', () => {
    for (let i = 0; i < 64; i++) expect(cellOf(-1.3, 2.1, 64, cellCentre(-1.3, 2.1, 64, i))).toBe(i);
    expect(cellOf(0, 1, 10, -5)).toBe(0);
    expect(cellOf(0, 1, 10, 1)).toBe(9);
    expect(linePoint(-3, 3, 7, 0)).toBe(-3);
    expect(linePoint(-3, 3, 7, 6)).toBe(3);
    expect(linePoint(-3, 3, 7, 3)).toBe(0);
  });
});
