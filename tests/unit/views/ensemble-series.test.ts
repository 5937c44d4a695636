// The dropout-ensemble charts' series: M on x, accuracy in percent with the repeats' spread, (a) flat.
import { describe, expect, it } from 'vitest';
import { ensembleSeries, samplesUpTo } from '../../../src-renderer/views/lesson/ensemble-series';
import type { DropoutEnsembleView } from '../../../src-main/contract/dropout-ensemble';

const s = (mean: number, min = mean, max = mean) => ({ mean, min, max });

describe('ensemble series', () => {
  it('M doubles up to the chosen size', () => {
    expect(samplesUpTo(16)).toEqual([1, 2, 4, 8, 16]);
  });

  it('accuracy in percent with min/max lines, (a) and the exact average flat across M', () => {
    const v = {
      head: 'softmax',
      scaled: { loss: 0.2, acc: 0.947 },
      rows: [
        { samples: 1, meanZ: { loss: s(0.3), acc: s(0.9, 0.89, 0.93) }, meanP: { loss: s(0.3), acc: s(0.9) }, maxDiff: s(19.5) },
        { samples: 64, meanZ: { loss: s(0.2), acc: s(0.946) }, meanP: { loss: s(0.18), acc: s(0.946) }, maxDiff: s(2.6) },
      ],
      exact: { masks: 512, meanZ: { loss: 0.2, acc: 0.95 }, meanP: null, maxDiff: 0.5 },
    } as unknown as DropoutEnsembleView;
    const { score, diff } = ensembleSeries(v);
    expect(score[0]!.data.map((p) => p.x)).toEqual([1, 64]);
    expect(score[0]!.data[1]!.y).toBeCloseTo(94.6, 6);
    expect(score[1]!.data[0]!.y).toBeCloseTo(89);
    expect(score[2]!.data[0]!.y).toBeCloseTo(93);
    const a = score.find((x) => x.label === '(a) full network')!;
    expect(a.data.map((p) => p.x)).toEqual([1, 64]);
    for (const p of a.data) expect(p.y).toBeCloseTo(94.7, 6);
    expect(score.at(-1)!.label).toBe('exact, all 512');
    expect(diff[0]!.data.map((p) => p.y)).toEqual([19.5, 2.6]);
    expect(diff.at(-1)!.data[0]!.y).toBe(0.5);
  });
});
