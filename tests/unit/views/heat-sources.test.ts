import { describe, expect, it } from 'vitest';
import { layerSource, neuronSource } from '../../../src-renderer/views/heat-sources';
import { forStorage } from '../../../src-main/analysis/run-record';
import { indexOfStep, tickLabel } from '../../../src-renderer/views/heat-format';
import { epochsOf, makeRun } from '../analysis/make-run';

describe('heat sources', () => {
  const run = makeRun({
    hidden: [{ activation: 'relu', units: 3 }, { activation: 'relu', units: 5 }],
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

  it('neuron rows are the layer\'s units; a stored run without them gives null', () => {
    const s = neuronSource(run, 1)!;
    expect(s.rows).toBe(5);
    expect(s.value(0, 0)).toBe(2);
    expect(neuronSource(forStorage(run), 1)).toBeNull();
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
