// `npm test`: format, lint and the layer rules, type checks, unit tests, the full build, the built desktop
// app under a stand-in Electron, then the browser e2e tests. Stops at the first failure.
import { join } from 'node:path';
import { describeMissing, missingPrereqs } from './prereqs.mjs';
import { bin, root, run } from './tools.mjs';

const missing = missingPrereqs();
if (missing.length > 0) {
  for (const line of describeMissing(missing)) console.error(line);
  process.exit(1);
}

const stages = [
  // npm ci builds it too, but on a fresh machine (CI) before test:full has installed the toolchain
  ['native kernels (node-gyp rebuild)', [join(root, 'native', 'build.mjs'), '--strict']],
  ['format (prettier --check; npm run format fixes it)', [bin.prettier, '--check', '--log-level', 'warn', '.']],
  ['lint (ESLint)', [bin.eslint, '.']],
  [
    'layers (dependency-cruiser: floors, purity, no cycles; .dependency-cruiser.cjs)',
    [bin.depcruise, 'src-main', 'src-renderer', '--config', '.dependency-cruiser.cjs'],
  ],
  ['type check (tsc)', [bin.tsc, '--noEmit', '-p', 'tsconfig.json']],
  ['type check (svelte-check)', [bin.svelteCheck, '--workspace', 'src-renderer', '--tsconfig', join(root, 'tsconfig.json'), '--fail-on-warnings']],
  ['unit tests (vitest run)', [bin.vitest, 'run']],
  ['build (electron-vite build)', [bin.electronVite, 'build']],
  ['desktop tests: the built app under a stand-in Electron (vitest.desktop.config.ts)', [bin.vitest, 'run', '--config', 'vitest.desktop.config.ts']],
  ['e2e tests (vitest.e2e.config.ts)', [bin.vitest, 'run', '--config', 'vitest.e2e.config.ts']],
];

for (const [name, args] of stages) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const code = await run(process.execPath, args);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (code !== 0) {
    console.error(`\n${name} failed (exit ${code}, ${secs} s)`);
    process.exit(code);
  }
  console.log(`=== ${name}: passed in ${secs} s ===`);
}
