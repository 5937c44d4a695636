// ApiResult helpers and the one place an unexpected exception becomes a user-facing message.
import type { ApiResult } from '../contract/api';

/** The one place a thrown error becomes the value a call answers (contract/errors.ts). */
export { failureOf } from '../contract/errors';

export const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });
export const fail = <T = never>(error: string): ApiResult<T> => ({ ok: false, error });
/** A call that does not fit the contract (unknown method, bad params): kind 'invalid', and the field when known. */
export const invalid = <T = never>(error: string, field?: string): ApiResult<T> => ({
  ok: false,
  kind: 'invalid',
  error,
  ...(field ? { where: { field } } : {}),
});

/** The message of anything thrown, without a stack trace. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : (JSON.stringify(e) ?? String(e));
}

/** A filesystem error as a sentence that names the file. */
export function fileError(action: string, file: string, e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  const reason =
    code === 'ENOENT'
      ? 'no such file or folder'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder, not a file'
          : code === 'ENOTDIR'
            ? 'a part of the path is not a folder'
            : code === 'ENOSPC'
              ? 'the disk is full'
              : messageOf(e);
  return `cannot ${action} ${file}: ${reason}`;
}
