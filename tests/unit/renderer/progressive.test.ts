// The batch size of a large project's load follows the time each batch took, so no frame of the load
// takes much longer than the budget on a slow machine and a fast machine is not held back.
import { describe, expect, it } from 'vitest';
import { FRAME_BUDGET_MS, MAX_BATCH, MIN_BATCH, nextBatchSize } from '../../../src-renderer/editor/progressive.svelte';

describe('nextBatchSize', () => {
  it('keeps the size when the last batch took the budget', () => {
    expect(nextBatchSize(20, FRAME_BUDGET_MS)).toBe(20);
  });

  it('shrinks a batch that took too long towards the budget, at most halving it', () => {
    expect(nextBatchSize(40, FRAME_BUDGET_MS * 1.6)).toBe(25);
    expect(nextBatchSize(40, FRAME_BUDGET_MS * 8)).toBe(20);
  });

  it('grows a batch that was quick, at most doubling it', () => {
    expect(nextBatchSize(16, FRAME_BUDGET_MS / 1.5)).toBe(24);
    expect(nextBatchSize(16, 1)).toBe(32);
    expect(nextBatchSize(16, 0)).toBe(32);
  });

  it('stays within its bounds', () => {
    expect(nextBatchSize(MIN_BATCH, 10_000)).toBe(MIN_BATCH);
    expect(nextBatchSize(MAX_BATCH, 1)).toBe(MAX_BATCH);
  });

  it('on a machine where each node costs the same, settles at the batch that fills the budget', () => {
    const msPerNode = 2.5;
    let size = 16;
    for (let i = 0; i < 10; i++) size = nextBatchSize(size, size * msPerNode);
    expect(size * msPerNode).toBeLessThanOrEqual(FRAME_BUDGET_MS);
    expect(size * msPerNode).toBeGreaterThan(FRAME_BUDGET_MS * 0.8);
  });
});
