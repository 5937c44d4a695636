// Measures what cancelling a surface computation gives the user: how soon the answer to a new start
// point arrives when the previous (2000-step) computation is cancelled, against when it is kept running.
// Run: npx tsx scripts/measure-surface-cancel.ts (not a test: timings depend on the machine).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GradscopeService } from '../src-main/service/service';
import { createWorkerThreadHost } from '../src-main/trainer/worker-host';

const s = new GradscopeService({
  mode: 'browser',
  version: 'x',
  dataDir: mkdtempSync(join(tmpdir(), 'gs-')),
  createTrainer: () => createWorkerThreadHost(),
  dialogs: null,
  presets: { list: () => [], get: () => null },
  inspectDataset: async () => {
    throw new Error('no');
  },
  folders: [tmpdir()],
});
await s.handleCall('surfacePaths', { fn: 'ravine', steps: 5 });
const big = { fn: 'rosenbrock', steps: 2000, from: [-1.5, 2] };
const small = { fn: 'rosenbrock', steps: 200, from: [1.5, 2] };
for (let round = 0; round < 3; round++) {
  for (const cancel of [false, true]) {
    const c = new AbortController();
    const t0 = performance.now();
    const a = s.handleCall('surfacePaths', big, c.signal);
    await new Promise((r) => setTimeout(r, 50));
    if (cancel) c.abort();
    const b = await s.handleCall('surfacePaths', small);
    const tb = performance.now() - t0;
    const ra = await a;
    const ta = performance.now() - t0;
    console.log(
      `${cancel ? 'cancelled' : 'kept     '}: second answer after ${tb.toFixed(0)} ms (ok=${b.ok}); first ${ra.ok ? 'answered' : (ra as { kind?: string }).kind} after ${ta.toFixed(0)} ms`,
    );
  }
}
await s.dispose();
