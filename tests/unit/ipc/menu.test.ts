// The native menu per platform, built against the stand-in Electron's Menu (tests/desktop/stand-in).
import { describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../../src-main/contract/api';

vi.mock('electron', () => import('../../desktop/stand-in/electron.mjs'));
const { buildMenu } = await import('../../../src-main/menu');

interface Item {
  label?: string;
  role?: string;
  accelerator?: string;
  registerAccelerator?: boolean;
  click?: () => void;
  submenu?: { items: Item[] };
}
const items = (m: unknown): Item[] => (m as { items: Item[] }).items;
const find = (m: unknown, ...labels: string[]): Item => {
  let list = items(m);
  let item: Item | undefined;
  for (const l of labels) {
    item = list.find((i) => i.label?.replace('&', '') === l);
    if (!item) throw new Error(`no ${labels.join(' ▸ ')}`);
    list = item.submenu?.items ?? [];
  }
  return item!;
};

describe('the native menu', () => {
  it('on macOS registers Undo/Redo (a text field leaves Cmd+Z to the menu) and has the app menu', () => {
    const m = buildMenu([], () => undefined, 'darwin');
    expect(items(m)[0]!.role).toBe('appMenu');
    expect(find(m, 'Edit', 'Undo')).toMatchObject({ accelerator: 'CmdOrCtrl+Z', registerAccelerator: true });
    expect(find(m, 'Edit', 'Redo')).toMatchObject({ accelerator: 'CmdOrCtrl+Shift+Z', registerAccelerator: true });
  });
  it('on Windows and Linux leaves Undo/Redo keys to the page', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const m = buildMenu([], () => undefined, platform);
      expect(items(m)[0]!.label).toBe('&File');
      expect(find(m, 'Edit', 'Undo')).toMatchObject({ registerAccelerator: false });
      expect(find(m, 'Edit', 'Redo')).toMatchObject({ accelerator: platform === 'win32' ? 'Ctrl+Y' : 'CmdOrCtrl+Shift+Z', registerAccelerator: false });
    }
  });
  it('Open Recent lists the recent projects and opens the one clicked', () => {
    const sent: AppEvent[] = [];
    const m = buildMenu(['/home/ana/spiral.gradscope.json'], (e) => sent.push(e), 'linux');
    const recent = find(m, 'File', 'Open Recent').submenu!.items;
    expect(recent.map((i) => i.label)).toEqual(['spiral.gradscope.json — /home/ana/spiral.gradscope.json']);
    recent[0]!.click!();
    expect(sent).toEqual([{ type: 'menu', command: 'open', path: '/home/ana/spiral.gradscope.json' }]);
  });
});
