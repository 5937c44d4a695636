// `gradscope activations`: a model trained and exported by `gradscope train` is read back and its
// Maxout units and PReLU α reported; refusals are one line and exit 2.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../../src-main/cli/main';
import { loadExportedModel } from '../../../src-main/export/tfjs-layers';
import type { ProjectInput } from '../../../src-main/contract/project';
import type { ActivationsView, MaxoutLayerView, AlphaLayerView } from '../../../src-main/contract/activations';

async function inProcess(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd,
    onInterrupt: () => () => undefined,
  });
  return { code, stdout, stderr };
}

const project: ProjectInput = {
  format: 'gradscope-project',
  version: 2,
  name: 'Maxout then PReLU on the spiral',
  graph: {
    version: 1,
    nodes: [
      { id: 'in', type: 'input' },
      { id: 'mx', name: 'maxout 1', type: 'maxout', units: 12, pieces: 3 },
      { id: 'pr', type: 'dense', units: 10, activation: 'prelu' },
      { id: 'out', type: 'output', head: 'softmax' },
    ],
    edges: [
      { id: 'a', source: 'in', target: 'mx' },
      { id: 'b', source: 'mx', target: 'pr' },
      { id: 'c', source: 'pr', target: 'out' },
    ],
  },
  training: { dataset: { kind: 'synthetic', name: 'spiral' }, optimizer: { kind: 'adam' }, learningRate: 0.02, epochs: 3, batchSize: 32 },
};

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gs-act-'));
  await writeFile(path.join(dir, 'p.gradscope.json'), JSON.stringify(project));
  const r = await inProcess(['train', 'p.gradscope.json', '--out', 'model', '--json'], dir);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

describe('gradscope activations', () => {
  it('--json: every Maxout unit drawn along its line, every PReLU neuron with the α the export holds', async () => {
    const r = await inProcess(['activations', '--model', 'model', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout) as ActivationsView;
    expect(v.available.map((a) => [a.node, a.kind])).toEqual([
      ['mx', 'maxout'],
      ['pr', 'prelu'],
    ]);
    expect(v.samples.split).toBe('validation');
    const mx = v.layers[0] as MaxoutLayerView;
    expect(mx.unitViews).toHaveLength(12);
    expect(Object.values(mx.shapeCounts).reduce((a, b) => a + b, 0)).toBe(12);
    for (const u of mx.unitViews) {
      expect(u.pieces).toHaveLength(3);
      expect(u.pieces.reduce((a, p) => a + p.share, 0)).toBeCloseTo(1, 9);
      // the envelope covers the drawn range and is the max of the pieces there
      expect(u.envelope[0]!.from).toBe(u.tRange[0]);
      expect(u.envelope.at(-1)!.to).toBe(u.tRange[1]);
      for (const s of u.envelope) {
        const mid = (s.from + s.to) / 2;
        const best = Math.max(...u.pieces.map((p) => p.intercept + p.slope * mid));
        expect(u.pieces[s.piece]!.intercept + u.pieces[s.piece]!.slope * mid).toBeCloseTo(best, 6);
      }
    }
    const pr = v.layers[1] as AlphaLayerView;
    const model = await loadExportedModel(path.join(dir, 'model'));
    try {
      const alpha = model.layers.find((l) => l.getClassName() === 'PReLU')!.getWeights()[0]!;
      const exported = Array.from(alpha.dataSync());
      pr.alpha.forEach((a, i) => expect(a).toBeCloseTo(exported[i]!, 6));
      // trained: the α moved away from its initial 0.25
      expect(exported.some((a) => Math.abs(a - 0.25) > 1e-3)).toBe(true);
    } finally {
      model.dispose();
    }
  });

  it('--layer picks one layer by name; --direction pca shares one line across the layer', async () => {
    const r = await inProcess(['activations', '--model', 'model', '--layer', 'maxout 1', '--direction', 'pca', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout) as ActivationsView;
    expect(v.layers.map((l) => l.node)).toEqual(['mx']);
    const mx = v.layers[0] as MaxoutLayerView;
    expect(new Set(mx.unitViews.map((u) => u.tRange.join(','))).size).toBe(1);
    expect(mx.directionNote).toMatch(/principal direction of the layer's input \(\d+\.\d % of its variance\)/);
  });

  it('prints a table per layer', async () => {
    const r = await inProcess(['activations', '--model', 'model'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/maxout 1 \(mx\): Maxout, 12 units of 3 pieces/);
    expect(r.stdout).toMatch(/dense pr \(pr\): PReLU \(α learned per neuron\), 10 units/);
  });

  it.each([
    [['activations'], /^gradscope: activations: which model\? Give --model DIR/],
    [['activations', '--model', 'model', '--direction', 'up'], /^gradscope: --direction up: expected own .* or pca/],
    [
      ['activations', '--model', 'model', '--layer', 'h9'],
      /^gradscope: --model model: no Maxout, PReLU, Leaky ReLU or ELU layer "h9" \(the model has: mx \("maxout 1"\), pr/,
    ],
    [['activations', '--model', 'nowhere'], /^gradscope: .*nowhere.*model\.json/],
    [['activations', '--model', 'model', '--data', 'bogus'], /^gradscope: --data bogus: unknown dataset/],
  ])('%j is refused in one line with exit 2', async (args, message) => {
    const r = await inProcess(args, dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
