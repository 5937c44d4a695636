// The human-readable report of `gradscope train`: one line per epoch, then the test figures, which
// epoch's weights were kept, PReLU's learned α and the gradient table.
import type { EpochRecord, LayerInfo, TestResult, TrainerEvent } from '../contract/events';
import { assertNever } from '../contract/events';
import type { Graph } from '../contract/graph';
import { longestPathHidden } from '../contract/graph-paths';
import { formatFixed, formatPercent, formatSci, formatSeconds } from '../contract/number-format';
import { ratioLine, table } from './format';
import { GradSummary } from './grad-summary';
import { line, type CliIO } from './io';
import { ProgressBar } from './progress';

type Started = Extract<TrainerEvent, { type: 'started' }>;
type Finished = Extract<TrainerEvent, { type: 'finished' }>;

const r2Text = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : v.toFixed(3));

/** "test: loss 0.1234, accuracy 96.0%" or "test: MSE …, MAE …, R² … (vs predicting the training mean)". */
export function testLine(t: TestResult, regression: boolean): string {
  if (!regression) return `test: loss ${formatFixed(t.loss)}${t.acc !== null ? `, accuracy ${formatPercent(t.acc)}` : ''}`;
  return `test: MSE ${formatFixed(t.loss)}, MAE ${formatFixed(t.mae)}, R² ${r2Text(t.r2)} (R² against always predicting the training mean)`;
}

/** Which epoch's weights the reported test figures and the export hold, in words that do not overclaim. */
export function keptLine(e: Finished, restoreBest: boolean, monitor: string): string {
  const ran = `finished: ${e.reason.replace('_', ' ')} after ${e.epochs} epoch${e.epochs === 1 ? '' : 's'}`;
  const model = e.modelEpoch ?? null;
  if (model === null || e.bestEpoch === null) return ran;
  if (restoreBest && model === e.bestEpoch)
    return model === e.epochs
      ? `${ran}; the last epoch had the best ${monitor}, and its weights are the model`
      : `${ran}; the model is epoch ${model}'s (best ${monitor}; restore-best is on)`;
  return `${ran}; the model is the last epoch's (restore-best is off; the best ${monitor} was at epoch ${e.bestEpoch})`;
}

/** PReLU's learned α per layer, from an epoch's weight statistics. */
export function alphaLines(epoch: EpochRecord | null, layers: readonly LayerInfo[]): string[] {
  if (!epoch) return [];
  const names = new Map(layers.map((l) => [l.node, l.name]));
  return epoch.weights.flatMap((w) =>
    w.alpha ? [`  ${names.get(w.node) ?? w.node}: mean ${w.alpha.mean.toFixed(3)} (min ${w.alpha.min.toFixed(3)}, max ${w.alpha.max.toFixed(3)})`] : [],
  );
}

export class HumanReport {
  private grads: GradSummary | null = null;
  private bar: ProgressBar | null = null;
  private started: Started | null = null;
  private lastEpoch: EpochRecord | null = null;

  constructor(
    private readonly io: CliIO,
    private readonly graph: Graph,
  ) {}

  private get regression(): boolean {
    return this.started?.classes === null;
  }

  on(e: TrainerEvent): void {
    const out = this.io.stdout;
    switch (e.type) {
      case 'started':
        this.started = e;
        this.grads = new GradSummary(e.layers);
        line(out, `samples: ${e.samples.train} train, ${e.samples.val} validation, ${e.samples.test} test; ${e.stepsPerEpoch} steps per epoch`);
        line(
          out,
          `train figures: the training set measured after each epoch, dropout off, on ${e.trainEvalSamples === e.samples.train ? 'all' : 'a fixed set of'} ${e.trainEvalSamples} samples` +
            `; "batch mean": the mean over the epoch's minibatches`,
        );
        line(out, `layers: ${e.layers.map((l) => `${l.name} (${l.kind === 'maxout' ? 'maxout' : l.activation} ${l.units})`).join(' → ')}`);
        break;
      case 'steps': {
        this.grads?.add(e.steps);
        const s = e.steps[e.steps.length - 1];
        if (!s || !this.started) break;
        const per = this.started.stepsPerEpoch;
        this.bar ??= new ProgressBar(this.io.stderr, per);
        this.bar.update(s.epoch, this.started.epochs, s.step - (s.epoch - 1) * per, s.loss);
        break;
      }
      case 'epoch': {
        this.endBar();
        const { type: _t, runId: _r, ...record } = e;
        this.lastEpoch = record;
        const width = String(this.started?.epochs ?? e.epoch).length;
        const figures = this.regression
          ? `train MSE ${formatFixed(e.trainLoss)} R² ${r2Text(e.trainR2)}  val MSE ${formatFixed(e.valLoss)} R² ${r2Text(e.valR2)}`
          : `train loss ${formatFixed(e.trainLoss)} acc ${formatPercent(e.trainAcc)}  val loss ${formatFixed(e.valLoss)} acc ${formatPercent(e.valAcc)}`;
        const running =
          e.runningLoss !== undefined
            ? `  (batch mean loss ${formatFixed(e.runningLoss)}${this.regression ? '' : ` acc ${formatPercent(e.runningAcc ?? null)}`})`
            : '';
        line(out, `epoch ${String(e.epoch).padStart(width)}/${this.started?.epochs ?? '?'}  ${figures}  ${formatSeconds(e.seconds)}${running}`);
        break;
      }
      case 'paused':
      case 'resumed':
        break;
      case 'early_stop':
        this.endBar();
        line(
          out,
          `early stop after epoch ${e.epoch}: no improvement since epoch ${e.bestEpoch}${e.restored ? `; weights of epoch ${e.bestEpoch} restored` : ''}`,
        );
        break;
      case 'regions':
        break;
      case 'diverged':
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

  private finish(e: Finished): void {
    const out = this.io.stdout;
    const cfg = this.started?.config;
    line(out);
    if (e.test) line(out, testLine(e.test, this.regression));
    const es = cfg?.earlyStopping;
    const monitor = es && es.enabled && es.monitor === 'val_acc' ? 'validation accuracy' : 'validation loss';
    line(out, keptLine(e, es?.restoreBest ?? false, monitor));
    const alphas = alphaLines(this.lastEpoch, this.started?.layers ?? []);
    if (alphas.length > 0) {
      line(out, `PReLU learned α (epoch ${this.lastEpoch!.epoch}):`);
      for (const a of alphas) line(out, a);
    }
    const grads = this.grads;
    if (!grads || grads.epochs.length === 0) {
      if (e.reason !== 'error') line(out, 'no training steps were taken, so there are no gradient norms to show');
      return;
    }
    const eps = grads.epochs;
    const rows = grads.summary();
    line(out);
    line(out, 'gradient norms ‖∂L/∂W‖ per layer (kernel L2 norm, mean over steps)');
    const one = eps.length === 1;
    line(
      out,
      table(
        one ? ['layer', `epoch ${eps[0]}`] : ['layer', 'whole run', `epoch ${eps[0]}`, `epoch ${eps[eps.length - 1]}`],
        rows.map((r) => (one ? [r.name, formatSci(r.run)] : [r.name, formatSci(r.run), formatSci(r.first), formatSci(r.last)])),
      ),
    );
    const onPath = new Set(longestPathHidden(this.graph));
    const ratio = ratioLine(rows.map((r) => ({ name: r.name, hidden: r.hidden && onPath.has(r.node), value: r.run ?? NaN })));
    if (ratio) line(out, ratio.text);
  }
}
