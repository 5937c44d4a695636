// The training loop: our own (fit() hides gradients). Every step runs in tf.tidy, computes the loss and
// the gradient of every trainable variable, applies the optimizer and reads all probe statistics back
// with ONE dataSync. Emits exactly the contract's TrainerEvent union.
import * as tf from '../layers/tf';
import type { Graph } from '../contract/graph';
import type { TrainingConfig } from '../contract/training';
import type { EpochRecord, FinishReason, StepRecord, TestResult, TrainerEvent } from '../contract/events';
import { initBackend } from './backend';
import { compileGraph, GraphCompileError, type CompiledGraph } from './compile';
import type { Dataset, DataSplit } from '../data/dataset-types';
import { makeOptimizer } from './optimizers';
import { applyAndMeasure, decodeGradientStats } from './probes';
import { batchGradients } from './step';
import { evaluate, regressionScale, type SplitTensors } from './evaluate';
import { earlyStoppingProblem } from '../contract/validate';
import { weightStats } from './weight-stats';
import { activationStats } from './activation-stats';
import { EarlyStopper, WeightSnapshot } from './early-stopping';
import { StepBatcher } from './step-batcher';
import { RunControl } from './control';
import { systemClock, type Clock } from './clock';
import { deriveSeed, mulberry32, shuffleInPlace } from '../data/rng';
import { DivergenceWatch } from './divergence';
import { withTrainSamples } from '../data/train-samples';
import { regionFrame } from './region-frame';
import { RegionsProbe } from './regions';
import { Trajectory } from './trajectory';

export const PROBE_BATCH = 256;
/** The training set is measured after every epoch on at most this many samples (a fixed, evenly spaced subset). */
export const TRAIN_EVAL_MAX = 4096;

/** The fixed subset of the training split measured after every epoch: every sample when it has at most `max`. */
export function trainEvalSubset(train: SplitTensors, max = TRAIN_EVAL_MAX): SplitTensors {
  if (train.n <= max) return { x: train.x.clone(), y: train.y.clone(), n: train.n };
  return tf.tidy(() => {
    const idx = tf.tensor1d(
      Int32Array.from({ length: max }, (_, i) => Math.floor((i * train.n) / max)),
      'int32',
    );
    return { x: tf.gather(train.x, idx) as tf.Tensor2D, y: tf.gather(train.y, idx) as tf.Tensor1D, n: max };
  });
}

export interface RunOptions {
  graph: Graph;
  training: TrainingConfig;
  dataset: Dataset;
  runId: string;
  emit(event: TrainerEvent): void;
  control?: RunControl;
  clock?: Clock;
  /** most 'steps' messages per second (default 30) */
  stepMessagesPerSecond?: number;
  /** per-layer gradient probes (default on); off, step records carry no layers (the benchmark's baseline) */
  probes?: boolean;
  /** most 'regions' pictures per second for data the view can draw (2 features with classes, 1 with a number);
   * absent or 0: none (the CLI, the benchmark's baseline) */
  regionsPerSecond?: number;
  /** told the compiled graph once it is built, so lesson views can read the weights while it trains */
  onCompiled?(c: CompiledGraph): void;
  /** keep the initial weights and a bounded number of epoch snapshots (the loss landscape's path) */
  keepTrajectory?: boolean;
}

export interface RunResult {
  /** the trained model (null when the graph did not compile); the caller disposes it */
  model: tf.LayersModel | null;
  compiled: CompiledGraph | null;
  reason: FinishReason;
  epochs: number;
  bestEpoch: number | null;
  /** the epoch whose weights `model` holds (the best one when restore-best is on); null when none finished */
  modelEpoch: number | null;
  test: TestResult | null;
  history: EpochRecord[];
  /** the backend threw mid-run (out of memory, abort): it may be unusable, the trainer must be replaced */
  backendFailed?: boolean;
  /** with keepTrajectory: the initial weights and the kept epochs' */
  trajectory?: Trajectory;
}

function toTensors(split: DataSplit, inputDim: number, classes: number | null): SplitTensors {
  return {
    x: tf.tensor2d(split.x, [split.n, inputDim]),
    y: tf.tensor1d(classes === null ? Float32Array.from(split.y) : Int32Array.from(split.y), classes === null ? 'float32' : 'int32'),
    n: split.n,
  };
}

/** Why a dataset cannot be trained on (sizes that do not match, class labels out of range); null when it can. */
export function datasetProblem(d: Dataset): string | null {
  for (const name of ['train', 'val', 'test'] as const) {
    const s = d[name];
    if (s.x.length !== s.n * d.inputDim) return `dataset ${name} split: ${s.x.length} feature values for ${s.n} samples of ${d.inputDim} features`;
    if (s.y.length !== s.n) return `dataset ${name} split: ${s.y.length} labels for ${s.n} samples`;
    if (d.classes === null) continue;
    for (let i = 0; i < s.n; i++) {
      const y = s.y[i]!;
      if (!Number.isInteger(y) || y < 0 || y >= d.classes) return `dataset ${name} split, sample ${i}: label ${y} is not a class index 0…${d.classes - 1}`;
    }
  }
  return null;
}

/** Train a graph on a dataset; resolves when the run ends for any reason. Never throws: failures become events. */
export async function runTraining(given: RunOptions): Promise<RunResult> {
  const limited = withTrainSamples(given.dataset, given.training.trainSamples);
  if (!limited.ok) return failedRun(given, limited.error);
  const opts = { ...given, dataset: limited.dataset };
  const ready = await compileForRun(opts);
  if (!ready.ok) return ready.result;
  opts.onCompiled?.(ready.compiled);
  const run = startRun(opts, ready.backend, ready.compiled);
  try {
    for (let epoch = 1; epoch <= opts.training.epochs; epoch++) {
      const started = run.clock.now();
      const sums = await trainEpoch(run, epoch);
      if (sums === null) break;
      if (endEpoch(run, epoch, started, sums) === 'early_stopped') break;
    }
    return { ...finishRun(run), ...(run.trajectory ? { trajectory: run.trajectory } : {}) };
  } catch (e) {
    return failMidRun(run, e as Error);
  } finally {
    releaseRun(run);
  }
}

/** Everything one run keeps between its steps and epochs. */
interface Run {
  runId: string;
  emit(event: TrainerEvent): void;
  cfg: TrainingConfig;
  clock: Clock;
  control: RunControl;
  probes: boolean;
  c: CompiledGraph;
  /** regression: the dataset's target may be standardised; every figure is reported in the target's own units */
  scale: ReturnType<typeof regressionScale> | null;
  train: SplitTensors;
  val: SplitTensors;
  test: SplitTensors;
  /** the first samples of the validation (else training) split, whose activations the weight stats measure */
  probe: tf.Tensor2D;
  trainEval: SplitTensors;
  optimizer: tf.Optimizer;
  stopper: EarlyStopper | null;
  /** restore-best holds whether or not early stopping is on: the tested and exported model is the best epoch's */
  keepBest: boolean;
  best: WeightSnapshot;
  /** the best epoch: by the early-stopping monitor when it is on, else by the lowest validation loss */
  tracker: EarlyStopper;
  batcher: StepBatcher;
  stepsPerEpoch: number;
  history: EpochRecord[];
  rand: () => number;
  order: Int32Array;
  watch: DivergenceWatch;
  /** null when the run sends no decision-regions pictures */
  regions: RegionsProbe | null;
  reason: FinishReason;
  epochsDone: number;
  /** stopped after some steps of an epoch that never finished: the weights belong to no whole epoch */
  midEpoch: boolean;
  globalStep: number;
  /** the weights at the start and after each epoch (RunOptions.keepTrajectory) */
  trajectory: Trajectory | null;
}

/** Sums over one epoch's steps, for its running loss and accuracy. */
interface EpochSums {
  lossSum: number;
  accSum: number;
  steps: number;
}

function failedRun(opts: RunOptions, message: string): RunResult {
  const { runId, emit } = opts;
  emit({ type: 'error', runId, message });
  emit({ type: 'finished', runId, reason: 'error', epochs: 0, bestEpoch: null, modelEpoch: null, test: null });
  return { model: null, compiled: null, reason: 'error', epochs: 0, bestEpoch: null, modelEpoch: null, test: null, history: [] };
}

/** Step 1: the backend and the compiled graph, or the failed run when either cannot be had or the dataset does not fit. */
async function compileForRun(opts: RunOptions): Promise<{ ok: true; backend: string; compiled: CompiledGraph } | { ok: false; result: RunResult }> {
  const { training: cfg, dataset } = opts;
  let backend: string;
  let c: CompiledGraph;
  try {
    backend = await initBackend(cfg.backend);
    c = compileGraph(opts.graph, { inputDim: dataset.inputDim, classes: dataset.classes }, { seed: cfg.seed });
  } catch (e) {
    if (e instanceof GraphCompileError) return { ok: false, result: failedRun(opts, `the graph cannot be built: ${e.message}`) };
    const result = failedRun(opts, `the trainer could not start: ${(e as Error).message}; the trainer is restarted for the next run`);
    return { ok: false, result: { ...result, backendFailed: true } };
  }
  const bad = datasetProblem(dataset) ?? earlyStoppingProblem(c.head, cfg)?.message ?? null;
  if (dataset.train.n === 0 || bad) {
    c.dispose();
    return {
      ok: false,
      result: failedRun(opts, bad ?? 'no samples are left to train on (lower the validation split or the test split, or use a larger dataset)'),
    };
  }
  return { ok: true, backend, compiled: c };
}

/** Step 2: the splits as tensors, the optimizer, the stoppers and the step batcher; announces the run. */
function startRun(opts: RunOptions, backend: string, c: CompiledGraph): Run {
  const { runId, emit, training: cfg, dataset } = opts;
  const clock = opts.clock ?? systemClock;
  const train = toTensors(dataset.train, dataset.inputDim, dataset.classes);
  const val = toTensors(dataset.val, dataset.inputDim, dataset.classes);
  const test = toTensors(dataset.test, dataset.inputDim, dataset.classes);
  const probeSrc = val.n > 0 ? val : train;
  const es = cfg.earlyStopping;
  const stopper = es.enabled && val.n > 0 ? new EarlyStopper({ monitor: es.monitor, patience: es.patience }) : null;
  const run: Run = {
    runId,
    emit,
    cfg,
    clock,
    control: opts.control ?? new RunControl(),
    probes: opts.probes ?? true,
    c,
    scale: c.head === 'linear' ? regressionScale(dataset) : null,
    train,
    val,
    test,
    probe: tf.slice(probeSrc.x, [0, 0], [Math.min(PROBE_BATCH, probeSrc.n), -1]) as tf.Tensor2D,
    trainEval: trainEvalSubset(train),
    optimizer: makeOptimizer(cfg.optimizer, cfg.learningRate),
    stopper,
    keepBest: es.restoreBest && val.n > 0,
    best: new WeightSnapshot(c.variables),
    tracker: new EarlyStopper({ monitor: stopper ? es.monitor : 'val_loss', patience: Infinity }),
    batcher: new StepBatcher((steps) => emit({ type: 'steps', runId, steps }), clock, opts.stepMessagesPerSecond),
    stepsPerEpoch: Math.ceil(train.n / cfg.batchSize),
    history: [],
    rand: mulberry32(cfg.seed),
    order: Int32Array.from({ length: train.n }, (_, i) => i),
    watch: new DivergenceWatch(),
    regions: regionsProbe(opts, c, clock),
    reason: 'completed',
    epochsDone: 0,
    midEpoch: false,
    globalStep: 0,
    trajectory: opts.keepTrajectory ? new Trajectory(c.variables) : null,
  };
  emit({
    type: 'started',
    runId,
    backend,
    layers: c.layers,
    inputDim: dataset.inputDim,
    classes: c.classes,
    samples: { train: train.n, val: val.n, test: test.n },
    trainEvalSamples: run.trainEval.n,
    stepsPerEpoch: run.stepsPerEpoch,
    epochs: cfg.epochs,
    config: cfg,
  });
  return run;
}

function regionsProbe(opts: RunOptions, c: CompiledGraph, clock: Clock): RegionsProbe | null {
  const perSecond = opts.regionsPerSecond ?? 0;
  const frame = perSecond > 0 ? regionFrame(opts.dataset) : null;
  if (!frame) return null;
  return new RegionsProbe(c, frame, (regions) => opts.emit({ type: 'regions', runId: opts.runId, regions }), clock, perSecond);
}

function reportLoss(run: Run, scaled: number): number {
  return run.scale ? scaled * run.scale.lossFactor : scaled;
}

/** Step 3: one epoch of shuffled mini-batches. Null when the run ends inside it (stopped or diverged). */
async function trainEpoch(run: Run, epoch: number): Promise<EpochSums | null> {
  const { cfg, train } = run;
  shuffleInPlace(run.order, run.rand);
  const sums: EpochSums = { lossSum: 0, accSum: 0, steps: 0 };
  for (let s = 0; s < run.stepsPerEpoch; s++) {
    await new Promise<void>((r) => setImmediate(r));
    await waitWhilePaused(run);
    if (run.control.state === 'stopped') {
      run.reason = 'stopped';
      run.midEpoch = s > 0;
      return null;
    }
    run.globalStep++;
    const data = trainStep(run, run.order.subarray(s * cfg.batchSize, Math.min(train.n, (s + 1) * cfg.batchSize)));
    const loss = reportLoss(run, data[0]!);
    run.batcher.push({
      step: run.globalStep,
      epoch,
      loss,
      acc: run.c.classes === null ? null : data[1]!,
      layers: run.probes ? decodeGradientStats(run.c, data, 2) : [],
    } satisfies StepRecord);
    if (diverged(run, epoch, loss)) return null;
    run.regions?.tick({ epoch, step: run.globalStep });
    sums.lossSum += data[0]!;
    sums.accSum += data[1]!;
    sums.steps++;
  }
  return sums;
}

async function waitWhilePaused(run: Run): Promise<void> {
  const { control, runId, emit } = run;
  if (control.state !== 'paused') return;
  run.batcher.flush();
  emit({ type: 'paused', runId });
  await control.whilePaused();
  if ((control.state as string) === 'running') emit({ type: 'resumed', runId });
}

/** One optimizer step on the samples `idx`; reads back [loss, accuracy, ...gradient stats] with one dataSync. */
function trainStep(run: Run, idx: Int32Array): Float32Array | Int32Array | Uint8Array {
  const { c, train, cfg } = run;
  const packed = tf.tidy(() => {
    const it = tf.tensor1d(idx, 'int32');
    const xb = tf.gather(train.x, it) as tf.Tensor2D;
    const yb = tf.gather(train.y, it) as tf.Tensor1D;
    const { dataLoss, acc, grads } = batchGradients(c, xb, yb, {
      training: true,
      dropoutSeed: deriveSeed(cfg.seed, 0x5eed, run.globalStep),
    });
    const head = [tf.reshape(dataLoss, [1]), tf.reshape(acc, [1])];
    if (!run.probes) {
      run.optimizer.applyGradients(grads);
      return tf.concat(head);
    }
    // the update and the probes in one pass over each gradient where the native kernels can
    return tf.concat([...head, applyAndMeasure(run.optimizer, c, grads)]);
  });
  const data = packed.dataSync();
  packed.dispose();
  return data;
}

/** True, with the 'diverged' event sent, when the loss has run away. */
function diverged(run: Run, epoch: number, loss: number): boolean {
  const divergence = run.watch.check(loss);
  if (divergence === null) return false;
  const { cfg } = run;
  run.batcher.flush();
  run.emit({
    type: 'diverged',
    runId: run.runId,
    epoch,
    step: run.globalStep,
    loss,
    message: `training diverged at epoch ${epoch}, step ${run.globalStep}: ${divergence}. Lower the learning rate (now ${cfg.learningRate}), e.g. to ${cfg.learningRate / 10}.`,
  });
  run.reason = 'diverged';
  return true;
}

/** Step 4: measure the epoch, send it, keep the best weights; 'early_stopped' when early stopping ends the run. */
function endEpoch(run: Run, epoch: number, started: number, sums: EpochSums): 'continue' | 'early_stopped' {
  const { c, scale, stopper } = run;
  run.batcher.flush();
  const v = evaluate(c, run.val, scale?.val ?? null, 2048);
  // The training set measured as the validation set is: at the epoch's final weights, dropout off.
  const t = evaluate(c, run.trainEval, scale ? { ...scale.train, lossFactor: scale.lossFactor, absFactor: scale.absFactor } : null, 2048)!;
  const record: EpochRecord = {
    epoch,
    trainLoss: t.loss,
    trainAcc: t.acc,
    trainSamples: run.trainEval.n,
    runningLoss: reportLoss(run, sums.lossSum / sums.steps),
    runningAcc: c.classes === null ? null : sums.accSum / sums.steps,
    valLoss: v?.loss ?? null,
    valAcc: v?.acc ?? null,
    trainR2: t.r2,
    valR2: v?.r2 ?? null,
    weights: weightStats(c, run.probe),
    activations: activationStats(c, run.probe),
    seconds: (run.clock.now() - started) / 1000,
  };
  run.history.push(record);
  run.epochsDone = epoch;
  run.emit({ type: 'epoch', runId: run.runId, ...record });
  run.regions?.tick({ epoch, step: run.globalStep });
  // the epoch's own weights, before a restore of the best epoch replaces them
  run.trajectory?.capture(epoch);
  if (run.tracker.update(epoch, record) === 'improved' && run.keepBest) run.best.capture();
  if (stopper && stopper.update(epoch, record) === 'stop') {
    const restored = run.keepBest && run.best.restore();
    run.emit({ type: 'early_stop', runId: run.runId, epoch, bestEpoch: stopper.bestEpoch ?? epoch, restored });
    run.reason = 'early_stopped';
    return 'early_stopped';
  }
  return 'continue';
}

/** Step 5: pick the weights the model keeps, test them and send 'finished'. */
function finishRun(run: Run): RunResult {
  const { c, reason, epochsDone } = run;
  run.batcher.flush();
  const bestEpoch = run.val.n > 0 ? (run.stopper?.bestEpoch ?? run.tracker.bestEpoch) : null;
  let modelEpoch: number | null = reason === 'diverged' || epochsDone === 0 || run.midEpoch ? null : epochsDone;
  if (reason !== 'diverged' && run.keepBest && bestEpoch !== null && run.best.restore()) modelEpoch = bestEpoch;
  const result = reason === 'diverged' ? null : evaluate(c, run.test, run.scale?.test ?? null);
  // the picture of the model the run keeps (tested and exported), once its weights are final
  if (modelEpoch !== null) run.regions?.now({ epoch: modelEpoch, step: run.globalStep, final: true });
  run.emit({ type: 'finished', runId: run.runId, reason, epochs: epochsDone, bestEpoch, modelEpoch, test: result });
  return { model: c.model, compiled: c, reason, epochs: epochsDone, bestEpoch, modelEpoch, test: result, history: run.history };
}

/** The backend threw mid-run: say so, keep what finished, and mark the trainer for replacement. */
function failMidRun(run: Run, e: Error): RunResult {
  const { c, runId, epochsDone } = run;
  run.batcher.flush();
  run.emit({
    type: 'error',
    runId,
    message: `training failed at step ${run.globalStep}: ${e.message}; the trainer is restarted for the next run (if the model is large, make it smaller or lower the batch size)`,
  });
  run.emit({ type: 'finished', runId, reason: 'error', epochs: epochsDone, bestEpoch: null, modelEpoch: null, test: null });
  return {
    model: c.model,
    compiled: c,
    reason: 'error',
    epochs: epochsDone,
    bestEpoch: null,
    modelEpoch: null,
    test: null,
    history: run.history,
    backendFailed: true,
  };
}

function releaseRun(run: Run): void {
  run.best.dispose();
  run.optimizer.dispose();
  for (const t of [run.train.x, run.train.y, run.val.x, run.val.y, run.test.x, run.test.y, run.probe, run.trainEval.x, run.trainEval.y]) t.dispose();
}
