// `npm start`: the desktop app. Where Electron's binary is missing (it cannot be downloaded here),
// say so in one line and run browser mode instead.
import { buildAll, electronBinary, root, run } from './tools.mjs';

const args = process.argv.slice(2);
const electron = electronBinary();

if (electron.path === null) {
  console.log(`Electron is not available: ${electron.why}. Starting browser mode instead.`);
  process.exit(await run(process.execPath, [new URL('./web.mjs', import.meta.url).pathname, ...args]));
}

const built = await buildAll();
if (built !== 0) {
  console.error('gradscope: electron-vite build failed; see above');
  process.exit(built);
}
process.exit(await run(electron.path, [root, ...args]));
