// A user's CSV file, streamed record by record through csv-parse (the CSV project's RFC 4180 parser): comma
// separated, "quoted" fields with "" escapes, \n, \r\n or \r line ends, a BOM and blank lines skipped. The
// whole file is never held in memory. Each record carries the line it starts on, counted here rather than
// taken from csv-parse's info.lines, which counts a \r\n inside a quoted field as two lines.
import { parse, CsvError, type Options } from 'csv-parse';
import { formatBytes } from '../contract/number-format';
import { MAX_DATASET_BYTES, openChecked, UnreadableFileError } from './safe-read';
import { DatasetError } from './source';

export interface CsvRecord {
  /** 1-based line number where the record starts */
  line: number;
  fields: string[];
}

const LINE_BREAK = /\r\n|\r|\n/g;

function breaksIn(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) if (f.includes('\n') || f.includes('\r')) n += f.match(LINE_BREAK)!.length;
  return n;
}

function describeCsvError(e: CsvError): string {
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed';
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'text after a closing quote (write "" for a quote inside a quoted field)';
    default:
      return e.message.replace(/ at line \d+$/, '');
  }
}

/** Records handed over at a time: one promise per batch, not per record, keeps the stream fast. */
const BATCH = 2048;

/** The file's records in order, in batches; errors are DatasetErrors naming the file and line. */
export async function* csvRecords(file: string): AsyncGenerator<CsvRecord[]> {
  let opened;
  try {
    opened = await openChecked(file, MAX_DATASET_BYTES, 'CSV');
  } catch (e) {
    if (e instanceof UnreadableFileError) throw new DatasetError(e.code === 'EISDIR' ? `${file}: is a folder, not a CSV file` : e.message, { file });
    throw e;
  }
  const input = opened.fh.createReadStream();
  // the last record's end line and csv-parse's count of skipped blank lines up to it, kept as csv-parse
  // parses (on_record), so an error knows the line it stopped on
  let endLine = 0;
  let blanks = 0;
  let batch: CsvRecord[] = [];
  const options: Options = {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    ltrim: true,
    rtrim: true,
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    on_record(fields: string[], context) {
      const line = endLine + 1 + (context.empty_lines - blanks);
      blanks = context.empty_lines;
      endLine = line + breaksIn(fields);
      batch.push({ line, fields });
      return null; // kept in the batch, not passed down the stream
    },
  };
  const parser = parse(options);
  let bytes = 0;
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  input.on('data', (chunk) => {
    bytes += chunk.length;
    if (bytes > MAX_DATASET_BYTES)
      input.destroy(new DatasetError(`${file}: grew past the limit of ${formatBytes(MAX_DATASET_BYTES)} for a CSV file while being read`));
    else if (batch.length >= BATCH) {
      input.pause();
      signal();
    }
  });
  input.on('error', (e) => {
    failure ??= e;
    signal();
  });
  parser.on('error', (e) => {
    failure ??= e;
    signal();
  });
  parser.on('finish', () => {
    ended = true;
    signal();
  });
  parser.resume(); // no records flow down the stream; this only lets it finish
  input.pipe(parser);
  try {
    for (;;) {
      // records parsed before a failure come first: an earlier bad row is reported before a later one
      if (batch.length > 0) {
        const ready = batch;
        batch = [];
        yield ready;
        if (input.isPaused()) input.resume();
        continue;
      }
      if (failure !== null) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } catch (e) {
    if (e instanceof CsvError) {
      const line = endLine + 1 + ((e as CsvError & { empty_lines?: number }).empty_lines ?? blanks) - blanks;
      const column = (e as CsvError & { column?: number }).column;
      throw new DatasetError(`${file}: line ${line}${typeof column === 'number' ? `, column ${column + 1}` : ''}: ${describeCsvError(e)}`, {
        file,
        line,
        ...(typeof column === 'number' ? { column: column + 1 } : {}),
      });
    }
    if (e instanceof DatasetError) throw e;
    throw new DatasetError(`${file}: ${e instanceof Error ? e.message : String(e)}`, { file });
  } finally {
    input.destroy();
    parser.destroy();
  }
}
