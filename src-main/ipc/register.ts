// Electron's transport: the channel's frames (contract/channel.ts) on one ipcMain handler — a call
// or cancel frame in, the frame answering it out — and AppEvents sent to the window as event frames.
// Only the main window's own top frame, showing our page (gradscope://app/index.html), may call.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNEL_CALL, CHANNEL_EVENT, type AppReplyFrame } from '../contract/api';
import { ChannelServer, eventFrame } from '../contract/channel';
import { parseRequestFrame } from '../contract/request-frame';
import type { CallTarget } from '../service/call-target';
import { isRendererUrl } from './app-scheme';

const REFUSED = 'refused: this page may not call Gradscope';

export function isTrustedSender(e: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  if (!window || window.isDestroyed()) return false;
  if (e.sender.id !== window.webContents.id) return false;
  const frame = e.senderFrame;
  if (!frame || frame !== window.webContents.mainFrame) return false;
  return isRendererUrl(frame.url);
}

/** The answer to an untrusted sender: its call fails (when it has an id to answer), nothing runs. */
function refusal(raw: unknown): AppReplyFrame {
  const id = (raw as { id?: unknown } | null)?.id;
  if (typeof id === 'number' && Number.isInteger(id) && id >= 0) return { kind: 'result', id, result: { ok: false, kind: 'refused', error: REFUSED } };
  return { kind: 'error', error: REFUSED };
}

export function registerIpc(target: CallTarget, window: () => BrowserWindow | null): () => void {
  // one page talks to main (the window's top frame); a reloaded page starts its ids again, which
  // only matters for cancelling, and the old page can no longer cancel anything
  const channel = new ChannelServer((method, params, signal) => target.handleCall(method, params, signal));
  ipcMain.handle(CHANNEL_CALL, async (e, raw: unknown): Promise<AppReplyFrame | null> => {
    if (!isTrustedSender(e, window())) return refusal(raw);
    const frame = parseRequestFrame(raw);
    if (frame.kind === 'reply') return frame.message;
    return channel.receive(frame.request);
  });
  const unsubscribe = target.onEvent((event) => {
    const w = window();
    if (w && !w.isDestroyed()) w.webContents.send(CHANNEL_EVENT, eventFrame(event));
  });
  return () => {
    ipcMain.removeHandler(CHANNEL_CALL);
    channel.close();
    unsubscribe();
  };
}
