// model.py reads as if written by hand (attributes named after the nodes, forward along the edges), and the
// service's PyTorch methods validate what they are sent.
import { describe, expect, it } from 'vitest';
import type { TrainerEvent } from '../../../src-main/contract/events';
import { TrainingConfig } from '../../../src-main/contract/training';
import { Graph } from '../../../src-main/contract/graph';
import { modelCode } from '../../../src-main/export/pytorch/model-py';
import { loadDataset } from '../../../src-main/data/index';
import { runTraining } from '../../../src-main/trainer/loop';
import { initBackend } from '../../../src-main/trainer/backend';
import { makeService, tempDir, xorProject } from '../service/fixtures';
import { dense, graph, input, maxout, output } from './pytorch-fixtures';

describe('model.py', () => {
  it('one attribute per layer named after the node, forward following the edges, dropout where the graph has it', () => {
    const g = graph(
      [
        input({ dropout: 0.1 }),
        dense('a', 4, 'leaky_relu', { name: 'Edge detector', alpha: 0.3, dropout: 0.25 }),
        maxout('b', 3, 2, { kind: 'interleaved' }),
        { id: 'cat', type: 'concat' },
        output(),
      ],
      [
        ['in', 'a'],
        ['in', 'b'],
        ['a', 'cat'],
        ['b', 'cat'],
        ['cat', 'out'],
      ],
    );
    const { source, layers } = modelCode(g, { inputDim: 5, classes: 2 }, 'Demo');
    expect(source).toContain('self.edge_detector = Dense(5, 4, nn.LeakyReLU(negative_slope=0.3))  # Edge detector (node a)');
    expect(source).toContain('self.edge_detector_dropout = nn.Dropout(p=0.25)');
    expect(source).toContain('self.in_layer_dropout = nn.Dropout(p=0.1)');
    expect(source).toContain('self.b = Maxout(5, units=3, pieces=2, grouping="interleaved")');
    expect(source).toContain('self.out_layer = nn.Linear(7, 2)');
    const forward = source.slice(source.indexOf('def forward(self, x):\n        #'));
    expect(forward).toMatch(
      /x = self\.in_layer_dropout\(x\)\n\s+edge_detector = self\.edge_detector\(x\)\n\s+edge_detector = self\.edge_detector_dropout\(edge_detector\)\n\s+b = self\.b\(x\)\n\s+cat = torch\.cat\(\[edge_detector, b\], dim=1\)/,
    );
    expect(layers.map((l) => [l.info.node, l.keys.kernel])).toEqual([
      ['a', 'edge_detector.linear.weight'],
      ['b', 'b.linear.weight'],
      ['out', 'out_layer.weight'],
    ]);
  });

  it('PReLU gets one α per neuron; explicit Maxout groups are written out', () => {
    const g = graph(
      [
        input(),
        dense('p', 3, 'prelu', { alpha: 0.2 }),
        maxout('m', 2, 2, {
          kind: 'explicit',
          groups: [
            [0, 3],
            [1, 2],
          ],
        }),
        output('linear'),
      ],
      [
        ['in', 'p'],
        ['p', 'm'],
        ['m', 'out'],
      ],
    );
    const { source, layers, head } = modelCode(g, { inputDim: 2, classes: null }, 'x');
    expect(source).toContain('nn.PReLU(num_parameters=3, init=0.2)');
    expect(source).toContain('grouping=[[0, 3], [1, 2]]');
    expect(head).toBe('linear');
    expect(layers[0]!.keys.alpha).toBe('p.activation.weight');
  });
});

describe('service: PyTorch export and log import', () => {
  it('validates the payloads, naming the field', async () => {
    const service = makeService(await tempDir());
    const bad = await service.handleCall('importRunLog', { name: 'x.jsonl', text: 'x', graph: xorProject.graph });
    expect(bad).toEqual({ ok: false, kind: 'invalid', where: { field: 'training' }, error: expect.stringMatching(/^importRunLog: training: /) });
    const noRun = await service.handleCall('exportPytorch', {
      runId: 'run-x',
      label: 'r',
      graph: xorProject.graph,
      training: TrainingConfig.parse(xorProject.training),
      dir: await tempDir(),
    });
    expect(noRun).toEqual({ ok: false, error: 'no run with id run-x' });
  });

  it('imports a gradscope train --json log as a run of the graph', async () => {
    await initBackend();
    const training = TrainingConfig.parse({ ...xorProject.training, epochs: 2, dataset: { kind: 'synthetic', name: 'xor', samples: 200 } });
    const dataset = await loadDataset(training.dataset, { seed: 1, validationSplit: 0.1, testSplit: 0.2 });
    const lines: string[] = [];
    const r = await runTraining({
      graph: Graph.parse(xorProject.graph),
      training,
      dataset,
      runId: 'cli-xor',
      emit: (e: TrainerEvent) => lines.push(JSON.stringify(e)),
    });
    r.compiled?.dispose();
    const service = makeService(await tempDir());
    const res = await service.handleCall('importRunLog', { name: 'xor.jsonl', text: lines.join('\n'), graph: xorProject.graph, training });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const run = res.value as { label: string; epochs: unknown[]; steps: { step: number[] }; layers: unknown[] };
    expect(run.label).toBe('xor (imported)');
    expect(run.epochs).toHaveLength(2);
    expect(run.steps.step).toHaveLength(2 * Math.ceil(dataset.train.n / training.batchSize));
    const other = await service.handleCall('importRunLog', { name: 'notes.txt', text: 'hello', graph: xorProject.graph, training });
    expect(other).toEqual({ ok: false, error: 'notes.txt: line 1: not valid JSON (a run log has one JSON event per line)' });
  });
});
