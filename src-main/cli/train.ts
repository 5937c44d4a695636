// `gradscope train`: train a project or preset in-process, report each epoch, export the model.
import path from 'node:path';
import type { TrainerEvent } from '../contract/events';
import { loadDataset } from '../data/index';
import { exportModel } from '../export/tfjs-layers';
import { exportMetadata } from '../contract/data-contract';
import { jsonLine } from '../contract/json-line';
import { startBackend } from './backend-arg';
import { RunControl } from '../trainer/control';
import { runTraining } from '../trainer/loop';
import type { Command } from './args';
import { HumanReport } from './human-report';
import { line, type CliIO } from './io';
import { checkOutDir, partialDir } from './out-dir';
import { checkSetupGraph, loadSetup } from './setup';
import { EXIT, UsageError } from './usage-error';
import { estimateMemory, memoryBudget, memoryProblem } from '../contract/memory';

type TrainCommand = Extract<Command, { kind: 'train' }>;

function optimizerText(t: { optimizer: { kind: string }; learningRate: number; batchSize: number; epochs: number; seed: number }): string {
  return `${t.optimizer.kind}, learning rate ${t.learningRate}, batch ${t.batchSize}, ${t.epochs} epoch${t.epochs === 1 ? '' : 's'}, seed ${t.seed}`;
}

export async function runTrainCommand(cmd: TrainCommand, io: CliIO): Promise<number> {
  const setup = await loadSetup(cmd.source, { data: cmd.data, seed: cmd.seed, epochs: cmd.epochs, batchSize: cmd.batchSize, backend: cmd.backend }, io.cwd);
  const out = path.resolve(io.cwd, cmd.out ?? path.join('gradscope-out', setup.label));
  await checkOutDir(out); // a bad --out is reported now, not after training
  const t = setup.training;
  const backend = await startBackend(t.backend);
  const dataset = await loadDataset(t.dataset, { seed: t.seed, validationSplit: t.validationSplit, testSplit: t.testSplit });
  const where = cmd.source.preset ? `preset ${cmd.source.preset}` : cmd.source.file!;
  checkSetupGraph(setup, dataset, where);
  const estimate = estimateMemory(setup.graph, dataset, t);
  const tooBig = estimate && memoryProblem(estimate, memoryBudget(process.env), t.batchSize);
  if (tooBig) throw new UsageError(`${where}: ${tooBig}`);
  if (!cmd.json) {
    line(io.stdout, `gradscope train — ${setup.title} [${setup.label}] on TensorFlow.js ${backend}`);
    line(io.stdout, `training: ${optimizerText(t)}`);
    line(io.stdout, `data: ${dataset.description}`);
  }

  const control = new RunControl();
  let interrupted = false;
  const off = io.onInterrupt(() => {
    interrupted = true;
    control.stop();
  });
  const human = cmd.json ? null : new HumanReport(io, setup.graph);
  const emit = (e: TrainerEvent) => (human ? human.on(e) : io.stdout.write(`${jsonLine(e)}\n`));
  const result = await runTraining({ graph: setup.graph, training: t, dataset, runId: `cli-${setup.label}`, emit, control });
  off();
  const say = (text: string) => line(cmd.json ? io.stderr : io.stdout, text);
  try {
    const meta = exportMetadata({
      label: setup.label,
      graph: setup.graph,
      training: t,
      test: result.test,
      epochs: result.epochs,
      modelEpoch: result.modelEpoch,
      dataContract: dataset.contract ?? null,
    });
    if (interrupted) {
      // never over a complete export: the half-trained model goes to a folder of its own, if there is one
      if (result.model && result.epochs > 0) {
        const partial = partialDir(out);
        await exportModel(result.model, partial, { gradscope: { ...meta.gradscope, interrupted: true } });
        const which = result.modelEpoch !== null ? `the weights of epoch ${result.modelEpoch}` : `stopped during epoch ${result.epochs + 1}`;
        say(`interrupted: the partly trained model (${which}) was written to ${partial}; ${out} was left as it was`);
      } else {
        say(`interrupted before an epoch finished: no model was written; ${out} was left as it was`);
      }
    } else if (result.model && (result.reason === 'completed' || result.reason === 'early_stopped')) {
      await exportModel(result.model, out, meta);
      say(`model exported to ${out}${result.modelEpoch !== null ? ` (the weights of epoch ${result.modelEpoch})` : ''}`);
    }
  } finally {
    result.compiled?.dispose();
  }
  if (interrupted) return EXIT.interrupted;
  return result.reason === 'error' || result.reason === 'diverged' ? EXIT.failed : EXIT.ok;
}
