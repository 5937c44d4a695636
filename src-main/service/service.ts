// The main-side service: every API method of the contract, over adapters for the trainer, the data
// dir and the dialogs. Electron's IPC and browser mode's WebSocket both call `handleCall`; they add
// no logic of their own. Methods return ApiResult values and never throw to the transport.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ApiResult, AppEvent, AppInfo, DatasetInfo, PresetSummary, Results } from '../contract/api';
import type { DatasetSpec, TrainingConfig } from '../contract/training';
import type { Graph } from '../contract/graph';
import { planSweep } from '../analysis/sweep-axes';
import { splitCounts } from '../data/split-counts';
import { SweepRelay, sweepModelsDir } from './sweep-relay';
import type { Project } from '../contract/project';
import { checkGraph, checkTraining, setupProblems } from '../contract/validate';
import { estimateMemory, memoryBudget, memoryProblem } from '../contract/memory';
import { MNIST_INFO } from '../data/mnist';
import { syntheticClasses } from '../data/synthetic';
import type { TrainerHost, TrainerHostOptions } from '../trainer/host';
import { sweepTempFiles, writeFileAtomic } from '../export/atomic';
import type { ClientSession } from './client-session';
import { accessProblem, addRoot, type AccessRoots } from './access';
import { checkSaveFile } from './save-kinds';
import { realTarget } from './real-path';
import { NO_DIALOGS_ERROR, PROJECT_FILTERS, type Dialogs } from './dialogs';
import { dispatch, type Handlers, type ParsedParams } from './dispatch';
import { filtersFor, isBase64, userPath } from './paths';
import { loadProject, storeProject } from './project-io';
import { RecentList } from './recent';
import { RecoveryStore } from './recovery-store';
import { HistoryStore } from './history-store';
import { fail, failureOf, fileError, invalid, messageOf, ok } from './result';
import { TrainerRelay } from './trainer-relay';
import { exportRunAsPytorch } from './pytorch-export';
import { runFromLog } from '../analysis/run-log';

export interface Presets {
  list(): PresetSummary[] | Promise<PresetSummary[]>;
  /** the preset's project; throws or returns null when there is no such preset */
  get(name: string): Project | null | Promise<Project | null>;
}

export interface ServiceOptions {
  mode: AppInfo['mode'];
  version: string;
  /** recovery copy and recent list live here */
  dataDir: string;
  /** called the first time training starts, and again after the trainer process died */
  /** a trainer host; options.threads: its OpenBLAS threads (a sweep's pool asks for 1 per trainer) */
  createTrainer: (options?: TrainerHostOptions) => TrainerHost;
  /** null in browser mode: methods that need a path must then be given one */
  dialogs: Dialogs | null;
  presets: Presets;
  inspectDataset: (spec: DatasetSpec) => Promise<DatasetInfo>;
  /** how long to wait for the trainer to answer an export (ms) */
  replyTimeoutMs?: number;
  /** told whenever the recent list changes (Electron rebuilds its Open Recent menu) */
  onRecentChanged?: (recent: string[]) => void;
  /** folders the user gave on the command line; besides them and the data dir, only the open project's
   * folder, dialog picks and recent files may be read or written */
  folders?: string[];
  /** the largest estimated training memory accepted (bytes); default GRADSCOPE_MEMORY_BUDGET_MB or 1.5 GiB */
  memoryBudgetBytes?: number;
  /** trainer workers a sweep runs on when its spec does not say (default: the number of cores) */
  sweepWorkers?: number;
}

type P<M extends keyof Results> = ParsedParams<M>;
type R<M extends keyof Results> = Promise<ApiResult<Results[M]>>;

export class GradscopeService implements Handlers {
  private readonly listeners = new Set<(event: AppEvent) => void>();
  private readonly recent: RecentList;
  private readonly trainer: TrainerRelay;
  private readonly sweeps: SweepRelay;
  readonly recoveryFile: string;
  private readonly recovery: RecoveryStore;
  private readonly history: HistoryStore;
  private readonly roots: { folders: string[]; files: string[] } = { folders: [], files: [] };
  private readonly rootsReady: Promise<void>;
  /** temp files a crash left behind, removed at start (resolves to what was removed) */
  readonly swept: Promise<string[]>;

  constructor(private readonly opts: ServiceOptions) {
    this.recent = new RecentList(opts.dataDir);
    this.recoveryFile = join(opts.dataDir, 'recovery.gradscope.json');
    this.recovery = new RecoveryStore(opts.dataDir);
    this.history = new HistoryStore(opts.dataDir);
    this.trainer = new TrainerRelay(
      () => opts.createTrainer(),
      (event) => this.emit({ type: 'trainer', event }),
      opts.replyTimeoutMs,
      // sweep variants' models: their workers kept them on disk; the trainer loads one when a view asks
      { modelDir: (runId) => this.sweeps.modelDir(runId), modelGone: (runId) => this.sweeps.modelGone(runId) },
    );
    this.sweeps = new SweepRelay(
      (options) => opts.createTrainer(options),
      (event) => this.emit({ type: 'sweep', event }),
      opts.sweepWorkers,
      sweepModelsDir(opts.dataDir),
    );
    this.rootsReady = (async () => {
      await mkdir(opts.dataDir, { recursive: true }).catch(() => undefined);
      for (const f of [opts.dataDir, ...(opts.folders ?? [])]) addRoot(this.roots.folders, await realTarget(userPath(f)));
    })();
    this.swept = this.rootsReady.then(async () => {
      const dirs = new Set([...this.roots.folders, ...(await this.recent.list()).map((f) => dirname(f))]);
      const removed: string[] = [];
      for (const d of dirs) removed.push(...(await sweepTempFiles(d)));
      return removed;
    });
  }

  /** The folders and files the API may use now. */
  async allowed(): Promise<AccessRoots> {
    await this.rootsReady;
    const recent = await this.recent.list();
    const files = [...this.roots.files];
    for (const f of recent) addRoot(files, await realTarget(f));
    return { folders: [...this.roots.folders], files };
  }

  /** The path to use for `given` if policy allows it, else the refusal naming it. */
  private async guard(given: string): Promise<ApiResult<string>> {
    const real = await realTarget(given);
    const problem = accessProblem(this.opts.mode, await this.allowed(), real, given);
    return problem ? fail(problem) : ok(given);
  }

  /** A dataset's file or folder must be allowed too: the trainer reads it. */
  private async guardDataset(dataset: DatasetSpec): Promise<ApiResult<null>> {
    const p = dataset.kind === 'csv' ? dataset.file : dataset.kind === 'idx' ? dataset.dir : null;
    if (p === null) return ok(null);
    const r = await this.guard(userPath(p));
    return r.ok ? ok(null) : r;
  }

  /** One client's view (browser mode): its calls, and the events of the runs it started or joined. */
  openSession(): ClientSession {
    const runs = new Set<string>();
    const sweeps = new Set<string>();
    const offs = new Set<() => void>();
    return {
      handleCall: async (method, params, signal) => {
        const r = await this.handleCall(method, params, signal);
        if (r.ok && (method === 'startTraining' || method === 'currentRun')) {
          const runId = (r.value as { runId?: unknown } | null)?.runId;
          if (typeof runId === 'string') runs.add(runId);
        }
        if (r.ok && (method === 'startSweep' || method === 'currentSweep')) {
          const sweepId = (r.value as { sweepId?: unknown } | null)?.sweepId;
          if (typeof sweepId === 'string') sweeps.add(sweepId);
        }
        return r;
      },
      onEvent: (listener) => {
        const off = this.onEvent((e) => {
          if (e.type === 'trainer' ? runs.has(e.event.runId) : e.type === 'sweep' ? sweeps.has(e.event.sweepId) : true) listener(e);
        });
        offs.add(off);
        return () => {
          off();
          offs.delete(off);
        };
      },
      close: () => {
        for (const off of offs) off();
        offs.clear();
        runs.clear();
        sweeps.clear();
      },
    };
  }

  /** Validate and run one API call. Transports call only this. */
  readonly handleCall = (method: unknown, params: unknown, signal?: AbortSignal): Promise<ApiResult<unknown>> => dispatch(this, method, params, signal);

  /** Subscribe to AppEvents (trainer events, menu commands); returns the unsubscribe function. */
  onEvent(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AppEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        // one broken transport must not stop the others
      }
    }
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
    await this.sweeps.dispose();
    await this.trainer.dispose();
  }

  async info(_: P<'info'>): R<'info'> {
    return ok({ mode: this.opts.mode, version: this.opts.version, platform: process.platform });
  }

  async listPresets(_: P<'listPresets'>): R<'listPresets'> {
    try {
      return ok(await this.opts.presets.list());
    } catch (e) {
      return fail(`cannot list presets: ${messageOf(e)}`);
    }
  }

  async getPreset({ name }: P<'getPreset'>): R<'getPreset'> {
    try {
      const project = await this.opts.presets.get(name);
      return project ? ok(project) : fail(`no preset named "${name}"`);
    } catch (e) {
      return fail(`preset "${name}": ${messageOf(e)}`);
    }
  }

  async openProject({ path }: P<'openProject'>): R<'openProject'> {
    const chosen = await this.pathOr(path, (d) => d.openFile({ title: 'Open project', filters: PROJECT_FILTERS }));
    if (!chosen.ok || chosen.value === null) return chosen as ApiResult<null>;
    const file = chosen.value;
    const allowed = await this.guard(file);
    if (!allowed.ok) return allowed;
    const loaded = await loadProject(file);
    if (!loaded.ok) return loaded;
    await this.remember(file);
    return ok({ path: file, project: loaded.value });
  }

  async saveProject({ project, path, saveAs }: P<'saveProject'>): R<'saveProject'> {
    const given = saveAs ? undefined : path;
    const chosen = await this.pathOr(given, (d) =>
      d.saveFile({ title: 'Save project', defaultName: `${safeName(project.name)}.gradscope.json`, filters: PROJECT_FILTERS }),
    );
    if (!chosen.ok || chosen.value === null) return chosen as ApiResult<null>;
    const file = chosen.value;
    if (!/\.json$/i.test(file)) return fail(`not saved: ${file}: a project file's name ends in .gradscope.json`);
    const allowed = await this.guard(file);
    if (!allowed.ok) return allowed;
    const stored = await storeProject(file, project);
    if (!stored.ok) return stored;
    await this.remember(file);
    return ok({ path: file });
  }

  async recentProjects(_: P<'recentProjects'>): R<'recentProjects'> {
    return ok(await this.recent.list());
  }

  async listHistory(_: P<'listHistory'>): R<'listHistory'> {
    return this.history.list();
  }

  async addHistory({ run, project }: P<'addHistory'>): R<'addHistory'> {
    const r = await this.history.addRun(run, project);
    // the recovery copy written next names the run instead of carrying it again
    if (r.ok) this.recovery.offer(run);
    return r;
  }

  async addSweepHistory({ sweep, runs, project }: P<'addSweepHistory'>): R<'addSweepHistory'> {
    return this.history.addSweep(sweep, runs, project);
  }

  async readHistory({ id }: P<'readHistory'>): R<'readHistory'> {
    return this.history.read(id);
  }

  async removeHistory({ id }: P<'removeHistory'>): R<'removeHistory'> {
    return this.history.remove(id);
  }

  async writeRecovery({ project, tab, runIds }: P<'writeRecovery'>): R<'writeRecovery'> {
    return this.recovery.write(project, tab, runIds);
  }

  async readRecovery({ tab, liveTabs }: P<'readRecovery'>): R<'readRecovery'> {
    return this.recovery.read(tab, liveTabs);
  }

  async clearRecovery({ tab }: P<'clearRecovery'>): R<'clearRecovery'> {
    return this.recovery.clear(tab);
  }

  async pickDataset({ kind }: P<'pickDataset'>): R<'pickDataset'> {
    const d = this.opts.dialogs;
    if (!d) return fail(NO_DIALOGS_ERROR);
    const picked =
      kind === 'idx'
        ? await d.openDirectory({ title: 'Choose a folder of IDX files (MNIST layout)' })
        : await d.openFile({ title: 'Choose a CSV file', filters: [{ name: 'CSV', extensions: ['csv'] }] });
    if (picked !== null) await this.permit(picked, kind === 'idx' ? 'folder' : 'file');
    return ok(picked);
  }

  async inspectDataset({ dataset }: P<'inspectDataset'>): R<'inspectDataset'> {
    const allowed = await this.guardDataset(dataset);
    if (!allowed.ok) return allowed;
    try {
      return ok(await this.opts.inspectDataset(dataset));
    } catch (e) {
      return failureOf(e);
    }
  }

  async startTraining({ graph, training }: P<'startTraining'>): R<'startTraining'> {
    const problems = setupMessages(graph, training);
    if (problems) return fail(`cannot train: ${problems}`);
    const sweep = this.sweeps.busy;
    if (sweep) return fail(`cannot train while sweep ${sweep} is running; stop it first`);
    const allowed = await this.guardDataset(training.dataset);
    if (!allowed.ok) return fail(`cannot train: ${allowed.error}`);
    // where the dataset's shape is known without reading it, refuse a model too big to train now;
    // the trainer checks every dataset again once it is loaded
    const io = knownShape(training.dataset);
    const estimate = io && estimateMemory(graph, io, training);
    const tooBig = estimate && memoryProblem(estimate, this.budget(), training.batchSize);
    if (tooBig) return fail(`cannot train: ${tooBig}`);
    return this.trainer.start(graph, training);
  }

  private budget(): number {
    return this.opts.memoryBudgetBytes ?? memoryBudget(process.env);
  }

  async currentRun(_: P<'currentRun'>): R<'currentRun'> {
    return ok(this.trainer.current());
  }

  async pauseTraining({ runId }: P<'pauseTraining'>): R<'pauseTraining'> {
    return this.trainer.control('pause', runId);
  }

  async resumeTraining({ runId }: P<'resumeTraining'>): R<'resumeTraining'> {
    return this.trainer.control('resume', runId);
  }

  async stopTraining({ runId }: P<'stopTraining'>): R<'stopTraining'> {
    return this.trainer.control('stop', runId);
  }

  async exportModel({ runId, label, dir }: P<'exportModel'>): R<'exportModel'> {
    const chosen = await this.pathOr(dir, (d) => d.openDirectory({ title: 'Export the model into this folder' }), 'folder');
    if (!chosen.ok || chosen.value === null) return chosen as ApiResult<null>;
    const target = chosen.value;
    const allowed = await this.guard(target);
    if (!allowed.ok) return allowed;
    const reply = await this.trainer.exportModel(runId, target, label);
    return reply.ok ? ok({ dir: target }) : reply;
  }

  async exportPytorch({ runId, label, graph, training, dir }: P<'exportPytorch'>): R<'exportPytorch'> {
    const chosen = await this.pathOr(dir, (d) => d.openDirectory({ title: 'Export a PyTorch project into this folder' }), 'folder');
    if (!chosen.ok || chosen.value === null) return chosen as ApiResult<null>;
    const allowed = await this.guard(chosen.value);
    if (!allowed.ok) return allowed;
    const data = await this.guardDataset(training.dataset); // its data is copied into the project
    if (!data.ok) return data;
    return exportRunAsPytorch(this.trainer, { runId, label, graph, training, dir: chosen.value });
  }

  async importRunLog({ name, text, graph, training }: P<'importRunLog'>): R<'importRunLog'> {
    const label = `${name.replace(/\.jsonl?$/i, '')} (imported)`;
    const r = runFromLog(text, { graph, training }, name, label);
    return r.ok ? ok(r.run) : fail(r.error);
  }

  async saveFile({ defaultName, path, text, base64 }: P<'saveFile'>): R<'saveFile'> {
    if ((text === undefined) === (base64 === undefined)) return fail('saveFile: give exactly one of text or base64');
    if (base64 !== undefined && !isBase64(base64)) return fail('saveFile: base64 is not valid base64 data');
    const chosen = await this.pathOr(path, (d) => d.saveFile({ title: 'Save file', defaultName, filters: filtersFor(defaultName) }));
    if (!chosen.ok || chosen.value === null) return chosen as ApiResult<null>;
    const file = chosen.value;
    const allowed = await this.guard(file);
    if (!allowed.ok) return allowed;
    const kind = await checkSaveFile(file, await realTarget(file), text !== undefined ? 'text' : 'base64', base64);
    if (kind !== null) return fail(kind);
    try {
      await writeFileAtomic(file, text !== undefined ? text : Buffer.from(base64 ?? '', 'base64'));
    } catch (e) {
      return fail(fileError('save', file, e));
    }
    return ok({ path: file });
  }

  /** Plan and check every variant (refused naming the axis), then train them on a pool of trainer workers. */
  async startSweep({ graph, training, sweep, template }: P<'startSweep'>): R<'startSweep'> {
    const problems = setupMessages(graph, training);
    if (problems) return invalid(`cannot sweep: ${problems}`);
    if (this.trainer.current()) return fail('cannot sweep while a run is training; stop it first');
    const allowed = await this.guardDataset(training.dataset);
    if (!allowed.ok) return fail(`cannot sweep: ${allowed.error}`);
    const io = knownShape(training.dataset);
    const plan = planSweep(graph, training, sweep, { ...(io ? { io } : {}), trainCount: knownTrainCount(training) });
    if (!plan.ok) return invalid(`cannot sweep: ${plan.error}`, plan.field);
    for (const v of io ? plan.variants : []) {
      const estimate = estimateMemory(v.graph, io!, v.training);
      const tooBig = estimate && memoryProblem(estimate, this.budget(), v.training.batchSize);
      if (tooBig) return fail(`cannot sweep: variant ${v.label}: ${tooBig}`);
    }
    return this.sweeps.start(graph, training, sweep, plan.variants, template);
  }

  async pauseSweep({ sweepId }: P<'pauseSweep'>): R<'pauseSweep'> {
    return this.sweeps.control('pause', sweepId);
  }

  async resumeSweep({ sweepId }: P<'resumeSweep'>): R<'resumeSweep'> {
    return this.sweeps.control('resume', sweepId);
  }

  async stopSweep({ sweepId }: P<'stopSweep'>): R<'stopSweep'> {
    return this.sweeps.control('stop', sweepId);
  }

  async currentSweep(_: P<'currentSweep'>): R<'currentSweep'> {
    return ok(this.sweeps.inProgress());
  }

  async sweepModels({ runIds }: P<'sweepModels'>): R<'sweepModels'> {
    return ok(runIds.filter((id) => this.sweeps.modelDir(id) !== null));
  }

  /** Computed in the trainer worker; a new request (the user clicked another start point) cancels this one there. */
  surfacePaths(params: P<'surfacePaths'>, signal: AbortSignal): R<'surfacePaths'> {
    return this.trainer.surface(params, signal);
  }

  /** Computed in the trainer worker on the run's kept model (or the run in progress). */
  activationShapes(params: P<'activationShapes'>, signal: AbortSignal): R<'activationShapes'> {
    return this.trainer.runView('activations', params, signal) as R<'activationShapes'>;
  }

  /** Computed in the trainer worker on the runs' kept models and paths; a newer request cancels this one there. */
  lossLandscape(params: P<'lossLandscape'>, signal: AbortSignal): R<'lossLandscape'> {
    return this.trainer.runView('landscape', params, signal) as R<'lossLandscape'>;
  }

  /** Measured in the trainer worker on the run's kept model; closing the view cancels it there. */
  dropoutEnsemble(params: P<'dropoutEnsemble'>, signal: AbortSignal): R<'dropoutEnsemble'> {
    return this.trainer.dropoutEnsemble(params, signal);
  }

  /** The given path (resolved), else ask the dialog; browser mode without a path is an error. */
  private async pathOr(
    given: string | undefined,
    ask: (d: Dialogs) => Promise<string | null>,
    picks: 'file' | 'folder' = 'file',
  ): Promise<ApiResult<string | null>> {
    if (given !== undefined) return ok(userPath(given));
    const d = this.opts.dialogs;
    if (!d) return fail(NO_DIALOGS_ERROR);
    const picked = await ask(d);
    if (picked === null) return ok(null);
    await this.permit(picked, picks);
    return ok(userPath(picked));
  }

  /** A path the user chose in a native dialog may be used from now on. */
  private async permit(p: string, kind: 'file' | 'folder'): Promise<void> {
    await this.rootsReady;
    addRoot(kind === 'file' ? this.roots.files : this.roots.folders, await realTarget(userPath(p)));
  }

  private async remember(file: string): Promise<void> {
    // the open project's folder is one the user works in
    addRoot(this.roots.folders, dirname(await realTarget(file)));
    try {
      const list = await this.recent.add(file);
      this.opts.onRecentChanged?.(list);
    } catch {
      // the recent list is a convenience; failing to update it must not fail the open or save
    }
  }
}

/** What is wrong with a graph and training setup, at most five problems in one line; null when nothing is. */
function setupMessages(graph: Graph, training: TrainingConfig): string | null {
  const g = checkGraph(graph);
  const t = checkTraining(training);
  const joint = g.graph && t.ok ? setupProblems(g.graph, t.config) : [];
  const problems = [...g.problems, ...t.problems, ...joint].map((p) => p.message);
  if (problems.length === 0) return null;
  const more = problems.length > 5 ? `; …and ${problems.length - 5} more` : '';
  return `${problems.slice(0, 5).join('; ')}${more}`;
}

/** The training split's size where it is known without reading the data. */
function knownTrainCount(t: TrainingConfig): number | null {
  const d = t.dataset;
  const n = d.kind === 'mnist' ? (d.limit ?? MNIST_INFO.samples) : d.kind === 'synthetic' ? d.samples : null;
  return n === null ? null : splitCounts(n, null, t.validationSplit, t.testSplit).train;
}

/** The input width and classes of datasets whose shape is fixed, without reading them. */
function knownShape(d: DatasetSpec): { inputDim: number; classes: number | null } | null {
  if (d.kind === 'mnist') return { inputDim: MNIST_INFO.inputDim, classes: MNIST_INFO.classes };
  if (d.kind === 'synthetic') {
    const classes = syntheticClasses(d);
    return { inputDim: classes === null ? 1 : 2, classes };
  }
  return null;
}

function safeName(name: string): string {
  const s = name.replace(/[^\p{L}\p{N} _.-]+/gu, '').trim();
  return s === '' ? 'Untitled' : s.slice(0, 80);
}
