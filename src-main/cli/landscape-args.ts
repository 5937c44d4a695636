// Arguments of `gradscope landscape <project.json | --preset NAME> [--data SPEC] [--epochs N] [--seed N]
// [--second-seed N] [--second-optimizer NAME] [--grid N] [--json]`.
import { OPTIMIZER_KINDS, type OptimizerKind } from '../contract/training';
import { readOptions, valueOf } from './options';
import { UsageError } from './usage-error';

export interface LandscapeCommand {
  kind: 'landscape';
  /** a project file path, or the preset name (exactly one) */
  source: { file: string | null; preset: string | null };
  data: string | null;
  epochs: number | null;
  seed: number | null;
  /** the second run's seed (default: the first's when only the optimizer differs, else the first's + 1) */
  secondSeed: number | null;
  /** the second run's optimizer, with its default settings (default: the project's) */
  secondOptimizer: OptimizerKind | null;
  grid: number;
  json: boolean;
}

export const DEFAULT_CLI_GRID = 25;
const text = { type: 'string' } as const;

function whole(flag: string, v: string | undefined, min: number, max: number): number | null {
  if (v === undefined) return null;
  if (!/^\d+$/.test(v)) throw new UsageError(`${flag} ${v}: expected a whole number`);
  const n = Number(v);
  if (n < min || n > max) throw new UsageError(`${flag} ${v}: must be from ${min} to ${max}`);
  return n;
}

export function parseLandscapeArgs(rest: readonly string[]): LandscapeCommand | { kind: 'help' } {
  const read = readOptions('landscape', rest, {
    preset: text,
    data: text,
    epochs: text,
    seed: text,
    'second-seed': text,
    'second-optimizer': text,
    grid: text,
    json: { type: 'boolean' },
  });
  if (read === 'help') return { kind: 'help' };
  if (read.positionals.length > 1) throw new UsageError(`landscape: one project file expected, got ${read.positionals.join(', ')}`);
  const preset = valueOf(read, 'preset') ?? null;
  const file = read.positionals[0] ?? null;
  if (preset && file) throw new UsageError('landscape: give a project file or --preset, not both');
  if (!preset && !file) throw new UsageError('landscape: which network? Give a project file or --preset NAME (see gradscope presets)');
  const opt = valueOf(read, 'second-optimizer');
  if (opt !== undefined && !(OPTIMIZER_KINDS as readonly string[]).includes(opt))
    throw new UsageError(`--second-optimizer ${opt}: expected one of ${OPTIMIZER_KINDS.join(', ')}`);
  return {
    kind: 'landscape',
    source: { file, preset },
    data: valueOf(read, 'data') ?? null,
    epochs: whole('--epochs', valueOf(read, 'epochs'), 1, 100000),
    seed: whole('--seed', valueOf(read, 'seed'), 0, 2 ** 31 - 1),
    secondSeed: whole('--second-seed', valueOf(read, 'second-seed'), 0, 2 ** 31 - 1),
    secondOptimizer: (opt as OptimizerKind | undefined) ?? null,
    grid: whole('--grid', valueOf(read, 'grid'), 5, 81) ?? DEFAULT_CLI_GRID,
    json: read.flags.has('json'),
  };
}
