// Transport names, kept in their own dependency-free module so the sandboxed preload can import
// them without bundling zod. api.ts re-exports them; they appear nowhere else.
export const CHANNEL_CALL = 'gradscope:call';
export const CHANNEL_EVENT = 'gradscope:event';
export const WS_PATH = '/api';

/** What the Electron preload exposes as `window.gradscope`: a pipe for the channel's frames, nothing more. */
export interface PreloadBridge {
  /** a call or cancel frame; resolves to the frame that answers it (null for a cancel) */
  post(frame: unknown): Promise<unknown>;
  /** frames main sends unasked (events); returns the unsubscribe function */
  onMessage(listener: (frame: unknown) => void): () => void;
}
