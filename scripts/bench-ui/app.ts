// For the UI benchmarks: the browser-mode server of a given checkout (this one, or a reference tree
// built from another commit) on a free port with a temporary GRADSCOPE_HOME, and Debian's Chromium on
// its page. A benchmark helper, not a test harness (tests/e2e/harness.ts is that).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const READY = /Gradscope running at (http:\/\/127\.0\.0\.1:\d+\/\S*)/;

export interface BenchApp {
  page: Page;
  /** the URL the page was opened on (with its token) */
  url: string;
  stop(): Promise<void>;
}

/** Start the server of the checkout at `root` (its renderer built in out/renderer) and open it in Chromium. */
export async function startBenchApp(root: string, opts: { folders?: string[]; viewport?: { width: number; height: number } } = {}): Promise<BenchApp> {
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) throw new Error(`${root}: out/renderer is not built (run \`npx electron-vite build\` there)`);
  const home = await mkdtemp(join(tmpdir(), 'gradscope-bench-home-'));
  const profile = await mkdtemp(join(tmpdir(), 'gradscope-bench-chromium-'));
  // the checkout's built server when it has one (out/main/server.js), else its sources under tsx
  const built = join(root, 'out', 'main', 'server.js');
  const entry = existsSync(built) ? [built] : ['--import', 'tsx', join(root, 'src-main', 'server', 'main.ts')];
  const child = spawn(process.execPath, [...entry, '--port', '0', ...(opts.folders ?? []).flatMap((f) => ['--folder', f])], {
    cwd: root,
    env: { ...process.env, GRADSCOPE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server in ${root} did not start within 120 s:\n${output}`)), 120_000);
    const poll = setInterval(() => {
      const m = READY.exec(output);
      if (m) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve(m[1]!);
      } else if (child.exitCode !== null) {
        clearTimeout(timer);
        clearInterval(poll);
        reject(new Error(`the server in ${root} exited:\n${output}`));
      }
    }, 50);
  });
  let context: BrowserContext | null = null;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ARGS,
      headless: true,
      viewport: opts.viewport ?? { width: 1400, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    return {
      page,
      url,
      async stop() {
        await context?.close();
        child.kill('SIGTERM');
        await rm(home, { recursive: true, force: true });
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await context?.close();
    child.kill('SIGTERM');
    throw e;
  }
}
