// A node finds its layer in a run's layer list through an index built once per list; it must give the
// same answer as scanning the list, for every node, on a list the size of a large project.
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src-main/contract/project';
import { layerIndexOf } from '../../../src-renderer/training/node-grads';

function layer(node: string): RunRecord['layers'][number] {
  return { node, name: node, kind: 'dense', units: 8, activation: 'relu', hidden: true, hasBias: true, hasAlpha: false };
}

describe('layerIndexOf', () => {
  it('agrees with a scan of the list for every node of a 300-layer run, and is -1 for a node without a layer', () => {
    const layers = Array.from({ length: 300 }, (_, i) => layer(i === 299 ? 'output' : `d${i}`));
    for (const id of ['d0', 'd150', 'd298', 'output', 'input', 'nope']) expect(layerIndexOf(layers, id)).toBe(layers.findIndex((l) => l.node === id));
    expect(layerIndexOf(layers, 'input')).toBe(-1);
  });

  it('gives the first layer of a node listed twice, and keeps different runs apart', () => {
    const a = [layer('x'), layer('y'), layer('x')];
    const b = [layer('y'), layer('x')];
    expect(layerIndexOf(a, 'x')).toBe(0);
    expect(layerIndexOf(b, 'x')).toBe(1);
    expect(layerIndexOf(a, 'y')).toBe(1);
    expect(layerIndexOf(b, 'y')).toBe(0);
  });
});
