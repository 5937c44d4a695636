// The 1-D regression sets: one input, a number to fit, the function plus the noise asked for.
import { describe, expect, it } from 'vitest';
import { inspectDataset, loadDataset } from '../../../src-main/data/index';
import { generateSynthetic } from '../../../src-main/data/synthetic';

const f = { sine: (x: number) => Math.sin(1.5 * x), abs: (x: number) => Math.abs(x), steps: (x: number) => Math.floor(x) };

describe('sine, abs and steps', () => {
  for (const name of ['sine', 'abs', 'steps'] as const) {
    it(`${name}: x on −3…3, y = f(x) + noise with the noise's spread`, () => {
      const src = generateSynthetic({ name, samples: 2000, noise: 0.2 }, 3);
      expect(src.inputDim).toBe(1);
      expect(src.classes).toBeNull();
      expect(src.features).toEqual(['x']);
      const x = src.train.x;
      expect(Math.min(...x)).toBeGreaterThanOrEqual(-3);
      expect(Math.max(...x)).toBeLessThanOrEqual(3);
      expect(Math.min(...x)).toBeLessThan(-2.9);
      const resid = Array.from(x, (v, i) => src.train.y[i]! - f[name](v));
      const mean = resid.reduce((a, b) => a + b) / resid.length;
      const sd = Math.sqrt(resid.reduce((a, b) => a + (b - mean) ** 2, 0) / resid.length);
      expect(Math.abs(mean)).toBeLessThan(0.03);
      expect(sd).toBeGreaterThan(0.17);
      expect(sd).toBeLessThan(0.23);
    });
  }

  it('without noise the points lie on the function', () => {
    const src = generateSynthetic({ name: 'steps', samples: 100, noise: 0 }, 1);
    Array.from(src.train.x).forEach((v, i) => expect(src.train.y[i]).toBe(Math.floor(v)));
  });

  it('loads as a regression set (target standardised, x as generated) and is described as one', async () => {
    const d = await loadDataset({ kind: 'synthetic', name: 'abs', samples: 500, noise: 0.1 }, 1, 0.1, 0.2);
    expect(d.inputDim).toBe(1);
    expect(d.classes).toBeNull();
    expect(d.contract?.input).toEqual({ kind: 'none' });
    expect(d.contract?.target.task).toBe('regression');
    expect(d.train.y).toBeInstanceOf(Float32Array);
    const info = await inspectDataset({ kind: 'synthetic', name: 'abs', samples: 500 });
    expect(info).toMatchObject({ inputDim: 1, classes: null, samples: { train: 500, test: 0 } });
    expect(info.description).toContain('function to fit');
  });
});
