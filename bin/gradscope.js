#!/usr/bin/env node
// Launcher for `npx gradscope`: runs the built CLI (out/main/cli.js, from src-main/cli/main.ts) in
// this process, so Ctrl-C and the exit code need no relaying. In a checkout with the build tools
// installed it first rebuilds when out/main is missing or older than a file it was built from (one
// line says so); an installed package runs the out/main it was packed with.
import { ensureBuilt, root } from '../scripts/tools.mjs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const built = await ensureBuilt(['main'], { quiet: true });
if (built !== 0) process.exit(built);
const { runFromProcess } = await import(pathToFileURL(path.join(root, 'out', 'main', 'cli.js')).href);
await runFromProcess(process.argv.slice(2));
