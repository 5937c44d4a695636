// The desktop app's main process: one window showing gradscope://app/index.html, the main-side
// service behind IPC, the trainer in a utilityProcess, and the native menu.
import { app, BrowserWindow, Menu } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_INDEX_URL } from './ipc/app-scheme';
import { electronDialogs } from './ipc/dialogs';
import { registerIpc } from './ipc/register';
import { declareAppScheme, serveAppScheme } from './ipc/serve-app';
import { createUtilityProcessHost } from './ipc/utility-host';
import { buildMenu } from './menu';
import { inspectDataset, realPresets } from './service/real-deps';
import { GradscopeService } from './service/service';
import { createMainWindow, denyPermissions, installCsp, lockDown } from './window';

const here = dirname(fileURLToPath(import.meta.url));

let mainWindow: BrowserWindow | null = null;

function main(): void {
  declareAppScheme();

  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  app.on('web-contents-created', (_e, contents) => lockDown(contents));

  void app.whenReady().then(async () => {
    denyPermissions();
    installCsp();
    serveAppScheme(join(here, '../renderer'));
    const service = new GradscopeService({
      mode: 'electron',
      version: app.getVersion(),
      dataDir: app.getPath('userData'),
      createTrainer: (opts) => createUtilityProcessHost(join(here, 'trainer-worker.js'), opts),
      dialogs: electronDialogs(() => mainWindow),
      presets: realPresets,
      inspectDataset,
      onRecentChanged: (recent) => Menu.setApplicationMenu(buildMenu(recent, (e) => service.emit(e))),
    });
    const recent = await service.recentProjects({});
    Menu.setApplicationMenu(buildMenu(recent.ok ? recent.value : [], (e) => service.emit(e)));
    registerIpc(service, () => mainWindow);

    const open = (): void => {
      mainWindow = createMainWindow(join(here, '../preload/index.cjs'));
      mainWindow.on('closed', () => {
        mainWindow = null;
      });
      void mainWindow.loadURL(APP_INDEX_URL);
    };
    open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
    app.on('window-all-closed', () => {
      if (process.platform !== 'darwin') app.quit();
    });
    // Quit waits for the trainer process to be told to stop and to exit (dispose is bounded).
    let disposed = false;
    app.on('will-quit', (e) => {
      if (disposed) return;
      disposed = true;
      e.preventDefault();
      void service.dispose().finally(() => app.quit());
    });
  });
}

// A second copy only focuses the first one's window.
if (app.requestSingleInstanceLock()) main();
else app.quit();
