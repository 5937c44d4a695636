// One incoming WebSocket message → a validated request, or the error reply to send back. A frame may
// come in parts (contract/frame-parts.ts): a FrameReader, one per connection, joins them. Pure.
import { frameError, parseRequestFrame, type FrameOutcome } from '../contract/request-frame';
import { FramePart } from '../contract/frame-parts';
import { formatZodIssues } from '../contract/project';

export type { FrameOutcome };

export const DEFAULT_MAX_FRAME_BYTES = 72 * 1024 * 1024;

function parsed(text: string): { ok: true; raw: unknown } | { ok: false; outcome: FrameOutcome } {
  try {
    return { ok: true, raw: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, outcome: frameError(`bad frame: not JSON (${e instanceof Error ? e.message : String(e)})`) };
  }
}

/** One connection's incoming messages → frames, joining a frame sent in parts (at most maxBytes in all, as a frame sent whole). */
export class FrameReader {
  private parts: string[] = [];
  private bytes = 0;

  constructor(private readonly maxBytes = DEFAULT_MAX_FRAME_BYTES) {}

  /** The frame this message completes, or null when it is a part and more are to come. */
  take(data: Buffer, isBinary: boolean): FrameOutcome | null {
    if (isBinary) return this.refuse('bad frame: expected a text frame holding JSON, got binary data');
    if (data.length > this.maxBytes) return this.refuse(`bad frame: ${data.length} bytes is over the limit of ${this.maxBytes} bytes`);
    const p = parsed(data.toString('utf8'));
    if (!p.ok) return this.refuse(p.outcome);
    const isPart = typeof p.raw === 'object' && p.raw !== null && 'part' in p.raw;
    if (!isPart) {
      if (this.parts.length > 0) return this.refuse('bad frame: a frame sent in parts was cut short by another frame');
      return parseRequestFrame(p.raw);
    }
    const part = FramePart.safeParse(p.raw);
    if (!part.success) return this.refuse(`bad frame part: ${formatZodIssues(part.error.issues)}; expected {"part": string, "more": boolean}`);
    this.bytes += Buffer.byteLength(part.data.part);
    if (this.bytes > this.maxBytes) return this.refuse(`bad frame: a frame in parts is over the limit of ${this.maxBytes} bytes`);
    this.parts.push(part.data.part);
    if (part.data.more) return null;
    const text = this.parts.join('');
    this.parts = [];
    this.bytes = 0;
    const whole = parsed(text);
    return whole.ok ? parseRequestFrame(whole.raw) : whole.outcome;
  }

  /** Drop any parts received so far and answer with the error. */
  private refuse(error: string | FrameOutcome): FrameOutcome {
    this.parts = [];
    this.bytes = 0;
    return typeof error === 'string' ? frameError(error) : error;
  }
}
