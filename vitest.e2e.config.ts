// Browser-mode end-to-end tests: the real server, real Chromium. One file at a time (each starts
// its own server and browser), with long timeouts for a busy 2-core machine.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 300_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    // expect.poll waits on something the app does after an action (a reply over the socket, a
    // redraw): 1 s, vitest's default, is too short for a busy machine; a poll still fails when the
    // condition never comes
    expect: { poll: { timeout: 30_000 } },
  },
});
