// A CSV file with a header row: one named label column, every other column a numeric feature.
// With task 'auto' the label is a class when it has non-numeric values or only a few distinct integers
// (classes are the distinct values in sorted order), otherwise a numeric regression target; the dataset's
// task option says 'classification' or 'regression' outright when the guess is wrong.
import path from 'node:path';
import type { CsvTask } from '../contract/training';
import { csvRecords, type CsvRecord } from './csv-stream';
import { DatasetError, type Source } from './source';
import { formatCount } from '../contract/number-format';

/** At most this many distinct integer labels are read as classes rather than a numeric target. */
export const MAX_INTEGER_CLASSES = 20;
export const MAX_CLASSES = 1000;

export function parseNumber(s: string): number | null {
  const t = s.trim();
  if (t === '') return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

function compareLabels(numeric: boolean) {
  return (a: string, b: string) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0);
}

/** Run `read` over the header record and the rows after it; the file is closed however `read` ends.
 * An empty file is an error naming line 1. */
export async function withRecords<T>(file: string, read: (header: CsvRecord, rows: AsyncIterable<CsvRecord[]>) => Promise<T>): Promise<T> {
  const batches = csvRecords(file);
  try {
    const first = await batches.next();
    if (first.done) throw new DatasetError(`${file}: line 1, column 1: the file is empty (expected a header row naming the columns)`);
    const [header, ...rest] = first.value;
    async function* rows(): AsyncGenerator<CsvRecord[]> {
      yield rest;
      yield* batches;
    }
    return await read(header!, rows());
  } finally {
    await batches.return(undefined);
  }
}

/** A Float32Array that doubles as rows arrive (the row count is known only at the end of the stream). */
export class GrowingFloats {
  data = new Float32Array(1024);
  length = 0;
  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    const next = new Float32Array(Math.max(this.data.length * 2, this.length + n));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  /** the filled part, as its own compact array */
  done(): Float32Array {
    return this.data.length === this.length ? this.data : this.data.slice(0, this.length);
  }
}

/** What 'auto' makes of a label column: classes (non-numeric, or ≤ MAX_INTEGER_CLASSES distinct integers) or a number. */
export function guessTask(rawLabels: readonly string[]): 'classification' | 'regression' {
  const numeric = rawLabels.every((v) => parseNumber(v) !== null);
  if (!numeric) return 'classification';
  const integers = rawLabels.every((v) => Number.isInteger(Number(v)));
  return integers && new Set(rawLabels.map(Number)).size <= MAX_INTEGER_CLASSES ? 'classification' : 'regression';
}

/**
 * What the header holds, for an error. Only a file named .csv with at least two columns has its
 * column names quoted; of anything else (a file that is not the CSV asked for, e.g. /etc/shadow)
 * only the count is given, so an error never shows a stranger file's content.
 */
export function headerSummary(file: string, names: string[]): string {
  const count = `${names.length} column${names.length === 1 ? '' : 's'}`;
  if (!/\.csv$/i.test(file) || names.length < 2) return `the first line has ${count}; is this the CSV file you meant?`;
  return `columns: ${names.join(', ')}`;
}

export async function loadCsv(file: string, label: string, task: CsvTask = 'auto'): Promise<Source & { labels: string[] | null }> {
  return withRecords(file, (header, rows) => fromRecords(file, label, task, header, rows));
}

async function fromRecords(
  file: string,
  label: string,
  task: CsvTask,
  header: CsvRecord,
  rows: AsyncIterable<CsvRecord[]>,
): Promise<Source & { labels: string[] | null }> {
  const names = header.fields.map((f) => f.trim());
  const labelCols = names.flatMap((n, i) => (n === label ? [i] : []));
  if (labelCols.length === 0)
    throw new DatasetError(`${file}: line ${header.line}: no column named "${label}" in the header (${headerSummary(file, names)})`, {
      file,
      line: header.line,
      field: label,
    });
  if (labelCols.length > 1)
    throw new DatasetError(`${file}: line ${header.line}, column ${labelCols[1]! + 1}: the label column "${label}" appears more than once`);
  const labelCol = labelCols[0]!;
  const featureCols = names.map((_, i) => i).filter((i) => i !== labelCol);
  if (featureCols.length === 0) throw new DatasetError(`${file}: line ${header.line}: only the label column "${label}", no feature columns`);

  const inputDim = featureCols.length;
  const xs = new GrowingFloats();
  const rawLabels: string[] = [];
  const lines: number[] = [];
  for await (const batch of rows) {
    for (const rec of batch) {
      if (rec.fields.length !== names.length)
        throw new DatasetError(
          `${file}: line ${rec.line}, column ${Math.min(rec.fields.length, names.length) + 1}: ${rec.fields.length} fields, the header has ${names.length}`,
        );
      xs.reserve(inputDim);
      for (let j = 0; j < inputDim; j++) {
        const col = featureCols[j]!;
        const v = parseNumber(rec.fields[col]!);
        if (v === null) throw new DatasetError(`${file}: line ${rec.line}, column ${col + 1} ("${names[col]}"): "${rec.fields[col]!.trim()}" is not a number`);
        xs.data[xs.length++] = v;
      }
      const lv = rec.fields[labelCol]!.trim();
      if (lv === '') throw new DatasetError(`${file}: line ${rec.line}, column ${labelCol + 1} ("${label}"): the label is empty`);
      rawLabels.push(lv);
      lines.push(rec.line);
    }
  }
  const n = rawLabels.length;
  if (n === 0) throw new DatasetError(`${file}: line ${header.line + 1}: no data rows after the header`);
  const x = xs.done();

  const numeric = rawLabels.every((v) => parseNumber(v) !== null);
  const distinct = [...new Set(rawLabels)];
  const guess = guessTask(rawLabels);
  const chosen = task === 'auto' ? guess : task;
  const how = task === 'auto' ? `guessed from the values; set the dataset's task to say otherwise` : `task set to ${task}`;
  const base = path.basename(file);
  const features = featureCols.map((c) => names[c]!);
  const common = { inputDim, test: null, standardise: true, features, rawScaling: { kind: 'none' } as const, labelName: label, guessedTask: guess };
  if (chosen === 'regression') {
    if (!numeric) {
      const r = rawLabels.findIndex((v) => parseNumber(v) === null);
      throw new DatasetError(
        `${file}: line ${lines[r]}, column ${labelCol + 1} ("${label}"): "${rawLabels[r]}" is not a number, and the dataset's task is regression`,
      );
    }
    return {
      ...common,
      classes: null,
      classNames: null,
      train: { x, y: Float32Array.from(rawLabels, Number), n },
      labels: null,
      title: `CSV ${base}, ${formatCount(n)} rows, ${inputDim} features, numeric label "${label}" (regression: ${how})`,
    };
  }
  const classNames = numeric ? [...new Set(rawLabels.map((v) => String(Number(v))))] : distinct;
  classNames.sort(compareLabels(numeric));
  if (classNames.length < 2)
    throw new DatasetError(`${file}: column ${labelCol + 1} ("${label}"): every row has the label "${classNames[0]}"; a classifier needs at least two classes`);
  if (classNames.length > MAX_CLASSES)
    throw new DatasetError(`${file}: column ${labelCol + 1} ("${label}"): ${formatCount(classNames.length)} distinct labels, more than ${MAX_CLASSES} classes`);
  const index = new Map(classNames.map((c, i) => [c, i]));
  // a class name holding a comma is quoted, so the list reads unambiguously
  const shownNames = classNames.map((c) => (c.includes(',') ? `"${c}"` : c));
  const y = Int32Array.from(rawLabels, (v) => index.get(numeric ? String(Number(v)) : v)!);
  return {
    ...common,
    classes: classNames.length,
    classNames,
    train: { x, y, n },
    labels: classNames,
    title: `CSV ${base}, ${formatCount(n)} rows, ${inputDim} features, ${classNames.length} classes of "${label}" (${shownNames.slice(0, 5).join(', ')}${classNames.length > 5 ? ', …' : ''}; ${how})`,
  };
}
