// Arguments of `gradscope dropout-ensemble --model DIR [--samples 1,4,16,…] [--repeats N] [--examples N]
// [--activation trained|linear|relu|sigmoid|tanh] [--data SPEC] [--seed N] [--backend NAME] [--json]`.
import {
  DEFAULT_ENSEMBLE_OPTIONS,
  ENSEMBLE_ACTIVATIONS,
  MAX_ENSEMBLE_SAMPLES,
  type DropoutEnsembleOptions,
  type EnsembleActivation,
} from '../contract/dropout-ensemble';
import { BACKEND_CHOICES, type BackendChoice } from '../contract/training';
import { readOptions, valueOf } from './options';
import { UsageError } from './usage-error';

export interface DropoutEnsembleCommand {
  kind: 'dropout-ensemble';
  model: string;
  data: string | null;
  backend: BackendChoice | null;
  options: DropoutEnsembleOptions;
  json: boolean;
}

/** The CLI's defaults: the closing note's table (M up to 1024) on 1000 test examples. */
export const CLI_SAMPLES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
export const CLI_EXAMPLES = 1000;

function whole(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} ${text}: expected a whole number`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`${flag} ${text}: must be from ${min} to ${max}`);
  return n;
}

function samplesArg(text: string): number[] {
  const parts = text.split(',');
  if (parts.length > 16) throw new UsageError(`--samples ${text}: at most 16 ensemble sizes`);
  return parts.map((p) => {
    if (!/^\d+$/.test(p.trim())) throw new UsageError(`--samples ${text}: "${p}" is not a whole number (give sizes like 1,4,16,64)`);
    const n = Number(p);
    if (n < 1 || n > MAX_ENSEMBLE_SAMPLES) throw new UsageError(`--samples ${text}: each size must be from 1 to ${MAX_ENSEMBLE_SAMPLES}, got ${p}`);
    return n;
  });
}

export function parseDropoutEnsembleArgs(rest: readonly string[]): DropoutEnsembleCommand | { kind: 'help' } {
  const text = { type: 'string' } as const;
  const read = readOptions(
    'dropout-ensemble',
    rest,
    { model: text, samples: text, repeats: text, examples: text, activation: text, data: text, seed: text, backend: text, json: { type: 'boolean' } },
    (a) => `dropout-ensemble: unexpected argument ${a} (give --model DIR)`,
  );
  if (read === 'help') return { kind: 'help' };
  const model = valueOf(read, 'model');
  if (!model) throw new UsageError('dropout-ensemble: which model? Give --model DIR (a folder exported by gradscope train or the app, trained with dropout)');
  const activation = valueOf(read, 'activation') ?? 'trained';
  if (!(ENSEMBLE_ACTIVATIONS as readonly string[]).includes(activation))
    throw new UsageError(`--activation ${activation}: expected one of ${ENSEMBLE_ACTIVATIONS.join(', ')}`);
  const backend = valueOf(read, 'backend');
  if (backend !== undefined && !(BACKEND_CHOICES as readonly string[]).includes(backend))
    throw new UsageError(`--backend ${backend}: expected one of ${BACKEND_CHOICES.join(', ')}`);
  const opt = (name: string) => valueOf(read, name);
  return {
    kind: 'dropout-ensemble',
    model,
    data: opt('data') ?? null,
    backend: (backend as BackendChoice | undefined) ?? null,
    json: read.flags.has('json'),
    options: {
      samples: opt('samples') === undefined ? CLI_SAMPLES : samplesArg(opt('samples')!),
      repeats: opt('repeats') === undefined ? 5 : whole('--repeats', opt('repeats')!, 1, 20),
      examples: opt('examples') === undefined ? CLI_EXAMPLES : whole('--examples', opt('examples')!, 1, 100_000),
      activation: activation as EnsembleActivation,
      seed: opt('seed') === undefined ? DEFAULT_ENSEMBLE_OPTIONS.seed : whole('--seed', opt('seed')!, 0, 2 ** 31 - 1),
    },
  };
}
