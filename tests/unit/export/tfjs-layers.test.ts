import * as tf from '../../../src-main/layers/tf';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../../src-main/contract/graph';
import { exportModel, loadExportedModel } from '../../../src-main/export/tfjs-layers';
import { initBackend } from '../../../src-main/trainer/backend';
import { compileGraph } from '../../../src-main/trainer/compile';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'gradscope-export-'));

/** dense (prelu, leaky relu, elu), dropout, add, maxout, concat and a softmax head. */
const graph: Graph = {
  version: 1,
  nodes: [
    { id: 'in', type: 'input' },
    { id: 'p', type: 'dense', units: 12, activation: 'prelu', useBias: true },
    { id: 'l', type: 'dense', units: 12, activation: 'leaky_relu', alpha: 0.2, useBias: true, dropout: 0.5 },
    { id: 'e', type: 'dense', units: 12, activation: 'elu', useBias: true },
    { id: 'sum', type: 'add' },
    { id: 'mx', type: 'maxout', units: 6, pieces: 2, grouping: { kind: 'interleaved' }, useBias: true },
    { id: 'cat', type: 'concat' },
    { id: 'out', type: 'output', head: 'softmax', useBias: true },
  ],
  edges: [
    { id: 'e1', source: 'in', target: 'p' },
    { id: 'e2', source: 'p', target: 'l' },
    { id: 'e3', source: 'p', target: 'e' },
    { id: 'e4', source: 'l', target: 'sum' },
    { id: 'e5', source: 'e', target: 'sum' },
    { id: 'e6', source: 'sum', target: 'mx' },
    { id: 'e7', source: 'mx', target: 'cat' },
    { id: 'e8', source: 'e', target: 'cat' },
    { id: 'e9', source: 'cat', target: 'out' },
  ],
};

describe('TensorFlow.js layers export', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('export → load → predict gives identical predictions (dense, prelu, leaky relu, elu, dropout, add, concat, Maxout)', async () => {
    const c = compileGraph(graph, { inputDim: 5, classes: 4 }, { seed: 7 });
    // every weight (kernels, biases, PReLU α) set to distinct random values, so a mix-up would show
    const weights = c.model.getWeights();
    c.model.setWeights(weights.map((w, i) => tf.randomNormal(w.shape, 0, 0.7, 'float32', 100 + i)));
    const x = tf.randomNormal([32, 5], 0, 1, 'float32', 3);
    const before = (c.model.predict(x) as tf.Tensor).dataSync().slice();
    const dir = path.join(tmp(), 'model');
    await exportModel(c.model, dir, { gradscope: { graph } });
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(JSON.stringify(json.modelTopology)).toContain('GradscopeMaxout');
    expect(json.userDefinedMetadata.gradscope.graph.nodes).toHaveLength(8);
    const loaded = await loadExportedModel(dir);
    const after = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(after)).toEqual(Array.from(before));
    // the predictions are real class probabilities that depend on the input
    expect(after[0]! + after[1]! + after[2]! + after[3]!).toBeCloseTo(1, 5);
    expect(Array.from(after.slice(0, 4))).not.toEqual(Array.from(after.slice(4, 8)));
    c.dispose();
    loaded.dispose();
    x.dispose();
  });

  it('replaces an earlier export atomically but never a folder holding other files', async () => {
    const c = compileGraph(graph, { inputDim: 5, classes: 4 }, { seed: 1 });
    const root = tmp();
    const dir = path.join(root, 'm');
    await exportModel(c.model, dir);
    const first = readFileSync(path.join(dir, 'weights.bin'));
    c.model.setWeights(c.model.getWeights().map((w) => tf.add(w, 1)));
    await exportModel(c.model, dir);
    expect(readFileSync(path.join(dir, 'weights.bin')).equals(first)).toBe(false);
    expect(readdirSync(root)).toEqual(['m']); // no temp or old folders left behind

    const other = path.join(root, 'docs');
    await exportModel(c.model, path.join(other, 'x')); // creates parents
    writeFileSync(path.join(other, 'notes.txt'), 'keep me');
    await expect(exportModel(c.model, other)).rejects.toThrow(`${other}: the folder exists and holds other files`);
    expect(readFileSync(path.join(other, 'notes.txt'), 'utf8')).toBe('keep me');
    c.dispose();
  });

  it('reports a missing, corrupt or truncated export by file', async () => {
    const c = compileGraph(graph, { inputDim: 5, classes: 4 }, { seed: 2 });
    const dir = path.join(tmp(), 'm');
    await exportModel(c.model, dir);
    c.dispose();
    const bin = path.join(dir, 'weights.bin');
    writeFileSync(bin, readFileSync(bin).subarray(0, 100));
    await expect(loadExportedModel(dir)).rejects.toThrow(`${bin}: 100 bytes of weights, model.json describes`);
    writeFileSync(path.join(dir, 'model.json'), '{"modelTopology": ');
    await expect(loadExportedModel(dir)).rejects.toThrow(`${path.join(dir, 'model.json')}: not valid JSON`);
    const empty = tmp();
    await expect(loadExportedModel(empty)).rejects.toThrow(`${path.join(empty, 'model.json')}: not found`);
    expect(existsSync(path.join(empty, 'model.json'))).toBe(false);
  });
});
