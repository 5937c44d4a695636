// `gradscope sweep`: every variant of one or two axes trained on a pool of trainer workers (worker threads
// running the built trainer), a progress line per variant, then the table. --json: each variant's
// trainer events tagged with the variant, then the summary object. --out DIR: sweep.json (the record a
// project keeps) and sweep.csv.
import { sweepCsv } from '../analysis/sweep-plot';
import os from 'node:os';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { loadDataset } from '../data/index';
import { planSweep } from '../analysis/sweep-axes';
import { sweepRecord } from '../analysis/sweep-results';
import { SweepSpec, type SweepEvent, type SweepSummary, type VariantResult } from '../contract/sweep';
import { axisValueText } from '../contract/sweep';
import { jsonLine } from '../contract/json-line';
import { formatPercent, formatSci, formatSeconds } from '../contract/number-format';
import { estimateMemory, memoryBudget, memoryProblem } from '../contract/memory';
import { writeFileAtomic } from '../export/atomic';
import { SweepPool } from '../trainer/sweep-pool';
import { createWorkerThreadHost } from '../trainer/worker-host';
import type { SweepCommand } from './sweep-args';
import { table } from './format';
import { line, type CliIO } from './io';
import { checkSetupGraph, loadSetup } from './setup';
import { EXIT, UsageError } from './usage-error';

const acc = (s: { acc: number | null } | null) => (s && s.acc !== null ? formatPercent(s.acc) : '–');

/** The table: one row per variant, the axes' values first. */
export function sweepTable(summary: SweepSummary): string {
  const header = [...summary.axes.map((a) => a.name), 'epoch', 'train acc', 'train loss', 'val acc', 'test acc', 'grad ratio', 'time', 'status'];
  const rows = summary.variants.map((v) => [
    ...summary.axes.map((a) => axisValueText(v.axes[a.name]!)),
    v.epoch !== null ? `${v.epoch}/${v.epochs}` : '–',
    acc(v.train),
    v.train?.loss !== null && v.train?.loss !== undefined ? v.train.loss.toFixed(4) : '–',
    acc(v.val),
    acc(v.test),
    v.gradRatio !== null ? formatSci(v.gradRatio) : '–',
    v.status === 'pending' ? '–' : formatSeconds(v.seconds),
    v.status === 'completed' ? '' : v.status.replace('_', ' '),
  ]);
  return table(
    header,
    rows,
    summary.axes.map((_, i) => i).filter((i) => summary.axes[i]!.name === 'activation' || summary.axes[i]!.name === 'optimizer'),
  );
}

function progressLine(r: VariantResult, done: number, total: number): string {
  const figures =
    r.status === 'completed' || r.status === 'early_stopped'
      ? `train acc ${acc(r.train)}, val acc ${acc(r.val)}${r.gradRatio !== null ? `, grad ratio ${formatSci(r.gradRatio)}` : ''}`
      : `${r.status.replace('_', ' ')}${r.message ? `: ${r.message}` : ''}`;
  return `[${done}/${total}] ${r.label}: ${figures} (${formatSeconds(r.seconds)})`;
}

export async function runSweepCommand(cmd: SweepCommand, io: CliIO): Promise<number> {
  const where = cmd.template ? `template ${cmd.template}` : cmd.source.preset ? `preset ${cmd.source.preset}` : cmd.source.file!;
  const specParse = SweepSpec.safeParse({ axes: cmd.axes });
  if (!specParse.success) throw new UsageError(`--vary: ${specParse.error.issues[0]!.message}`);
  const spec = specParse.data;
  const setup = await loadSetup(cmd.source, { data: cmd.data, seed: cmd.seed, epochs: cmd.epochs, backend: cmd.backend }, io.cwd);
  const out = cmd.out === null ? null : path.resolve(io.cwd, cmd.out);
  const t = setup.training;
  const dataset = await loadDataset(t.dataset, { seed: t.seed, validationSplit: t.validationSplit, testSplit: t.testSplit });
  checkSetupGraph(setup, dataset, where);
  const plan = planSweep(setup.graph, t, spec, { io: { inputDim: dataset.inputDim, classes: dataset.classes }, trainCount: dataset.train.n });
  if (!plan.ok) throw new UsageError(`${cmd.template ? where : '--vary'}: ${plan.error}`);
  for (const v of plan.variants) {
    const estimate = estimateMemory(v.graph, dataset, v.training);
    const tooBig = estimate && memoryProblem(estimate, memoryBudget(process.env), v.training.batchSize);
    if (tooBig) throw new UsageError(`${where}: variant ${v.label}: ${tooBig}`);
  }
  if (out) await mkdir(out, { recursive: true }).catch((e: Error) => Promise.reject(new UsageError(`--out ${out}: ${e.message}`)));

  const startedAt = new Date();
  const total = plan.variants.length;
  let done = 0;
  const emit = (e: SweepEvent): void => {
    if (cmd.json) {
      if (e.type === 'variant-event') io.stdout.write(`${jsonLine({ ...e.event, variant: e.index, axes: e.axes })}\n`);
      return;
    }
    if (e.type === 'sweep-started')
      line(
        io.stdout,
        `gradscope sweep — ${setup.title} [${setup.label}]: ${total} variant${total === 1 ? '' : 's'} (${spec.axes.map((a) => a.name).join(' × ')}) on ${e.workers} worker${e.workers === 1 ? '' : 's'}\ndata: ${dataset.description}`,
      );
    if (e.type === 'variant-finished') line(io.stdout, progressLine(e.result, ++done, total));
  };
  const pool = new SweepPool({
    sweepId: `cli-${setup.label}`,
    axes: spec.axes,
    variants: plan.variants,
    workers: cmd.workers ?? os.availableParallelism(),
    createHost: () => createWorkerThreadHost(undefined, { threads: 1 }),
    emit,
  });
  let interrupted = false;
  const off = io.onInterrupt(() => {
    interrupted = true;
    pool.stop();
  });
  const summary = await pool.run();
  off();
  if (cmd.json) io.stdout.write(`${jsonLine(summary)}\n`);
  else {
    line(io.stdout);
    line(io.stdout, sweepTable(summary));
    const measured = summary.variants.find((v) => v.trainEvalSamples !== null)?.trainEvalSamples;
    line(
      io.stdout,
      `${summary.state === 'stopped' ? 'stopped' : 'done'} in ${formatSeconds(summary.seconds)} on ${summary.workers} worker${summary.workers === 1 ? '' : 's'}`,
    );
    line(
      io.stdout,
      `train acc/loss: the training set${measured ? ` (${measured} samples)` : ''} measured with dropout off at the weights that were tested: epoch e/n is the epoch they are from (the lowest validation loss when restore-best is on, else the last) of n trained; grad ratio: mean |∂L/∂W| of the first hidden layer ÷ the last's over the last 50 steps`,
    );
  }
  if (out) {
    const record = sweepRecord(summary, {
      graph: setup.graph,
      training: t,
      spec,
      label: `${setup.label}: ${spec.axes.map((a) => a.name).join(' × ')}`,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      ...(cmd.template ? { template: cmd.template } : {}),
    });
    await writeFileAtomic(path.join(out, 'sweep.json'), `${JSON.stringify(record, null, 2)}\n`);
    await writeFileAtomic(path.join(out, 'sweep.csv'), sweepCsv(summary.axes, summary.variants));
    line(cmd.json ? io.stderr : io.stdout, `sweep written to ${path.join(out, 'sweep.json')} and sweep.csv`);
  }
  if (interrupted) return EXIT.interrupted;
  return summary.variants.some((v) => v.status === 'error') ? EXIT.failed : EXIT.ok;
}
