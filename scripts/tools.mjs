// Shared by bin/gradscope.js, start.mjs, web.mjs and test.mjs: paths, "run this and wait", and
// "build first when a target is missing or stale".
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MANIFEST, targetStaleness } from './build-inputs.mjs';

export const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const bin = {
  electronVite: join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
  vitest: join(root, 'node_modules', 'vitest', 'vitest.mjs'),
  tsc: join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
  svelteCheck: join(root, 'node_modules', 'svelte-check', 'bin', 'svelte-check'),
  eslint: join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'),
  prettier: join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'),
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

/**
 * `electron-vite build` (every target: out/main, out/preload, out/renderer). Its output goes to
 * stderr so stdout stays for the app's own lines; `quiet` keeps it back unless the build fails.
 */
export function buildAll({ quiet = false } = {}) {
  if (!quiet) return run(process.execPath, [bin.electronVite, 'build'], { stdio: ['ignore', 2, 2] });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin.electronVite, 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('error', (e) => {
      console.error(`gradscope: cannot run electron-vite: ${e.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      const status = code ?? (signal ? 1 : 0);
      if (status !== 0) process.stderr.write(log);
      resolve(status);
    });
  });
}

/** Whether the build tools (devDependencies) are installed here: a checkout after npm install, not an installed package. */
export function canBuild() {
  return existsSync(bin.electronVite);
}

/** The one line for a build that is missing where nothing can build it. */
export function notBuilt(what) {
  return `gradscope: ${what} is missing and the build tools are not installed in ${root}: reinstall the gradscope package, or in a checkout run npm install && npm run build`;
}

/** null when every target is built from the current sources; else why not (the first reason). */
export function staleness(targets = ['main', 'preload', 'renderer']) {
  for (const t of targets) {
    const why = targetStaleness(root, t);
    if (why) return why;
  }
  return null;
}

/**
 * Builds when a target is missing or stale and the build tools are here, saying so in one line.
 * Resolves to 0 when the targets can run (built from the current sources, or built and nothing here
 * can rebuild them: an installed package runs the out/ it came with); else an exit code, after one
 * line saying what to run.
 */
export async function ensureBuilt(targets, { quiet = false } = {}) {
  const why = staleness(targets);
  if (why === null) return 0;
  const missing = targets.filter((t) => !existsSync(join(root, 'out', t, MANIFEST)));
  if (!canBuild()) {
    if (missing.length === 0) return 0;
    console.error(notBuilt(`out/${missing[0]}`));
    return 2;
  }
  console.error(`gradscope: building the app first (${why})…`);
  const code = await buildAll({ quiet });
  if (code !== 0) console.error('gradscope: the build (electron-vite build) failed; see above');
  return code;
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
    return {
      path: null,
      why: 'its binary was never downloaded (node_modules/electron/path.txt is missing); set ELECTRON_OVERRIDE_DIST_PATH to use one installed elsewhere',
    };
  const full = override ? join(override, rel ?? ELECTRON_EXECUTABLE[platform] ?? 'electron') : join(pkg, 'dist', rel);
  if (!existsSync(full)) return { path: null, why: `${full} does not exist${override ? ' (from ELECTRON_OVERRIDE_DIST_PATH)' : ''}` };
  return { path: full, why: null };
}
