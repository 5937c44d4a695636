// Cold start of browser mode, as a user meets it: `npm run web` launched → the server prints its URL
// → Chromium shows the editor (canvas and template gallery, its templates loaded from the server) →
// a template's nodes on the canvas. Each round is a new server process with a fresh GRADSCOPE_HOME;
// Chromium is started before the clock (a browser the user already has open) with a fresh profile.
// The build is made (untimed) before the first round, so no round builds.
//
//   npm run bench:start [-- --rounds N] [--root DIR] [--json]
//   --root DIR  measure another checkout (e.g. a `git worktree` of an older commit) with this script
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { root as here, run } from './tools.mjs';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, root: { type: 'string', default: here }, json: { type: 'boolean', default: false } },
});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(`bench-start: --rounds must be a whole number ≥ 1 (got ${values.rounds})`);
  process.exit(2);
}
const root = resolve(values.root);
const web = join(root, 'scripts', 'web.mjs');
const READY = /^Gradscope running at (\S+)/m;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

if ((await run(process.execPath, [web, '--build-only'], { cwd: root, stdio: ['ignore', 2, 2] })) !== 0) {
  console.error(`bench-start: building ${root} failed`);
  process.exit(1);
}

/** One cold start: milliseconds from launch to each stage. */
async function round() {
  const home = mkdtempSync(join(tmpdir(), 'gradscope-bench-home-'));
  const profile = mkdtempSync(join(tmpdir(), 'gradscope-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const started = performance.now();
  const server = spawn(process.execPath, [web, '--port', '0'], { cwd: root, env: { ...process.env, GRADSCOPE_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let output = '';
    const url = await new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`the server did not start in 120 s:\n${output}`)), 120_000);
      const read = (d) => {
        output += d;
        const m = READY.exec(output);
        if (m) {
          clearTimeout(timer);
          res(m[1]);
        }
      };
      server.stdout.on('data', read);
      server.stderr.on('data', read);
      server.once('exit', (code) => rej(new Error(`the server exited (code ${code}):\n${output}`)));
    });
    const serverMs = performance.now() - started;
    await page.goto(url);
    await page.locator('[data-testid="canvas"] .svelte-flow').waitFor({ timeout: 120_000 });
    await page.getByTestId('template-relu-deep').waitFor({ timeout: 120_000 });
    const editorMs = performance.now() - started;
    await page.getByTestId('template-relu-deep').click();
    await page.locator('.svelte-flow__node').first().waitFor({ timeout: 120_000 });
    const nodesMs = performance.now() - started;
    return { serverMs, editorMs, nodesMs };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null || server.signalCode !== null ? r() : server.once('exit', r)));
    await context.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const results = [];
for (let i = 0; i < rounds; i++) results.push(await round());
const summary = Object.fromEntries(['serverMs', 'editorMs', 'nodesMs'].map((k) => [k, Math.round(median(results.map((r) => r[k])))]));
if (values.json) {
  console.log(
    JSON.stringify({ root, rounds, ...summary, each: results.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v)]))) }),
  );
} else {
  console.log(`Cold start of browser mode in ${root}, median of ${rounds} (ms from launching scripts/web.mjs):`);
  console.log(`  server ready (URL printed)                ${summary.serverMs}`);
  console.log(`  editor shown (canvas + templates loaded)  ${summary.editorMs}`);
  console.log(`  a template's nodes on the canvas (1 click) ${summary.nodesMs}`);
}
