// `npm run bench -- --sweep`: the wall time of one 4-variant sweep (depth 1, 3 × sigmoid, ReLU on the
// sigmoid-deep preset, MNIST's first BENCH_SWEEP_LIMIT digits, BENCH_SWEEP_EPOCHS epochs) on a pool of 1
// trainer worker whose OpenBLAS products may take every core, and of 2 workers with one OpenBLAS thread
// each (what the app's pool does: one single-threaded trainer per core), side by side in the same run
// (alternating which goes first, BENCH_ROUNDS rounds, default 1), and the speed-up. Each wall time includes starting the workers (TensorFlow.js and the
// dataset load in each): what a user waits for. The built trainer (out/main/trainer-worker.js) runs the
// variants, as the CLI and the app run them. It also checks that both pools learned the same figures, and
// times the 2-worker pool once more keeping each finished variant's model on disk, as the app does.
import os from 'node:os';
import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planSweep } from '../src-main/analysis/sweep-axes';
import { SweepSpec, type SweepSummary } from '../src-main/contract/sweep';
import { TrainingConfig } from '../src-main/contract/training';
import { getPreset } from '../src-main/export/presets';
import { SweepPool } from '../src-main/trainer/sweep-pool';
import { createWorkerThreadHost } from '../src-main/trainer/worker-host';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKER = path.join(root, 'out', 'main', 'trainer-worker.js');
const LIMIT = Number(process.env.BENCH_SWEEP_LIMIT ?? 3000);
const EPOCHS = Number(process.env.BENCH_SWEEP_EPOCHS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const keptIn = mkdtempSync(path.join(os.tmpdir(), 'gradscope-bench-kept-'));

const load = () => os.loadavg()[0]!.toFixed(1);
/** OpenBLAS threads per trainer: one trainer may use every core; side by side, one each. */
const threadsFor = (workers: number) => (workers === 1 ? os.availableParallelism() : 1);
const setting = (w: number) => `${w} worker${w === 1 ? '' : 's'} × ${threadsFor(w)} thread${threadsFor(w) === 1 ? '' : 's'}`;

/** The sweep's summary and the CPU time this process (main thread and worker threads) used during it. */
async function measured(workers: number, keep = false): Promise<{ summary: SweepSummary; cpu: number }> {
  const before = process.cpuUsage();
  const summary = await sweep(workers, keep);
  const used = process.cpuUsage(before);
  return { summary, cpu: (used.user + used.system) / 1e6 };
}

/** keep: each finished variant's model written to a temporary folder, as the app keeps them for export and the lesson views. */
async function sweep(workers: number, keep: boolean): Promise<SweepSummary> {
  const preset = getPreset('sigmoid-deep');
  const training = TrainingConfig.parse({ ...preset.training, epochs: EPOCHS, dataset: { kind: 'mnist', limit: LIMIT } });
  const spec = SweepSpec.parse({
    axes: [
      { name: 'depth', values: [1, 3] },
      { name: 'activation', values: ['sigmoid', 'relu'] },
    ],
  });
  const plan = planSweep(preset.graph, training, spec, { io: { inputDim: 784, classes: 10 } });
  if (!plan.ok) throw new Error(plan.error);
  const pool = new SweepPool({
    sweepId: `bench-${workers}`,
    axes: spec.axes,
    variants: plan.variants,
    workers,
    createHost: () => createWorkerThreadHost(WORKER, { threads: threadsFor(workers) }),
    emit: () => {},
    ...(keep ? { keepModelIn: (runId: string) => path.join(keptIn, runId) } : {}),
  });
  try {
    return await pool.run();
  } finally {
    if (keep) await rm(keptIn, { recursive: true, force: true });
  }
}

export async function benchSweep(say: (line: string) => void): Promise<void> {
  if (!existsSync(WORKER)) {
    say(`gradscope bench --sweep: ${WORKER} is missing; run npm run build first (the sweep runs the built trainer)`);
    process.exitCode = 2;
    return;
  }
  say(
    `gradscope bench --sweep: 4 variants (depth 1, 3 × sigmoid, relu; sigmoid-deep preset, MNIST first ${LIMIT}, ${EPOCHS} epochs), ` +
      `${ROUNDS} round${ROUNDS === 1 ? '' : 's'}; ${os.availableParallelism()} cores, load average ${load()} at the start (a shared machine: read the ratio)`,
  );
  const rows: { one: number; two: number; cpuOne: number; cpuTwo: number; kept: number }[] = [];
  let maxDiff = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? [1, 2] : [2, 1];
    const got: Record<number, { summary: SweepSummary; cpu: number }> = {};
    for (const w of order) {
      got[w] = await measured(w);
      const { summary, cpu } = got[w]!;
      say(`  round ${round}: ${setting(w)}: ${summary.seconds.toFixed(1)} s wall, ${cpu.toFixed(1)} cpu-s (load average ${load()})`);
    }
    // the app's pool also writes each finished variant's model for later export and lesson views: what that adds
    const kept = await measured(2, true);
    say(`  round ${round}: ${setting(2)}, models kept as the app keeps them: ${kept.summary.seconds.toFixed(1)} s wall`);
    rows.push({ one: got[1]!.summary.seconds, two: got[2]!.summary.seconds, cpuOne: got[1]!.cpu, cpuTwo: got[2]!.cpu, kept: kept.summary.seconds });
    got[1]!.summary.variants.forEach((v, i) => {
      const u = got[2]!.summary.variants[i]!;
      maxDiff = Math.max(maxDiff, Math.abs((v.train?.loss ?? NaN) - (u.train?.loss ?? NaN)), Math.abs((v.val?.acc ?? NaN) - (u.val?.acc ?? NaN)));
    });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const one = median(rows.map((r) => r.one));
  const two = median(rows.map((r) => r.two));
  say('');
  say(`workers × OpenBLAS threads  wall time  speed-up  cpu-s  cpu share`);
  for (const [w, wall, cpu] of [
    [1, one, median(rows.map((r) => r.cpuOne))],
    [2, two, median(rows.map((r) => r.cpuTwo))],
  ] as const)
    say(
      `${setting(w).padStart(26)}  ${wall.toFixed(1).padStart(7)} s  ${(one / wall).toFixed(2).padStart(7)}×  ${cpu.toFixed(1).padStart(5)}  ${((cpu / wall) * 100).toFixed(0).padStart(8)}%`,
    );
  const kept = median(rows.map((r) => r.kept));
  say(
    `${(setting(2) + ', models kept').padStart(26)}  ${kept.toFixed(1).padStart(7)} s  (keeping adds ${(((kept - two) / two) * 100).toFixed(0)} % to the wall time)`,
  );
  say('');
  say('speed-up: wall time with 1 worker ÷ with K (medians). cpu share: the CPU time the process got ÷ wall time (200% = both');
  say('cores all the time); on a busy machine 2 workers can only be faster by as much more CPU as the scheduler gives them.');
  say(
    `both pools' figures agree: largest difference in a variant's train loss or val accuracy ${Number.isFinite(maxDiff) ? maxDiff.toExponential(1) : 'NaN (a variant did not finish)'}`,
  );
  say(`load average at the end: ${load()}`);
}
