// The training loop: our own (fit() hides gradients). Every step runs in tf.tidy, computes the loss and
// the gradient of every trainable variable, applies the optimizer and reads all probe statistics back
// with ONE dataSync. Emits exactly the contract's TrainerEvent union.
import * as tf from '@tensorflow/tfjs';
import type { Graph } from '../contract/graph';
import type { TrainingConfig } from '../contract/training';
import type { EpochRecord, FinishReason, StepRecord, TestResult, TrainerEvent } from '../contract/events';
import { initBackend } from './backend';
import { compileGraph, GraphCompileError, type CompiledGraph } from './compile';
import type { Dataset, DataSplit } from '../data/dataset-types';
import { makeOptimizer } from './optimizers';
import { decodeGradientStats, gradientStats } from './probes';
import { batchGradients } from './step';
import { evaluate, regressionScale, type SplitTensors } from './evaluate';
import { earlyStoppingProblem } from '../contract/validate';
import { weightStats } from './weight-stats';
import { EarlyStopper, WeightSnapshot } from './early-stopping';
import { StepBatcher } from './step-batcher';
import { RunControl } from './control';
import { systemClock, type Clock } from './clock';
import { deriveSeed, mulberry32, shuffleInPlace } from '../data/rng';
import { DivergenceWatch } from './divergence';

export const PROBE_BATCH = 256;
/** The training set is measured after every epoch on at most this many samples (a fixed, evenly spaced subset). */
export const TRAIN_EVAL_MAX = 4096;

/** The fixed subset of the training split measured after every epoch: every sample when it has at most `max`. */
export function trainEvalSubset(train: SplitTensors, max = TRAIN_EVAL_MAX): SplitTensors {
  if (train.n <= max) return { x: train.x.clone(), y: train.y.clone(), n: train.n };
  return tf.tidy(() => {
    const idx = tf.tensor1d(Int32Array.from({ length: max }, (_, i) => Math.floor((i * train.n) / max)), 'int32');
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
export async function runTraining(opts: RunOptions): Promise<RunResult> {
  const { runId, emit, training: cfg, dataset } = opts;
  const clock = opts.clock ?? systemClock;
  const control = opts.control ?? new RunControl();
  const probes = opts.probes ?? true;
  const fail = (message: string): RunResult => {
    emit({ type: 'error', runId, message });
    emit({ type: 'finished', runId, reason: 'error', epochs: 0, bestEpoch: null, modelEpoch: null, test: null });
    return { model: null, compiled: null, reason: 'error', epochs: 0, bestEpoch: null, modelEpoch: null, test: null, history: [] };
  };
  let backend: string;
  let c: CompiledGraph;
  try {
    backend = await initBackend(cfg.backend);
    c = compileGraph(opts.graph, { inputDim: dataset.inputDim, classes: dataset.classes }, { seed: cfg.seed });
  } catch (e) {
    if (e instanceof GraphCompileError) return fail(`the graph cannot be built: ${e.message}`);
    return { ...fail(`the trainer could not start: ${(e as Error).message}; the trainer is restarted for the next run`), backendFailed: true };
  }
  const bad = datasetProblem(dataset) ?? earlyStoppingProblem(c.head, cfg)?.message ?? null;
  if (dataset.train.n === 0 || bad) {
    c.dispose();
    return fail(bad ?? 'no samples are left to train on (lower the validation split or the test split, or use a larger dataset)');
  }
  // regression: the dataset's target may be standardised; every figure is reported in the target's own units
  const scale = c.head === 'linear' ? regressionScale(dataset) : null;
  const reportLoss = (scaled: number) => (scale ? scaled * scale.lossFactor : scaled);
  const train = toTensors(dataset.train, dataset.inputDim, dataset.classes);
  const val = toTensors(dataset.val, dataset.inputDim, dataset.classes);
  const test = toTensors(dataset.test, dataset.inputDim, dataset.classes);
  const probeSrc = val.n > 0 ? val : train;
  const probe = tf.slice(probeSrc.x, [0, 0], [Math.min(PROBE_BATCH, probeSrc.n), -1]) as tf.Tensor2D;
  const trainEval = trainEvalSubset(train);
  const optimizer = makeOptimizer(cfg.optimizer, cfg.learningRate);
  const es = cfg.earlyStopping;
  const stopper = es.enabled && val.n > 0 ? new EarlyStopper({ monitor: es.monitor, patience: es.patience }) : null;
  // restore-best holds whether or not early stopping is on: the tested and exported model is the best epoch's
  const keepBest = es.restoreBest && val.n > 0;
  const best = new WeightSnapshot(c.variables);
  // the best epoch: by the early-stopping monitor when it is on, else by the lowest validation loss
  const tracker = new EarlyStopper({ monitor: stopper ? es.monitor : 'val_loss', patience: Infinity });
  const batcher = new StepBatcher((steps) => emit({ type: 'steps', runId, steps }), clock, opts.stepMessagesPerSecond);
  const stepsPerEpoch = Math.ceil(train.n / cfg.batchSize);
  const history: EpochRecord[] = [];
  const rand = mulberry32(cfg.seed);
  const order = Int32Array.from({ length: train.n }, (_, i) => i);
  let reason: FinishReason = 'completed';
  let epochsDone = 0;
  /** stopped after some steps of an epoch that never finished: the weights belong to no whole epoch */
  let midEpoch = false;
  let globalStep = 0;
  const watch = new DivergenceWatch();

  emit({
    type: 'started',
    runId,
    backend,
    layers: c.layers,
    inputDim: dataset.inputDim,
    classes: c.classes,
    samples: { train: train.n, val: val.n, test: test.n },
    trainEvalSamples: trainEval.n,
    stepsPerEpoch,
    epochs: cfg.epochs,
    config: cfg,
  });

  try {
    epochs: for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
      const started = clock.now();
      shuffleInPlace(order, rand);
      let lossSum = 0;
      let accSum = 0;
      let steps = 0;
      for (let s = 0; s < stepsPerEpoch; s++) {
        await new Promise<void>((r) => setImmediate(r));
        if (control.state === 'paused') {
          batcher.flush();
          emit({ type: 'paused', runId });
          await control.whilePaused();
          if ((control.state as string) === 'running') emit({ type: 'resumed', runId });
        }
        if (control.state === 'stopped') {
          reason = 'stopped';
          midEpoch = s > 0;
          break epochs;
        }
        globalStep++;
        const idx = order.subarray(s * cfg.batchSize, Math.min(train.n, (s + 1) * cfg.batchSize));
        const packed = tf.tidy(() => {
          const it = tf.tensor1d(idx, 'int32');
          const xb = tf.gather(train.x, it) as tf.Tensor2D;
          const yb = tf.gather(train.y, it) as tf.Tensor1D;
          const { dataLoss, acc, grads } = batchGradients(c, xb, yb, {
            training: true,
            dropoutSeed: deriveSeed(cfg.seed, 0x5eed, globalStep),
          });
          optimizer.applyGradients(grads);
          const head = [tf.reshape(dataLoss, [1]), tf.reshape(acc, [1])];
          return tf.concat(probes ? [...head, gradientStats(c, grads)] : head);
        });
        const data = packed.dataSync();
        packed.dispose();
        const loss = reportLoss(data[0]!);
        const record: StepRecord = {
          step: globalStep,
          epoch,
          loss,
          acc: c.classes === null ? null : data[1]!,
          layers: probes ? decodeGradientStats(c, data, 2) : [],
        };
        batcher.push(record);
        const divergence = watch.check(loss);
        if (divergence !== null) {
          batcher.flush();
          emit({
            type: 'diverged',
            runId,
            epoch,
            step: globalStep,
            loss,
            message: `training diverged at epoch ${epoch}, step ${globalStep}: ${divergence}. Lower the learning rate (now ${cfg.learningRate}), e.g. to ${cfg.learningRate / 10}.`,
          });
          reason = 'diverged';
          break epochs;
        }
        lossSum += data[0]!;
        accSum += data[1]!;
        steps++;
      }
      batcher.flush();
      const v = evaluate(c, val, scale?.val ?? null, 2048);
      // The training set measured as the validation set is: at the epoch's final weights, dropout off.
      const t = evaluate(c, trainEval, scale ? { ...scale.train, lossFactor: scale.lossFactor, absFactor: scale.absFactor } : null, 2048)!;
      const record: EpochRecord = {
        epoch,
        trainLoss: t.loss,
        trainAcc: t.acc,
        trainSamples: trainEval.n,
        runningLoss: reportLoss(lossSum / steps),
        runningAcc: c.classes === null ? null : accSum / steps,
        valLoss: v?.loss ?? null,
        valAcc: v?.acc ?? null,
        trainR2: t.r2,
        valR2: v?.r2 ?? null,
        weights: weightStats(c, probe),
        seconds: (clock.now() - started) / 1000,
      };
      history.push(record);
      epochsDone = epoch;
      emit({ type: 'epoch', runId, ...record });
      if (tracker.update(epoch, record) === 'improved' && keepBest) best.capture();
      if (stopper && stopper.update(epoch, record) === 'stop') {
        const restored = keepBest && best.restore();
        emit({ type: 'early_stop', runId, epoch, bestEpoch: stopper.bestEpoch ?? epoch, restored });
        reason = 'early_stopped';
        break;
      }
    }
    batcher.flush();
    const bestEpoch = val.n > 0 ? (stopper?.bestEpoch ?? tracker.bestEpoch) : null;
    let modelEpoch: number | null = reason === 'diverged' || epochsDone === 0 || midEpoch ? null : epochsDone;
    if (reason !== 'diverged' && keepBest && bestEpoch !== null && best.restore()) modelEpoch = bestEpoch;
    const result = reason === 'diverged' ? null : evaluate(c, test, scale?.test ?? null);
    emit({ type: 'finished', runId, reason, epochs: epochsDone, bestEpoch, modelEpoch, test: result });
    return { model: c.model, compiled: c, reason, epochs: epochsDone, bestEpoch, modelEpoch, test: result, history };
  } catch (e) {
    batcher.flush();
    emit({ type: 'error', runId, message: `training failed at step ${globalStep}: ${(e as Error).message}; the trainer is restarted for the next run (if the model is large, make it smaller or lower the batch size)` });
    emit({ type: 'finished', runId, reason: 'error', epochs: epochsDone, bestEpoch: null, modelEpoch: null, test: null });
    return { model: c.model, compiled: c, reason: 'error', epochs: epochsDone, bestEpoch: null, modelEpoch: null, test: null, history, backendFailed: true };
  } finally {
    best.dispose();
    optimizer.dispose();
    for (const t of [train.x, train.y, val.x, val.y, test.x, test.y, probe, trainEval.x, trainEval.y]) t.dispose();
  }
}
