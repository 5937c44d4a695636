// The native menu. Items only announce a command to the renderer (AppEvent {type:'menu'}); the
// renderer owns the document and decides what New, Save, Undo… mean.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { AppEvent, MenuCommand } from './contract/api';

/** Open, Save, Save As, Undo and Redo show their keys but do not register them: the renderer's own
 * keydown handler owns those keys (so a key press acts once, and Ctrl+Z in a text field stays the
 * field's). New and Export Model have no renderer shortcut, so the menu registers theirs. */
export function buildMenu(recent: string[], emit: (event: AppEvent) => void): Menu {
  const send = (command: MenuCommand, path?: string) => () => emit(path === undefined ? { type: 'menu', command } : { type: 'menu', command, path });
  const recentItems: MenuItemConstructorOptions[] =
    recent.length === 0
      ? [{ label: 'No recent projects', enabled: false }]
      : recent.map((p) => ({ label: `${basename(p)} — ${p}`, click: send('open', p) }));
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'New', accelerator: 'CmdOrCtrl+N', click: send('new') },
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', registerAccelerator: false, click: send('open') },
        { label: 'Open Recent', submenu: recentItems },
        { type: 'separator' },
        { label: 'Save', accelerator: 'CmdOrCtrl+S', registerAccelerator: false, click: send('save') },
        { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', registerAccelerator: false, click: send('save-as') },
        { type: 'separator' },
        { label: 'Export Model…', accelerator: 'CmdOrCtrl+E', click: send('export-model') },
        { type: 'separator' },
        { label: 'Quit', accelerator: 'CmdOrCtrl+Q', role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', registerAccelerator: false, click: send('undo') },
        { label: 'Redo', accelerator: process.platform === 'win32' ? 'Ctrl+Y' : 'CmdOrCtrl+Shift+Z', registerAccelerator: false, click: send('redo') },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
