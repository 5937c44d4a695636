// Command-line parsing for `gradscope`. Every mistake becomes a UsageError naming the argument.
import { UsageError } from './usage-error';
import { parseSurfaceArgs, type SurfaceCommand } from './surface-args';
import { BACKEND_CHOICES, type BackendChoice } from '../contract/training';

export interface Source {
  /** a project file path, or null when --preset is used */
  file: string | null;
  preset: string | null;
}

interface Common {
  source: Source;
  data: string | null;
  seed: number | null;
  json: boolean;
  /** --backend: the TensorFlow.js backend to force (null: the project's setting, else GRADSCOPE_BACKEND, else auto) */
  backend: BackendChoice | null;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'presets'; json: boolean }
  | ({ kind: 'train'; epochs: number | null; batchSize: number | null; out: string | null } & Common)
  | ({ kind: 'probe'; model: string | null; batch: number } & Common)
  | ({ kind: 'export-pytorch'; model: string | null; out: string; epochs: number | null; batchSize: number | null } & Common)
  | { kind: 'import-run'; log: string; into: string; label: string | null; json: boolean }
  /** file: the CSV of raw rows (from --data csv:FILE) */
  | { kind: 'predict'; model: string; file: string; json: boolean }
  | SurfaceCommand;

const VALUE_FLAGS = {
  train: ['--preset', '--data', '--seed', '--epochs', '--batch-size', '--out', '--backend'],
  probe: ['--preset', '--data', '--seed', '--model', '--batch', '--backend'],
  'export-pytorch': ['--preset', '--data', '--seed', '--model', '--out', '--epochs', '--batch-size'],
} as const;
const BOOL_FLAGS = ['--json'];

export const DEFAULT_PROBE_BATCH = 128;

function intArg(flag: string, v: string, min: number, max: number): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`${flag} ${v}: expected a whole number`);
  const n = Number(v);
  if (n < min || n > max) throw new UsageError(`${flag} ${v}: must be from ${min} to ${max}`);
  return n;
}

function probeBatch(v: string): number {
  const m = /^first:(\d+)$/.exec(v);
  if (!m) throw new UsageError(`--batch ${v}: expected first:N, e.g. first:128`);
  return intArg('--batch', m[1]!, 1, 65536);
}

function backendArg(v: string | undefined): BackendChoice | null {
  if (v === undefined) return null;
  if (!(BACKEND_CHOICES as readonly string[]).includes(v)) throw new UsageError(`--backend ${v}: expected one of ${BACKEND_CHOICES.join(', ')}`);
  return v as BackendChoice;
}

export function parseArgs(argv: readonly string[]): Command {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') return { kind: 'help' };
  if (cmd === 'presets') {
    const unknown = rest.find((a) => a !== '--json');
    if (unknown) throw new UsageError(`presets: unexpected argument ${unknown}`);
    return { kind: 'presets', json: rest.includes('--json') };
  }
  if (cmd === 'import-run') return parseImportRun(rest);
  if (cmd === 'predict') return parsePredict(rest);
  if (cmd === 'surface') return parseSurfaceArgs(rest);
  if (cmd !== 'train' && cmd !== 'probe' && cmd !== 'export-pytorch')
    throw new UsageError(`unknown command "${cmd}" (commands: train, probe, predict, export-pytorch, import-run, surface, presets)`);
  const values = new Map<string, string>();
  const positional: string[] = [];
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--help' || a === '-h') return { kind: 'help' };
    if (BOOL_FLAGS.includes(a)) {
      json = true;
      continue;
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (flag.startsWith('-') && flag !== '-') {
      if (!(VALUE_FLAGS[cmd] as readonly string[]).includes(flag)) throw new UsageError(`${cmd}: unknown option ${flag}`);
      const v = eq > 0 ? a.slice(eq + 1) : rest[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      if (values.has(flag)) throw new UsageError(`${flag} is given twice`);
      values.set(flag, v);
    } else positional.push(a);
  }
  if (positional.length > 1) throw new UsageError(`${cmd}: one project file expected, got ${positional.join(', ')}`);
  const preset = values.get('--preset') ?? null;
  const file = positional[0] ?? null;
  if (preset && file) throw new UsageError(`${cmd}: give a project file or --preset, not both`);
  if (!preset && !file) throw new UsageError(`${cmd}: which network? Give a project file or --preset NAME (see gradscope presets)`);
  const seedV = values.get('--seed');
  const common: Common = {
    source: { file, preset },
    data: values.get('--data') ?? null,
    seed: seedV === undefined ? null : intArg('--seed', seedV, 0, 2 ** 31 - 1),
    json,
    backend: backendArg(values.get('--backend')),
  };
  if (cmd === 'train') {
    const e = values.get('--epochs');
    const b = values.get('--batch-size');
    return {
      kind: 'train',
      ...common,
      epochs: e === undefined ? null : intArg('--epochs', e, 0, 100000),
      batchSize: b === undefined ? null : intArg('--batch-size', b, 1, 65536),
      out: values.get('--out') ?? null,
    };
  }
  if (cmd === 'export-pytorch') {
    const out = values.get('--out');
    if (!out) throw new UsageError('export-pytorch: where to? Give --out DIR (a new or empty folder)');
    const e = values.get('--epochs');
    const b = values.get('--batch-size');
    return {
      kind: 'export-pytorch',
      ...common,
      model: values.get('--model') ?? null,
      out,
      epochs: e === undefined ? null : intArg('--epochs', e, 0, 100000),
      batchSize: b === undefined ? null : intArg('--batch-size', b, 1, 65536),
    };
  }
  const batch = values.get('--batch');
  return { kind: 'probe', ...common, model: values.get('--model') ?? null, batch: batch === undefined ? DEFAULT_PROBE_BATCH : probeBatch(batch) };
}

/** import-run <log.jsonl> --into <project.json> [--label TEXT] [--json] */
function parseImportRun(rest: readonly string[]): Command {
  let into: string | null = null;
  let label: string | null = null;
  let json = false;
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--help' || a === '-h') return { kind: 'help' };
    if (a === '--json') json = true;
    else if (a === '--into' || a === '--label') {
      const v = rest[++i];
      if (v === undefined || v === '') throw new UsageError(`${a} needs a value`);
      if (a === '--into') into = v;
      else label = v;
    } else if (a.startsWith('--into=')) into = a.slice(7);
    else if (a.startsWith('--label=')) label = a.slice(8);
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`import-run: unknown option ${a}`);
    else positional.push(a);
  }
  if (positional.length !== 1) throw new UsageError(`import-run: give one run log (JSON lines), e.g. gradscope import-run run.jsonl --into project.gradscope.json`);
  if (!into) throw new UsageError('import-run: which project? Give --into PROJECT.json (the run is added to it)');
  return { kind: 'import-run', log: positional[0]!, into, label, json };
}

/** predict --model DIR --data csv:FILE [--json] */
function parsePredict(rest: readonly string[]): Command {
  const values = new Map<string, string>();
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--help' || a === '-h') return { kind: 'help' };
    if (a === '--json') {
      json = true;
      continue;
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (flag !== '--model' && flag !== '--data') throw new UsageError(flag.startsWith('-') ? `predict: unknown option ${flag}` : `predict: unexpected argument ${a} (give --model DIR --data csv:FILE)`);
    const v = eq > 0 ? a.slice(eq + 1) : rest[++i];
    if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
    if (values.has(flag)) throw new UsageError(`${flag} is given twice`);
    values.set(flag, v);
  }
  const model = values.get('--model');
  const data = values.get('--data');
  if (!model) throw new UsageError('predict: which model? Give --model DIR (a folder exported by gradscope train or the app)');
  if (!data) throw new UsageError('predict: which rows? Give --data csv:FILE (a CSV with the columns the model was trained on)');
  if (!data.startsWith('csv:') || data.length <= 4) throw new UsageError(`--data ${data}: predict reads CSV rows; expected csv:FILE`);
  return { kind: 'predict', model, file: data.slice(4), json };
}
