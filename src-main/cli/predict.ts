// `gradscope predict --model DIR --data csv:FILE`: raw CSV rows through an exported model and its data
// contract (feature columns by name, the training split's scaling, class names / target units); rows that
// carry the label column are scored with the figures the trainer reports for its test set.
import * as tf from '../layers/tf';
import path from 'node:path';
import { readDataContract, type DataContract } from '../contract/data-contract';
import { predictionMetrics, readPredictions, type Prediction, type PredictionMetrics } from '../analysis/predictions';
import { readRawRows } from '../data/raw-rows';
import { ExportError } from '../export/atomic';
import { MODEL_JSON, loadExportedModel } from '../export/tfjs-layers';
import '../layers/index';
import { initBackend } from '../trainer/backend';
import type { Command } from './args';
import { formatFixed, formatPercent } from '../contract/number-format';
import { table } from './format';
import { line, type CliIO } from './io';
import { jsonLine } from '../contract/json-line';
import { readModelMetadata } from './exported-model';
import { EXIT, UsageError } from './usage-error';

type PredictCommand = Extract<Command, { kind: 'predict' }>;

async function readContract(dir: string): Promise<DataContract> {
  const r = readDataContract(await readModelMetadata(dir));
  if (!r.ok) throw new UsageError(`${path.join(dir, MODEL_JSON)}: ${r.error}`);
  return r.contract;
}

function runModel(model: tf.LayersModel, x: Float32Array, n: number, d: number): Float32Array {
  if (n === 0) return new Float32Array(0);
  return tf.tidy(() => (model.predict(tf.tensor2d(x, [n, d])) as tf.Tensor).dataSync() as Float32Array);
}

function shown(p: Prediction): string {
  return p.kind === 'class' ? p.label : fmtValue(p.value);
}

function fmtValue(v: number): string {
  return Math.abs(v) >= 1e6 || (v !== 0 && Math.abs(v) < 1e-4) ? v.toExponential(4) : v.toFixed(4);
}

function metricsText(m: PredictionMetrics, label: string): string {
  return m.kind === 'classification'
    ? `against column "${label}" (${m.rows} rows): loss ${formatFixed(m.loss)}, accuracy ${formatPercent(m.accuracy)}`
    : `against column "${label}" (${m.rows} rows): MSE ${fmtValue(m.mse)}, MAE ${fmtValue(m.mae)}, R² ${m.r2 === null ? '—' : m.r2.toFixed(4)} (vs predicting the training mean)`;
}

export async function runPredictCommand(cmd: PredictCommand, io: CliIO): Promise<number> {
  const dir = path.resolve(io.cwd, cmd.model);
  const file = path.resolve(io.cwd, cmd.file);
  const contract = await readContract(dir);
  const rows = await readRawRows(file, contract);
  await initBackend();
  let model: tf.LayersModel;
  try {
    model = await loadExportedModel(dir);
  } catch (e) {
    if (e instanceof ExportError) throw new UsageError(e.message);
    throw e;
  }
  let outputs: Float32Array;
  try {
    const inputWidth = model.inputs[0]?.shape[1];
    if (inputWidth !== contract.features.length)
      throw new UsageError(
        `${path.join(dir, MODEL_JSON)}: the model takes ${String(inputWidth)} inputs but its data contract names ${contract.features.length} features`,
      );
    outputs = runModel(model, rows.x, rows.n, contract.features.length);
  } finally {
    model.dispose();
  }
  const predictions = readPredictions(contract, outputs, rows.n);
  let metrics: PredictionMetrics | null = null;
  if (rows.labels) {
    try {
      metrics = predictionMetrics(contract, predictions, rows.labels, rows.lines);
    } catch (e) {
      throw new UsageError(`${file}: ${(e as Error).message}`);
    }
  }
  const t = contract.target;
  if (cmd.json) {
    predictions.forEach((p, i) => {
      const row =
        p.kind === 'class'
          ? {
              line: rows.lines[i],
              prediction: p.label,
              probability: p.probability,
              probabilities: Object.fromEntries(t.task === 'classification' ? t.classes.map((c, k) => [c, p.probabilities[k]]) : []),
            }
          : { line: rows.lines[i], prediction: p.value };
      line(io.stdout, jsonLine(row));
    });
    line(io.stdout, jsonLine({ summary: { rows: rows.n, task: t.task, label: t.label, metrics } }));
    return EXIT.ok;
  }
  const out = io.stdout;
  line(out, `gradscope predict — ${dir}`);
  line(out, `trained on: ${contract.source}`);
  line(
    out,
    `rows: ${rows.n} from ${file}; ${t.task === 'classification' ? `classes of "${t.label}": ${t.classes.join(' | ')}` : `"${t.label}" predicted in its own units`}`,
  );
  line(out);
  const header = t.task === 'classification' ? ['line', 'prediction', 'probability'] : ['line', 'prediction'];
  const withLabel = rows.labels ? [...header, `${t.label} (given)`] : header;
  line(
    out,
    table(
      withLabel,
      predictions.map((p, i) => {
        const cells = [String(rows.lines[i]), shown(p)];
        if (p.kind === 'class') cells.push(p.probability.toFixed(3));
        if (rows.labels) cells.push(rows.labels[i]!);
        return cells;
      }),
      [1, ...(rows.labels ? [withLabel.length - 1] : [])],
    ),
  );
  if (metrics) {
    line(out);
    line(out, metricsText(metrics, t.label));
  }
  return EXIT.ok;
}
