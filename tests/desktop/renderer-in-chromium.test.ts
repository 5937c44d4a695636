// The desktop app end to end, as far as it can run here: the BUILT main process under the stand-in
// Electron, the BUILT preload run in the page with contextBridge's copying rules (a Proxy is refused,
// as Electron refuses it), and the real renderer in Chromium, its files answered by the app's own
// gradscope:// handler (CSP header included). IPC goes page → preload → stand-in ipcMain → service →
// utility process, and events come back the same way.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, type Browser } from '../e2e/harness';
import { fileUrl, mainEntry, nativeImport, preloadEntry, requireBuild } from './built';
import type { Contents, StandInModule, Window } from './stand-in/types';
import { until } from './until';

const here = dirname(fileURLToPath(import.meta.url));
/** Chromium cannot be taught a new scheme from Playwright; this origin stands for gradscope://app. */
const ORIGIN = 'http://gradscope-app.test';
let E: StandInModule;
let userData: string;
let win: Window;
let contents: Contents;
let browser: Browser;
let page: Page;
const methods: string[] = [];

/** The page side of Electron's IPC and contextBridge, running the built preload (injected source). */
function pageBridge(preloadSource: string): string {
  return `(() => {
  const refusals = (window.__bridgeRefusals = []);
  const violations = (window.__cspViolations = []);
  document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
  // contextBridge copies every argument from the page into the preload's world; Proxies cannot be copied.
  const cross = (value, where) => {
    if (typeof value === 'function') return value;
    try { return structuredClone(value); } catch (e) { refusals.push(where + ': ' + e.message); throw new Error('An object could not be cloned.'); }
  };
  const listeners = new Map();
  window.__ipcDeliver = (channel, json) => { for (const l of listeners.get(channel) ?? []) l({}, ...JSON.parse(json)); };
  const electron = {
    contextBridge: {
      exposeInMainWorld(key, api) {
        const bridged = {};
        for (const [name, fn] of Object.entries(api)) bridged[name] = (...args) => fn(...args.map((a, i) => cross(a, key + '.' + name + ' argument ' + i)));
        Object.defineProperty(window, key, { value: Object.freeze(bridged) });
      },
    },
    ipcRenderer: {
      invoke: (channel, ...args) => window.__ipcInvoke(channel, JSON.stringify(args)).then((r) => JSON.parse(r)),
      on(channel, l) { if (!listeners.has(channel)) listeners.set(channel, new Set()); listeners.get(channel).add(l); },
      removeListener(channel, l) { listeners.get(channel)?.delete(l); },
    },
  };
  const allowed = { electron, events: {}, timers: {}, url: {} };
  const require = (name) => { if (!(name in allowed)) throw new Error('module not found: ' + name); return allowed[name]; };
  const module = { exports: {} };
  (function (exports, require, module) {\n${preloadSource}\n})(module.exports, require, module);
})();`;
}

async function menu(...labels: string[]): Promise<void> {
  E.standIn.menuItem(...labels).click!();
}

/** Asks the page as Electron does before unloading: does its beforeunload handler cancel? */
const pageRefusesUnload = (): Promise<boolean> =>
  page.evaluate(() => {
    const e = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(e);
    return e.defaultPrevented;
  });

beforeAll(async () => {
  requireBuild();
  register(fileUrl(join(here, 'stand-in', 'hooks.mjs')));
  E = (await nativeImport(fileUrl(join(here, 'stand-in', 'electron.mjs')))) as unknown as StandInModule;
  userData = mkdtempSync(join(tmpdir(), 'gradscope-desktop-ui-'));
  E.standIn.state.paths.userData = userData;
  await nativeImport(fileUrl(mainEntry));
  E.standIn.ready();
  await until('the main window to load', () => E.standIn.state.windows[0]?.webContents.loaded != null);
  win = E.standIn.state.windows[0]!;
  contents = win.webContents;

  browser = await launchBrowser({ width: 1280, height: 800 });
  page = browser.page;
  const serve = E.standIn.state.protocolHandlers.get('gradscope')!;
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = route.request().url().replace(ORIGIN, 'gradscope://app');
    const res = await serve(new Request(url, { method: route.request().method() }));
    await route.fulfill({ status: res.status, headers: Object.fromEntries(res.headers.entries()), body: Buffer.from(await res.arrayBuffer()) });
  });
  await page.exposeFunction('__ipcInvoke', async (channel: string, argsJson: string) => {
    const args = JSON.parse(argsJson) as unknown[];
    const frame = args[0] as { method?: unknown } | null;
    if (typeof frame?.method === 'string') methods.push(frame.method);
    return JSON.stringify(await contents.invoke(channel, args));
  });
  contents.on('stand-in:sent', (channel, ...args) => {
    void page
      .evaluate(([c, j]) => (window as unknown as { __ipcDeliver(c: string, j: string): void }).__ipcDeliver(c, j), [
        String(channel),
        JSON.stringify(args),
      ] as const)
      .catch(() => undefined);
  });
  await page.addInitScript({ content: pageBridge(readFileSync(preloadEntry, 'utf8')) });
  await page.goto(`${ORIGIN}/index.html`);
});

afterAll(async () => {
  await browser?.close();
  for (const p of E?.standIn.state.utilityProcesses ?? []) if (!p.exited) (p as unknown as { kill(): void }).kill();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

describe('the desktop renderer over the preload bridge, against the built main process', () => {
  it('starts in desktop mode: the page talks through window.gradscope, with no CSP violation or error', async () => {
    await page.getByTestId('template-gallery').waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => Object.keys((window as unknown as { gradscope: object }).gradscope).sort())).toEqual(['onMessage', 'post']);
    expect(methods).toEqual(expect.arrayContaining(['info', 'listPresets']));
    await page.getByTestId('dataset-status').getByText('features').waitFor({ timeout: 60_000 });
    await screenshot(page, 'desktop-renderer-1280x800');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'desktop-renderer-1920x1080');
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    expect(browser.errors).toEqual([]);
  });

  it('a clean page lets the window close; with an unsaved edit it holds it, and main asks Leave/Stay', async () => {
    await page.getByTestId('template-spiral').click();
    await page.getByTestId('template-gallery').waitFor({ state: 'detached' });
    expect(await pageRefusesUnload()).toBe(false);
    await page.getByTestId('layer-h2').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBe(3);
    await page.getByTestId('dirty-marker').waitFor();
    expect(await pageRefusesUnload()).toBe(true);

    const s = E.standIn.state;
    const asked = s.messageBoxes.length;
    contents.pageRefusesUnload = true;
    s.messageBoxAnswers.push(1);
    win.close();
    expect(s.messageBoxes.length).toBe(asked + 1);
    expect(s.messageBoxes.at(-1)!.buttons).toEqual(['Leave', 'Stay']);
    expect(win.isDestroyed()).toBe(false);
  });

  it("menu Undo in a text field undoes the field's typing; elsewhere it undoes the editor's last edit", async () => {
    await page.getByTestId('tab-training').click();
    const epochs = page.getByTestId('field-epochs');
    const before = await epochs.inputValue();
    await epochs.click();
    await page.keyboard.press('End');
    await page.keyboard.type('7');
    expect(await epochs.inputValue()).toBe(`${before}7`);
    await menu('Edit', 'Undo');
    await expect.poll(() => epochs.inputValue()).toBe(before);
    // the editor's own history was left alone: the deleted layer is still deleted
    expect(await page.locator('.svelte-flow__node').count()).toBe(3);

    await page.locator('.svelte-flow__pane').click({ position: { x: 20, y: 20 } });
    await menu('Edit', 'Undo');
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBe(4);
    await menu('Edit', 'Redo');
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBe(3);
    await menu('Edit', 'Undo');
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBe(4);
  });

  it('trains through the bridge and the utility process; nothing the page sent was refused by contextBridge', async () => {
    await page.getByTestId('tab-training').click();
    const epochs = page.getByTestId('field-epochs');
    await epochs.fill('2');
    await epochs.press('Tab');
    await page.getByTestId('problems-none').waitFor();
    await page.getByTestId('btn-train').click();
    await page.getByTestId('run-outcome').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('run-outcome').textContent()).toBe('Run finished.');
    await screenshot(page, 'desktop-renderer-trained');
    // the recovery copy (the whole project, sent through the bridge) is written 1.5 s after the last edit
    await expect.poll(() => [...methods], { timeout: 60_000 }).toEqual(expect.arrayContaining(['startTraining', 'writeRecovery']));
    expect(E.standIn.state.utilityProcesses).toHaveLength(1);
    expect(await page.evaluate(() => (window as unknown as { __bridgeRefusals: string[] }).__bridgeRefusals)).toEqual([]);
    expect(browser.errors).toEqual([]);
  });

  it('Leave closes the window, and the app quits after disposing the trainer', async () => {
    const s = E.standIn.state;
    expect(await pageRefusesUnload()).toBe(true);
    s.messageBoxAnswers.push(0);
    win.close();
    expect(win.isDestroyed()).toBe(true);
    await until('the app to quit', () => s.quit, 60_000);
    expect(s.utilityProcesses.every((p) => p.exited)).toBe(true);
  });
});
