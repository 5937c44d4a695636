// The main window, locked down: isolated, sandboxed preload, no Node in the page, a strict CSP on
// every response, and no navigation or new windows. Closing with unsaved work asks first.
import { BrowserWindow, dialog, session, shell, type WebContents } from 'electron';
import { permissionAllowed } from './ipc/permissions';
import { leaveChosen, UNLOAD_PROMPT } from './ipc/unload-prompt';
import { contentSecurityPolicy } from './service/csp';

export function installCsp(): void {
  const csp = contentSecurityPolicy();
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

/** Every web permission request and check is answered by ipc/permissions.ts (today: all refused). */
export function denyPermissions(): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionAllowed(permission)));
  s.setPermissionCheckHandler((_contents, permission) => permissionAllowed(permission));
  s.setDevicePermissionHandler(() => false);
}

/** Applied to every webContents the app creates. */
export function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function createMainWindow(preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'Gradscope',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // The page cancels `beforeunload` while work would be lost; without this handler Electron would
  // keep the window open without a word (closing and quitting would silently do nothing).
  win.webContents.on('will-prevent-unload', (e) => {
    if (leaveChosen(dialog.showMessageBoxSync(win, UNLOAD_PROMPT))) e.preventDefault();
  });
  return win;
}
