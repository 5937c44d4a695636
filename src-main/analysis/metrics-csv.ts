// A run's metrics as CSV text (RFC 4180: comma-separated, CRLF rows, fields with comma, quote or
// newline quoted, quotes doubled). Empty field = no value (null, e.g. accuracy of a regression run).
// Numbers keep full precision. Pure.
import type { RunRecord } from '../contract/project';
import { stepsIn } from './step-series';

export type CsvTable = 'epochs' | 'steps';

function field(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Rows as CSV text (the fields quoted where needed, CRLF line ends). */
export function csvRows(table: (string | number | null | undefined)[][]): string {
  return table.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/** Per-epoch table: losses, accuracies (regression: R² after them), time, and per layer weight norm,
 * near-zero fraction, dead fraction, PReLU α; then how many training samples train_* was measured on
 * and the minibatch means. Regression losses are MSE in the target's own units. */
export function epochsCsv(run: RunRecord): string {
  const names = run.layers.map((l) => l.name);
  const r2 = run.epochs.some((e) => e.trainR2 !== undefined && e.trainR2 !== null);
  const header = ['epoch', 'train_loss', 'train_acc', 'val_loss', 'val_acc', ...(r2 ? ['train_r2', 'val_r2'] : []), 'seconds'];
  for (const n of names) header.push(`${n} weight_norm`, `${n} near_zero_fraction`, `${n} dead_fraction`, `${n} alpha_mean`);
  // train_* is the training set measured after the epoch (dropout off); the minibatch means are their own columns
  header.push('train_samples_measured', 'minibatch_mean_loss', 'minibatch_mean_acc');
  const body = [...run.epochs]
    .sort((a, b) => a.epoch - b.epoch)
    .map((e) => {
      const r: (string | number | null)[] = [
        e.epoch,
        e.trainLoss,
        e.trainAcc,
        e.valLoss,
        e.valAcc,
        ...(r2 ? [e.trainR2 ?? null, e.valR2 ?? null] : []),
        e.seconds,
      ];
      for (const info of run.layers) {
        const w = e.weights.find((x) => x.node === info.node);
        r.push(w?.kernelNorm ?? null, w?.nearZeroFraction ?? null, w?.deadFraction ?? null, w?.alpha?.mean ?? null);
      }
      r.push(e.trainSamples ?? null, e.runningLoss ?? null, e.runningAcc ?? null);
      return r;
    });
  return csvRows([header, ...body]);
}

/**
 * Per-step table: loss, accuracy and each layer's four gradient magnitudes. A row of a long run's
 * older part stands for several steps (the record folds them, see step-series.ts): `step` is its
 * last step, `steps` how many it holds, and its values are means over them.
 */
export function stepsCsv(run: RunRecord): string {
  const header = ['step', 'steps', 'loss', 'acc'];
  for (const l of run.layers) {
    header.push(`${l.name} kernel_grad_norm`, `${l.name} kernel_grad_mean_abs`, `${l.name} bias_grad_norm`, `${l.name} bias_grad_mean_abs`);
  }
  const s = run.steps;
  const body = s.step.map((step, i) => {
    const r: (number | null)[] = [step, stepsIn(s.step, i), s.loss[i] ?? null, s.acc[i] ?? null];
    for (const l of s.layers) r.push(l.kernelNorm[i] ?? null, l.kernelMeanAbs[i] ?? null, l.biasNorm[i] ?? null, l.biasMeanAbs[i] ?? null);
    return r;
  });
  return csvRows([header, ...body]);
}

export function metricsCsv(run: RunRecord, table: CsvTable): string {
  switch (table) {
    case 'epochs':
      return epochsCsv(run);
    case 'steps':
      return stepsCsv(run);
    default: {
      const never: never = table;
      return never;
    }
  }
}

/** A file name for the export: the run's label made safe, plus the table. */
export function csvFileName(run: RunRecord, table: CsvTable): string {
  const base = run.label.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || run.id;
  return `${base}-${table}.csv`;
}
