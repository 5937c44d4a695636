// `npm start` without Electron, with a display: the app opens in Chromium as an app window
// (scripts/app-window.mjs). Under Xvfb, `npm start` is run for real; the test reaches the window
// through the DevTools port the browser writes to its profile (GRADSCOPE_BROWSER_DEVTOOLS=1),
// sees the editor, resizes and closes the window (which must end `npm start` and leave no process
// behind), starts again at the saved size, and stops that one as Ctrl-C would.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, ROOT, screenshot } from './harness';

let xvfb: ChildProcess;
let display = '';
let home = '';
const started: ChildProcess[] = [];
const profile = (): string => join(home, 'app-window', 'chromium');

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'gradscope-e2e-window-'));
  // -displayfd: Xvfb picks a free display number and writes it to fd 3
  xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1600x1000x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  display = await new Promise<string>((res, rej) => {
    let out = '';
    const fd3 = xvfb.stdio[3] as NodeJS.ReadableStream;
    fd3.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) res(`:${out.trim()}`);
    });
    xvfb.once('exit', (code) => rej(new Error(`Xvfb exited (${code}) before it was ready`)));
  });
});

/** A failed test may leave its npm start running: stop it as Ctrl-C would (that closes its window). */
async function stopLeftovers(): Promise<void> {
  const running = started.filter((c) => c.exitCode === null && c.signalCode === null);
  // wait for each to end (its browser lets go of the profile), not a fixed while
  await Promise.all(
    running.map(
      (child) =>
        new Promise((r) => {
          child.once('exit', r);
          child.kill('SIGINT');
          setTimeout(r, 30_000);
        }),
    ),
  );
}

afterAll(async () => {
  await stopLeftovers();
  for (const pid of processesOfThisHome()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  xvfb?.kill('SIGTERM');
  if (home) await rm(home, { recursive: true, force: true });
});

/** Processes still running with this test's GRADSCOPE_HOME in their environment (server, browser, helpers). */
function processesOfThisHome(): number[] {
  const needle = `GRADSCOPE_HOME=${home}\0`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(needle)) pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  url: string;
  browser: Browser;
  page: Page;
}

async function until<T>(what: string, get: () => T | null | undefined, output: () => string, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== null && v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; npm start printed:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `npm start` (Electron unavailable) with a display; resolves once the window shows the app. */
async function npmStart(command: string, args: string[]): Promise<Started> {
  await stopLeftovers();
  rmSync(join(profile(), 'DevToolsActivePort'), { force: true });
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      DISPLAY: display,
      GRADSCOPE_HOME: home,
      GRADSCOPE_BROWSER: CHROMIUM,
      GRADSCOPE_BROWSER_DEVTOOLS: '1',
      ELECTRON_OVERRIDE_DIST_PATH: join(home, 'no-electron-here'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const output = (): string => out;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = await until('the server URL', () => /^Gradscope running at (\S+)$/m.exec(out)?.[1], output);
  const portFile = join(profile(), 'DevToolsActivePort');
  const port = await until('DevToolsActivePort', () => existsSync(portFile) && readFileSync(portFile, 'utf8').split('\n')[0], output);
  const devtools = `http://127.0.0.1:${port}`;
  // Attach only once the window has left the tokened address for the app's own page: Playwright
  // attaching while that first redirect is in flight has been seen to hang on a busy machine.
  const origin = new URL(url).origin;
  let pages: { type: string; url: string }[] = [];
  const poll = setInterval(() => {
    fetch(`${devtools}/json/list`)
      .then((r) => r.json() as Promise<{ type: string; url: string }[]>)
      .then((list) => (pages = list))
      .catch(() => undefined);
  }, 200);
  try {
    await until('the app page in the window', () => pages.some((t) => t.type === 'page' && t.url === `${origin}/`), output);
  } finally {
    clearInterval(poll);
  }
  const browser = await connect(devtools);
  const page = await until('the app window', () => browser.contexts()[0]?.pages()[0], output);
  return { child, output, exited, url, browser, page };
}

/** Connects Playwright to the window's browser; a connection that does not come up in 20 s is dropped and tried again. */
async function connect(devtools: string): Promise<Browser> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await chromium.connectOverCDP(devtools, { timeout: 20_000 });
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

async function windowBounds(s: Started): Promise<{ windowId: number; width: number; height: number }> {
  const cdp = await s.browser.newBrowserCDPSession();
  const targets = (await cdp.send('Target.getTargets')).targetInfos.filter((t) => t.type === 'page');
  expect(targets).toHaveLength(1);
  const w = await cdp.send('Browser.getWindowForTarget', { targetId: targets[0]!.targetId });
  return { windowId: w.windowId, width: w.bounds.width ?? 0, height: w.bounds.height ?? 0 };
}

describe('npm start without Electron, with a display', () => {
  it('opens the editor in a Chromium app window; closing the window ends npm start and every process', async () => {
    const s = await npmStart('npm', ['start', '--', '--port', '0']);
    expect(s.output()).toContain(`Opening Gradscope in a chromium app window (${CHROMIUM}, profile ${profile()})`);
    // the window opened the URL the server printed, token and all (without it the server answers
    // 401 and no editor appears; the server then redirects to the bare address), as an app (no tabs,
    // no address bar)
    expect(s.url).toMatch(/\/\?token=[A-Za-z0-9_-]+$/);
    await s.page.locator('.svelte-flow').waitFor({ state: 'visible', timeout: 60_000 });
    expect(s.page.url()).toBe(`${new URL(s.url).origin}/`);
    await expect.poll(() => s.page.title(), { timeout: 30_000 }).toContain('Gradscope');
    expect(await s.page.evaluate(() => matchMedia('(display-mode: standalone)').matches)).toBe(true);
    const first = await windowBounds(s);
    expect([first.width, first.height]).toEqual([1280, 800]);
    await screenshot(s.page, 'app-window-editor');

    // the user resizes the window, then closes it
    const cdp = await s.browser.newBrowserCDPSession();
    await cdp.send('Browser.setWindowBounds', { windowId: first.windowId, bounds: { width: 1100, height: 720 } });
    await expect.poll(() => s.page.evaluate(() => [outerWidth, outerHeight]), { timeout: 60_000 }).toEqual([1100, 720]);
    // the browser itself has the new size (it records the window's placement as the size changes)
    await expect
      .poll(async () => {
        const b = (await cdp.send('Browser.getWindowBounds', { windowId: first.windowId })).bounds;
        return [b.width, b.height];
      })
      .toEqual([1100, 720]);
    const target = (await cdp.send('Target.getTargets')).targetInfos.find((t) => t.type === 'page')!;
    await cdp.send('Target.closeTarget', { targetId: target.targetId }).catch(() => undefined);
    const code = await Promise.race([s.exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 60_000))]);
    expect(code, s.output()).toBe(0);
    await expect.poll(() => processesOfThisHome(), { timeout: 60_000 }).toEqual([]);
    await expect(fetch(s.url)).rejects.toThrow();
  });

  it('opens again at the size the window was closed at; Ctrl-C on npm start closes the window', async () => {
    const s = await npmStart(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--port', '0']);
    await s.page.locator('.svelte-flow').waitFor({ state: 'visible', timeout: 60_000 });
    const again = await windowBounds(s);
    expect([again.width, again.height]).toEqual([1100, 720]);
    expect(processesOfThisHome().length).toBeGreaterThan(2);
    s.child.kill('SIGINT');
    const code = await Promise.race([s.exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 60_000))]);
    expect(code, s.output()).toBe(0);
    await expect.poll(() => processesOfThisHome(), { timeout: 60_000 }).toEqual([]);
  });
});
