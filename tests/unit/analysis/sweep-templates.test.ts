import { describe, expect, it } from 'vitest';
import { SWEEP_TEMPLATES } from '../../../src-main/contract/sweep-templates';
import { SweepSpec } from '../../../src-main/contract/sweep';
import { TrainingConfig } from '../../../src-main/contract/training';
import { planSweep } from '../../../src-main/analysis/sweep-axes';
import { getPreset } from '../../../src-main/export/presets';

describe('the lesson sweep templates', () => {
  it.each(SWEEP_TEMPLATES.map((t) => [t.name, t] as const))('%s plans on its preset: every variant checks against MNIST', (_, t) => {
    const preset = getPreset(t.preset);
    const training = TrainingConfig.parse({ ...preset.training, ...t.training });
    const spec = SweepSpec.parse({ axes: t.axes });
    const r = planSweep(preset.graph, training, spec, { io: { inputDim: 784, classes: 10 }, trainCount: 7000 });
    if (!r.ok) throw new Error(r.error);
    expect(r.variants).toHaveLength(spec.axes.reduce((n, a) => n * a.values.length, 1));
    if (t.training?.epochs) expect(r.variants.every((v) => v.training.epochs === t.training!.epochs)).toBe(true);
    if (t.best) expect(spec.axes.map((a) => a.name)).toContain(t.best.per);
  });

  it('the optimizer race starts every optimizer from the same weights (one seed) and covers all six', () => {
    const t = SWEEP_TEMPLATES.find((x) => x.name === 'optimizer-race')!;
    const preset = getPreset(t.preset);
    const r = planSweep(preset.graph, TrainingConfig.parse({ ...preset.training, ...t.training }), SweepSpec.parse({ axes: t.axes }));
    if (!r.ok) throw new Error(r.error);
    expect(new Set(r.variants.map((v) => v.training.seed)).size).toBe(1);
    expect(new Set(r.variants.map((v) => v.training.optimizer.kind))).toEqual(new Set(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam']));
  });
});
