// For the drag benchmark: a checkout's browser-mode server (common.ts startServer: a free port, a
// temporary GRADSCOPE_HOME) and Debian's Chromium, with its own profile, on its page.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, startServer } from './common';

export interface BenchApp {
  page: Page;
  /** the URL the page was opened on (with its token) */
  url: string;
  stop(): Promise<void>;
}

/** Start the server of the checkout at `root` (its renderer built in out/renderer) and open it in Chromium. */
export async function startBenchApp(root: string, opts: { folders?: string[]; viewport?: { width: number; height: number } } = {}): Promise<BenchApp> {
  const server = await startServer({ name: basename(root), root }, opts.folders ?? []);
  const profile = await mkdtemp(join(tmpdir(), 'gradscope-bench-chromium-'));
  let context: BrowserContext | null = null;
  const stop = async (): Promise<void> => {
    await context?.close();
    await server.stop();
    await rm(profile, { recursive: true, force: true });
  };
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: opts.viewport ?? { width: 1400, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.openUrl);
    return { page, url: server.openUrl, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
