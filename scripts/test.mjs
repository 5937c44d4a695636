// `npm test`: unit tests, the full build, then the browser e2e tests. Stops at the first failure.
import { bin, run } from './tools.mjs';

const stages = [
  ['unit tests (vitest run)', [bin.vitest, 'run']],
  ['build (electron-vite build)', [bin.electronVite, 'build']],
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
