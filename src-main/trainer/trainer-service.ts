// The trainer's command handling, independent of the transport: validates each channel call, loads
// the dataset, runs one training at a time, keeps the last models, exports them on request, and
// computes the surface lab's optimizer paths (cancellable through the call's signal).
import type * as tf from '../layers/tf';
import type { TrainerEvent } from '../contract/events';
import type { SurfaceView } from '../contract/surface';
import type { ActivationsView } from '../contract/activations';
import type { LandscapeView } from '../contract/landscape';
import type { TrajectoryPath, WeightPoint } from './trajectory';
import { regressionScale } from './evaluate';
import type { Graph } from '../contract/graph';
import type { TrainingConfig } from '../contract/training';
import type { CompiledGraph } from './compile';
import type { Dataset } from '../data/dataset-types';
import { evenRows } from '../data/even-rows';
import { CANCELLED, type Result } from '../contract/channel';
import { failureOf } from '../contract/errors';
import { parseCommand, type ActivationsRequest, type EnsembleRequest, type LandscapeRequest, type SurfaceRequest, type TrainerCommand } from './command-schema';
import type { DropoutEnsembleOptions, DropoutEnsembleView } from '../contract/dropout-ensemble';
import { RunControl } from './control';
import type { LoadDataset } from '../data/dataset-types';
import { runTraining } from './loop';
import { estimateMemory, memoryBudget, memoryProblem } from '../contract/memory';
import { ModelStore } from './model-store';
import { exportMetadata } from '../contract/data-contract';
import { TRAINER_KEEPS_MODELS } from '../contract/api';
import { assertNever } from '../contract/never';
import { REGIONS_PER_SECOND } from '../contract/regions';

export type ExportModel = (model: tf.LayersModel, dir: string, metadata?: Record<string, unknown>) => Promise<void>;

/** Write a finished run's model, metadata and path into a folder the app's trainer can load it back from (src-main/export/kept-model writeKeptModel). */
export type KeepModel = (
  dir: string,
  run: { runId: string; c: CompiledGraph; metadata: Record<string, unknown>; path: WeightPoint[]; modelEpoch: number | null; pathBytes?: number },
) => Promise<void>;

/** Read a kept run back (src-main/export/kept-model readKeptModel); throws naming the file. */
export type LoadKeptModel = (dir: string) => Promise<{
  c: CompiledGraph;
  metadata: Record<string, unknown>;
  training: TrainingConfig;
  trajectory: TrajectoryPath;
  modelEpoch: number | null;
}>;

/** How many kept runs (sweep variants) the trainer holds loaded at once, besides its own last runs. */
export const LOADED_KEPT_MODELS = 2;

export interface TrainerServiceDeps {
  post(event: TrainerEvent): void;
  /** the trainer process passes src-main/data's loadDataset (src-main/trainer-worker.ts) */
  loadDataset: LoadDataset;
  /** the trainer process passes src-main/export/tfjs-layers' exportModel (export sits above the trainer) */
  exportModel: ExportModel;
  /** the trainer process passes src-main/lesson's computeSurfaceView (the lesson sits above the trainer) */
  computeSurface: ComputeSurface;
  /** the trainer process passes src-main/lesson's activationsView */
  computeActivations: ComputeActivations;
  /** the trainer process passes src-main/lesson's computeLandscape */
  computeLandscape: ComputeLandscape;
  /** the trainer process passes src-main/lesson's measureOnDataset (dropout as an ensemble) */
  measureEnsemble: MeasureEnsemble;
  /** the trainer process passes src-main/export/kept-model's writeKeptModel (a sweep worker keeps each variant's model) */
  keepModel: KeepModel;
  /** the trainer process passes src-main/export/kept-model's readKeptModel (the app's trainer loads a sweep variant's model) */
  loadKeptModel: LoadKeptModel;
  /** the largest estimated training memory accepted (bytes); default GRADSCOPE_MEMORY_BUDGET_MB or 1.5 GiB */
  memoryBudgetBytes?: number;
}

export interface TrainerService {
  /** One channel call from main; never throws. signal: the caller gave up (the surface computation stops). */
  call(method: string, params: unknown, signal?: AbortSignal): Promise<Result<unknown>>;
  /** resolves when the current run (if any) has finished */
  idle(): Promise<void>;
  readonly models: ModelStore<Record<string, unknown>>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const ok = (value: unknown): Result<unknown> => ({ ok: true, value });
const fail = (error: string): Result<unknown> => ({ ok: false, error });

/** The surface lab's computation (src-main/lesson/surface-view computeSurfaceView): null when cancelled. */
export type ComputeSurface = (req: SurfaceRequest, signal: AbortSignal) => Promise<SurfaceView | null>;

/** A model's learned activations on samples of its dataset (src-main/lesson/activations-view activationsView); throws on a layer it does not have. */
export type ComputeActivations = (
  c: CompiledGraph,
  samples: { x: Float32Array; n: number; split: 'validation' | 'training' },
  opts: { source: string; layer: string | null; direction: ActivationsRequest['direction'] },
) => ActivationsView;

/** A kept run as the loss landscape reads it: its trained model and the path that led there. */
export interface KeptPath {
  runId: string;
  c: CompiledGraph;
  trajectory: TrajectoryPath;
  modelEpoch: number | null;
}

/** The loss landscape (src-main/lesson/landscape computeLandscape): null when cancelled; throws on runs that cannot share a plane. */
export type ComputeLandscape = (
  a: KeptPath,
  b: KeptPath | null,
  sample: { x: Float32Array; y: Float32Array | Int32Array; n: number; lossFactor: number },
  opts: { graph: Graph; grid: number; signal?: AbortSignal },
) => Promise<LandscapeView | null>;

/** Training samples the loss landscape measures the loss on (evenly spaced through the training split). */
export const LANDSCAPE_SAMPLES = 512;
/** Grid points per side of the loss plane by default. */
export const LANDSCAPE_GRID = 25;

/** What a lesson view of a run needs: its model (kept, or training now), graph, setup and dataset. */
interface RunModel {
  c: CompiledGraph;
  graph: Graph;
  training: TrainingConfig;
  dataset: Dataset;
  /** let the model go when the computation is done (a kept one is held until then) */
  release(): void;
}
/** The dropout-ensemble measurement (src-main/lesson/dropout-ensemble measureOnDataset): null when cancelled. */
export type MeasureEnsemble = (
  source: string,
  c: CompiledGraph,
  d: Dataset,
  options: DropoutEnsembleOptions,
  signal: AbortSignal,
) => Promise<DropoutEnsembleView | null>;

/** The surface lab on the trainer's backend (started if no run started it yet). */
async function surface(compute: ComputeSurface, req: SurfaceRequest, signal: AbortSignal): Promise<Result<unknown>> {
  const backend = await import('./backend');
  if (!backend.activeBackend()) await backend.initBackend();
  const view = await compute(req, signal);
  return view === null ? CANCELLED : ok(view);
}

export function createTrainerService(deps: TrainerServiceDeps): TrainerService {
  const load = deps.loadDataset;
  const exportModel = deps.exportModel;
  const models = new ModelStore<Record<string, unknown>>(TRAINER_KEEPS_MODELS);
  /** runs trained elsewhere (sweep variants) loaded back from their folders: the last few asked for */
  const loaded = new ModelStore<Record<string, unknown>>(LOADED_KEPT_MODELS);
  /** the kept runs' paths (initial weights and bounded epoch snapshots), for the loss landscape */
  const paths = new Map<string, { trajectory: TrajectoryPath; modelEpoch: number | null }>();
  /** a run's model and metadata, trained here or loaded back, held until released (a newer run or load cannot dispose it meanwhile) */
  const hold = (runId: string) => models.hold(runId) ?? loaded.hold(runId) ?? null;
  const prunePaths = (): void => {
    const kept = new Set([...models.ids(), ...loaded.ids()]);
    for (const id of paths.keys()) if (!kept.has(id)) paths.delete(id);
  };
  const gone = (runId: string, then = ''): string => {
    const kept = models.ids();
    return `run ${runId} has no trained model in the trainer (it keeps the last ${models.capacity}${kept.length ? `: ${kept.join(', ')}` : ''})${then}`;
  };
  let current: {
    runId: string;
    control: RunControl;
    done: Promise<void>;
    graph: Graph;
    training: TrainingConfig;
    live: { compiled?: CompiledGraph; dataset?: Dataset };
  } | null = null;
  /** the last dataset loaded (a lesson view of a kept run reads its samples without loading it again) */
  let lastData: { key: string; dataset: Dataset } | null = null;
  const dataKey = (t: TrainingConfig): string => JSON.stringify([t.dataset, t.seed, t.validationSplit, t.testSplit]);
  let failed = false;

  const reject = (runId: string, msg: string): void => {
    deps.post({ type: 'error', runId, message: msg });
    deps.post({ type: 'finished', runId, reason: 'error', epochs: 0, bestEpoch: null, test: null });
  };

  const start = (cmd: Extract<TrainerCommand, { type: 'start' }>): void => {
    if (current) return reject(cmd.runId, `run ${current.runId} is still training; stop it before starting another`);
    const control = new RunControl();
    // what lesson views of the run in progress read: its compiled graph and dataset, once they exist
    const live: { compiled?: CompiledGraph; dataset?: Dataset } = {};
    const done = (async () => {
      let dataset;
      try {
        const t = cmd.training;
        dataset = await load(t.dataset, t.seed, t.validationSplit, t.testSplit);
        lastData = { key: dataKey(t), dataset };
        live.dataset = dataset;
      } catch (e) {
        return reject(cmd.runId, `the dataset could not be loaded: ${message(e)}`);
      }
      if (control.state === 'stopped') return reject(cmd.runId, 'the run was stopped before training began');
      const estimate = estimateMemory(cmd.graph, { inputDim: dataset.inputDim, classes: dataset.classes }, cmd.training);
      const tooBig = estimate && memoryProblem(estimate, deps.memoryBudgetBytes ?? memoryBudget(process.env), cmd.training.batchSize);
      if (tooBig) return reject(cmd.runId, tooBig);
      // a run's last events wait until it is known whether the backend failed: then the error says so
      // (fatal), and the host replaces this trainer before the next run
      const last: TrainerEvent[] = [];
      const emit = (e: TrainerEvent): void => (e.type === 'error' || e.type === 'finished' ? void last.push(e) : deps.post(e));
      const onCompiled = (c: CompiledGraph): void => void (live.compiled = c);
      const result = await runTraining({
        graph: cmd.graph,
        training: cmd.training,
        dataset,
        runId: cmd.runId,
        emit,
        control,
        regionsPerSecond: REGIONS_PER_SECOND,
        onCompiled,
        keepTrajectory: true,
      });
      if (result.backendFailed) failed = true;
      for (const e of last) deps.post(e.type === 'error' && failed ? { ...e, fatal: true } : e);
      if (failed) return;
      if (result.compiled) {
        const meta = exportMetadata({
          label: cmd.runId,
          graph: cmd.graph,
          training: cmd.training,
          test: result.test,
          epochs: result.epochs,
          modelEpoch: result.modelEpoch,
          dataContract: dataset.contract ?? null,
        });
        models.put(cmd.runId, result.compiled, meta);
        if (result.trajectory) paths.set(cmd.runId, { trajectory: result.trajectory, modelEpoch: result.modelEpoch });
        prunePaths();
      }
    })().finally(() => {
      current = null;
    });
    current = { runId: cmd.runId, control, done, graph: cmd.graph, training: cmd.training, live };
  };

  /** The model of run `runId` (the one training now, or a kept one) with its dataset; a message when it is gone. */
  const runModel = async (runId: string): Promise<RunModel | string> => {
    if (current?.runId === runId) {
      const { live, graph, training } = current;
      const { compiled, dataset } = live;
      if (!compiled || !dataset) return `run ${runId} has not started training yet; try again in a moment`;
      return { c: compiled, graph, training, dataset, release: () => undefined };
    }
    const h = hold(runId);
    const meta = h?.meta?.gradscope as { graph: Graph; training: TrainingConfig } | undefined;
    if (!h || !meta) {
      h?.release();
      return gone(runId);
    }
    try {
      const t = meta.training;
      if (lastData?.key !== dataKey(t)) lastData = { key: dataKey(t), dataset: await load(t.dataset, t.seed, t.validationSplit, t.testSplit) };
      return { c: h.c, graph: meta.graph, training: t, dataset: lastData.dataset, release: h.release };
    } catch (e) {
      h.release();
      throw e;
    }
  };

  const landscape = async (req: LandscapeRequest, signal: AbortSignal): Promise<Result<unknown>> => {
    const holding: RunModel[] = [];
    try {
      const kept = async (runId: string): Promise<{ path: KeptPath; m: RunModel } | string> => {
        if (current?.runId === runId) return `run ${runId} is still training: the landscape needs its trained weights; wait until it finishes`;
        const m = await runModel(runId);
        if (typeof m === 'string') return m;
        holding.push(m);
        const p = paths.get(runId);
        if (!p) return `run ${runId} kept no path through weight space (it did not finish an epoch)`;
        return { path: { runId, c: m.c, trajectory: p.trajectory, modelEpoch: p.modelEpoch }, m };
      };
      const a = await kept(req.runId);
      if (typeof a === 'string') return fail(a);
      const b = req.compareWith ? await kept(req.compareWith) : null;
      if (typeof b === 'string') return fail(b);
      const d = a.m.dataset;
      const sample = { ...evenRows(d.train, d.inputDim, LANDSCAPE_SAMPLES), lossFactor: a.m.c.head === 'linear' ? regressionScale(d).lossFactor : 1 };
      const view = await deps.computeLandscape(a.path, b?.path ?? null, sample, { graph: a.m.graph, grid: req.grid ?? LANDSCAPE_GRID, signal });
      return view === null ? CANCELLED : ok(view);
    } catch (e) {
      return failureOf(e);
    } finally {
      for (const m of holding) m.release();
    }
  };

  const activations = async (req: ActivationsRequest): Promise<Result<unknown>> => {
    try {
      const m = await runModel(req.runId);
      if (typeof m === 'string') return fail(m);
      try {
        const d = m.dataset;
        const samples = d.val.n > 0 ? { ...d.val, split: 'validation' as const } : { ...d.train, split: 'training' as const };
        return ok(deps.computeActivations(m.c, samples, { source: req.runId, layer: req.layer ?? null, direction: req.direction }));
      } finally {
        m.release();
      }
    } catch (e) {
      return failureOf(e);
    }
  };

  const doExport = async (runId: string, dir: string, label: string | undefined): Promise<Result<unknown>> => {
    const h = hold(runId);
    if (!h) return fail(gone(runId));
    const { c, meta } = h;
    try {
      // the metadata names the run as the user knows it (its label in the run history) when the app gives it
      const named = meta && label?.trim() ? { ...meta, gradscope: { ...(meta.gradscope as object), label: label.trim() } } : meta;
      await exportModel(c.model, dir, named);
      return ok({ dir });
    } catch (e) {
      return failureOf(e);
    } finally {
      h.release();
    }
  };

  /** Dropout as an ensemble on a kept model, with the data it was trained on (its own split). One at a time, never during a run. */
  const ensemble = async (req: EnsembleRequest, signal: AbortSignal): Promise<Result<unknown>> => {
    const { runId, ...options } = req;
    const h = hold(runId);
    try {
      const training = (h?.meta as { gradscope?: { training?: TrainingConfig } } | undefined)?.gradscope?.training;
      if (!h || !training) return fail(gone(runId, '; train it again to measure it'));
      if (current) return fail(`run ${current.runId} is training; measure the ensemble when it has finished`);
      const t = training;
      const d = await load(t.dataset, t.seed, t.validationSplit, t.testSplit);
      const view = await deps.measureEnsemble(runId, h.c, d, options, signal);
      return view === null ? CANCELLED : ok(view);
    } catch (e) {
      return failureOf(e);
    } finally {
      h?.release();
    }
  };

  /** A sweep worker: write a finished run's model and path into `dir`, then let them go from memory. */
  const keep = async (runId: string, dir: string, pathBytes: number | undefined): Promise<Result<unknown>> => {
    const c = models.get(runId);
    const meta = models.meta(runId);
    const p = paths.get(runId);
    if (!c || !meta) return fail(gone(runId));
    try {
      const path = p?.trajectory.path() ?? [];
      await deps.keepModel(dir, { runId, c, metadata: meta, path, modelEpoch: p?.modelEpoch ?? null, ...(pathBytes !== undefined ? { pathBytes } : {}) });
      models.drop(runId);
      paths.delete(runId);
      return ok({ dir });
    } catch (e) {
      return failureOf(e);
    }
  };

  /** loads under way, by run id: two views asking at once share one load (a second would replace the model the first reads) */
  const loading = new Map<string, Promise<Result<unknown>>>();
  /** The app's trainer: load a run kept in `dir` (a sweep variant's) unless it holds it already; the oldest loaded one goes. */
  const loadKept = (runId: string, dir: string): Promise<Result<unknown>> => {
    if (models.get(runId) || loaded.touch(runId)) return Promise.resolve(ok(null));
    const under = loading.get(runId);
    if (under) return under;
    const p = (async (): Promise<Result<unknown>> => {
      try {
        const backend = await import('./backend');
        if (!backend.activeBackend()) await backend.initBackend();
        const k = await deps.loadKeptModel(dir);
        loaded.put(runId, k.c, k.metadata);
        paths.set(runId, { trajectory: k.trajectory, modelEpoch: k.modelEpoch });
        prunePaths();
        return ok(null);
      } catch (e) {
        return failureOf(e);
      }
    })().finally(() => loading.delete(runId));
    loading.set(runId, p);
    return p;
  };

  const NEVER = new AbortController().signal;

  return {
    models,
    idle: async () => {
      while (current) await current.done;
    },
    async call(method, params, signal = NEVER) {
      const parsed = parseCommand(method, params);
      if (failed) {
        // the backend is unusable; the host is replacing this trainer
        if (parsed.ok && parsed.command.type === 'start')
          reject(parsed.command.runId, 'the trainer is restarting after a backend failure; start the run again');
        if (parsed.ok && parsed.command.type === 'export') return fail('the trainer is restarting after a backend failure; its models are gone');
        return fail('the trainer is restarting after a backend failure');
      }
      if (!parsed.ok) {
        if (method === 'start' && parsed.runId) reject(parsed.runId, parsed.error);
        return fail(parsed.error);
      }
      const cmd = parsed.command;
      const mine = 'runId' in cmd && current?.runId === cmd.runId ? current : null;
      switch (cmd.type) {
        case 'start':
          start(cmd);
          return ok(null);
        case 'pause':
          mine?.control.pause();
          return ok(null);
        case 'resume':
          mine?.control.resume();
          return ok(null);
        case 'stop':
          mine?.control.stop();
          return ok(null);
        case 'export':
          return doExport(cmd.runId, cmd.dir, cmd.label);
        case 'surface': {
          const { type: _, ...req } = cmd;
          return surface(deps.computeSurface, req, signal);
        }
        case 'activations':
          return activations(cmd);
        case 'landscape':
          return landscape(cmd, signal);
        case 'dropoutEnsemble': {
          const { type: _, ...req } = cmd;
          return ensemble(req, signal);
        }
        case 'keep':
          return keep(cmd.runId, cmd.dir, cmd.pathBytes);
        case 'load':
          return loadKept(cmd.runId, cmd.dir);
        default:
          return assertNever(cmd, 'command');
      }
    },
  };
}
