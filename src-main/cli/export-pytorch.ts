// `gradscope export-pytorch`: write a runnable PyTorch project for a project file or preset, starting from
// the initial weights of the seed (compiled with TensorFlow.js, as `gradscope train` would start) or from
// an exported model's weights (--model).
import path from 'node:path';
import type { Graph } from '../contract/graph';
import { exportPytorch, type StartingWeights } from '../export/pytorch/export';
import type { LayerWeights } from '../export/pytorch/weights';
import type { Command } from './args';
import { line, type CliIO } from './io';
import { checkSetupGraph, loadSetup } from './setup';
import { EXIT } from './usage-error';

type ExportCommand = Extract<Command, { kind: 'export-pytorch' }>;

/** The weights a fresh Gradscope run of this graph starts from (compiled with the run's seed). */
export function initialWeights(graph: Graph, seed: number): StartingWeights {
  return {
    kind: 'computed',
    description: `Gradscope's initial weights (seed ${seed})`,
    async compute(io, layers): Promise<LayerWeights[]> {
      const { initBackend } = await import('../trainer/backend');
      const { compileGraph } = await import('../trainer/compile');
      await initBackend();
      const c = compileGraph(graph, io, { seed });
      try {
        const byNode = new Map(c.kernels.map((k) => [k.node.id, k]));
        return layers.map((l) => {
          const k = byNode.get(l.info.node)!;
          const t = (v: { shape: number[]; dataSync(): unknown }) => ({ shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) });
          return { kernel: t(k.kernel), bias: k.bias ? t(k.bias) : null, alpha: k.alpha ? t(k.alpha) : null };
        });
      } finally {
        c.dispose();
      }
    },
  };
}

export async function runExportPytorchCommand(cmd: ExportCommand, io: CliIO): Promise<number> {
  const setup = await loadSetup(cmd.source, { data: cmd.data, seed: cmd.seed, epochs: cmd.epochs, batchSize: cmd.batchSize }, io.cwd);
  const where = cmd.source.preset ? `preset ${cmd.source.preset}` : cmd.source.file!;
  const graph = checkSetupGraph(setup, undefined, where);
  const t = setup.training;
  const weights: StartingWeights = cmd.model ? { kind: 'tfjs-dir', dir: path.resolve(io.cwd, cmd.model) } : initialWeights(graph, t.seed);
  const result = await exportPytorch({ title: setup.title, label: setup.label, graph, training: t, weights, out: path.resolve(io.cwd, cmd.out) });
  if (cmd.json) {
    line(io.stdout, JSON.stringify({ dir: result.dir, files: result.files, samples: result.samples }));
    return EXIT.ok;
  }
  line(io.stdout, `PyTorch project for ${setup.title} [${setup.label}] written to ${result.dir}`);
  line(io.stdout, `data: ${result.samples.train} train, ${result.samples.val} validation, ${result.samples.test} test samples; ${result.files.length} files`);
  line(io.stdout, `run it:  cd ${result.dir} && python3 train.py --log run.jsonl`);
  line(io.stdout, `then:    gradscope import-run ${path.join(result.dir, 'run.jsonl')} --into PROJECT.json`);
  return EXIT.ok;
}
