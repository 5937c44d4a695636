// A request frame as it arrives from a client (parsed JSON over the WebSocket, or a structured clone
// over Electron IPC) → a checked frame, or the reply to send instead. Pure; every transport uses it.
import { CallFrame, CancelFrame, type AppReplyFrame, type RequestFrame } from './api';
import { firstIssueField, formatZodIssues } from './project';

export type FrameOutcome = { kind: 'request'; request: RequestFrame } | { kind: 'reply'; message: AppReplyFrame };

export const frameError = (error: string): FrameOutcome => ({ kind: 'reply', message: { kind: 'error', error } });

export function parseRequestFrame(raw: unknown): FrameOutcome {
  if (typeof raw === 'object' && raw !== null && 'cancel' in raw) {
    const c = CancelFrame.safeParse(raw);
    if (c.success) return { kind: 'request', request: c.data };
    return frameError(`bad cancel request: ${formatZodIssues(c.error.issues)}; expected {"cancel": number}`);
  }
  const r = CallFrame.safeParse(raw);
  if (r.success) return { kind: 'request', request: r.data };
  const id = (raw as { id?: unknown } | null)?.id;
  const detail = `bad request: ${formatZodIssues(r.error.issues)}; expected {"id": number, "method": string, "params": {...}}`;
  if (typeof id === 'number' && Number.isInteger(id) && id >= 0) {
    const field = firstIssueField(r.error.issues);
    return { kind: 'reply', message: { kind: 'result', id, result: { ok: false, kind: 'invalid', error: detail, ...(field ? { where: { field } } : {}) } } };
  }
  return frameError(detail);
}
