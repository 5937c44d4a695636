import { describe, expect, it } from 'vitest';
import { StepBatcher } from '../../../src-main/trainer/step-batcher';
import type { StepRecord } from '../../../src-main/contract/events';

const rec = (step: number): StepRecord => ({ step, epoch: 1, loss: 1 / step, acc: null, layers: [] });

describe('StepBatcher', () => {
  it('sends at most 30 messages a second and drops no step', () => {
    let t = 0;
    const sent: StepRecord[][] = [];
    const b = new StepBatcher((s) => sent.push(s), { now: () => t }, 30);
    // 3000 steps over 2 simulated seconds
    for (let i = 1; i <= 3000; i++) {
      t = (i * 2000) / 3000;
      b.push(rec(i));
    }
    b.flush();
    expect(sent.length).toBeLessThanOrEqual(2 * 30 + 2);
    expect(sent.length).toBeGreaterThan(30);
    expect(sent.flat().map((s) => s.step)).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
  });
  it("sends a slow run's steps one by one, and flush sends what is held", () => {
    let t = 0;
    const sent: StepRecord[][] = [];
    const b = new StepBatcher((s) => sent.push(s), { now: () => t });
    b.push(rec(1));
    t = 100;
    b.push(rec(2));
    t = 110;
    b.push(rec(3));
    expect(sent.map((s) => s.length)).toEqual([1, 1]);
    b.flush();
    b.flush();
    expect(sent.map((s) => s.length)).toEqual([1, 1, 1]);
  });
});
