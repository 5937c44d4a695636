// `npm start`: the desktop app. Where Electron's binary is missing (it cannot be downloaded here),
// say so in one line and run browser mode instead, in an app window of an installed Chromium,
// Chrome or Edge where there is a display (scripts/app-window.mjs).
import { electronBinary, ensureBuilt, root, run } from './tools.mjs';

const args = process.argv.slice(2);
const electron = electronBinary();

if (electron.path === null) {
  console.log(`Electron is not available: ${electron.why}. Starting browser mode instead.`);
  const { startBrowserMode } = await import('./app-window.mjs');
  process.exit(await startBrowserMode(args));
}

const built = await ensureBuilt(['main', 'preload', 'renderer']);
if (built !== 0) process.exit(built);
process.exit(await run(electron.path, [root, ...args]));
