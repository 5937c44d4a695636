// New / Open / Save / Save As, templates and the recovery copy, over the API. Electron shows its
// own dialogs; browser mode asks for a path in an in-app dialog (or takes an uploaded file).
import { tabIdentity } from './tab-identity';
import type { AppInfo, PresetSummary } from '../../src-main/contract/api';
import { PROJECT_FORMAT, PROJECT_VERSION, parseProject, type Project } from '../../src-main/contract/project';
import { knownStorable, storableRun } from '../training/storable-run';
import type { ApiResult, GradscopeApi } from '../../src-main/contract/api';
import type { SessionState } from '../training/session-state.svelte';
import { defaultTraining } from './defaults';
import type { EditorState } from './editor.svelte';
import type { PathPurpose, UiState } from './ui-state.svelte';
import { layoutGraph } from './layout';
import { failureText } from '../lib/failure-text';
import { sweepRunIds, type SweepState } from '../sweeps/sweep-state.svelte';
import { RecoveryWriter } from './recovery-writer';

const RECOVERY_DEBOUNCE_MS = 1500;

export class ProjectFiles {
  constructor(
    private readonly api: GradscopeApi,
    private readonly editor: EditorState,
    private readonly session: SessionState,
    private readonly ui: UiState,
    private readonly sweeps: SweepState,
  ) {
    this.modeKnown = new Promise((resolve) => (this.settleMode = resolve));
    this.recoveryWriter = new RecoveryWriter(api);
  }

  mode = $state<AppInfo['mode'] | null>(null);
  presets = $state.raw<PresetSummary[]>([]);
  presetsError = $state<string | null>(null);
  /** a recovery copy found at start, offered to the user */
  recovery = $state.raw<Project | null>(null);
  private recoveryTimer: ReturnType<typeof setTimeout> | null = null;
  /** sends the recovery copy, each run once */
  private readonly recoveryWriter: RecoveryWriter;

  /** this window's id for its own recovery copy */
  private tab: string | undefined = undefined;

  /** settles once `init` has asked the app which mode it runs in (a click may come before that) */
  private modeKnown: Promise<void>;
  private settleMode: () => void = () => undefined;

  /** true in browser mode, where file paths are asked in the app's own dialog; waits for the answer */
  private async inBrowser(): Promise<boolean> {
    await this.modeKnown;
    return this.mode === 'browser';
  }

  async init(): Promise<void> {
    try {
      await this.load();
    } finally {
      this.settleMode();
    }
  }

  private async load(): Promise<void> {
    const me = await tabIdentity();
    this.tab = me.tab;
    const [info, presets, recovery] = await Promise.all([
      this.api.call('info', {}),
      this.api.call('listPresets', {}),
      this.api.call('readRecovery', { tab: me.tab, liveTabs: me.liveTabs.slice(0, 256) }),
    ]);
    if (info.ok) this.mode = info.value.mode;
    else this.ui.notifyFailure(info, 'cannot reach the app');
    if (presets.ok) this.presets = presets.value;
    else this.presetsError = failureText(presets);
    if (recovery.ok) {
      if (recovery.value && recovery.value.graph.nodes.length > 0) this.recovery = recovery.value;
    } else this.ui.notifyFailure(recovery);
  }

  /** unsaved graph or setup changes, or runs not yet in the file */
  unsaved = $derived.by(() => this.editor.dirty || this.session.hasUnsavedRuns || this.sweeps.hasUnsaved);

  /**
   * The runs the file can hold (those it cannot are named in a notice), and every one's id in file
   * order. `sent`: runs the recovery copy already holds, named in runIds only (not worked out again).
   */
  private storedRuns(sweeps: { runs: Project['runs']; runIds: string[] }, sent?: ReadonlySet<string>): { runs: Project['runs']; runIds: string[] } {
    const runs: Project['runs'] = [];
    const runIds: string[] = [];
    // a sweep's variant opened as a run is kept once, with its sweep
    const inSweeps = new Set(sweeps.runIds);
    for (const run of this.session.runs) {
      if (inSweeps.has(run.id)) continue;
      if (sent?.has(run.id) && knownStorable(run)) {
        runIds.push(run.id);
        continue;
      }
      const r = storableRun(run);
      if (r.ok) {
        runs.push(r.run);
        runIds.push(run.id);
      } else this.ui.notifyFailure(r, 'not saved');
    }
    return { runs: [...runs, ...sweeps.runs], runIds: [...runIds, ...sweeps.runIds] };
  }

  project(): Project {
    return this.projectWith().project;
  }

  /** The project with only the runs `sent` lacks, and every run's id in order (the recovery copy). */
  private projectWith(sent?: ReadonlySet<string>): { project: Project; runIds: string[] } {
    const sweeps = this.sweeps.stored(sent);
    const { runs, runIds } = this.storedRuns(sweeps, sent);
    const p: Project = {
      format: PROJECT_FORMAT,
      version: PROJECT_VERSION,
      name: this.editor.projectName.trim() === '' ? 'Untitled' : this.editor.projectName.slice(0, 200),
      graph: this.editor.graph,
      layout: this.editor.layout(),
      training: this.editor.training,
      runs,
    };
    if (sweeps.sweeps.length > 0) p.sweeps = sweeps.sweeps;
    if (this.editor.description !== undefined) p.description = this.editor.description;
    return { project: p, runIds };
  }

  private apply(project: Project, path: string | null, saved = true): void {
    this.editor.load(
      { graph: project.graph, layout: project.layout, training: project.training, name: project.name, description: project.description, path },
      saved,
    );
    // a sweep's variants' runs belong to the sweep, not the run history
    const swept = sweepRunIds(project.sweeps ?? []);
    this.session.loadRuns(project.runs.filter((r) => !swept.has(r.id)));
    this.sweeps.load(project.sweeps ?? [], project.runs);
  }

  /** true when there is no unsaved work, or the user agreed to lose it */
  private async mayDiscard(action: string): Promise<boolean> {
    if (!this.unsaved) return true;
    // a sweep's variant opened as a run is counted with its sweep
    const n = this.session.unsavedRunCount(this.sweeps.runIds());
    const runs =
      n === 0
        ? ''
        : ` ${n === 1 ? 'One run is' : `${n} runs are`} not saved in the project; ${n === 1 ? 'it stays' : 'they stay'} in Past runs (below the run history), where you can reopen ${n === 1 ? 'it' : 'them'}.`;
    const k = this.sweeps.unsavedCount;
    const sweeps = k === 0 ? '' : ` ${k === 1 ? 'One sweep is' : `${k} sweeps are`} not saved in the project and will be lost.`;
    return this.ui.confirm(
      'Unsaved changes',
      `“${this.editor.projectName}” has unsaved changes.${runs}${sweeps} ${action} anyway and lose the unsaved changes?`,
      `${action} without saving`,
    );
  }

  async newProject(): Promise<void> {
    if (this.session.active || this.sweeps.active) return this.ui.notify('error', 'stop the training run or sweep before starting a new project');
    if (!(await this.mayDiscard('Start a new project'))) return;
    this.apply(
      {
        format: PROJECT_FORMAT,
        version: PROJECT_VERSION,
        name: 'Untitled',
        graph: { version: 1, nodes: [], edges: [] },
        layout: {},
        training: defaultTraining(),
        runs: [],
      },
      null,
    );
    this.dropRecoveryCopy();
  }

  async open(): Promise<void> {
    if (this.session.active || this.sweeps.active) return this.ui.notify('error', 'stop the training run or sweep before opening another project');
    if (!(await this.mayDiscard('Open another project'))) return;
    if (await this.inBrowser()) return this.askPath('open');
    const r = await this.api.call('openProject', {});
    if (!r.ok) return this.ui.notifyFailure(r);
    if (r.value) this.opened(r.value.project, r.value.path);
  }

  /** File ▸ Open Recent: a known path, still guarded against losing unsaved work. */
  async openRecent(path: string): Promise<void> {
    if (this.session.active || this.sweeps.active) return this.ui.notify('error', 'stop the training run or sweep before opening another project');
    if (!(await this.mayDiscard('Open another project'))) return;
    const error = await this.openPath(path);
    if (error) this.ui.notify('error', error);
  }

  async openPath(path: string): Promise<string | null> {
    const r = await this.api.call('openProject', { path });
    if (!r.ok) return failureText(r);
    if (r.value) this.opened(r.value.project, r.value.path);
    return null;
  }

  /** An uploaded file (browser mode): parsed here, so it has no path to save back to. */
  async openUpload(file: File): Promise<string | null> {
    const text = await file.text();
    const r = parseProject(text, file.name);
    if (!r.ok) return failureText(r);
    this.opened(r.project, null);
    return null;
  }

  private opened(project: Project, path: string | null): void {
    this.apply(project, path);
    void this.clearRecoveryCopy();
    this.ui.notify('info', `opened ${path ?? project.name}`);
  }

  async save(): Promise<boolean> {
    if (this.editor.filePath) return this.saveTo(this.editor.filePath);
    return this.saveAs();
  }

  async saveAs(): Promise<boolean> {
    if (await this.inBrowser()) {
      this.askPath('save');
      return false;
    }
    const r = await this.api.call('saveProject', { project: this.project(), saveAs: true });
    if (!r.ok) {
      this.ui.notifyFailure(r);
      return false;
    }
    if (!r.value) return false;
    this.saved(r.value.path);
    return true;
  }

  /** Save to a path; returns the error text, or null when saved. */
  async saveToPath(path: string): Promise<string | null> {
    const r = await this.api.call('saveProject', { project: this.project(), path });
    if (!r.ok) return failureText(r);
    if (r.value) this.saved(r.value.path);
    return null;
  }

  private async saveTo(path: string): Promise<boolean> {
    const error = await this.saveToPath(path);
    if (error) this.ui.notify('error', error);
    return error === null;
  }

  private saved(path: string): void {
    this.editor.markSaved(path);
    this.session.markRunsSaved();
    this.sweeps.markSaved();
    void this.clearRecoveryCopy();
    this.ui.notify('info', `saved ${path}`);
  }

  async exportModel(): Promise<void> {
    const run = this.session.current;
    if (!run || !run.finishedAt) return this.ui.notify('error', 'train a model first: there is no finished run to export');
    if (await this.inBrowser()) return this.askPath('export');
    const r = await this.api.call('exportModel', { runId: run.id });
    if (!r.ok) this.ui.notifyFailure(r);
    else if (r.value) this.ui.notify('info', `model exported to ${r.value.dir}`);
  }

  async exportTo(dir: string): Promise<string | null> {
    const run = this.session.current;
    if (!run) return 'no run to export';
    const r = await this.api.call('exportModel', { runId: run.id, dir });
    if (!r.ok) return failureText(r);
    if (r.value) this.ui.notify('info', `model exported to ${r.value.dir}`);
    return null;
  }

  private askPath(purpose: PathPurpose): void {
    const name = this.editor.projectName.trim() || 'Untitled';
    const titles: Record<PathPurpose, string> = { open: 'Open project', save: 'Save project as', export: 'Export model to folder' };
    const suggestions: Record<PathPurpose, string> = {
      open: this.editor.filePath ?? '',
      // relative: in the folder Gradscope was started in, one it may write (a home-folder path may not be)
      save: this.editor.filePath ?? `${name.replace(/[^\p{L}\p{N} _.-]+/gu, '') || 'Untitled'}.gradscope.json`,
      export: `gradscope-model-${this.session.current?.id ?? 'run'}`,
    };
    this.ui.pathRequest = { purpose, title: titles[purpose], path: suggestions[purpose], error: null, busy: false };
  }

  async loadPreset(name: string): Promise<void> {
    if (this.session.active || this.sweeps.active) return this.ui.notify('error', 'stop the training run or sweep before loading a template');
    if (!(await this.mayDiscard('Load a template'))) return;
    const r = await this.api.call('getPreset', { name });
    if (!r.ok) return this.ui.notifyFailure(r);
    // a template is a starting point: it has no file and is unsaved until the user saves it
    this.editor.load(
      {
        graph: r.value.graph,
        layout: layoutGraph(r.value.graph, this.ui.canvasSize),
        training: r.value.training,
        name: r.value.name,
        description: r.value.description,
        path: null,
      },
      true,
    );
    this.session.loadRuns([]);
    this.sweeps.load([], []);
    this.dropRecoveryCopy();
  }

  // ---- recovery ------------------------------------------------------------------------------

  /** Debounced write of the recovery copy while there are unsaved changes. */
  scheduleRecovery(): void {
    if (this.recovery) return; // do not overwrite a copy the user has not decided about yet
    if (this.recoveryTimer) clearTimeout(this.recoveryTimer);
    if (!this.unsaved) return;
    this.recoveryTimer = setTimeout(() => {
      this.recoveryTimer = null;
      if (!this.unsaved) return;
      void this.recoveryWriter
        .write((sent) => this.projectWith(sent), this.tab)
        .then((r) => {
          if (!r.ok) this.ui.notifyFailure(r);
        });
    }, RECOVERY_DEBOUNCE_MS);
  }

  /** The service was given this finished run elsewhere (the run history kept it): the recovery copy names it instead of sending it again. */
  runKept(runId: string): void {
    this.recoveryWriter.offer(runId);
  }

  /**
   * The user chose to throw their unsaved work away (New, a template): its recovery copy goes too, or the
   * next start would offer to restore work they already discarded. A copy still awaiting the user's
   * decision (the banner) is left alone.
   */
  private dropRecoveryCopy(): void {
    if (this.recovery) return;
    if (this.recoveryTimer) clearTimeout(this.recoveryTimer);
    this.recoveryTimer = null;
    void this.clearRecoveryCopy().then((r) => {
      if (!r.ok) this.ui.notifyFailure(r);
    });
  }

  private clearRecoveryCopy(): Promise<ApiResult<null>> {
    this.recoveryWriter.forget();
    return this.api.call('clearRecovery', this.tab ? { tab: this.tab } : {});
  }

  restoreRecovery(): void {
    const p = this.recovery;
    if (!p) return;
    this.recovery = null;
    this.apply(p, null, false);
    this.ui.notify('info', 'restored your unsaved work; save it to keep it');
  }

  async discardRecovery(): Promise<void> {
    this.recovery = null;
    const r = await this.clearRecoveryCopy();
    if (!r.ok) this.ui.notifyFailure(r);
  }
}
