// The single entry every transport calls: checks the method name and its params against the
// contract, then runs the handler. Never throws; every failure is an ApiResult naming the field.
import type { z } from 'zod';
import { isMethod, PARAMS, type ApiResult, type Method, type Results } from '../contract/api';
import { firstIssueField, formatZodIssues } from '../contract/project';
import { failureOf, invalid } from './result';

export type ParsedParams<M extends Method> = z.output<(typeof PARAMS)[M]>;

/** One handler per API method, taking already-validated params. */
/** signal: aborted when the caller gives up (a handler that does long work stops then). */
export type Handlers = { [M in Method]: (params: ParsedParams<M>, signal: AbortSignal) => Promise<ApiResult<Results[M]>> };

const METHOD_LIST = Object.keys(PARAMS).join(', ');

const NEVER_ABORTED = new AbortController().signal;

export async function dispatch(handlers: Handlers, method: unknown, params: unknown, signal: AbortSignal = NEVER_ABORTED): Promise<ApiResult<unknown>> {
  if (!isMethod(method)) {
    const shown = typeof method === 'string' ? `"${method.slice(0, 64)}"` : `of type ${method === null ? 'null' : typeof method}`;
    return invalid(`unknown method ${shown}; expected one of: ${METHOD_LIST}`, 'method');
  }
  const parsed = PARAMS[method].safeParse(params === undefined ? {} : params);
  if (!parsed.success) return invalid(`${method}: ${formatZodIssues(parsed.error.issues)}`, firstIssueField(parsed.error.issues));
  const handler = handlers[method] as (p: unknown, signal: AbortSignal) => Promise<ApiResult<unknown>>;
  try {
    return await handler.call(handlers, parsed.data, signal);
  } catch (e) {
    return failureOf(e, `${method} failed: `);
  }
}
