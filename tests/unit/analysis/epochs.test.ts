import { describe, expect, it } from 'vitest';
import { epochsInOrder } from '../../../src-main/analysis/epochs';
import { epochsOf, makeRun } from './make-run';

describe('epochs in order', () => {
  const epochs = makeRun({ hidden: [], epochs: epochsOf(5, (e) => ({ trainLoss: 1 / e })) }).epochs;

  it('hands back a list that is already in order as it is, and sorts one that is not', () => {
    expect(epochsInOrder(epochs)).toBe(epochs);
    const shuffled = [epochs[3]!, epochs[0]!, epochs[4]!, epochs[1]!, epochs[2]!];
    const s = epochsInOrder(shuffled);
    expect(s.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    // the list it was given is left as it was
    expect(shuffled.map((e) => e.epoch)).toEqual([4, 1, 5, 2, 3]);
    expect(epochsInOrder(shuffled)).toBe(s);
  });
});
