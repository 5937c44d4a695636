// A model's outputs read through its data contract: class names with probabilities, or numbers in the
// target's own units; and, when the rows carry their labels, the same test figures the trainer reports
// (cross-entropy and accuracy; MSE, MAE and R² against predicting the training mean). Pure.
import { unscaleTarget, type DataContract } from '../contract/data-contract';

export type Prediction = { kind: 'class'; label: string; probability: number; probabilities: number[] } | { kind: 'value'; value: number };

export type PredictionMetrics =
  { kind: 'classification'; rows: number; loss: number; accuracy: number } | { kind: 'regression'; rows: number; mse: number; mae: number; r2: number | null };

/** Which class a label names: exactly, or numerically ("2.0" is class "2"); null when none. */
export function classIndex(classes: readonly string[], label: string): number | null {
  const exact = classes.indexOf(label);
  if (exact >= 0) return exact;
  const v = Number(label);
  if (label.trim() !== '' && Number.isFinite(v)) {
    const i = classes.indexOf(String(v));
    if (i >= 0) return i;
  }
  return null;
}

/** outputs: row-major n × width, as the exported model returns them. */
export function readPredictions(contract: DataContract, outputs: Float32Array, n: number): Prediction[] {
  const t = contract.target;
  if (t.task === 'regression') return Array.from({ length: n }, (_, i) => ({ kind: 'value', value: unscaleTarget(t, outputs[i]!) }));
  const k = t.classes.length;
  return Array.from({ length: n }, (_, i) => {
    const p = Array.from(outputs.subarray(i * k, (i + 1) * k));
    let best = 0;
    for (let c = 1; c < k; c++) if (p[c]! > p[best]!) best = c;
    return { kind: 'class', label: t.classes[best]!, probability: p[best]!, probabilities: p };
  });
}

/** Figures against the rows' own labels; throws an Error naming the row (by `lines`) of a label the model cannot read. */
export function predictionMetrics(
  contract: DataContract,
  predictions: readonly Prediction[],
  labels: readonly string[],
  lines: readonly number[],
): PredictionMetrics {
  const t = contract.target;
  const n = predictions.length;
  if (t.task === 'classification') {
    let nll = 0;
    let correct = 0;
    predictions.forEach((p, i) => {
      const c = classIndex(t.classes, labels[i]!);
      if (c === null) throw new Error(`line ${lines[i]}: label "${labels[i]}" is not one of the model's classes (${t.classes.join(', ')})`);
      if (p.kind !== 'class') throw new Error('a regression prediction for a classification contract');
      nll -= Math.log(Math.max(p.probabilities[c]!, 1e-30));
      if (p.label === t.classes[c]) correct++;
    });
    return { kind: 'classification', rows: n, loss: nll / n, accuracy: correct / n };
  }
  let se = 0;
  let ae = 0;
  let base = 0;
  predictions.forEach((p, i) => {
    const y = Number(labels[i]);
    if (labels[i]!.trim() === '' || !Number.isFinite(y)) throw new Error(`line ${lines[i]}: label "${labels[i]}" is not a number`);
    if (p.kind !== 'value') throw new Error('a class prediction for a regression contract');
    se += (p.value - y) ** 2;
    ae += Math.abs(p.value - y);
    if (t.scaling) base += (y - t.scaling.mean) ** 2;
  });
  const mse = se / n;
  return { kind: 'regression', rows: n, mse, mae: ae / n, r2: t.scaling && base > 0 ? 1 - se / base : null };
}
