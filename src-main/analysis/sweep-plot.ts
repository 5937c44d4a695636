// A sweep's results shaped for reading: one figure (training accuracy, validation accuracy, …) against
// the swept value, one line per value of the other axis, repeats over seeds folded into a mean and a
// min–max spread; and the table of every variant as CSV. Pure: the app's sweep views and the CLI use it.
import { axisValueText, type AxisName, type AxisValue, type SweepAxis, type VariantResult } from '../contract/sweep';
import { csvRows } from './metrics-csv';

export type SweepMetric = 'trainAcc' | 'trainLoss' | 'valAcc' | 'testAcc' | 'gradRatio';

export interface SweepMetricInfo {
  key: SweepMetric;
  /** what the chart's title says */
  title: string;
  /** the y axis title */
  unit: string;
  /** shown as a percentage */
  percent: boolean;
  /** spans orders of magnitude: a log axis, and repeats folded into a geometric mean */
  log: boolean;
}

export const SWEEP_METRICS: readonly SweepMetricInfo[] = [
  { key: 'trainAcc', title: 'Final training-set accuracy (tested weights, dropout off)', unit: 'training accuracy', percent: true, log: false },
  { key: 'trainLoss', title: 'Final training-set loss (tested weights, dropout off)', unit: 'training loss', percent: false, log: false },
  { key: 'valAcc', title: 'Validation accuracy', unit: 'validation accuracy', percent: true, log: false },
  { key: 'testAcc', title: 'Test accuracy', unit: 'test accuracy', percent: true, log: false },
  {
    key: 'gradRatio',
    title: 'Gradient ratio, first ÷ last hidden layer (mean |∂L/∂W|, last 50 steps)',
    unit: 'first ÷ last hidden |g|',
    percent: false,
    log: true,
  },
];

export const metricInfo = (m: SweepMetric): SweepMetricInfo => SWEEP_METRICS.find((x) => x.key === m)!;

const finite = (x: number | null | undefined): number | null => (x == null || !Number.isFinite(x) ? null : x);

/** The variant's figure, or null where it has none (not finished, no validation set, one hidden layer, diverged). */
export function metricOf(v: VariantResult, m: SweepMetric): number | null {
  switch (m) {
    case 'trainAcc':
      return finite(v.train?.acc);
    case 'trainLoss':
      return finite(v.train?.loss);
    case 'valAcc':
      return finite(v.val?.acc);
    case 'testAcc':
      return finite(v.test?.acc);
    case 'gradRatio': {
      const r = finite(v.gradRatio);
      return r !== null && r > 0 ? r : null;
    }
  }
}

/** One point of a line: the figure at one swept value, over the variants there (several: repeats over seeds). */
export interface SweepPoint {
  /** index into SweepPlot.xLabels */
  x: number;
  /** the mean (log metrics: geometric mean) over the variants with a figure */
  y: number;
  min: number;
  max: number;
  /** how many variants have a figure here */
  n: number;
  /** their variant indices (a click opens the first) */
  variants: number[];
}

export interface SweepLine {
  /** "activation=relu", or the figure's name when the sweep has one axis */
  label: string;
  points: SweepPoint[];
}

export interface SweepPlot {
  metric: SweepMetric;
  xAxis: AxisName;
  xLabels: string[];
  /** the axis with one line per value; null with a single swept axis (besides seeds) */
  lineAxis: AxisName | null;
  lines: SweepLine[];
  /** true when a point folds several seeds (the spread is drawn) */
  repeats: boolean;
}

/** Which axis is across, which makes the lines, and whether seeds repeat points. swap: the other way round. */
export function sweepRoles(axes: readonly SweepAxis[], swap = false): { x: SweepAxis; line: SweepAxis | null; seed: SweepAxis | null } {
  const main = axes.filter((a) => a.name !== 'seed');
  const seed = axes.find((a) => a.name === 'seed') ?? null;
  if (main.length === 0) return { x: axes[0]!, line: null, seed: null };
  const [a, b] = swap && main.length === 2 ? [main[1]!, main[0]!] : [main[0]!, main[1] ?? null];
  return { x: a, line: b, seed };
}

const same = (a: AxisValue | undefined, b: AxisValue): boolean => a !== undefined && axisValueText(a) === axisValueText(b);

function fold(values: number[], log: boolean): number {
  if (log) return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** The chart of one figure against the swept value. */
export function sweepPlot(axes: readonly SweepAxis[], variants: readonly VariantResult[], metric: SweepMetric, swap = false): SweepPlot {
  const { x, line, seed } = sweepRoles(axes, swap);
  const log = metricInfo(metric).log;
  const lineValues: (AxisValue | null)[] = line ? [...line.values] : [null];
  const lines: SweepLine[] = lineValues.map((lv) => {
    const points: SweepPoint[] = [];
    x.values.forEach((xv, xi) => {
      const here = variants.filter((v) => same(v.axes[x.name], xv) && (lv === null || same(v.axes[line!.name], lv)));
      const measured = here.map((v) => ({ v, y: metricOf(v, metric) })).filter((p): p is { v: VariantResult; y: number } => p.y !== null);
      if (measured.length === 0) return;
      const ys = measured.map((p) => p.y);
      points.push({ x: xi, y: fold(ys, log), min: Math.min(...ys), max: Math.max(...ys), n: ys.length, variants: measured.map((p) => p.v.index) });
    });
    return { label: lv === null ? metricInfo(metric).unit : `${line!.name}=${axisValueText(lv)}`, points };
  });
  return { metric, xAxis: x.name, xLabels: x.values.map(axisValueText), lineAxis: line?.name ?? null, lines, repeats: seed !== null && seed.values.length > 1 };
}

/** The variants table as CSV: one row per variant, the swept values first; empty = no figure. */
export function sweepCsv(axes: readonly SweepAxis[], variants: readonly VariantResult[]): string {
  const header = [
    'variant',
    ...axes.map((a) => a.name),
    'status',
    'measured_epoch',
    'epochs',
    'train_loss',
    'train_acc',
    'train_samples_measured',
    'val_loss',
    'val_acc',
    'test_loss',
    'test_acc',
    'grad_ratio_first_last_hidden',
    'seconds',
    'message',
  ];
  const body = [...variants]
    .sort((a, b) => a.index - b.index)
    .map((v) => [
      v.index + 1,
      ...axes.map((a) => (v.axes[a.name] === undefined ? null : axisValueText(v.axes[a.name]!))),
      v.status,
      v.epoch,
      v.epochs,
      v.train?.loss,
      v.train?.acc,
      v.trainEvalSamples,
      v.val?.loss,
      v.val?.acc,
      v.test?.loss,
      v.test?.acc,
      v.gradRatio,
      v.seconds,
      v.message,
    ]);
  return csvRows([header, ...body]);
}
