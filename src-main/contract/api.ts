// The one typed API the renderer sees, whatever carries it (Electron IPC or the browser-mode WebSocket).
// Channel names live here and nowhere else. Every payload is validated by main with these schemas.
import { z } from 'zod';
import { Graph } from './graph';
import { DatasetSpec, Optimizer, TrainingConfig } from './training';
import { SURFACE_NAMES, type SurfaceView } from './surface';
import { Project, RunRecord } from './project';
import { HistoryId, type HistoryEntry, type HistoryFile } from './history';
import { LINE_DIRECTIONS, type ActivationsView } from './activations';
import type { LandscapeView } from './landscape';
import { DropoutEnsembleOptions, type DropoutEnsembleView } from './dropout-ensemble';
import type { TrainerEvent } from './events';
import { MAX_VARIANTS, SweepRecord, SweepSpec, type SweepEvent, type SweepInProgress, type Variant } from './sweep';
import type { ReplyFrame, Result } from './channel';
import type { Graph as GraphT } from './graph';
import type { TrainingConfig as TrainingConfigT } from './training';

export { CHANNEL_CALL, CHANNEL_EVENT, WS_PATH } from './channels';

export interface AppInfo {
  mode: 'electron' | 'browser';
  version: string;
  platform: string;
}

export interface PresetSummary {
  name: string;
  title: string;
  description: string;
}

export interface DatasetInfo {
  inputDim: number;
  /** null: regression (numeric label) */
  classes: number | null;
  samples: { train: number; test: number };
  description: string;
  /** CSV: what the label column reads as when the dataset's task is 'auto' */
  guessedTask?: 'classification' | 'regression';
}

export const MENU_COMMANDS = ['new', 'open', 'save', 'save-as', 'export-model', 'undo', 'redo'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

const runId = z.string().min(1).max(64);
const sweepId = z.string().min(1).max(64);
const tabId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'a tab id is letters, digits and dashes');
const path = z.string().min(1).max(4096);

/** How many trained models the trainer keeps for export (its last runs); older runs' weights are gone. */
export const TRAINER_KEEPS_MODELS = 5;
/** How many sweeps' variant models the app keeps (on disk, while it runs) for export and the lesson views. */
export const KEPT_SWEEPS = 3;
/** The most run ids one sweepModels call asks about. */
export const SWEEP_MODELS_ASK = MAX_VARIANTS * KEPT_SWEEPS * 4;

/** Parameter schemas, one per method. */
export const PARAMS = {
  info: z.strictObject({}),
  listPresets: z.strictObject({}),
  getPreset: z.strictObject({ name: z.string().min(1).max(64) }),
  /** Electron: no path → a file dialog. Browser mode: path required (or use parseProject on uploaded text). */
  openProject: z.strictObject({ path: path.optional() }),
  /** no path, or saveAs → a dialog (Electron); browser mode needs a path */
  saveProject: z.strictObject({ project: Project, path: path.optional(), saveAs: z.boolean().optional() }),
  recentProjects: z.strictObject({}),
  /** The per-user run history (contract/history.ts), newest first. */
  listHistory: z.strictObject({}),
  /** Keep a finished run in the per-user history; project: the project's name it was trained in. */
  addHistory: z.strictObject({ run: RunRecord, project: z.string().max(200) }),
  /** Keep a finished sweep (with its variants' runs) in the per-user history. */
  addSweepHistory: z.strictObject({ sweep: SweepRecord, runs: z.array(RunRecord).max(MAX_VARIANTS), project: z.string().max(200) }),
  readHistory: z.strictObject({ id: HistoryId }),
  removeHistory: z.strictObject({ id: HistoryId }),
  /**
   * tab: the window/tab the copy belongs to (browser mode: one copy per tab); liveTabs: tabs still open, whose copies are not offered.
   * runIds: every run of the copy in order, when project.runs holds only the new ones (the rest are those of the tab's last copy).
   */
  writeRecovery: z.strictObject({ project: Project, tab: tabId.optional(), runIds: z.array(RunRecord.shape.id).max(100_000).optional() }),
  readRecovery: z.strictObject({ tab: tabId.optional(), liveTabs: z.array(tabId).max(256).optional() }),
  clearRecovery: z.strictObject({ tab: tabId.optional() }),
  pickDataset: z.strictObject({ kind: z.enum(['idx', 'csv']) }),
  inspectDataset: z.strictObject({ dataset: DatasetSpec }),
  startTraining: z.strictObject({ graph: Graph, training: TrainingConfig }),
  pauseTraining: z.strictObject({ runId }),
  resumeTraining: z.strictObject({ runId }),
  stopTraining: z.strictObject({ runId }),
  /** The run in progress, whichever page started it; the caller hears its events from now on. */
  currentRun: z.strictObject({}),
  /** no dir → a folder dialog (Electron); browser mode needs a dir */
  /** label: the run's name as the run history shows it, written into model.json's metadata (default: the run id) */
  exportModel: z.strictObject({ runId, label: z.string().max(200).optional(), dir: path.optional() }),
  /** Write a runnable PyTorch project for run `runId` (its trained weights) into a folder; no dir → a folder dialog (Electron). */
  exportPytorch: z.strictObject({ runId, label: z.string().max(200), graph: Graph, training: TrainingConfig, dir: path.optional() }),
  /** A JSON-lines run log (an exported train.py's, or gradscope train --json) → a run of the project with this graph. */
  importRunLog: z.strictObject({ name: z.string().min(1).max(255), text: z.string().max(256 * 1024 * 1024), graph: Graph, training: TrainingConfig }),
  /** Save text or base64 bytes (CSV, PNG) through a save dialog (Electron) or to `path`. */
  saveFile: z.strictObject({
    defaultName: z.string().min(1).max(255),
    path: path.optional(),
    text: z
      .string()
      .max(64 * 1024 * 1024)
      .optional(),
    base64: z
      .string()
      .max(64 * 1024 * 1024)
      .optional(),
  }),
  /** Train every variant of a sweep (contract/sweep.ts) on a pool of trainer workers. Every variant is planned and
   * validated first (analysis/sweep-axes planSweep); an axis that does not apply is refused naming it (where.field
   * 'sweep.axes[i]'). Progress and results arrive as AppEvents {type:'sweep'}. One sweep at a time, and not while a
   * single run trains. template: the sweep template it came from (kept in the record). */
  startSweep: z.strictObject({ graph: Graph, training: TrainingConfig, sweep: SweepSpec, template: z.string().max(64).optional() }),
  /** running variants pause after their current step; no new variant starts until resumed */
  pauseSweep: z.strictObject({ sweepId }),
  resumeSweep: z.strictObject({ sweepId }),
  /** running variants stop after their current step (they are kept as 'stopped'); finished variants keep their results */
  stopSweep: z.strictObject({ sweepId }),
  /** The sweep in progress, whichever page started it; the caller hears its events from now on. */
  currentSweep: z.strictObject({}),
  /** Which of these sweep variants' runs have their trained model kept in this session of the app (export, lesson views). */
  sweepModels: z.strictObject({ runIds: z.array(runId).max(SWEEP_MODELS_ASK) }),
  /** Optimizer paths on a 2-D loss surface (lesson view); no methods → all six with their defaults. */
  surfacePaths: z.strictObject({
    fn: z.enum(SURFACE_NAMES),
    from: z.tuple([z.number().finite().min(-1e3).max(1e3), z.number().finite().min(-1e3).max(1e3)]).optional(),
    steps: z.number().int().min(1).max(2000),
    methods: z
      .array(z.strictObject({ optimizer: Optimizer, learningRate: z.number().finite().positive().max(1e3) }))
      .min(1)
      .max(12)
      .optional(),
  }),
  /** Learned activations (lesson view) of a kept run's model (or the run in progress): Maxout units along a line, PReLU/Leaky ReLU/ELU α. */
  activationShapes: z.strictObject({ runId, layer: z.string().min(1).max(64).optional(), direction: z.enum(LINE_DIRECTIONS) }),
  /** The loss along run `runId`'s line from its initial to its trained weights; with compareWith, also on the plane through a second run's trained weights (grid × grid points). */
  lossLandscape: z.strictObject({ runId, compareWith: runId.optional(), grid: z.number().int().min(5).max(41).optional() }),
  /** Dropout as an ensemble (lesson view), measured on run `runId`'s trained model in the trainer. */
  dropoutEnsemble: DropoutEnsembleOptions.extend({ runId }),
} as const;

export type Method = keyof typeof PARAMS;
export type Params<M extends Method> = z.input<(typeof PARAMS)[M]>;

export interface Results {
  info: AppInfo;
  listPresets: PresetSummary[];
  getPreset: Project;
  /** null: the user cancelled */
  openProject: { path: string; project: Project } | null;
  saveProject: { path: string } | null;
  recentProjects: string[];
  listHistory: HistoryEntry[];
  addHistory: HistoryEntry;
  addSweepHistory: HistoryEntry;
  readHistory: HistoryFile;
  removeHistory: null;
  /** missing: runs named in runIds that the copy does not hold; nothing was written, send them */
  writeRecovery: { path: string; missing?: string[] };
  readRecovery: Project | null;
  clearRecovery: null;
  pickDataset: string | null;
  inspectDataset: DatasetInfo;
  startTraining: { runId: string };
  pauseTraining: null;
  resumeTraining: null;
  stopTraining: null;
  currentRun: RunInProgress | null;
  exportModel: { dir: string } | null;
  exportPytorch: { dir: string; files: number } | null;
  importRunLog: RunRecord;
  saveFile: { path: string } | null;
  surfacePaths: SurfaceView;
  /** workers: how many trainer workers run variants side by side */
  startSweep: { sweepId: string; variants: Variant[]; workers: number };
  pauseSweep: null;
  resumeSweep: null;
  stopSweep: null;
  currentSweep: SweepInProgress | null;
  /** the given run ids whose models are kept */
  sweepModels: string[];
  activationShapes: ActivationsView;
  lossLandscape: LandscapeView;
  dropoutEnsemble: DropoutEnsembleView;
}

/** A run that is still going, with every event it sent so far (step records may be thinned, epochs never). */
export interface RunInProgress {
  runId: string;
  state: 'starting' | 'running' | 'paused';
  graph: GraphT;
  training: TrainingConfigT;
  events: TrainerEvent[];
}

/** Every call's answer: a value, or an error as a value (kind: the channel's own failures, such as 'cancelled'). */
export type ApiResult<T> = Result<T>;

export type AppEvent =
  | { type: 'trainer'; event: TrainerEvent }
  /** a sweep's progress, its variants' trainer events (wrapped, tagged with the variant) and its summary */
  | { type: 'sweep'; event: SweepEvent }
  /** path: set by File ▸ Open Recent (command 'open'): open this file without asking */
  | { type: 'menu'; command: MenuCommand; path?: string };

/** What the renderer holds, whichever transport implements it. */
export interface GradscopeApi {
  /** signal: abort it when the answer is no longer wanted; the call then resolves as a 'cancelled' error and the work stops */
  call<M extends Method>(method: M, params: Params<M>, signal?: AbortSignal): Promise<ApiResult<Results[M]>>;
  /** Subscribe to events; returns the unsubscribe function. */
  onEvent(listener: (event: AppEvent) => void): () => void;
}

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(PARAMS, name);
}

/** A frame from a client (WebSocket, IPC): a call, or the cancelling of one. Validated before anything runs. */
export const CallFrame = z.strictObject({
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  params: z.unknown(),
});
export const CancelFrame = z.strictObject({ cancel: z.number().int().nonnegative() });
export type { RequestFrame, ReplyFrame } from './channel';
/** What a client is sent. */
export type AppReplyFrame = ReplyFrame<AppEvent>;
