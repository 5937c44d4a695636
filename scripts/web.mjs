// `npm run web [-- --port N]`: build the app if out/main or out/renderer is missing or stale, then
// serve it on 127.0.0.1 (out/main/server.js, the built src-main/server/main.ts). `--build-only`
// stops after the build check.
import { join } from 'node:path';
import { ensureBuilt, root, run } from './tools.mjs';

const args = process.argv.slice(2);
const built = await ensureBuilt(['main', 'renderer']);
if (built !== 0) process.exit(built);
if (args.includes('--build-only')) process.exit(0);

const code = await run(process.execPath, [join(root, 'out', 'main', 'server.js'), ...args.filter((a) => a !== '--build-only')]);
process.exit(code);
