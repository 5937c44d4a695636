// Plays Electron's executable for `npm start` tests: loads the app folder it is given the way
// Electron does (package.json "main") with the stand-in `electron` module, makes the app ready,
// reports the page the window loaded, then quits the app as the user would.
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

register('./hooks.mjs', import.meta.url);
const { standIn, app } = await import('./electron.mjs');

const appDir = process.argv[2];
const main = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')).main;
standIn.state.paths.userData = process.env.STAND_IN_USER_DATA;
await import(pathToFileURL(join(appDir, main)).href);
standIn.ready();

const waitFor = async (cond) => {
  const end = Date.now() + 60_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error('stand-in electron: timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};
await waitFor(() => standIn.state.windows[0]?.webContents.loaded);
const { url, status } = standIn.state.windows[0].webContents.loaded;
console.log(`stand-in electron: the window loaded ${url} (${status}) with args ${JSON.stringify(process.argv.slice(3))}`);
app.quit();
await waitFor(() => standIn.state.quit);
console.log('stand-in electron: quit');
