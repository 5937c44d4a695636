// `gradscope train`: train a project or preset in-process, report each epoch, export the model.
import path from 'node:path';
import type { TrainerEvent } from '../contract/events';
import { assertNever } from '../contract/events';
import { loadDataset } from '../data/index';
import { exportModel } from '../export/tfjs-layers';
import { initBackend } from '../trainer/backend';
import { RunControl } from '../trainer/control';
import { runTraining } from '../trainer/loop';
import type { Command } from './args';
import { fmtNum, fmtPct, fmtSci, fmtSeconds, ratioLine, table } from './format';
import { GradSummary } from './grad-summary';
import { line, type CliIO } from './io';
import { ProgressBar } from './progress';
import { checkSetupGraph, loadSetup } from './setup';
import { EXIT } from './usage-error';

type TrainCommand = Extract<Command, { kind: 'train' }>;

function optimizerText(t: { optimizer: { kind: string }; learningRate: number; batchSize: number; epochs: number; seed: number }): string {
  return `${t.optimizer.kind}, learning rate ${t.learningRate}, batch ${t.batchSize}, ${t.epochs} epoch${t.epochs === 1 ? '' : 's'}, seed ${t.seed}`;
}

/** Human report of the event stream. */
class HumanReport {
  private grads: GradSummary | null = null;
  private bar: ProgressBar | null = null;
  private stepsPerEpoch = 0;
  private epochs = 0;

  constructor(private readonly io: CliIO) {}

  on(e: TrainerEvent): void {
    const out = this.io.stdout;
    switch (e.type) {
      case 'started':
        this.grads = new GradSummary(e.layers);
        this.stepsPerEpoch = e.stepsPerEpoch;
        this.epochs = e.epochs;
        line(out, `samples: ${e.samples.train} train, ${e.samples.val} validation, ${e.samples.test} test; ${e.stepsPerEpoch} steps per epoch`);
        line(out, `layers: ${e.layers.map((l) => `${l.name} (${l.kind === 'maxout' ? 'maxout' : l.activation} ${l.units})`).join(' → ')}`);
        break;
      case 'steps': {
        this.grads?.add(e.steps);
        const s = e.steps[e.steps.length - 1];
        if (!s) break;
        this.bar ??= new ProgressBar(this.io.stderr, this.stepsPerEpoch);
        this.bar.update(s.epoch, this.epochs, s.step - (s.epoch - 1) * this.stepsPerEpoch, s.loss);
        break;
      }
      case 'epoch':
        this.endBar();
        line(
          out,
          `epoch ${String(e.epoch).padStart(String(this.epochs).length)}/${this.epochs}  ` +
            `train loss ${fmtNum(e.trainLoss)} acc ${fmtPct(e.trainAcc)}  ` +
            `val loss ${fmtNum(e.valLoss)} acc ${fmtPct(e.valAcc)}  ${fmtSeconds(e.seconds)}`,
        );
        break;
      case 'paused':
      case 'resumed':
        break;
      case 'early_stop':
        this.endBar();
        line(out, `early stop after epoch ${e.epoch}: no improvement since epoch ${e.bestEpoch}${e.restored ? `; weights of epoch ${e.bestEpoch} restored` : ''}`);
        break;
      case 'diverged':
        this.endBar();
        line(this.io.stderr, `gradscope: ${e.message}`);
        break;
      case 'error':
        this.endBar();
        line(this.io.stderr, `gradscope: ${e.message}`);
        break;
      case 'finished':
        this.endBar();
        this.finish(e);
        break;
      default:
        assertNever(e, 'trainer event');
    }
  }

  private endBar(): void {
    this.bar?.end();
  }

  private finish(e: Extract<TrainerEvent, { type: 'finished' }>): void {
    const out = this.io.stdout;
    line(out);
    if (e.test) line(out, `test: loss ${fmtNum(e.test.loss)}${e.test.acc !== null ? `, accuracy ${fmtPct(e.test.acc)}` : ''}`);
    line(out, `finished: ${e.reason.replace('_', ' ')} after ${e.epochs} epoch${e.epochs === 1 ? '' : 's'}${e.bestEpoch ? ` (best epoch ${e.bestEpoch})` : ''}`);
    const grads = this.grads;
    if (!grads || grads.epochs.length === 0) {
      if (e.reason !== 'error') line(out, 'no training steps were taken, so there are no gradient norms to show');
      return;
    }
    const eps = grads.epochs;
    const rows = grads.summary();
    line(out);
    line(out, 'gradient norms ‖∂L/∂W‖ per layer (kernel L2 norm, mean over steps)');
    line(
      out,
      table(
        ['layer', 'whole run', `epoch ${eps[0]}`, `epoch ${eps[eps.length - 1]}`],
        rows.map((r) => [r.name, fmtSci(r.run), fmtSci(r.first), fmtSci(r.last)]),
      ),
    );
    const ratio = ratioLine(rows.map((r) => ({ name: r.name, hidden: r.hidden, value: r.run ?? NaN })));
    if (ratio) line(out, ratio.text);
  }
}

export async function runTrainCommand(cmd: TrainCommand, io: CliIO): Promise<number> {
  const setup = await loadSetup(cmd.source, { data: cmd.data, seed: cmd.seed, epochs: cmd.epochs, batchSize: cmd.batchSize });
  const backend = await initBackend();
  const t = setup.training;
  const dataset = await loadDataset(t.dataset, { seed: t.seed, validationSplit: t.validationSplit, testSplit: t.testSplit });
  checkSetupGraph(setup, dataset, cmd.source.preset ? `preset ${cmd.source.preset}` : cmd.source.file!);
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
  const human = cmd.json ? null : new HumanReport(io);
  const emit = (e: TrainerEvent) => (human ? human.on(e) : io.stdout.write(`${JSON.stringify(e)}\n`));
  const result = await runTraining({ graph: setup.graph, training: t, dataset, runId: `cli-${setup.label}`, emit, control });
  off();
  try {
    if (result.model && (result.reason === 'completed' || result.reason === 'early_stopped' || result.reason === 'stopped')) {
      const out = path.resolve(io.cwd, cmd.out ?? path.join('gradscope-out', setup.label));
      await exportModel(result.model, out, { gradscope: { label: setup.label, graph: setup.graph, training: t, test: result.test, epochs: result.epochs } });
      line(cmd.json ? io.stderr : io.stdout, `model exported to ${out}`);
    }
  } finally {
    result.compiled?.dispose();
  }
  if (interrupted) return EXIT.interrupted;
  return result.reason === 'error' || result.reason === 'diverged' ? EXIT.failed : EXIT.ok;
}
