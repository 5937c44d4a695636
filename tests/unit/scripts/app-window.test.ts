// The pure parts of `npm start`'s app window (scripts/app-window.mjs): which browser, whether there
// is a display, the browser's command line, and the window size saved by the last start.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  browserArgs,
  decideWindow,
  DEFAULT_SIZE,
  findBrowser,
  gradscopeHome,
  noDisplayReason,
  profileDir,
  savedBounds,
  servedUrl,
} from '../../../scripts/app-window.mjs';
import { browserDataDir } from '../../../src-main/service/data-dir';

const only =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p);

describe('finding the browser', () => {
  it('on Linux takes the first of chromium, chromium-browser, google-chrome(-stable), microsoft-edge(-stable) on PATH', () => {
    const env = { PATH: '/usr/local/bin:/usr/bin:/opt/bin' };
    expect(findBrowser(env, 'linux', only('/usr/bin/chromium', '/usr/bin/google-chrome')).browser).toEqual({ name: 'chromium', path: '/usr/bin/chromium' });
    expect(findBrowser(env, 'linux', only('/usr/bin/google-chrome', '/opt/bin/google-chrome-stable')).browser).toEqual({
      name: 'google-chrome-stable',
      path: '/opt/bin/google-chrome-stable',
    });
    expect(findBrowser(env, 'linux', only('/opt/bin/microsoft-edge')).browser).toEqual({ name: 'microsoft-edge', path: '/opt/bin/microsoft-edge' });
    expect(findBrowser(env, 'linux', only('/usr/bin/chromium-browser')).browser?.name).toBe('chromium-browser');
  });

  it('on macOS and Windows looks in the standard install folders', () => {
    expect(findBrowser({ HOME: '/Users/ana' }, 'darwin', only('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome')).browser).toEqual({
      name: 'google-chrome',
      path: '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    });
    expect(findBrowser({ HOME: '/Users/ana' }, 'darwin', only('/Users/ana/Applications/Chromium.app/Contents/MacOS/Chromium')).browser?.name).toBe('chromium');
    const win = { LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local', PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' };
    expect(findBrowser(win, 'win32', only('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe')).browser).toEqual({
      name: 'microsoft-edge',
      path: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    });
    expect(
      findBrowser(
        win,
        'win32',
        only('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'),
      ).browser?.name,
    ).toBe('google-chrome');
  });

  it('GRADSCOPE_BROWSER names the browser, and nothing else is tried when it is missing', () => {
    const env = { PATH: '/usr/bin', GRADSCOPE_BROWSER: '/opt/brave/brave-browser' };
    expect(findBrowser(env, 'linux', only('/opt/brave/brave-browser', '/usr/bin/chromium')).browser).toEqual({
      name: 'brave-browser',
      path: '/opt/brave/brave-browser',
    });
    expect(findBrowser(env, 'linux', only('/usr/bin/chromium'))).toEqual({ browser: null, why: 'GRADSCOPE_BROWSER=/opt/brave/brave-browser does not exist' });
  });

  it('says where it looked when there is none', () => {
    const r = findBrowser({ PATH: '/usr/bin' }, 'linux', only());
    expect(r.browser).toBeNull();
    expect(r.why).toContain('no Chromium, Chrome or Edge was found');
    expect(r.why).toContain('set GRADSCOPE_BROWSER');
  });
});

describe('display and the decision to open a window', () => {
  it('on Linux needs DISPLAY or WAYLAND_DISPLAY', () => {
    expect(noDisplayReason({}, 'linux')).toBe('there is no display (DISPLAY and WAYLAND_DISPLAY are unset)');
    expect(noDisplayReason({ DISPLAY: ' ' }, 'linux')).not.toBeNull();
    expect(noDisplayReason({ DISPLAY: ':0' }, 'linux')).toBeNull();
    expect(noDisplayReason({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBeNull();
  });

  it('on macOS and Windows there is one unless this is an SSH session', () => {
    expect(noDisplayReason({}, 'darwin')).toBeNull();
    expect(noDisplayReason({}, 'win32')).toBeNull();
    expect(noDisplayReason({ SSH_CONNECTION: '10.0.0.2 5000 10.0.0.1 22' }, 'darwin')).toContain('SSH');
  });

  it('prints only with --no-window, GRADSCOPE_NO_WINDOW=1, no display or no browser; else opens one', () => {
    const env = { DISPLAY: ':0', PATH: '/usr/bin' };
    const chromium = only('/usr/bin/chromium');
    expect(decideWindow(['--port', '0'], env, 'linux', chromium)).toEqual({ kind: 'window', browser: { name: 'chromium', path: '/usr/bin/chromium' } });
    expect(decideWindow(['--no-window'], env, 'linux', chromium)).toEqual({ kind: 'print', why: '--no-window was given' });
    expect(decideWindow([], { ...env, GRADSCOPE_NO_WINDOW: '1' }, 'linux', chromium)).toEqual({ kind: 'print', why: 'GRADSCOPE_NO_WINDOW=1 is set' });
    expect(decideWindow([], { PATH: '/usr/bin' }, 'linux', chromium).kind).toBe('print');
    expect(decideWindow([], env, 'linux', only())).toMatchObject({ kind: 'print', why: expect.stringContaining('no Chromium') });
  });
});

describe("the browser's command line", () => {
  const base = { url: 'http://127.0.0.1:5178/?token=abc', profile: '/home/ana/.gradscope/app-window/chromium', bounds: DEFAULT_SIZE };

  it('opens the URL as an app in its own profile, quietly, at the given size', () => {
    expect(browserArgs(base)).toEqual([
      '--app=http://127.0.0.1:5178/?token=abc',
      '--user-data-dir=/home/ana/.gradscope/app-window/chromium',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--window-size=1280,800',
    ]);
  });

  it('adds --no-sandbox only as root, a DevTools port only when asked, Wayland when only Wayland is there', () => {
    expect(browserArgs(base)).not.toContain('--no-sandbox');
    expect(browserArgs({ ...base, asRoot: true })).toContain('--no-sandbox');
    expect(browserArgs(base).some((a) => a.startsWith('--remote-debugging'))).toBe(false);
    expect(browserArgs({ ...base, devtools: true })).toContain('--remote-debugging-port=0');
    expect(browserArgs({ ...base, wayland: true })).toContain('--ozone-platform=wayland');
    expect(browserArgs({ ...base, bounds: { width: 900, height: 600, left: 40, top: 30 } })).toEqual(
      expect.arrayContaining(['--window-size=900,600', '--window-position=40,30']),
    );
  });

  it('keeps the profile under the Gradscope home that the server uses', () => {
    for (const env of [{ GRADSCOPE_HOME: '/tmp/g-home' }, { GRADSCOPE_HOME: 'relative/home' }, { GRADSCOPE_HOME: '  ' }, {}]) {
      expect(gradscopeHome(env)).toBe(browserDataDir(env));
    }
    expect(profileDir('/tmp/g-home', { name: 'chromium', path: '/usr/bin/chromium' })).toBe(join('/tmp/g-home', 'app-window', 'chromium'));
  });
});

describe('the window size between starts', () => {
  it('reads the size and place the app window had when closed', () => {
    // as Chromium writes it for the app "127.0.0.1_/": the dots of the name nest the keys
    const prefs = JSON.stringify({
      browser: {
        app_window_placement: { '127': { '0': { '0': { '1_/': { bottom: 760, left: 40, maximized: false, right: 1140, top: 40, work_area_bottom: 1000 } } } } },
      },
    });
    expect(savedBounds(prefs)).toEqual({ width: 1100, height: 720, left: 40, top: 40 });
  });

  it('uses the default size on the first start, for unreadable preferences, or a degenerate window', () => {
    expect(savedBounds(null)).toEqual(DEFAULT_SIZE);
    expect(savedBounds('{"browser": {')).toEqual(DEFAULT_SIZE);
    expect(savedBounds(JSON.stringify({ browser: {} }))).toEqual(DEFAULT_SIZE);
    expect(savedBounds(JSON.stringify({ browser: { app_window_placement: { a: { left: 0, top: 0, right: 20, bottom: 10 } } } }))).toEqual(DEFAULT_SIZE);
  });
});

describe("the server's URL", () => {
  it('is read from the "Gradscope running at" line, token and all', () => {
    expect(servedUrl('Building…\nGradscope running at http://127.0.0.1:40493/?token=f00d\n')).toBe('http://127.0.0.1:40493/?token=f00d');
    expect(servedUrl('Gradscope running at http://127.0.0.1:5178\n')).toBe('http://127.0.0.1:5178');
    expect(servedUrl('Building the app…\n')).toBeNull();
  });
});
