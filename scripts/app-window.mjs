// `npm start` without Electron: browser mode, shown in an installed Chromium, Chrome or Edge as an
// app window (`--app=URL`, no tabs or address bar, its own profile under the Gradscope home).
// Without a display (or with --no-window / GRADSCOPE_NO_WINDOW=1) it only prints the URL, as
// `npm run web` does. Closing the window stops the server; Ctrl-C stops both.
//
// The pure parts (finding the browser, display detection, its arguments, the saved window size)
// are exported for tests/unit/scripts/app-window.test.ts; startBrowserMode() runs them.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, posix, resolve, win32 } from 'node:path';
import { root } from './tools.mjs';

export const NO_WINDOW_FLAG = '--no-window';
/** The first window's size; later starts reuse the size the window had when it was closed. */
export const DEFAULT_SIZE = { width: 1280, height: 800 };

/** The Gradscope home, as src-main/service/data-dir.ts decides it (kept equal by a unit test). */
export function gradscopeHome(env = process.env, home = homedir()) {
  const h = env.GRADSCOPE_HOME;
  return h && h.trim() !== '' ? resolve(h) : join(home, '.gradscope');
}

/** null when a window can be shown; else why not, in the user's words. */
export function noDisplayReason(env = process.env, platform = process.platform) {
  if (platform === 'win32' || platform === 'darwin') {
    return env.SSH_CONNECTION ? 'this is an SSH session (SSH_CONNECTION is set)' : null;
  }
  if (nonEmpty(env.DISPLAY) || nonEmpty(env.WAYLAND_DISPLAY)) return null;
  return 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)';
}

function nonEmpty(s) {
  return typeof s === 'string' && s.trim() !== '';
}

/** Where each platform's Chromium-family browsers usually are, in the order they are tried. */
export function browserCandidates(env = process.env, platform = process.platform) {
  if (platform === 'darwin') {
    const apps = ['/Applications', join(env.HOME ?? homedir(), 'Applications')];
    const bundles = [
      ['chromium', 'Chromium.app/Contents/MacOS/Chromium'],
      ['google-chrome', 'Google Chrome.app/Contents/MacOS/Google Chrome'],
      ['microsoft-edge', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge'],
    ];
    return bundles.flatMap(([name, rel]) => apps.map((dir) => ({ name, path: posix.join(dir, rel) })));
  }
  if (platform === 'win32') {
    const dirs = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)'] ?? env['ProgramFiles(x86)']].filter(nonEmpty);
    const exes = [
      ['chromium', 'Chromium\\Application\\chrome.exe'],
      ['google-chrome', 'Google\\Chrome\\Application\\chrome.exe'],
      ['microsoft-edge', 'Microsoft\\Edge\\Application\\msedge.exe'],
    ];
    return exes.flatMap(([name, rel]) => dirs.map((dir) => ({ name, path: win32.join(dir, rel) })));
  }
  const names = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'microsoft-edge-stable', 'microsoft-edge'];
  const dirs = (env.PATH ?? '').split(':').filter(nonEmpty);
  return names.flatMap((name) => dirs.map((dir) => ({ name, path: posix.join(dir, name) })));
}

/**
 * The browser to open the window with: GRADSCOPE_BROWSER when set (and nothing else), otherwise
 * the first usual one that exists. { browser } or { browser: null, why }.
 */
export function findBrowser(env = process.env, platform = process.platform, exists = existsSync) {
  const chosen = env.GRADSCOPE_BROWSER;
  if (nonEmpty(chosen)) {
    if (!exists(chosen)) return { browser: null, why: `GRADSCOPE_BROWSER=${chosen} does not exist` };
    const name =
      basename(chosen)
        .replace(/\.exe$/i, '')
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-') || 'browser';
    return { browser: { name, path: chosen } };
  }
  const found = browserCandidates(env, platform).find((c) => exists(c.path));
  if (found) return { browser: found };
  const where =
    platform === 'linux' || (platform !== 'darwin' && platform !== 'win32')
      ? 'chromium, chromium-browser, google-chrome(-stable) or microsoft-edge(-stable) on PATH'
      : 'Chromium, Google Chrome or Microsoft Edge in the usual install folders';
  return { browser: null, why: `no Chromium, Chrome or Edge was found (looked for ${where}; set GRADSCOPE_BROWSER to one)` };
}

/**
 * Open a window, or print only: { kind: 'window', browser } or { kind: 'print', why }.
 * `args` are npm start's own arguments (--no-window is read here).
 */
export function decideWindow(args, env = process.env, platform = process.platform, exists = existsSync) {
  if (args.includes(NO_WINDOW_FLAG)) return { kind: 'print', why: `${NO_WINDOW_FLAG} was given` };
  if (env.GRADSCOPE_NO_WINDOW === '1') return { kind: 'print', why: 'GRADSCOPE_NO_WINDOW=1 is set' };
  const display = noDisplayReason(env, platform);
  if (display) return { kind: 'print', why: display };
  const found = findBrowser(env, platform, exists);
  return found.browser ? { kind: 'window', browser: found.browser } : { kind: 'print', why: found.why };
}

/** The profile folder of the app window: under the Gradscope home, one per browser. */
export function profileDir(home, browser) {
  return join(home, 'app-window', browser.name);
}

/**
 * The browser's command line. `bounds` is the size (and place) to open at; `devtools` opens a
 * DevTools port (written to <profile>/DevToolsActivePort) for tests; `asRoot` adds --no-sandbox,
 * which Chromium refuses to start without when run as root.
 */
export function browserArgs({ url, profile, bounds, asRoot = false, devtools = false, wayland = false }) {
  const args = [
    `--app=${url}`,
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--window-size=${bounds.width},${bounds.height}`,
  ];
  if (bounds.left !== undefined && bounds.top !== undefined) args.push(`--window-position=${bounds.left},${bounds.top}`);
  if (asRoot) args.push('--no-sandbox');
  if (devtools) args.push('--remote-debugging-port=0');
  if (wayland) args.push('--ozone-platform=wayland');
  return args;
}

/**
 * The size (and place) the app window had when it was last resized, from the profile's Preferences
 * (browser.app_window_placement). Chromium writes it, but (Chromium 156, app on 127.0.0.1, whose
 * dotted name nests the keys) does not restore it, and --window-size would override it anyway;
 * so it is read here and passed back. DEFAULT_SIZE when there is none.
 */
export function savedBounds(preferencesText) {
  let prefs;
  try {
    prefs = JSON.parse(preferencesText ?? '');
  } catch {
    return DEFAULT_SIZE;
  }
  const placement = findPlacement(prefs?.browser?.app_window_placement);
  if (!placement) return DEFAULT_SIZE;
  const width = placement.right - placement.left;
  const height = placement.bottom - placement.top;
  if (!(width >= 200 && height >= 150)) return DEFAULT_SIZE;
  return { width, height, left: placement.left, top: placement.top };
}

function findPlacement(node) {
  if (typeof node !== 'object' || node === null) return null;
  if (['left', 'top', 'right', 'bottom'].every((k) => Number.isInteger(node[k]))) return node;
  for (const child of Object.values(node)) {
    const found = findPlacement(child);
    if (found) return found;
  }
  return null;
}

const READY = /^Gradscope running at (\S+)/m;

/** The URL in the server's "Gradscope running at URL" line, or null. */
export function servedUrl(output) {
  return READY.exec(output)?.[1] ?? null;
}

/**
 * Browser mode for `npm start`: the server (web.mjs) and, where possible, an app window on the URL
 * it prints. Resolves with the exit code.
 */
export async function startBrowserMode(args) {
  const decision = decideWindow(args);
  const serverArgs = args.filter((a) => a !== NO_WINDOW_FLAG);
  if (decision.kind === 'print') console.log(`No app window: ${decision.why}; open the URL below in a browser.`);
  const server = spawn(process.execPath, [join(root, 'scripts', 'web.mjs'), ...serverArgs], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  let browser = null;
  let stopping = false;
  const stop = (signal) => {
    stopping = true;
    if (browser && browser.exitCode === null && browser.signalCode === null) browser.kill('SIGTERM');
    if (server.exitCode === null && server.signalCode === null) server.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  let output = '';
  server.stdout.on('data', (d) => {
    process.stdout.write(d);
    if (decision.kind !== 'window' || browser || stopping) return;
    output += d.toString();
    const url = servedUrl(output);
    if (url) browser = openWindow(decision.browser, url, { onClosed: () => stop('SIGTERM'), stopping: () => stopping });
  });

  const code = await new Promise((res) => {
    server.on('error', (e) => {
      console.error(`gradscope: cannot run the browser-mode server: ${e.message}`);
      res(1);
    });
    server.on('exit', (c, signal) => res(c ?? (signal ? 1 : 0)));
  });
  if (browser && browser.exitCode === null && browser.signalCode === null) {
    browser.kill('SIGTERM');
    await new Promise((r) => browser.once('exit', r));
  }
  return stopping ? 0 : code;
}

/** Start the browser on `url`; `onClosed` runs when the user closes the window. */
function openWindow(found, url, { onClosed, stopping }) {
  const home = gradscopeHome();
  const profile = profileDir(home, found);
  mkdirSync(profile, { recursive: true });
  const prefs = join(profile, 'Default', 'Preferences');
  const bounds = savedBounds(existsSync(prefs) ? readFileSync(prefs, 'utf8') : null);
  const env = process.env;
  const argv = browserArgs({
    url,
    profile,
    bounds,
    asRoot: process.getuid?.() === 0,
    devtools: env.GRADSCOPE_BROWSER_DEVTOOLS === '1',
    wayland: process.platform === 'linux' && !nonEmpty(env.DISPLAY) && nonEmpty(env.WAYLAND_DISPLAY),
  });
  const logPath = join(profile, 'gradscope-browser.log');
  const log = openSync(logPath, 'w');
  const started = Date.now();
  const child = spawn(found.path, argv, { stdio: ['ignore', log, log] });
  console.log(`Opening Gradscope in a ${found.name} app window (${found.path}, profile ${profile}); closing the window stops Gradscope.`);
  child.on('error', (e) => {
    console.error(`gradscope: cannot open the ${found.name} window (${e.message}); Gradscope keeps running at ${url} — open it in a browser, Ctrl-C to stop.`);
  });
  child.on('exit', (code) => {
    if (stopping()) return;
    const text = existsSync(logPath) ? readFileSync(logPath, 'utf8') : '';
    if (code === 0 && Date.now() - started < 10_000 && /existing browser session/i.test(text)) {
      console.log(`The URL opened in a ${found.name} window already running on ${profile}; Gradscope keeps running until Ctrl-C.`);
      return;
    }
    if (code !== 0 && code !== null) {
      console.error(
        `gradscope: ${found.name} exited with code ${code} (its log: ${logPath}); Gradscope keeps running at ${url} — open it in a browser, Ctrl-C to stop.`,
      );
      return;
    }
    onClosed();
  });
  return child;
}
