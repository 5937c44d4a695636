// The built desktop app (out/) under plain Node: every file parses, every entry imports, and the
// main process runs under a stand-in Electron (tests/desktop/stand-in). Runs after the build.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/desktop/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // expect.poll waits on the page after an action: vitest's 1 s default is too short on a busy machine
    expect: { poll: { timeout: 30_000 } },
    // loaded by Node, not vitest's runner: its import() is Node's own (see the file)
    server: { deps: { external: [/tests\/desktop\/native-import\.mjs$/] } },
  },
});
