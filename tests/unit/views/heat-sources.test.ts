import { describe, expect, it } from 'vitest';
import { layerSource, neuronSource } from '../../../src-renderer/views/heat-sources';
import { forStorage } from '../../../src-main/analysis/run-record';
import { indexOfStep, tickLabel } from '../../../src-renderer/views/heat-format';
import { epochsOf, makeRun } from '../analysis/make-run';

describe('heat sources', () => {
  const run = makeRun({
    hidden: [
      { activation: 'relu', units: 3 },
      { activation: 'relu', units: 5 },
    ],
    stepsPerEpoch: 4,
    epochs: epochsOf(2, () => ({ trainLoss: 1 })),
    grad: (l, s) => (l + 1) * s,
  });

  it('layer rows follow run.layers (input side first) for the chosen statistic', () => {
    const s = layerSource(run, 'kernelMeanAbs');
    expect([s.rows, s.n]).toEqual([3, 8]);
    expect(s.value(1, 7)).toBe(16);
    expect(layerSource(run, 'biasNorm').key).not.toBe(s.key);
  });

  it("neuron rows are the layer's units; a saved run keeps them, binned into bounded columns", async () => {
    const { source: s, stepNumbers } = neuronSource(run, 1)!;
    expect(s.rows).toBe(5);
    expect(s.value(0, 0)).toBe(2);
    expect(stepNumbers).toEqual(run.steps.step);
    // saved and read back as the project file would be: the per-neuron values survive, binned
    const { RunRecord } = await import('../../../src-main/contract/project');
    const saved = RunRecord.parse(JSON.parse(JSON.stringify(forStorage(run))));
    expect(saved.steps.layers[1]!.neuronMeanAbs).toBeUndefined();
    const back = neuronSource(saved, 1)!;
    expect(back.source.rows).toBe(5);
    expect(back.source.n).toBe(8);
    expect(back.source.value(4, 7)).toBeCloseTo(run.steps.layers[1]!.neuronMeanAbs![7]![4]!, 3);
  });

  it('a long run is saved in at most NEURON_COLUMNS columns, each the mean of its steps, within the budget', async () => {
    const { binNeurons, NEURON_BUDGET } = await import('../../../src-main/analysis/run-record');
    const steps = Array.from({ length: 1000 }, (_, i) => i + 1);
    const series = steps.map((s) => [s, 2 * s]);
    const b = binNeurons(steps, series, 300);
    expect(b.values.length).toBeLessThanOrEqual(300);
    expect(b.steps.at(-1)).toBe(1000);
    // power-of-two bins of 4 steps: column 0 is the mean of steps 1…4
    expect(b.values[0]).toEqual([2.5, 5]);
    const big = makeRun({
      hidden: Array.from({ length: 4 }, () => ({ activation: 'relu', units: 1000 })),
      stepsPerEpoch: 500,
      epochs: epochsOf(2, () => ({ trainLoss: 1 })),
    });
    const stored = forStorage(big);
    const numbers = stored.steps.layers.reduce((a, l) => a + (l.neuronBins?.values.reduce((x, c) => x + c.length, 0) ?? 0), 0);
    expect(numbers).toBeLessThanOrEqual(NEURON_BUDGET);
    expect(numbers).toBeGreaterThan(0);
  });

  it('formats legend ticks and finds steps', () => {
    expect(tickLabel(-3)).toBe('1e-3');
    expect(tickLabel(0)).toBe('1');
    expect(tickLabel(-2.5)).toBe('3.2e-3');
    expect(indexOfStep([1, 2, 5, 9], 5)).toBe(2);
    expect(indexOfStep([1, 2, 5, 9], 6)).toBe(3);
    expect(indexOfStep([1, 2, 5, 9], 10)).toBe(4);
  });
});
