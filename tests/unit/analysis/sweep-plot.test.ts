// Shaping a sweep's results for its views: lines per second-axis value, repeats over seeds folded into
// mean and spread, gaps where a variant has no figure, the CSV table.
import { describe, expect, it } from 'vitest';
import { sweepCsv, sweepPlot, sweepRoles } from '../../../src-main/analysis/sweep-plot';
import { SweepAxis, type VariantResult, type VariantAxes } from '../../../src-main/contract/sweep';

const axes = (...a: unknown[]) => a.map((x) => SweepAxis.parse(x));

function variant(index: number, ax: VariantAxes, train: number | null, over: Partial<VariantResult> = {}): VariantResult {
  return {
    index,
    axes: ax as VariantResult['axes'],
    label: Object.entries(ax)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' '),
    status: train === null ? 'error' : 'completed',
    runId: `r${index}`,
    epoch: train === null ? null : 3,
    epochs: train === null ? 0 : 3,
    train: train === null ? null : { loss: 1 - train, acc: train },
    trainEvalSamples: train === null ? null : 500,
    val: train === null ? null : { loss: 1.1 - train, acc: train - 0.05 },
    test: null,
    gradRatio: train === null ? null : train / 100,
    seconds: 2,
    message: train === null ? 'trainer failed' : null,
    ...over,
  };
}

describe('sweep plot', () => {
  const depthAct = axes({ name: 'depth', values: [1, 3, 5] }, { name: 'activation', values: ['sigmoid', 'relu'] });
  const vs = [
    variant(0, { depth: 1, activation: 'sigmoid' }, 0.9),
    variant(1, { depth: 1, activation: 'relu' }, 0.92),
    variant(2, { depth: 3, activation: 'sigmoid' }, 0.6),
    variant(3, { depth: 3, activation: 'relu' }, 0.95),
    variant(4, { depth: 5, activation: 'sigmoid' }, null),
    variant(5, { depth: 5, activation: 'relu' }, 0.96),
  ];

  it('x = the first axis, one line per value of the second; a failed variant leaves a gap', () => {
    const p = sweepPlot(depthAct, vs, 'trainAcc');
    expect(p.xAxis).toBe('depth');
    expect(p.xLabels).toEqual(['1', '3', '5']);
    expect(p.lineAxis).toBe('activation');
    expect(p.lines.map((l) => l.label)).toEqual(['activation=sigmoid', 'activation=relu']);
    expect(p.lines[0]!.points.map((q) => [q.x, q.y])).toEqual([
      [0, 0.9],
      [1, 0.6],
    ]);
    expect(p.lines[1]!.points.map((q) => q.variants)).toEqual([[1], [3], [5]]);
    expect(p.repeats).toBe(false);
  });

  it('swapped: activation across, one line per depth', () => {
    const p = sweepPlot(depthAct, vs, 'valAcc', true);
    expect(p.xLabels).toEqual(['sigmoid', 'relu']);
    expect(p.lines.map((l) => l.label)).toEqual(['depth=1', 'depth=3', 'depth=5']);
    expect(p.lines[1]!.points.map((q) => q.y)).toEqual([expect.closeTo(0.55, 12), expect.closeTo(0.9, 12)]);
  });

  it('seeds fold into a mean with the min–max spread; the gradient ratio into a geometric mean', () => {
    const a = axes({ name: 'learningRate', values: [0.01, 0.1] }, { name: 'seed', values: [1, 2] });
    const r = [
      variant(0, { learningRate: 0.01, seed: 1 }, 0.7),
      variant(1, { learningRate: 0.01, seed: 2 }, 0.8),
      variant(2, { learningRate: 0.1, seed: 1 }, 0.5, { gradRatio: 1e-4 }),
      variant(3, { learningRate: 0.1, seed: 2 }, 0.9, { gradRatio: 1e-2 }),
    ];
    expect(sweepRoles(a).seed?.name).toBe('seed');
    const p = sweepPlot(a, r, 'trainAcc');
    expect(p.repeats).toBe(true);
    expect(p.lineAxis).toBeNull();
    expect(p.lines).toHaveLength(1);
    const [lo, hi] = p.lines[0]!.points;
    expect(lo).toMatchObject({ n: 2, min: 0.7, max: 0.8, variants: [0, 1] });
    expect(lo!.y).toBeCloseTo(0.75, 12);
    expect(hi).toMatchObject({ min: 0.5, max: 0.9 });
    expect(sweepPlot(a, r, 'gradRatio').lines[0]!.points[1]!.y).toBeCloseTo(1e-3, 12);
  });
});

describe('sweep CSV', () => {
  it('one row per variant in order, swept values first, empty cells where there is no figure, quoted message', () => {
    const a = axes({ name: 'optimizer', values: [{ kind: 'sgd' }, { kind: 'momentum', momentum: 0.95 }] });
    const csv = sweepCsv(a, [
      variant(1, { optimizer: { kind: 'momentum', momentum: 0.95 } }, null, { message: 'diverged: loss is NaN, at step 3' }),
      variant(0, { optimizer: { kind: 'sgd' } }, 0.5),
    ]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'variant,optimizer,status,measured_epoch,epochs,train_loss,train_acc,train_samples_measured,val_loss,val_acc,test_loss,test_acc,grad_ratio_first_last_hidden,seconds,message',
    );
    expect(lines[1]).toBe('1,sgd,completed,3,3,0.5,0.5,500,0.6000000000000001,0.45,,,0.005,2,');
    expect(lines[2]).toBe('2,momentum:momentum=0.95,error,,0,,,,,,,,,2,"diverged: loss is NaN, at step 3"');
  });
});
