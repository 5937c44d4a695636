// The native menu. Items only announce a command to the renderer (AppEvent {type:'menu'}); the
// renderer owns the document and decides what New, Save, Undo… mean.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { AppEvent, MenuCommand } from './contract/api';

/** Open, Save and Save As show their keys but do not register them: the renderer's own keydown
 * handler owns those keys (so a key press acts once). New and Export Model have no renderer shortcut,
 * so the menu registers theirs. Undo and Redo: on Windows and Linux the page owns the keys (the
 * editor's handler on the canvas, Chromium's own editing in a text field); on macOS a text field
 * leaves Cmd+Z to the menu, so there the menu registers them, and the renderer runs the field's own
 * undo when a text field has focus (src-renderer/lib/field-edit.ts). */
export function buildMenu(recent: string[], emit: (event: AppEvent) => void, platform: NodeJS.Platform = process.platform): Menu {
  const mac = platform === 'darwin';
  const send = (command: MenuCommand, path?: string) => () => emit(path === undefined ? { type: 'menu', command } : { type: 'menu', command, path });
  const recentItems: MenuItemConstructorOptions[] =
    recent.length === 0 ? [{ label: 'No recent projects', enabled: false }] : recent.map((p) => ({ label: `${basename(p)} — ${p}`, click: send('open', p) }));
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
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
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', registerAccelerator: mac, click: send('undo') },
        { label: 'Redo', accelerator: platform === 'win32' ? 'Ctrl+Y' : 'CmdOrCtrl+Shift+Z', registerAccelerator: mac, click: send('redo') },
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
