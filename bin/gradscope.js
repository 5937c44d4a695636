#!/usr/bin/env node
// Launcher for `npx gradscope`: runs the built CLI (out/main/cli.js, from src-main/cli/main.ts) in
// this process, so Ctrl-C and the exit code need no relaying. In a checkout with the build tools
// installed it first rebuilds when out/main is missing or older than a file it was built from (one
// line says so); an installed package runs the out/main it was packed with.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, notBuilt, root } from '../scripts/tools.mjs';

const built = await ensureBuilt(['main'], { quiet: true });
if (built !== 0) process.exit(built);
const cli = path.join(root, 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  console.error(notBuilt('out/main/cli.js'));
  process.exit(2);
}
const { runFromProcess } = await import(pathToFileURL(cli).href);
await runFromProcess(process.argv.slice(2));
