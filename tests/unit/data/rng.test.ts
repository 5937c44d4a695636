// One seeded random source serves datasets, splits, shuffles, initializers and dropout: its
// sequences must stay what they were, or saved projects would no longer reproduce their runs.
import { describe, expect, it } from 'vitest';
import { deriveSeed, makeRng, mulberry32, permutation, shuffleInPlace } from '../../../src-main/data/rng';

describe('the seeded random source', () => {
  it('gives the sequences recorded before the two copies were merged', () => {
    const r = makeRng(42);
    expect([r.next(), r.next()]).toEqual([0.4813160905614495, 0.9852536325342953]);
    expect(r.normal()).toBeCloseTo(-0.5910417634988508, 12);
    expect(r.normal()).toBeCloseTo(-0.5084456437314934, 12);
    expect(r.int(10)).toBe(7);
    const m = mulberry32(42);
    expect([m(), m(), m()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    expect(Array.from(permutation(10, 7))).toEqual([4, 2, 6, 8, 7, 1, 0, 5, 3, 9]);
    expect(Array.from(shuffleInPlace(Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), mulberry32(7)))).toEqual([6, 5, 8, 1, 2, 3, 4, 7, 9, 0]);
    expect([deriveSeed(1, 2, 3), deriveSeed(12345), deriveSeed(0, 0)]).toEqual([858258616, 506939776, 493009611]);
  });

  it('a permutation holds every index once', () => {
    const p = Array.from(permutation(1000, 3)).sort((a, b) => a - b);
    expect(p).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});
