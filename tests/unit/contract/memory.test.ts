// The memory estimate: what the presets need fits the default budget; what the wasm backend cannot
// hold does not.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_BUDGET_BYTES, estimateMemory, memoryBudget, memoryProblem } from '../../../src-main/contract/memory';
import { listPresets, getPreset } from '../../../src-main/export/presets';

describe('estimateMemory', () => {
  it('lets every preset train within the default budget', () => {
    for (const { name } of listPresets()) {
      const p = getPreset(name);
      const io =
        p.training.dataset.kind === 'mnist'
          ? { inputDim: 784, classes: 10 }
          : { inputDim: 2, classes: p.training.dataset.kind === 'synthetic' ? (p.training.dataset.classes ?? 3) : 2 };
      const e = estimateMemory(p.graph, io, p.training)!;
      expect(e.totalBytes, name).toBeLessThan(DEFAULT_MEMORY_BUDGET_BYTES / 10);
      expect(memoryProblem(e, DEFAULT_MEMORY_BUDGET_BYTES, p.training.batchSize), name).toBeNull();
    }
  });

  it('counts parameters exactly, and optimizer state by optimizer', () => {
    const graph = {
      version: 1 as const,
      nodes: [
        { id: 'in', type: 'input' as const },
        { id: 'h', type: 'dense' as const, units: 10, activation: 'prelu' as const, useBias: true },
        { id: 'm', type: 'maxout' as const, units: 4, pieces: 3, useBias: true, grouping: { kind: 'contiguous' as const } },
        { id: 'out', type: 'output' as const, head: 'softmax' as const, useBias: true },
      ],
      edges: [
        { id: 'a', source: 'in', target: 'h' },
        { id: 'b', source: 'h', target: 'm' },
        { id: 'c', source: 'm', target: 'out' },
      ],
    };
    const es = { enabled: false, monitor: 'val_loss' as const, patience: 3, restoreBest: true };
    const sgd = estimateMemory(graph, { inputDim: 5, classes: 3 }, { batchSize: 8, optimizer: { kind: 'sgd' }, earlyStopping: es })!;
    // dense 5·10 + 10 bias + 10 α; maxout 10·12 + 12; output 4·3 + 3
    expect(sgd.parameters).toBe(70 + 132 + 15);
    const adam = estimateMemory(
      graph,
      { inputDim: 5, classes: 3 },
      { batchSize: 8, optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999 }, earlyStopping: es },
    )!;
    expect(adam.parameterBytes / sgd.parameterBytes).toBeCloseTo(6 / 4, 10);
  });

  it('reads the budget from GRADSCOPE_MEMORY_BUDGET_MB', () => {
    expect(memoryBudget({ GRADSCOPE_MEMORY_BUDGET_MB: '512' })).toBe(512 * 2 ** 20);
    expect(memoryBudget({ GRADSCOPE_MEMORY_BUDGET_MB: 'lots' })).toBe(DEFAULT_MEMORY_BUDGET_BYTES);
    expect(memoryBudget({})).toBe(DEFAULT_MEMORY_BUDGET_BYTES);
  });
});
