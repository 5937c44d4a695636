// The one error type of Gradscope: what went wrong (`kind`), in the user's words (`message`), and
// where (node, field, file, line). Thrown inside a process; carried between processes as a value
// (contract/channel.ts Failure). The CLI (cli/main.ts report), the service and the trainer
// (failureOf, below) and the UI (src-renderer/lib/failure-text.ts) each map it in one place. Pure.

export type ErrorKind =
  /** a bad command-line argument */
  | 'usage'
  /** the graph cannot be built (where.node) */
  | 'graph'
  /** a dataset cannot be read or does not fit (where.file, where.line) */
  | 'dataset'
  /** a file cannot be read (where.file) */
  | 'file'
  /** a model, project or code export cannot be written */
  | 'export'
  /** no such template, or a broken one */
  | 'preset'
  // the channel's own: the caller gave up, no answer in time, the other side went away, the sender
  // may not call, a frame or payload that does not fit the contract
  | 'cancelled'
  | 'timeout'
  | 'lost'
  | 'refused'
  | 'invalid'
  /** anything else: a fault of Gradscope's, reported without a stack */
  | 'failed';

export interface Where {
  node?: string;
  field?: string;
  file?: string;
  /** 1-based */
  line?: number;
  /** 1-based */
  column?: number;
}

/** An error as a value (what crosses a channel): the message in the user's words, and when known its kind and where it happened. */
export type Failure = { ok: false; error: string; kind?: ErrorKind; where?: Where };

export class GradscopeError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly where: Where = {},
  ) {
    super(message);
    this.name = 'GradscopeError';
  }
}

export function isGradscopeError(e: unknown): e is GradscopeError {
  return e instanceof GradscopeError;
}

/** The kinds that are the user's input at fault (a clear message is the whole answer), not Gradscope's. */
export const INPUT_KINDS: ReadonlySet<ErrorKind> = new Set(['usage', 'graph', 'dataset', 'file', 'export', 'preset', 'invalid']);

/** A thrown error → the value a call answers: the message (after `prefix`, e.g. "exportModel failed: "),
 * with the kind and where-it-happened of a GradscopeError; anything else is kind 'failed'. No stack. */
export function failureOf(e: unknown, prefix = ''): Failure {
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : (JSON.stringify(e) ?? String(e));
  const error = `${prefix}${message}`;
  if (!(e instanceof GradscopeError)) return { ok: false, kind: 'failed', error };
  const where = Object.fromEntries(Object.entries(e.where).filter(([, v]) => v !== undefined)) as Where;
  return { ok: false, kind: e.kind, error, ...(Object.keys(where).length ? { where } : {}) };
}
