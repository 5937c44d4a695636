// A mistake in how the command was called, or a bad input file: reported as one line, exit code 2.
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;
