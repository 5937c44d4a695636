// The e2e harness: the browser-mode server (src-main/server/main.ts) on a free port with a temporary
// GRADSCOPE_HOME, and Debian's Chromium driven by playwright-core with a fresh profile.
//
//   const app = await startApp();          // server + browser, page already on the app
//   await app.page.getByRole('button', { name: 'Train' }).click();
//   await app.screenshot('after-train');   // → test-results/after-train.png
//   await app.stop();
//
// The renderer must be built (out/renderer); `npm test` and `npm run test:e2e` build it first.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
// the server prints the URL to open, with the page's token: http://127.0.0.1:PORT/?token=…
const READY = /^Gradscope running at (http:\/\/127\.0\.0\.1:(\d+))\/(?:\?token=([A-Za-z0-9_-]+))?$/m;

export interface RunningServer {
  /** http://127.0.0.1:PORT, without the token: what a page from elsewhere would know */
  url: string;
  /** the URL the server printed, with ?token=… (the page opened from it gets the cookie) */
  openUrl: string;
  /** null when started with --no-token */
  token: string | null;
  port: number;
  /** the server process, to read its memory use */
  pid: number;
  /** the GRADSCOPE_HOME the server uses (recovery copy, recent list) */
  home: string;
  /** everything the server printed so far */
  log(): string;
  /** true until the server process exits */
  alive(): boolean;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** extra command-line options for the server, e.g. ['--max-frame-bytes', '65536'] */
  args?: string[];
  /** use this GRADSCOPE_HOME instead of a fresh temp folder (kept afterwards) */
  home?: string;
  env?: Record<string, string>;
  /** folders the app may read and write besides its home (--folder) */
  folders?: string[];
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html')) || !existsSync(join(ROOT, 'out', 'main', 'server.js'))) {
    throw new Error('the app is not built; run `npm run build` (or `npm run test:e2e`, which builds it) first');
  }
  const ownHome = opts.home === undefined;
  const home = opts.home ?? (await mkdtemp(join(tmpdir(), 'gradscope-e2e-home-')));
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'out', 'main', 'server.js'), '--port', '0', ...(opts.folders ?? []).flatMap((f) => ['--folder', f]), ...(opts.args ?? [])],
    { cwd: ROOT, env: { ...process.env, ...opts.env, GRADSCOPE_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let exited = false;
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));

  const match = await new Promise<RegExpExecArray>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`the server did not start within 90 s; it printed:\n${output}`)), 90_000);
    const check = (): void => {
      const m = READY.exec(output);
      if (m) {
        clearTimeout(timer);
        res(m);
      }
    };
    child.stdout?.on('data', check);
    void exit.then(() => {
      clearTimeout(timer);
      rej(new Error(`the server exited before it was ready; it printed:\n${output}`));
    });
  });

  return {
    url: match[1]!,
    openUrl: match[0].slice('Gradscope running at '.length),
    token: match[3] ?? null,
    port: Number(match[2]),
    pid: child.pid!,
    home,
    log: () => output,
    alive: () => !exited,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(killer);
      }
      if (ownHome) await rm(home, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** console errors and uncaught page errors seen so far */
  errors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(viewport = { width: 1400, height: 900 }): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'gradscope-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // GRADSCOPE_E2E_CPU_SLOWDOWN=4: the page runs 4× slower than the trainer (shakes out tests that race a run)
  const slowdown = Number(process.env.GRADSCOPE_E2E_CPU_SLOWDOWN ?? 1);
  if (slowdown > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: slowdown });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    context,
    page,
    errors,
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Let the page draw `frames` animation frames (a resize or scroll reaches the charts' own redraw,
 * which waits for a frame): counted in frames, so a slow page is waited for as long as it needs.
 */
export async function framesDrawn(page: Page, frames = 3): Promise<void> {
  await page.evaluate(
    (n) =>
      new Promise<void>((done) => {
        let left = n;
        const next = (): void => (--left <= 0 ? done() : void requestAnimationFrame(next));
        requestAnimationFrame(next);
      }),
    frames,
  );
}

/** Save the page to test-results/<name>.png (for a person to look at); returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-');
  const dir = join(ROOT, 'test-results');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${safe}.png`);
  await page.screenshot({ path });
  return path;
}

export interface App {
  server: RunningServer;
  url: string;
  page: Page;
  context: BrowserContext;
  errors: string[];
  screenshot(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Server and browser together, the page opened on the app. */
export async function startApp(opts: ServerOptions & { viewport?: { width: number; height: number } } = {}): Promise<App> {
  const server = await startServer(opts);
  let browser: Browser;
  try {
    browser = await launchBrowser(opts.viewport);
    await browser.page.goto(server.openUrl);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return {
    server,
    url: server.url,
    page: browser.page,
    context: browser.context,
    errors: browser.errors,
    screenshot: (name) => screenshot(browser.page, name),
    async stop() {
      await browser.close();
      await server.stop();
    },
  };
}
