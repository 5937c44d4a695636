// A long frame sent in parts (browser mode): a WebSocket message of several megabytes (a finished run
// kept in the run history, a project saved) costs the page one long task to hand to the socket, so a
// frame's JSON text longer than FRAME_PART_CHARS goes as {"part": slice, "more": true} messages, each
// its own task, and a last one with "more": false; the server joins them back into the frame
// (server/frames.ts), within the same byte limit as a frame sent whole. Pure.
import { z } from 'zod';

/** Frames whose JSON text is longer than this many characters are sent in parts of this size. */
export const FRAME_PART_CHARS = 256 * 1024;

export const FramePart = z.strictObject({ part: z.string(), more: z.boolean() });
export type FramePart = z.infer<typeof FramePart>;

/** Whether a frame's JSON text goes in parts. */
export const inParts = (text: string, size = FRAME_PART_CHARS): boolean => text.length > size;

/** The message carrying text[at, at + size), saying whether more parts follow. */
export function partMessage(text: string, at: number, size = FRAME_PART_CHARS): string {
  return JSON.stringify({ part: text.slice(at, at + size), more: at + size < text.length } satisfies FramePart);
}

/** The messages that carry one frame's JSON text: the text itself, or its parts in order. */
export function frameMessages(text: string, size = FRAME_PART_CHARS): string[] {
  if (!inParts(text, size)) return [text];
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(partMessage(text, at, size));
  return out;
}
