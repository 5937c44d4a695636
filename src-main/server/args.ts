// Command-line options of `npm run web`.
export interface WebArgs {
  /** null: the default port, or any free port if it is taken */
  port: number | null;
  maxFrameBytes: number | null;
}

export const DEFAULT_PORT = 5178;

export function parseWebArgs(argv: readonly string[]): { ok: true; args: WebArgs } | { ok: false; error: string } {
  const args: WebArgs = { port: null, maxFrameBytes: null };
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
    if (flag === '--port') {
      const n = int(0, 65535);
      if (typeof n === 'string') return { ok: false, error: n };
      args.port = n;
    } else if (flag === '--max-frame-bytes') {
      const n = int(1024, 1024 * 1024 * 1024);
      if (typeof n === 'string') return { ok: false, error: n };
      args.maxFrameBytes = n;
    } else {
      return { ok: false, error: `unknown option ${a}; usage: npm run web [-- --port N]` };
    }
  }
  return { ok: true, args };
}
