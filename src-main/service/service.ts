// The main-side service: every API method of the contract, over adapters for the trainer, the data
// dir and the dialogs. Electron's IPC and browser mode's WebSocket both call `handleCall`; they add
// no logic of their own. Methods return ApiResult values and never throw to the transport.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiResult, AppEvent, AppInfo, DatasetInfo, PresetSummary, Results } from '../contract/api';
import type { DatasetSpec } from '../contract/training';
import type { Project } from '../contract/project';
import { checkGraph, checkTraining, setupProblems } from '../contract/validate';
import type { TrainerHost } from '../trainer/host';
import { writeFileAtomic } from '../export/atomic';
import { NO_DIALOGS_ERROR, PROJECT_FILTERS, type Dialogs } from './dialogs';
import { dispatch, type Handlers, type ParsedParams } from './dispatch';
import { filtersFor, isBase64, userPath } from './paths';
import { loadProject, storeProject } from './project-io';
import { RecentList } from './recent';
import { RecoveryStore } from './recovery-store';
import { fail, fileError, messageOf, ok } from './result';
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
  createTrainer: () => TrainerHost;
  /** null in browser mode: methods that need a path must then be given one */
  dialogs: Dialogs | null;
  presets: Presets;
  inspectDataset: (spec: DatasetSpec) => Promise<DatasetInfo>;
  /** how long to wait for the trainer to answer an export (ms) */
  replyTimeoutMs?: number;
  /** told whenever the recent list changes (Electron rebuilds its Open Recent menu) */
  onRecentChanged?: (recent: string[]) => void;
}

type P<M extends keyof Results> = ParsedParams<M>;
type R<M extends keyof Results> = Promise<ApiResult<Results[M]>>;

export class GradscopeService implements Handlers {
  private readonly listeners = new Set<(event: AppEvent) => void>();
  private readonly recent: RecentList;
  private readonly trainer: TrainerRelay;
  readonly recoveryFile: string;
  private readonly recovery: RecoveryStore;

  constructor(private readonly opts: ServiceOptions) {
    this.recent = new RecentList(opts.dataDir);
    this.recoveryFile = join(opts.dataDir, 'recovery.gradscope.json');
    this.recovery = new RecoveryStore(opts.dataDir);
    this.trainer = new TrainerRelay(opts.createTrainer, (event) => this.emit({ type: 'trainer', event }), opts.replyTimeoutMs);
  }

  /** Validate and run one API call. Transports call only this. */
  readonly handleCall = (method: unknown, params: unknown): Promise<ApiResult<unknown>> => dispatch(this, method, params);

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
    const stored = await storeProject(file, project);
    if (!stored.ok) return stored;
    await this.remember(file);
    return ok({ path: file });
  }

  async recentProjects(_: P<'recentProjects'>): R<'recentProjects'> {
    return ok(await this.recent.list());
  }

  async writeRecovery({ project, tab }: P<'writeRecovery'>): R<'writeRecovery'> {
    return this.recovery.write(project, tab);
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
    return ok(
      kind === 'idx'
        ? await d.openDirectory({ title: 'Choose a folder of IDX files (MNIST layout)' })
        : await d.openFile({ title: 'Choose a CSV file', filters: [{ name: 'CSV', extensions: ['csv'] }] }),
    );
  }

  async inspectDataset({ dataset }: P<'inspectDataset'>): R<'inspectDataset'> {
    try {
      return ok(await this.opts.inspectDataset(dataset));
    } catch (e) {
      return fail(messageOf(e));
    }
  }

  async startTraining({ graph, training }: P<'startTraining'>): R<'startTraining'> {
    const g = checkGraph(graph);
    const t = checkTraining(training);
    const joint = g.graph && t.ok ? setupProblems(g.graph, t.config) : [];
    const problems = [...g.problems, ...t.problems, ...joint].map((p) => p.message);
    if (problems.length > 0) {
      const more = problems.length > 5 ? `; …and ${problems.length - 5} more` : '';
      return fail(`cannot train: ${problems.slice(0, 5).join('; ')}${more}`);
    }
    return this.trainer.start(graph, training);
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

  async exportModel({ runId, dir }: P<'exportModel'>): R<'exportModel'> {
    const chosen = await this.pathOr(dir, (d) => d.openDirectory({ title: 'Export the model into this folder' }));
    if (!chosen.ok || chosen.value === null) return chosen as ApiResult<null>;
    const target = chosen.value;
    const reply = await this.trainer.exportModel(runId, target);
    return reply.ok ? ok({ dir: target }) : reply;
  }

  async exportPytorch({ runId, label, graph, training, dir }: P<'exportPytorch'>): R<'exportPytorch'> {
    const chosen = await this.pathOr(dir, (d) => d.openDirectory({ title: 'Export a PyTorch project into this folder' }));
    if (!chosen.ok || chosen.value === null) return chosen as ApiResult<null>;
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
    const isDir = await stat(file).then((s) => s.isDirectory(), () => false);
    if (isDir) return fail(`cannot save ${file}: it is a folder; give a file name`);
    try {
      await writeFileAtomic(file, text !== undefined ? text : Buffer.from(base64 ?? '', 'base64'));
    } catch (e) {
      return fail(fileError('save', file, e));
    }
    return ok({ path: file });
  }

  /** The given path (resolved), else ask the dialog; browser mode without a path is an error. */
  private async pathOr(given: string | undefined, ask: (d: Dialogs) => Promise<string | null>): Promise<ApiResult<string | null>> {
    if (given !== undefined) return ok(userPath(given));
    const d = this.opts.dialogs;
    if (!d) return fail(NO_DIALOGS_ERROR);
    const picked = await ask(d);
    return ok(picked === null ? null : userPath(picked));
  }

  private async remember(file: string): Promise<void> {
    try {
      const list = await this.recent.add(file);
      this.opts.onRecentChanged?.(list);
    } catch {
      // the recent list is a convenience; failing to update it must not fail the open or save
    }
  }
}

function safeName(name: string): string {
  const s = name.replace(/[^\p{L}\p{N} _.-]+/gu, '').trim();
  return s === '' ? 'Untitled' : s.slice(0, 80);
}
