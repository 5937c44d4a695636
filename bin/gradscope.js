#!/usr/bin/env node
// Launcher for `npx gradscope`: registers tsx's loader in this process and runs src-main/cli/main.ts,
// so Ctrl-C and the exit code need no relaying between processes.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let register;
try {
  ({ register } = await import('tsx/esm/api'));
} catch {
  process.stderr.write(`gradscope: tsx is not installed; run npm install in ${root}\n`);
  process.exit(2);
}
register();
const { runFromProcess } = await import(pathToFileURL(path.join(root, 'src-main', 'cli', 'main.ts')).href);
await runFromProcess(process.argv.slice(2));
