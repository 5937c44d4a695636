// One incoming WebSocket frame → a validated request, or the error reply to send back. Pure.
import { frameError, parseRequestFrame, type FrameOutcome } from '../contract/request-frame';

export type { FrameOutcome };

export const DEFAULT_MAX_FRAME_BYTES = 72 * 1024 * 1024;

export function parseFrame(data: Buffer, isBinary: boolean, maxBytes = DEFAULT_MAX_FRAME_BYTES): FrameOutcome {
  if (isBinary) return frameError('bad frame: expected a text frame holding JSON, got binary data');
  if (data.length > maxBytes) return frameError(`bad frame: ${data.length} bytes is over the limit of ${maxBytes} bytes`);
  let raw: unknown;
  try {
    raw = JSON.parse(data.toString('utf8'));
  } catch (e) {
    return frameError(`bad frame: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseRequestFrame(raw);
}
