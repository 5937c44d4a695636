// The BUILT main process (out/main/index.js) under plain Node with a stand-in `electron` module,
// driven as Electron would drive it: ready, window, page load, IPC, navigation, menu, training in
// the utility process, closing and quitting. One app lifecycle per file (Node caches the module).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_CALL, CHANNEL_EVENT } from '../../src-main/contract/api';
import type { TrainerEvent } from '../../src-main/contract/events';
import { contentSecurityPolicy } from '../../src-main/service/csp';
import { fileUrl, mainEntry, nativeImport, out, preloadEntry, requireBuild, trainerEntry } from './built';
import type { Contents, StandInModule, Window } from './stand-in/types';
import { until } from './until';

const here = dirname(fileURLToPath(import.meta.url));
const APP_PAGE = 'gradscope://app/index.html';
let E: StandInModule;
let userData: string;
let exportDir: string;
let win: Window;
let page: Contents;

type Result = { ok: true; value: unknown } | { ok: false; error: string };
let nextId = 1;
/** A call as the page's channel makes it: a call frame in, the result frame answering it out. */
const call = async (method: string, params: unknown, frame?: Contents['mainFrame'], contents: Contents = page): Promise<Result> => {
  const id = nextId++;
  const reply = (await contents.invoke(CHANNEL_CALL, [{ id, method, params }], frame)) as { kind: 'result'; id: number; result: Result };
  expect(reply).toMatchObject({ kind: 'result', id });
  return reply.result;
};
/** The AppEvents main sent the page (as the channel's event frames). */
const appEvents = (): Array<{ type: string; event?: TrainerEvent }> =>
  page.sent
    .filter((s) => s.channel === CHANNEL_EVENT && (s.args[0] as { kind: string }).kind === 'event')
    .map((s) => (s.args[0] as { event: { type: string; event?: TrainerEvent } }).event);
const trainerEvents = (): TrainerEvent[] =>
  appEvents()
    .filter((e) => e.type === 'trainer')
    .map((e) => e.event!);
const menuEvents = (): unknown[] => appEvents().filter((e) => e.type === 'menu');

beforeAll(async () => {
  requireBuild();
  register(fileUrl(join(here, 'stand-in', 'hooks.mjs')));
  E = (await nativeImport(fileUrl(join(here, 'stand-in', 'electron.mjs')))) as unknown as StandInModule;
  userData = mkdtempSync(join(tmpdir(), 'gradscope-desktop-'));
  exportDir = join(userData, 'exported model');
  E.standIn.state.paths.userData = userData;
  await nativeImport(fileUrl(mainEntry));
});

afterAll(() => {
  for (const p of E?.standIn.state.utilityProcesses ?? []) if (!p.exited) (p as unknown as { kill(): void }).kill();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

describe('the built main process under a stand-in Electron', () => {
  it('before ready: takes the single-instance lock and declares gradscope: a privileged scheme', () => {
    const s = E.standIn.state;
    expect(s.lockRequested).toBe(true);
    expect(s.windows).toHaveLength(0);
    expect(s.privilegedSchemes).toEqual([{ scheme: 'gradscope', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
  });

  it('on ready: opens one locked-down window with the CommonJS preload and shows it once the page loaded', async () => {
    E.standIn.ready();
    await until('the main window to load its page', () => E.standIn.state.windows[0]?.webContents.loaded !== null && E.standIn.state.windows[0] !== undefined);
    const s = E.standIn.state;
    expect(s.windows).toHaveLength(1);
    win = s.windows[0]!;
    page = win.webContents;
    const prefs = win.options.webPreferences ?? {};
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(prefs.preload).toBe(preloadEntry);
    expect(existsSync(String(prefs.preload))).toBe(true);
    expect(readFileSync(String(prefs.preload), 'utf8')).toMatch(/require\("electron"\)/);
    await until('the window to be shown', () => win.isVisible());
  });

  it('loads the renderer from gradscope://app with the CSP, and serves nothing outside out/renderer', async () => {
    const loaded = page.loaded!;
    expect(loaded.url).toBe(APP_PAGE);
    expect(page.mainFrame.url).toBe(APP_PAGE);
    expect(loaded.status).toBe(200);
    expect(loaded.headers['content-type']).toMatch(/^text\/html/);
    expect(loaded.headers['content-security-policy']).toBe(contentSecurityPolicy());
    expect(loaded.body).toContain('<div id="app">');
    expect(loaded.body).toBe(readFileSync(join(out, 'renderer', 'index.html'), 'utf8'));

    const serve = E.standIn.state.protocolHandlers.get('gradscope')!;
    const script = /<script[^>]+src="\.\/([^"]+)"/.exec(loaded.body)?.[1];
    expect(script).toBeDefined();
    const js = await serve(new Request(`gradscope://app/${script}`));
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await js.arrayBuffer()).byteLength).toBe(statSync(join(out, 'renderer', script!)).size);

    for (const url of [
      'gradscope://app/../main/index.js',
      'gradscope://app/%2e%2e/main/index.js',
      'gradscope://app/assets/..%2f..%2fmain%2findex.js',
      'gradscope://app/..%5cmain%5cindex.js',
      'gradscope://evil/index.html',
      'gradscope://app/missing.js',
    ]) {
      const r = await serve(new Request(url));
      expect(r.status, url).toBeGreaterThanOrEqual(400);
      expect(await r.text(), url).not.toContain('electron');
    }
    const post = await serve(new Request(APP_PAGE, { method: 'POST', body: 'x' }));
    expect(post.status).toBe(403);
  });

  it('refuses every web permission request and check', () => {
    const s = E.standIn.state;
    const asked: Record<string, boolean> = {};
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'clipboard-sanitized-write',
      'fullscreen',
      'openExternal',
      'midi',
      'pointerLock',
      'hid',
      'serial',
      'usb',
      'display-capture',
    ]) {
      s.permissionRequest!(page, p, (granted) => (asked[p] = granted), { requestingUrl: APP_PAGE });
      expect(asked[p], p).toBe(false);
      expect(s.permissionCheck!(page, p, 'gradscope://app', {}), p).toBe(false);
    }
    expect(s.devicePermission!({ deviceType: 'usb', origin: 'gradscope://app' })).toBe(false);
  });

  it('serves IPC calls from its own page and refuses other frames, pages and windows', async () => {
    const info = await call('info', {});
    expect(info).toEqual({ ok: true, value: expect.objectContaining({ mode: 'electron' }) });
    const bad = await call('getPreset', { name: 42 });
    expect(bad.ok).toBe(false);

    const refused = { ok: false, kind: 'refused', error: expect.stringMatching(/refused/) };
    expect(await call('info', {}, page.childFrame(APP_PAGE))).toEqual(refused);
    page.mainFrame.url = 'https://evil.example/index.html';
    expect(await call('info', {})).toEqual(refused);
    page.mainFrame.url = 'file:///index.html';
    expect(await call('info', {})).toEqual(refused);
    page.mainFrame.url = APP_PAGE;

    const other = new E.BrowserWindow({ show: false, webPreferences: { sandbox: true } });
    other.webContents.mainFrame.url = APP_PAGE;
    expect(await call('info', {}, undefined, other.webContents)).toEqual(refused);
    other.close();
    expect(await call('info', {})).toMatchObject({ ok: true });
  });

  it('denies navigation and new windows; https links open in the browser, nothing else does', () => {
    expect(page.navigate('https://evil.example/')).toBe(false);
    expect(page.navigate('gradscope://app/index.html?again')).toBe(false);
    expect(page.mainFrame.url).toBe(APP_PAGE);
    for (const url of ['https://example.com/docs', 'http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'gradscope://app/index.html'])
      expect(page.openWindow(url), url).toEqual({ action: 'deny' });
    expect(E.standIn.state.openedExternal).toEqual(['https://example.com/docs']);
  });

  it("sends the menu's commands to the renderer", () => {
    const before = menuEvents().length;
    for (const [menu, label] of [
      ['File', 'New'],
      ['File', 'Save'],
      ['File', 'Save As…'],
      ['File', 'Export Model…'],
      ['Edit', 'Undo'],
      ['Edit', 'Redo'],
    ] as const)
      E.standIn.menuItem(menu, label).click!();
    expect(menuEvents().slice(before)).toEqual(['new', 'save', 'save-as', 'export-model', 'undo', 'redo'].map((command) => ({ type: 'menu', command })));
    const roles = E.standIn
      .menuItem('Edit')
      .submenu!.items.map((i) => i.role)
      .filter(Boolean);
    expect(roles).toEqual(['cut', 'copy', 'paste', 'selectAll']);
    expect(E.standIn.menuItem('File', 'Quit').role).toBe('quit');
    expect(E.standIn.menuItem('File', 'Open Recent').submenu!.items.map((i) => i.label)).toEqual(['No recent projects']);
  });

  it('trains a small run in the trainer utility process and exports the model through the folder dialog', async () => {
    const preset = await call('getPreset', { name: 'spiral' });
    expect(preset.ok).toBe(true);
    const project = (preset as { value: { graph: unknown; training: Record<string, unknown> } }).value;
    const training = { ...project.training, epochs: 2 };
    const started = await call('startTraining', { graph: project.graph, training });
    expect(started).toMatchObject({ ok: true });
    const runId = (started as { value: { runId: string } }).value.runId;

    const s = E.standIn.state;
    expect(s.utilityProcesses).toHaveLength(1);
    expect(s.utilityProcesses[0]!.child.spawnargs).toContain(trainerEntry);
    await until('the run to finish', () => trainerEvents().some((e) => e.type === 'finished' && e.runId === runId), 150_000);
    const events = trainerEvents().filter((e) => e.runId === runId);
    expect(events[0]).toMatchObject({ type: 'started', epochs: 2, classes: 3, inputDim: 2 });
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    for (const e of epochs) expect(Number.isFinite(e.trainLoss)).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'finished', reason: 'completed', epochs: 2 });

    s.openDialogAnswers.push({ canceled: false, filePaths: [exportDir] });
    const exported = await call('exportModel', { runId });
    expect(exported).toEqual({ ok: true, value: { dir: exportDir } });
    expect(s.dialogsAsked.at(-1)).toMatchObject({ kind: 'open', options: { properties: expect.arrayContaining(['openDirectory']) } });
    const model = JSON.parse(readFileSync(join(exportDir, 'model.json'), 'utf8')) as { modelTopology: unknown; weightsManifest: { paths: string[] }[] };
    expect(model.modelTopology).toBeDefined();
    const weightFiles = model.weightsManifest.flatMap((m) => m.paths);
    expect(weightFiles.length).toBeGreaterThan(0);
    expect(readdirSync(exportDir)).toEqual(expect.arrayContaining(weightFiles));
    // spiral: 2 → 32 → 32 → 3 dense layers with biases, float32
    const bytes = weightFiles.reduce((n, f) => n + statSync(join(exportDir, f)).size, 0);
    expect(bytes).toBe(4 * (2 * 32 + 32 + 32 * 32 + 32 + 32 * 3 + 3));
  });

  it('asks Leave/Stay when the page refuses to unload (unsaved work); Stay keeps the window, the app and the trainer', () => {
    const s = E.standIn.state;
    page.pageRefusesUnload = true;
    const asked = s.messageBoxes.length;
    s.messageBoxAnswers.push(1);
    win.close();
    expect(s.messageBoxes.length).toBe(asked + 1);
    expect(s.messageBoxes.at(-1)).toMatchObject({ buttons: ['Leave', 'Stay'], cancelId: 1, defaultId: 1 });
    expect(win.isDestroyed()).toBe(false);

    s.messageBoxAnswers.push(1);
    E.app.quit();
    expect(s.messageBoxes.length).toBe(asked + 2);
    expect(win.isDestroyed()).toBe(false);
    expect(s.quit).toBe(false);
    expect(s.utilityProcesses[0]!.exited).toBe(false);
  });

  it('quitting after Leave closes the window and disposes the trainer process before the app ends', async () => {
    const s = E.standIn.state;
    const trainer = s.utilityProcesses[0]!;
    const pid = trainer.pid!;
    s.messageBoxAnswers.push(0);
    E.app.quit();
    expect(win.isDestroyed()).toBe(true);
    await until('the app to quit', () => s.quit, 60_000);
    expect(trainer.exited).toBe(true);
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
