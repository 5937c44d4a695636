// Electron's transport: one ipcMain handler relaying calls to the service, and AppEvents sent to the
// window. Only the main window's own top frame, showing our page (gradscope://app/index.html), may call.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNEL_CALL, CHANNEL_EVENT } from '../contract/api';
import type { CallTarget } from '../service/call-target';
import { isRendererUrl } from './app-scheme';

export function isTrustedSender(e: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  if (!window || window.isDestroyed()) return false;
  if (e.sender.id !== window.webContents.id) return false;
  const frame = e.senderFrame;
  if (!frame || frame !== window.webContents.mainFrame) return false;
  return isRendererUrl(frame.url);
}

export function registerIpc(target: CallTarget, window: () => BrowserWindow | null): () => void {
  ipcMain.handle(CHANNEL_CALL, async (e, method: unknown, params: unknown) => {
    if (!isTrustedSender(e, window())) return { ok: false, error: 'refused: this page may not call Gradscope' };
    return target.handleCall(method, params);
  });
  const unsubscribe = target.onEvent((event) => {
    const w = window();
    if (w && !w.isDestroyed()) w.webContents.send(CHANNEL_EVENT, event);
  });
  return () => {
    ipcMain.removeHandler(CHANNEL_CALL);
    unsubscribe();
  };
}
