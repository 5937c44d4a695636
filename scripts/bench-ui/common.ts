// Shared pieces of `npm run bench:ui`: one app build ("version") served by its own browser-mode
// server on a free port with a temporary GRADSCOPE_HOME, Debian's Chromium, and measurements taken
// from outside the page only (Chrome DevTools Protocol metrics and heap, the Performance API's
// paint and long-task entries, a requestAnimationFrame counter injected by the benchmark). Nothing
// in the app's own code exists for the benchmark.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** One build of the app to measure: a checkout whose out/renderer is built. */
export interface Version {
  name: string;
  root: string;
}

/** One measured quantity: a value per round for each version (by name). */
export interface Row {
  section: string;
  metric: string;
  unit: string;
  values: Record<string, number[]>;
}

export interface SectionContext {
  versions: Version[];
  rounds: number;
  /** epochs of the streaming section's spiral run */
  epochs: number;
  /** a folder both servers may read and write (project files written by the benchmark) */
  scratch: string;
  log(line: string): void;
}

export type Section = (ctx: SectionContext) => Promise<Row[]>;

const READY = /Gradscope running at (http:\/\/127\.0\.0\.1:\d+\/\S*)/;

export interface Server {
  openUrl: string;
  stop(): Promise<void>;
}

/** The version's browser-mode server on a free port (its own built JS when it has it, else its sources under tsx). */
export async function startServer(v: Version, folders: string[]): Promise<Server> {
  if (!existsSync(join(v.root, 'out', 'renderer', 'index.html')))
    throw new Error(`${v.name}: ${v.root}/out/renderer is not built (npx electron-vite build there)`);
  const home = await mkdtemp(join(tmpdir(), `gradscope-bench-ui-${v.name}-`));
  // the built server (out/main/server.js since one way to run), else an older checkout's sources under tsx
  const built = join(v.root, 'out', 'main', 'server.js');
  const entry = existsSync(built) ? [built] : ['--import', 'tsx', join(v.root, 'src-main', 'server', 'main.ts')];
  const child: ChildProcess = spawn(process.execPath, [...entry, '--port', '0', ...folders.flatMap((f) => ['--folder', f])], {
    cwd: v.root,
    env: { ...process.env, GRADSCOPE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const openUrl = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`${v.name}: the server did not start in 90 s:\n${out}`)), 90_000);
    child.stdout?.on('data', () => {
      const m = READY.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
    void exited.then(() => rej(new Error(`${v.name}: the server exited:\n${out}`)));
  });
  return {
    openUrl,
    async stop() {
      child.kill('SIGTERM');
      const k = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(k);
      await rm(home, { recursive: true, force: true });
    },
  };
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

/** Installed into each page before its own scripts: counts frames and keeps every long task (≥ 50 ms). */
const PROBE = `(() => {
  const w = window;
  w.__bench = { frames: 0, longTasks: [] };
  const tick = () => { w.__bench.frames++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__bench.longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
})();`;

export interface BenchPage {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  close(): Promise<void>;
}

/** A fresh browser context (empty cache and storage) with the probe, opened on the server's page. */
export async function openPage(browser: Browser, server: Server, viewport = { width: 1400, height: 900 }): Promise<BenchPage> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(PROBE);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(server.openUrl);
  await page.getByTestId('template-gallery').waitFor({ timeout: 60_000 });
  return { context, page, cdp, close: () => context.close() };
}

export interface Sample {
  /** ms, performance.now() in the page */
  t: number;
  frames: number;
  /** seconds of main-thread script so far */
  script: number;
  /** seconds of CPU the page's main thread got so far (unlike wall-clock durations, not inflated when a busy machine preempts it) */
  cpu: number;
  /** training steps the page shows so far (its views' summary line; NaN when none) */
  steps: number;
}

export async function sample(p: BenchPage): Promise<Sample> {
  const [{ metrics }, probe] = await Promise.all([
    p.cdp.send('Performance.getMetrics'),
    p.page.evaluate(() => ({
      t: performance.now(),
      frames: (window as unknown as { __bench: { frames: number } }).__bench.frames,
      summary: document.querySelector('[data-testid="views-summary"]')?.textContent ?? '',
    })),
  ]);
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  const steps = /^\s*(\d+) steps/.exec(probe.summary);
  return { t: probe.t, frames: probe.frames, script: metric('ScriptDuration'), cpu: metric('ThreadTime'), steps: steps ? Number(steps[1]) : NaN };
}

export async function longTasks(p: BenchPage): Promise<{ start: number; duration: number }[]> {
  return p.page.evaluate(() => (window as unknown as { __bench: { longTasks: { start: number; duration: number }[] } }).__bench.longTasks.slice());
}

/** JS heap in use after a full garbage collection, in MiB. */
export async function heapAfterGc(p: BenchPage): Promise<number> {
  await p.cdp.send('HeapProfiler.enable');
  for (let i = 0; i < 3; i++) await p.cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await p.cdp.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

export async function loadTemplate(page: Page, name: string): Promise<void> {
  if (!(await page.getByTestId('template-gallery').isVisible())) await newProject(page);
  await page.getByTestId(`template-${name}`).click();
  await page.getByTestId('template-gallery').waitFor({ state: 'detached' });
}

/** File ▸ New, confirming the loss of unsaved runs. */
export async function newProject(page: Page): Promise<void> {
  await page.getByTestId('btn-new').click();
  const ok = page.getByTestId('confirm-ok');
  await ok
    .waitFor({ timeout: 3000 })
    .then(() => ok.click())
    .catch(() => undefined);
  await page.getByTestId('template-gallery').waitFor();
}

export async function setField(page: Page, testid: string, value: string | number): Promise<void> {
  await page.getByTestId('tab-training').click();
  const f = page.getByTestId(testid);
  await f.fill(String(value));
  await f.blur();
}

/** Press Train and wait until the run has finished. */
export async function trainToEnd(page: Page, timeoutMs: number): Promise<void> {
  await page.getByTestId('btn-train').click();
  await page
    .getByTestId('session-status')
    .getByText('Finished')
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  await page.getByTestId('session-status').getByText('Finished').waitFor({ timeout: timeoutMs });
}

export function median(xs: readonly number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** For each round, each version in turn (the order alternates between rounds), one server and browser each. */
export async function eachRound(ctx: SectionContext, body: (v: Version, server: Server, browser: Browser, round: number) => Promise<void>): Promise<void> {
  for (let round = 0; round < ctx.rounds; round++) {
    const order = round % 2 === 0 ? ctx.versions : [...ctx.versions].reverse();
    for (const v of order) {
      const server = await startServer(v, [ctx.scratch]);
      const browser = await launch();
      try {
        await body(v, server, browser, round);
      } finally {
        await browser.close();
        await server.stop();
      }
    }
  }
}

/** A row with an empty list of values per version. */
export function row(section: string, metric: string, unit: string, versions: Version[]): Row {
  return { section, metric, unit, values: Object.fromEntries(versions.map((v) => [v.name, []])) };
}
