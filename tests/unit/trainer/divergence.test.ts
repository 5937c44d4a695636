// Divergence: a non-finite loss, or a loss grown to 1000× its running minimum, for every optimizer.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/trainer/backend';
import { DIVERGENCE_FACTOR, DivergenceWatch } from '../../../src-main/trainer/divergence';
import { OPTIMIZER_KINDS, Optimizer } from '../../../src-main/contract/training';
import { chain, config, dense } from './fixtures/graphs';
import { spiral } from './fixtures/datasets';
import { collect } from './fixtures/run';

beforeAll(async () => {
  await initBackend();
});
let toDispose: (() => void)[] = [];
afterEach(() => {
  toDispose.forEach((d) => d());
  toDispose = [];
});

describe('DivergenceWatch', () => {
  it('flags a non-finite loss and a loss over 1000× its running minimum, not ordinary noise', () => {
    const w = new DivergenceWatch();
    for (const l of [2.3, 1.5, 0.9, 1.2, 0.5, 3.0, 0.4]) expect(w.check(l)).toBeNull();
    expect(w.check(0.4 * DIVERGENCE_FACTOR * 0.99)).toBeNull();
    expect(w.check(0.4 * DIVERGENCE_FACTOR * 1.01)).toMatch(/over 1000× its lowest value so far \(0\.400\)/);
    expect(new DivergenceWatch().check(NaN)).toBe('the loss became NaN');
    expect(new DivergenceWatch().check(Infinity)).toBe('the loss became Infinity');
  });

  it('counts a minimum near zero as at least 1/100 of the first loss, so a tiny loss may bounce', () => {
    const w = new DivergenceWatch();
    expect(w.check(2.3)).toBeNull();
    expect(w.check(1e-7)).toBeNull();
    expect(w.check(0.5)).toBeNull(); // 5,000,000× the minimum, but under 1000 × 0.023
    expect(w.check(25)).toMatch(/grew to 25\.0/);
  });
});

describe('a run at an absurd learning rate', () => {
  const data = spiral(240, 3, 0.05, 7);
  for (const kind of OPTIMIZER_KINDS) {
    it(`diverges with ${kind} at learning rate 1e6 instead of finishing as completed`, async () => {
      const optimizer = Optimizer.parse({ kind });
      const r = await collect(chain([dense(16, 'relu'), dense(16, 'relu')]), config({ optimizer, learningRate: 1e6, epochs: 30 }), data);
      toDispose.push(() => r.result.compiled?.dispose());
      expect(r.of('finished')[0]).toMatchObject({ reason: 'diverged' });
      expect(r.of('diverged')[0]!.message).toMatch(/training diverged at epoch \d+, step \d+: the loss (became|grew to)/);
    });
  }
});
