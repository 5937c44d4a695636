// `npm start` (scripts/start.mjs) runs the desktop app with Electron's executable, found through
// ELECTRON_OVERRIDE_DIST_PATH when Electron is installed elsewhere; here that executable is a
// stand-in that loads the built app as Electron would.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from './built';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'gradscope-npm-start-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm start', () => {
  it('builds and starts the desktop app with the Electron named by ELECTRON_OVERRIDE_DIST_PATH', async () => {
    const dist = join(scratch, 'electron-dist');
    const exe = join(dist, process.platform === 'win32' ? 'electron.exe' : 'electron');
    mkdirSync(dist);
    writeFileSync(exe, `#!/bin/sh\nexec "${process.execPath}" "${join(here, 'stand-in', 'fake-electron.mjs')}" "$@"\n`);
    chmodSync(exe, 0o755);
    const { stdout } = await run(process.execPath, [join(root, 'scripts', 'start.mjs'), '--some-flag'], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dist, STAND_IN_USER_DATA: join(scratch, 'user-data') },
      timeout: 150_000,
    });
    expect(stdout).toContain('stand-in electron: the window loaded gradscope://app/index.html (200) with args ["--some-flag"]');
    expect(stdout).toContain('stand-in electron: quit');
  });

  it('without Electron it says why in one line and names the override', async () => {
    const missing = join(scratch, 'no-electron-here');
    // the first line is all this checks; browser mode is stopped as soon as it was printed
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), '--port', '0'], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: missing, GRADSCOPE_NO_WINDOW: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve();
      });
      child.once('exit', () => resolve());
    });
    child.kill('SIGTERM');
    expect(out.split('\n')[0]).toBe(
      `Electron is not available: ${join(missing, 'electron')} does not exist (from ELECTRON_OVERRIDE_DIST_PATH). Starting browser mode instead.`,
    );
  });
});
