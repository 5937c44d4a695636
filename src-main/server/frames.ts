// One incoming WebSocket frame → a validated request, or the error reply to send back. Pure.
import { WsRequest, type WsMessage } from '../contract/api';
import { formatZodIssues } from '../contract/project';

export const DEFAULT_MAX_FRAME_BYTES = 72 * 1024 * 1024;

export type FrameOutcome = { kind: 'request'; request: WsRequest } | { kind: 'reply'; message: WsMessage };

const errorReply = (error: string): FrameOutcome => ({ kind: 'reply', message: { kind: 'error', error } });

export function parseFrame(data: Buffer, isBinary: boolean, maxBytes = DEFAULT_MAX_FRAME_BYTES): FrameOutcome {
  if (isBinary) return errorReply('bad frame: expected a text frame holding JSON, got binary data');
  if (data.length > maxBytes) {
    return errorReply(`bad frame: ${data.length} bytes is over the limit of ${maxBytes} bytes`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(data.toString('utf8'));
  } catch (e) {
    return errorReply(`bad frame: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = WsRequest.safeParse(raw);
  if (!r.success) {
    const id = (raw as { id?: unknown } | null)?.id;
    const detail = `bad request: ${formatZodIssues(r.error.issues)}; expected {"id": number, "method": string, "params": {...}}`;
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0) {
      return { kind: 'reply', message: { kind: 'result', id, result: { ok: false, error: detail } } };
    }
    return errorReply(detail);
  }
  return { kind: 'request', request: r.data };
}
