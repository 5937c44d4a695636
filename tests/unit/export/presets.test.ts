import { describe, expect, it } from 'vitest';
import { checkGraph, checkTraining } from '../../../src-main/contract/validate';
import { inspectDataset } from '../../../src-main/data/index';
import { getPreset, listPresets } from '../../../src-main/export/presets';

describe('presets', () => {
  it('lists the five lesson presets with titles and descriptions', () => {
    const list = listPresets();
    expect(list.map((p) => p.name)).toEqual(['dropout', 'maxout', 'relu-deep', 'sigmoid-deep', 'sine', 'spiral']);
    for (const p of list) {
      expect(p.title.length).toBeGreaterThan(5);
      expect(p.description.length).toBeGreaterThan(20);
    }
  });

  it("every preset parses, its training config checks, and its graph passes checkGraph with its dataset's shape", async () => {
    for (const { name } of listPresets()) {
      const p = getPreset(name);
      const info = await inspectDataset(p.training.dataset);
      const check = checkGraph(p.graph, { inputDim: info.inputDim, classes: info.classes });
      expect(check.problems, name).toEqual([]);
      expect(checkTraining(p.training).ok, name).toBe(true);
      // tidy for the editor: every node has a position and no two share one
      // (presets are version-1 files: their inline positions are migrated into the layout)
      const spots = new Set(p.graph.nodes.map((n) => `${p.layout[n.id]?.x},${p.layout[n.id]?.y}`));
      expect(spots.size, name).toBe(p.graph.nodes.length);
      expect(p.graph.nodes.every((n) => p.layout[n.id] !== undefined)).toBe(true);
    }
  });

  it('sets up the lesson: 8 sigmoid vs 8 ReLU layers on MNIST with plain SGD, Maxout k = 2, dropout with early stopping', () => {
    const hidden = (name: string) => getPreset(name).graph.nodes.filter((n) => n.type === 'dense' || n.type === 'maxout');
    expect(hidden('sigmoid-deep').map((n) => (n.type === 'dense' ? `${n.activation}:${n.units}` : ''))).toEqual(Array(8).fill('sigmoid:128'));
    expect(hidden('relu-deep').map((n) => (n.type === 'dense' ? n.activation : ''))).toEqual(Array(8).fill('relu'));
    expect(getPreset('sigmoid-deep').training).toMatchObject({ dataset: { kind: 'mnist' }, optimizer: { kind: 'sgd' }, batchSize: 32 });
    expect(hidden('maxout').every((n) => n.type === 'maxout' && n.pieces === 2)).toBe(true);
    expect(hidden('dropout').every((n) => n.dropout === 0.5)).toBe(true);
    expect(getPreset('dropout').training.earlyStopping.enabled).toBe(true);
    expect(getPreset('spiral').training.dataset).toMatchObject({ kind: 'synthetic', name: 'spiral' });
    expect(() => getPreset('../package')).toThrow(/unknown preset "..\/package" \(available: dropout, maxout/);
  });
});
