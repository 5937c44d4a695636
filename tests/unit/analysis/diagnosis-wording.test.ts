// The diagnosis sentences read cleanly: no nested or doubled brackets around the training numbers.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src-main/analysis/diagnosis';
import { epochsOf, makeRun } from './make-run';

const relu = [{ activation: 'relu' }, { activation: 'relu' }];

describe('diagnosis wording', () => {
  it('overfitting and good verdicts quote the training numbers without "))"', () => {
    const over = diagnose(
      makeRun({
        hidden: relu,
        epochs: epochsOf(8, (e) => ({ trainLoss: 1 / (e + 1), trainAcc: 0.99, valLoss: 0.5 + e * 0.1, valAcc: 0.7 })),
        grad: () => 0.02,
      }),
    );
    const good = diagnose(
      makeRun({ hidden: relu, epochs: epochsOf(8, () => ({ trainLoss: 0.05, trainAcc: 0.98, valLoss: 0.06, valAcc: 0.97 })), grad: () => 0.02 }),
    );
    expect(over.verdict).toBe('overfitting');
    expect(good.verdict).toBe('good');
    for (const d of [over, good]) {
      expect(d.detail).toMatch(/training accuracy is \d/);
      expect(d.detail).not.toMatch(/\)\)/);
      expect(d.detail).not.toMatch(/\(\(/);
    }
  });
});
