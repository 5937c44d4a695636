// Options of one `gradscope` command, read by node:util parseArgs. parseArgs runs non-strict with tokens so
// each mistake can be named as the CLI always named it: "train: unknown option --model", "--seed needs a
// value", "--seed is given twice". -h / --help anywhere asks for the help text.
import { parseArgs } from 'node:util';
import { UsageError } from './usage-error';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

export interface ReadOptions {
  /** the last value of each string option given (every value for `multiple` ones, in order) */
  values: Map<string, string[]>;
  /** boolean options given */
  flags: Set<string>;
  positionals: string[];
}

/**
 * Read `argv` against `spec` (option names without dashes). Returns 'help' for -h / --help. `positional`
 * words the error for an argument that is not an option; omitted, positionals are collected.
 */
export function readOptions(cmd: string, argv: readonly string[], spec: OptionSpec, positional?: (arg: string) => string): ReadOptions | 'help' {
  const { tokens } = parseArgs({
    args: [...argv],
    options: { ...spec, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const read: ReadOptions = { values: new Map(), flags: new Set(), positionals: [] };
  for (const t of tokens) {
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') {
      if (positional) throw new UsageError(positional(t.value));
      read.positionals.push(t.value);
      continue;
    }
    if (t.name === 'help' && t.value === undefined) return 'help';
    const option = Object.hasOwn(spec, t.name) ? spec[t.name]! : null;
    if (option === null) throw new UsageError(`${cmd}: unknown option ${t.rawName}`);
    if (option.type === 'boolean') {
      if (t.value !== undefined) throw new UsageError(`${t.rawName} takes no value (got ${t.rawName}=${t.value})`);
      read.flags.add(t.name);
      continue;
    }
    if (t.value === undefined || t.value === '') throw new UsageError(`${t.rawName} needs a value`);
    const seen = read.values.get(t.name);
    if (seen && !option.multiple) throw new UsageError(`${t.rawName} is given twice`);
    read.values.set(t.name, [...(seen ?? []), t.value]);
  }
  return read;
}

/** The value of a single-valued string option, or undefined. */
export function valueOf(read: ReadOptions, name: string): string | undefined {
  return read.values.get(name)?.[0];
}
