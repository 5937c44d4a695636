// Shared by start.mjs, web.mjs and test.mjs: paths and "run this and wait".
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const bin = {
  electronVite: join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
  vitest: join(root, 'node_modules', 'vitest', 'vitest.mjs'),
  tsc: join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
  svelteCheck: join(root, 'node_modules', 'svelte-check', 'bin', 'svelte-check'),
  eslint: join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'),
  depcruise: join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'),
};

/** Run a command with the given stdio; resolves with its exit code (signals count as failure). */
export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (e) => {
      console.error(`gradscope: cannot run ${command}: ${e.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** `electron-vite build`, its output on stderr so stdout stays for the app's own lines. */
export function buildAll() {
  return run(process.execPath, [bin.electronVite, 'build'], { stdio: ['ignore', 2, 2] });
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** null when out/renderer is built and newer than every source it is built from; else why not. */
export function rendererStaleness() {
  const index = join(root, 'out', 'renderer', 'index.html');
  if (!existsSync(index)) return 'the renderer is not built yet';
  const built = statSync(index).mtimeMs;
  const sources = ['src-renderer', join('src-main', 'contract'), 'electron.vite.config.ts', 'package.json'];
  const changed = sources.find((s) => newestMtime(join(root, s)) > built);
  return changed ? `${changed} changed since the last build` : null;
}

/** What node_modules/electron/path.txt holds on each platform: the executable inside Electron's dist folder. */
const ELECTRON_EXECUTABLE = { win32: 'electron.exe', darwin: 'Electron.app/Contents/MacOS/Electron' };

/**
 * The Electron executable, or null with the reason. As the `electron` package itself resolves it:
 * ELECTRON_OVERRIDE_DIST_PATH names a folder holding an Electron installed elsewhere (the executable
 * inside it is path.txt's name, or the platform's usual name when Electron's download never ran);
 * otherwise node_modules/electron/dist, filled by Electron's download on install.
 */
export function electronBinary(env = process.env, platform = process.platform) {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!override && rel === null)
    return { path: null, why: 'its binary was never downloaded (node_modules/electron/path.txt is missing); set ELECTRON_OVERRIDE_DIST_PATH to use one installed elsewhere' };
  const full = override ? join(override, rel ?? ELECTRON_EXECUTABLE[platform] ?? 'electron') : join(pkg, 'dist', rel);
  if (!existsSync(full)) return { path: null, why: `${full} does not exist${override ? ' (from ELECTRON_OVERRIDE_DIST_PATH)' : ''}` };
  return { path: full, why: null };
}
