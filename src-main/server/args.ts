// Command-line options of `npm run web`, read by node:util parseArgs (non-strict with tokens, so each
// mistake is named in our words).
import { parseArgs } from 'node:util';

export interface WebArgs {
  /** null: the default port, or any free port if it is taken */
  port: number | null;
  maxFrameBytes: number | null;
  /** a fixed token for scripting (--token or GRADSCOPE_TOKEN); null: a random one */
  token: string | null;
  /** --no-token: anyone on this machine can drive the server (a warning is printed) */
  noToken: boolean;
  /** --folder DIR (repeatable): folders the app may read and write besides the Gradscope home */
  folders: string[];
  /** --memory-budget-mb N: the largest model (parameters + activations) training accepts */
  memoryBudgetMb: number | null;
}

export const DEFAULT_PORT = 5178;
export const USAGE = 'usage: npm run web [-- --port N] [--folder DIR]… [--token T | --no-token] [--max-frame-bytes N] [--memory-budget-mb N]';

/** A token a script may fix: long and URL-safe, so it survives being pasted into a URL or a cookie. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

const OPTIONS = {
  port: { type: 'string' },
  'max-frame-bytes': { type: 'string' },
  'memory-budget-mb': { type: 'string' },
  token: { type: 'string' },
  folder: { type: 'string' },
  'no-token': { type: 'boolean' },
} as const;

/** Whole-number options: their field and accepted range. */
const INTS = {
  port: ['port', 0, 65535],
  'max-frame-bytes': ['maxFrameBytes', 1024, 1024 * 1024 * 1024],
  'memory-budget-mb': ['memoryBudgetMb', 16, 1024 * 1024],
} as const;

export function parseWebArgs(
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
): { ok: true; args: WebArgs } | { ok: false; error: string } {
  const args: WebArgs = { port: null, maxFrameBytes: null, token: null, noToken: false, folders: [], memoryBudgetMb: null };
  const { tokens } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) {
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') return { ok: false, error: `unexpected argument ${t.value}; ${USAGE}` };
    const { name, rawName: flag, value } = t;
    if (Object.hasOwn(INTS, name)) {
      const [field, min, max] = INTS[name as keyof typeof INTS];
      if (value === undefined || value.trim() === '') return { ok: false, error: `${flag} needs a number` };
      const n = Number(value);
      if (!Number.isInteger(n) || n < min || n > max) return { ok: false, error: `${flag} ${value}: expected a whole number from ${min} to ${max}` };
      args[field] = n;
    } else if (name === 'token' || name === 'folder') {
      if (value === undefined || value === '') return { ok: false, error: `${flag} needs a value` };
      if (name === 'token') args.token = value;
      else args.folders.push(value);
    } else if (name === 'no-token' && value === undefined) {
      args.noToken = true;
    } else {
      return { ok: false, error: `unknown option ${flag}${value !== undefined && t.inlineValue ? `=${value}` : ''}; ${USAGE}` };
    }
  }
  if (args.token === null && env.GRADSCOPE_TOKEN !== undefined && env.GRADSCOPE_TOKEN !== '') args.token = env.GRADSCOPE_TOKEN;
  if (args.token !== null && !TOKEN_PATTERN.test(args.token)) {
    return { ok: false, error: 'the token must be 16 to 128 characters of A–Z, a–z, 0–9, "-" or "_"' };
  }
  if (args.token !== null && args.noToken) return { ok: false, error: 'give --token or --no-token, not both' };
  return { ok: true, args };
}
