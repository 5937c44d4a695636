// Arguments of `gradscope surface --fn NAME [--from X,Y] [--steps N] [--opt NAME[:lr=…,momentum=…]]… [--json]`.
import { OPTIMIZER_KINDS, Optimizer, type OptimizerKind } from '../contract/training';
import { SURFACE_NAMES, SURFACES, isSurfaceName, type SurfaceName } from '../lesson/surfaces';
import { defaultSpec, type MethodSpec } from '../lesson/optimizer-paths';
import { UsageError } from './usage-error';
import { readOptions, valueOf } from './options';

export interface SurfaceCommand {
  kind: 'surface';
  fn: SurfaceName;
  from: [number, number] | null;
  steps: number;
  /** null: all six methods with their defaults */
  opts: MethodSpec[] | null;
  json: boolean;
}

export const DEFAULT_SURFACE_STEPS = 200;
export const MAX_SURFACE_STEPS = 10000;

/** Parameters each method accepts besides lr. */
const PARAMS_OF: Record<OptimizerKind, readonly string[]> = {
  sgd: [],
  momentum: ['momentum'],
  nesterov: ['momentum'],
  adagrad: [],
  rmsprop: ['decay'],
  adam: ['beta1', 'beta2'],
};

function num(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag}: "${text}" is not a number`);
  return n;
}

export function parseOpt(text: string, fn: SurfaceName): MethodSpec {
  const [name, rest] = [text.split(':')[0]!, text.includes(':') ? text.slice(text.indexOf(':') + 1) : ''];
  if (!(OPTIMIZER_KINDS as readonly string[]).includes(name))
    throw new UsageError(`--opt ${text}: unknown optimizer "${name}" (one of ${OPTIMIZER_KINDS.join(', ')})`);
  const kind = name as OptimizerKind;
  const base = defaultSpec(kind, SURFACES[fn]);
  const fields: Record<string, number> = { ...(base.optimizer as Record<string, unknown>) } as never;
  delete (fields as Record<string, unknown>).kind;
  let lr = base.learningRate;
  for (const part of rest === '' ? [] : rest.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UsageError(`--opt ${text}: expected KEY=VALUE, got "${part}"`);
    const key = part.slice(0, eq);
    const value = num(`--opt ${text}`, part.slice(eq + 1));
    if (key === 'lr') {
      if (!(value > 0)) throw new UsageError(`--opt ${text}: lr must be above 0`);
      lr = value;
    } else if (PARAMS_OF[kind].includes(key)) fields[key] = value;
    else throw new UsageError(`--opt ${text}: ${kind} takes ${['lr', ...PARAMS_OF[kind]].join(', ')}, not "${key}"`);
  }
  const parsed = Optimizer.safeParse({ kind, ...fields });
  if (!parsed.success) throw new UsageError(`--opt ${text}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return { optimizer: parsed.data, learningRate: lr };
}

export function parseSurfaceArgs(rest: readonly string[]): SurfaceCommand | { kind: 'help' } {
  const text = { type: 'string' } as const;
  const spec = { fn: text, from: text, steps: text, opt: { type: 'string', multiple: true }, json: { type: 'boolean' } } as const;
  const read = readOptions('surface', rest, spec, (a) => `surface: unexpected argument ${a}`);
  if (read === 'help') return { kind: 'help' };
  const fn = valueOf(read, 'fn') ?? null;
  const from = valueOf(read, 'from') ?? null;
  const steps = valueOf(read, 'steps') ?? null;
  const opts = read.values.get('opt') ?? [];
  const json = read.flags.has('json');
  if (fn === null) throw new UsageError(`surface: which function? Give --fn NAME (one of ${SURFACE_NAMES.join(', ')})`);
  if (!isSurfaceName(fn)) throw new UsageError(`--fn ${fn}: unknown function (one of ${SURFACE_NAMES.join(', ')})`);
  let start: [number, number] | null = null;
  if (from !== null) {
    const parts = from.split(',');
    if (parts.length !== 2) throw new UsageError(`--from ${from}: expected X,Y, e.g. --from -1.5,2`);
    start = [num('--from', parts[0]!), num('--from', parts[1]!)];
  }
  let n = DEFAULT_SURFACE_STEPS;
  if (steps !== null) {
    if (!/^\d+$/.test(steps)) throw new UsageError(`--steps ${steps}: expected a whole number`);
    n = Number(steps);
    if (n < 1 || n > MAX_SURFACE_STEPS) throw new UsageError(`--steps ${steps}: must be from 1 to ${MAX_SURFACE_STEPS}`);
  }
  const chosen = opts.map((o) => parseOpt(o, fn));
  return { kind: 'surface', fn, from: start, steps: n, opts: chosen.length > 0 ? chosen : null, json };
}
