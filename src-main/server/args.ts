// Command-line options of `npm run web`.
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

export function parseWebArgs(
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
): { ok: true; args: WebArgs } | { ok: false; error: string } {
  const args: WebArgs = { port: null, maxFrameBytes: null, token: null, noToken: false, folders: [], memoryBudgetMb: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = inline ?? argv[i + 1];
    const int = (min: number, max: number): number | string => {
      if (value === undefined) return `${flag} needs a number`;
      const n = Number(value);
      if (!Number.isInteger(n) || n < min || n > max) return `${flag} ${value}: expected a whole number from ${min} to ${max}`;
      if (inline === undefined) i++;
      return n;
    };
    const text = (): string | { error: string } => {
      if (value === undefined || value === '') return { error: `${flag} needs a value` };
      if (inline === undefined) i++;
      return value;
    };
    if (flag === '--port') {
      const n = int(0, 65535);
      if (typeof n === 'string') return { ok: false, error: n };
      args.port = n;
    } else if (flag === '--max-frame-bytes') {
      const n = int(1024, 1024 * 1024 * 1024);
      if (typeof n === 'string') return { ok: false, error: n };
      args.maxFrameBytes = n;
    } else if (flag === '--memory-budget-mb') {
      const n = int(16, 1024 * 1024);
      if (typeof n === 'string') return { ok: false, error: n };
      args.memoryBudgetMb = n;
    } else if (flag === '--token') {
      const t = text();
      if (typeof t !== 'string') return { ok: false, error: t.error };
      args.token = t;
    } else if (flag === '--folder') {
      const f = text();
      if (typeof f !== 'string') return { ok: false, error: f.error };
      args.folders.push(f);
    } else if (flag === '--no-token' && inline === undefined) {
      args.noToken = true;
    } else {
      return { ok: false, error: `unknown option ${a}; ${USAGE}` };
    }
  }
  if (args.token === null && env.GRADSCOPE_TOKEN !== undefined && env.GRADSCOPE_TOKEN !== '') args.token = env.GRADSCOPE_TOKEN;
  if (args.token !== null && !TOKEN_PATTERN.test(args.token)) {
    return { ok: false, error: 'the token must be 16 to 128 characters of A–Z, a–z, 0–9, "-" or "_"' };
  }
  if (args.token !== null && args.noToken) return { ok: false, error: 'give --token or --no-token, not both' };
  return { ok: true, args };
}
