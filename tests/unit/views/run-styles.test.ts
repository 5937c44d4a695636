// Training and validation curves must be told apart by colour, not only by dash: for a run alone and
// for every overlaid run's hue.
import { describe, expect, it } from 'vitest';
import { RUN_COLOURS, curveColours } from '../../../src-renderer/views/run-styles';

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Euclidean distance in RGB (0 … 441). */
function distance(a: string, b: string): number {
  const [x, y] = [rgb(a), rgb(b)];
  return Math.hypot(x[0] - y[0], x[1] - y[1], x[2] - y[2]);
}

describe('curve colours', () => {
  it('a run shown alone draws training and validation in two clearly different colours', () => {
    const { train, val } = curveColours(RUN_COLOURS[0], false);
    expect(distance(train, val)).toBeGreaterThan(150);
  });

  it('every overlaid run keeps its own hue for training and a visibly darker one for validation', () => {
    for (const c of RUN_COLOURS) {
      const { train, val } = curveColours(c, true);
      expect(train).toBe(c);
      expect(distance(train, val)).toBeGreaterThan(60);
      const lum = (h: string) => rgb(h).reduce((s, v) => s + v, 0);
      expect(lum(val)).toBeLessThan(lum(train));
    }
  });
});
