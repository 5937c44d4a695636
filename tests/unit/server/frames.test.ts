// Incoming WebSocket messages → frames: a frame sent in parts is joined, within the byte limit of a
// frame sent whole; anything malformed is answered with an error and nothing half-joined is kept.
import { describe, expect, it } from 'vitest';
import { FrameReader } from '../../../src-main/server/frames';
import { frameMessages } from '../../../src-main/contract/frame-parts';

const buf = (s: string) => Buffer.from(s, 'utf8');
const call = (params: unknown) => JSON.stringify({ id: 7, method: 'writeRecovery', params });

function feed(reader: FrameReader, messages: string[]) {
  return messages.map((m) => reader.take(buf(m), false));
}

describe('frames in parts', () => {
  it('joins a frame sent in parts into the same call as sent whole (text with quotes and non-ASCII split anywhere)', () => {
    const params = { project: { name: 'Spirale « été » "quoted" \u{1F600}'.repeat(40) } };
    const text = call(params);
    const messages = frameMessages(text, 7);
    expect(messages.length).toBeGreaterThan(10);
    const outcomes = feed(new FrameReader(), messages);
    expect(outcomes.slice(0, -1).every((o) => o === null)).toBe(true);
    expect(outcomes.at(-1)).toEqual({ kind: 'request', request: { id: 7, method: 'writeRecovery', params } });
    // a short frame is one message, itself
    expect(frameMessages(text)).toEqual([text]);
  });

  it('refuses parts over the byte limit, a malformed part, and a frame cut short by another; keeps nothing of them', () => {
    const text = call({ blob: 'x'.repeat(100) });
    const reader = new FrameReader(80);
    const over = feed(reader, frameMessages(text, 30));
    expect(over.slice(0, 2)).toEqual([null, null]);
    expect(over[2]).toEqual({ kind: 'reply', message: { kind: 'error', error: 'bad frame: a frame in parts is over the limit of 80 bytes' } });

    const r = new FrameReader();
    expect(r.take(buf('{"part": 3, "more": true}'), false)).toMatchObject({
      kind: 'reply',
      message: { kind: 'error', error: expect.stringMatching(/^bad frame part: part: /) },
    });
    const [first] = frameMessages(text, 40);
    expect(r.take(buf(first!), false)).toBeNull();
    expect(r.take(buf(JSON.stringify({ cancel: 1 })), false)).toEqual({
      kind: 'reply',
      message: { kind: 'error', error: 'bad frame: a frame sent in parts was cut short by another frame' },
    });
    // what came before is gone: the next frame stands on its own
    expect(r.take(buf(JSON.stringify({ cancel: 1 })), false)).toEqual({ kind: 'request', request: { cancel: 1 } });
    expect(r.take(buf('{"id": 1'), false)).toMatchObject({ kind: 'reply', message: { kind: 'error', error: expect.stringMatching(/^bad frame: not JSON/) } });
    expect(r.take(buf('{}'), true)).toEqual({
      kind: 'reply',
      message: { kind: 'error', error: 'bad frame: expected a text frame holding JSON, got binary data' },
    });
  });
});
