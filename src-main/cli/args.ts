// Command-line parsing for `gradscope`. Every mistake becomes a UsageError naming the argument.
import { UsageError } from './usage-error';
import { readOptions, valueOf, type OptionSpec } from './options';
import { parseSurfaceArgs, type SurfaceCommand } from './surface-args';
import { parseSweepArgs, type SweepCommand } from './sweep-args';
import { parseActivationsArgs, type ActivationsCommand } from './activations-args';
import { parseLandscapeArgs, type LandscapeCommand } from './landscape-args';
import { parseDropoutEnsembleArgs, type DropoutEnsembleCommand } from './dropout-ensemble-args';
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
  | SurfaceCommand
  | SweepCommand
  | ActivationsCommand
  | LandscapeCommand
  | DropoutEnsembleCommand;

const text = { type: 'string' } as const;
const flag = { type: 'boolean' } as const;
const COMMON: OptionSpec = { preset: text, data: text, seed: text, json: flag };
const OPTIONS = {
  train: { ...COMMON, epochs: text, 'batch-size': text, out: text, backend: text },
  probe: { ...COMMON, model: text, batch: text, backend: text },
  'export-pytorch': { ...COMMON, model: text, out: text, epochs: text, 'batch-size': text },
} satisfies Record<string, OptionSpec>;

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
    const read = readOptions(cmd, rest, { json: flag }, (a) => `presets: unexpected argument ${a}`);
    return read === 'help' ? { kind: 'help' } : { kind: 'presets', json: read.flags.has('json') };
  }
  if (cmd === 'import-run') return parseImportRun(rest);
  if (cmd === 'predict') return parsePredict(rest);
  if (cmd === 'surface') return parseSurfaceArgs(rest);
  if (cmd === 'sweep') return parseSweepArgs(rest);
  if (cmd === 'activations') return parseActivationsArgs(rest);
  if (cmd === 'landscape') return parseLandscapeArgs(rest);
  if (cmd === 'dropout-ensemble') return parseDropoutEnsembleArgs(rest);
  if (cmd !== 'train' && cmd !== 'probe' && cmd !== 'export-pytorch')
    throw new UsageError(
      `unknown command "${cmd}" (commands: train, sweep, probe, predict, export-pytorch, import-run, surface, activations, landscape, dropout-ensemble, presets)`,
    );
  const read = readOptions(cmd, rest, OPTIONS[cmd]);
  if (read === 'help') return { kind: 'help' };
  const values = new Map([...read.values].map(([k, v]) => [`--${k}`, v[0]!]));
  const positional = read.positionals;
  const json = read.flags.has('json');
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
  const read = readOptions('import-run', rest, { into: text, label: text, json: flag });
  if (read === 'help') return { kind: 'help' };
  if (read.positionals.length !== 1)
    throw new UsageError(`import-run: give one run log (JSON lines), e.g. gradscope import-run run.jsonl --into project.gradscope.json`);
  const into = valueOf(read, 'into');
  if (!into) throw new UsageError('import-run: which project? Give --into PROJECT.json (the run is added to it)');
  return { kind: 'import-run', log: read.positionals[0]!, into, label: valueOf(read, 'label') ?? null, json: read.flags.has('json') };
}

/** predict --model DIR --data csv:FILE [--json] */
function parsePredict(rest: readonly string[]): Command {
  const read = readOptions(
    'predict',
    rest,
    { model: text, data: text, json: flag },
    (a) => `predict: unexpected argument ${a} (give --model DIR --data csv:FILE)`,
  );
  if (read === 'help') return { kind: 'help' };
  const model = valueOf(read, 'model');
  const data = valueOf(read, 'data');
  if (!model) throw new UsageError('predict: which model? Give --model DIR (a folder exported by gradscope train or the app)');
  if (!data) throw new UsageError('predict: which rows? Give --data csv:FILE (a CSV with the columns the model was trained on)');
  if (!data.startsWith('csv:') || data.length <= 4) throw new UsageError(`--data ${data}: predict reads CSV rows; expected csv:FILE`);
  return { kind: 'predict', model, file: data.slice(4), json: read.flags.has('json') };
}
