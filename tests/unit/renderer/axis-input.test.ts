// Reading a sweep axis's values as typed in the sweep editor.
import { describe, expect, it } from 'vitest';
import { readAxisValues } from '../../../src-renderer/sweeps/axis-input';
import { SweepAxis } from '../../../src-main/contract/sweep';

describe('axis values as typed', () => {
  it('reads numbers, ranges, activations and optimizers into values the contract accepts', () => {
    const depth = readAxisValues('depth', '1-3, 5 9');
    expect(depth).toEqual({ ok: true, values: [1, 2, 3, 5, 9] });
    const lr = readAxisValues('learningRate', '1e-3; 0.01 0.1');
    expect(lr).toEqual({ ok: true, values: [0.001, 0.01, 0.1] });
    const act = readAxisValues('activation', 'sigmoid, relu');
    const opt = readAxisValues('optimizer', 'sgd momentum adam');
    expect(opt.ok && opt.values).toEqual([{ kind: 'sgd' }, { kind: 'momentum', momentum: 0.9 }, { kind: 'adam', beta1: 0.9, beta2: 0.999 }]);
    for (const [name, r] of [
      ['depth', depth],
      ['activation', act],
      ['optimizer', opt],
    ] as const)
      expect(SweepAxis.safeParse({ name, values: r.ok ? r.values : [] }).success).toBe(true);
  });

  it('names what is wrong', () => {
    expect(readAxisValues('depth', '')).toEqual({ ok: false, error: 'depth: give at least one value, e.g. 1, 2, 3, 4' });
    expect(readAxisValues('depth', '2.5')).toMatchObject({ error: 'depth: “2.5” is not a whole number' });
    expect(readAxisValues('activation', 'relu, swish')).toMatchObject({ error: expect.stringMatching(/^activation: “swish” is not an activation/) });
    expect(readAxisValues('optimizer', 'lion')).toMatchObject({ error: expect.stringMatching(/^optimizer: “lion” is not an optimizer/) });
    expect(readAxisValues('dropout', '0.2 x')).toMatchObject({ error: 'dropout: “x” is not a number' });
    expect(readAxisValues('units', '16, 16')).toMatchObject({ error: 'units: 16 is given twice' });
    expect(readAxisValues('depth', '5-2')).toMatchObject({ ok: false });
  });
});
