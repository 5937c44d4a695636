// `npm run web [-- --port N]`: build the renderer if out/ is missing or stale, then serve the app on
// 127.0.0.1 (src-main/server/main.ts under tsx). `--build-only` stops after the build check.
import { join } from 'node:path';
import { buildAll, rendererStaleness, root, run } from './tools.mjs';

const args = process.argv.slice(2);
const buildOnly = args.includes('--build-only');

const stale = rendererStaleness();
if (stale) {
  console.error(`Building the app (${stale})…`);
  const code = await buildAll();
  if (code !== 0) {
    console.error('gradscope: electron-vite build failed; see above');
    process.exit(code);
  }
}
if (buildOnly) process.exit(0);

const code = await run(process.execPath, ['--import', 'tsx', join(root, 'src-main', 'server', 'main.ts'), ...args.filter((a) => a !== '--build-only')]);
process.exit(code);
