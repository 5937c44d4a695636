// vitest globalSetup: the CLI tests run bin/gradscope.js, which runs the built CLI (out/main/cli.js)
// and rebuilds it when a source changed. Build once here, before the test files start in parallel,
// so they test the current sources without racing each other to rebuild.
import { ensureBuilt } from '../../scripts/tools.mjs';

export default async function setup(): Promise<void> {
  const code = await ensureBuilt(['main'], { quiet: true });
  if (code !== 0) throw new Error('the build for the CLI tests failed (see above)');
}
