// Raw CSV rows read through a model's data contract: the contract's features picked by name (any column
// order, extra columns ignored) and scaled as in training; the label column kept as text when present.
import { scaleInput, type DataContract } from '../contract/data-contract';
import { GrowingFloats, parseNumber, withRecords } from './csv';
import type { CsvRecord } from './csv-stream';
import { DatasetError } from './source';

export interface RawRows {
  /** row-major n × features, already scaled for the model */
  x: Float32Array;
  n: number;
  /** the file line of each row */
  lines: number[];
  /** the label column's values, when the file has that column */
  labels: string[] | null;
}

export async function readRawRows(file: string, contract: DataContract): Promise<RawRows> {
  return withRecords(file, (header, rows) => fromRecords(file, contract, header, rows));
}

async function fromRecords(file: string, contract: DataContract, header: CsvRecord, rows: AsyncIterable<CsvRecord[]>): Promise<RawRows> {
  const names = header.fields.map((f) => f.trim());
  const d = contract.features.length;
  const cols = contract.features.map((f, j) => {
    const i = names.indexOf(f);
    if (i < 0)
      throw new DatasetError(
        `${file}: line ${header.line}: no column "${f}", which the model takes as feature ${j + 1} of ${d} (columns: ${names.join(', ')})`,
      );
    return i;
  });
  const labelCol = names.indexOf(contract.target.label);
  const xs = new GrowingFloats();
  const raw = new Float64Array(d);
  const labels: string[] | null = labelCol >= 0 ? [] : null;
  const lines: number[] = [];
  for await (const batch of rows) {
    for (const rec of batch) {
      if (rec.fields.length !== names.length)
        throw new DatasetError(
          `${file}: line ${rec.line}, column ${Math.min(rec.fields.length, names.length) + 1}: ${rec.fields.length} fields, the header has ${names.length}`,
        );
      for (let j = 0; j < d; j++) {
        const col = cols[j]!;
        const v = parseNumber(rec.fields[col]!);
        if (v === null) throw new DatasetError(`${file}: line ${rec.line}, column ${col + 1} ("${names[col]}"): "${rec.fields[col]!.trim()}" is not a number`);
        raw[j] = Math.fround(v); // training reads features as float32
      }
      xs.reserve(d);
      scaleInput(contract.input, raw, xs.data, xs.length);
      xs.length += d;
      labels?.push(rec.fields[labelCol]!.trim());
      lines.push(rec.line);
    }
  }
  return { x: xs.done(), n: lines.length, lines, labels };
}
