// A small RFC 4180 reader: comma-separated, "quoted" fields with "" escapes, \n or \r\n line ends.
// Each record carries the line it starts on, so errors can point at it.
import { GradscopeError } from '../contract/errors';

export interface CsvRecord {
  /** 1-based line number where the record starts */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends GradscopeError {
  constructor(
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super('dataset', message, { line, column });
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field.trim() === '') {
      quoted = true;
      quoteLine = line;
      field = '';
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += c;
  }
  if (quoted) throw new CsvSyntaxError(quoteLine, fields.length + 1, `a quoted field opened on line ${quoteLine} is never closed`);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
