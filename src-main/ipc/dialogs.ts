// The Dialogs adapter over Electron's native file dialogs, parented to the main window.
import { dialog, type BrowserWindow } from 'electron';
import type { Dialogs } from '../service/dialogs';

export function electronDialogs(window: () => BrowserWindow | null): Dialogs {
  return {
    async openFile({ title, filters }) {
      const w = window();
      const opts = { title, filters, properties: ['openFile' as const] };
      const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    async openDirectory({ title }) {
      const w = window();
      const opts = { title, properties: ['openDirectory' as const, 'createDirectory' as const] };
      const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    async saveFile({ title, defaultName, filters }) {
      const w = window();
      const opts = { title, defaultPath: defaultName, filters };
      const r = w ? await dialog.showSaveDialog(w, opts) : await dialog.showSaveDialog(opts);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
  };
}
