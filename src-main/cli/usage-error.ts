// A mistake in how the command was called, or a bad input file: reported as one line, exit code 2.
import { GradscopeError, type Where } from '../contract/errors';
export class UsageError extends GradscopeError {
  override name = 'UsageError';
  constructor(message: string, where: Where = {}) {
    super('usage', message, where);
  }
}

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;
