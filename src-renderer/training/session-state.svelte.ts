// The training session: starts runs through the API, folds the trainer's events into the current
// RunRecord and keeps the run history. The singleton lives in session.svelte.ts; the class takes the
// API so tests can drive it with a fake one.
import type { GradscopeApi, RunInProgress } from '../../src-main/contract/api';
import type { Graph } from '../../src-main/contract/graph';
import type { TrainingConfig } from '../../src-main/contract/training';
import type { RunRecord } from '../../src-main/contract/project';
import type { TrainerEvent } from '../../src-main/contract/events';
import { applyEvent, forStorage, newRun } from '../../src-main/analysis/run-record';
import { progressOf, type RunShape } from './progress';
import { failureText } from '../lib/failure-text';
import { weightsExportBlock, type RunOrigin } from './export-availability';

export type SessionStatus = 'idle' | 'starting' | 'running' | 'paused' | 'finished' | 'error';

export type TrainingApi = Pick<GradscopeApi, 'call'>;

/** How many recent steps the node sparklines show. */
export const SPARK_STEPS = 80;

const REASON_TEXT: Record<NonNullable<RunRecord['reason']>, string> = {
  completed: 'finished',
  stopped: 'stopped',
  early_stopped: 'stopped early',
  diverged: 'diverged',
  error: 'failed',
};

/** How often the views see a live run's steps and epochs at most: every view redraws when it changes. */
export const LIVE_PUBLISH_MS = 100;

export class SessionState {
  status = $state<SessionStatus>('idle');
  /** the run the views show; while a run streams, its newest record at most every `publishEveryMs` */
  current = $state.raw<RunRecord | null>(null);
  runs = $state.raw<RunRecord[]>([]);
  shape = $state.raw<(RunShape & { samples: { train: number; val: number; test: number }; classes: number | null }) | null>(null);
  /** what went wrong, in words (start refused, diverged, trainer error) */
  error = $state<string | null>(null);
  /** seconds of active (unpaused) training, updated with each event */
  activeSeconds = $state(0);

  /** ids of the runs that are in the project file as last opened or saved */
  private savedRunIds = $state.raw<ReadonlySet<string>>(new Set());
  /** runs started in this session, oldest first (the trainer holds the weights of the last few) */
  private trainedRunIds = $state.raw<readonly string[]>([]);
  /** runs added from a log */
  private importedRunIds = $state.raw<ReadonlySet<string>>(new Set());
  private buffered: TrainerEvent[] = [];
  private runningSince: number | null = null;
  private accumulated = 0;
  /** the newest record of the current run (`current` catches up with it when published) */
  private live: RunRecord | null = null;
  private publishTimer: ReturnType<typeof setTimeout> | null = null;
  private lastPublished = -Infinity;

  /** told of each run this session trained once it ends, and of each imported run (the app keeps them in the per-user history) */
  onRunEnded: ((run: RunRecord) => void) | null = null;

  /**
   * `publishEveryMs` (the app: LIVE_PUBLISH_MS): step and epoch events fold into the run at once but
   * reach `current` at most that often, so the views' work per second does not follow the trainer's
   * message rate; every other event (started, finished, paused, errors) is shown at once. 0: every event.
   */
  constructor(
    private readonly api: TrainingApi,
    private readonly now: () => number = () => Date.now(),
    private readonly publishEveryMs = 0,
  ) {}

  /** Show this record now (and forget a publication that was waiting). */
  private show(run: RunRecord | null): void {
    this.live = run;
    if (this.publishTimer !== null) clearTimeout(this.publishTimer);
    this.publishTimer = null;
    this.lastPublished = this.now();
    this.current = run;
  }

  /** The live record reaches `current` now, or when `publishEveryMs` has passed since it last did. */
  private showSoon(run: RunRecord): void {
    this.live = run;
    if (this.publishTimer !== null) return;
    const wait = this.lastPublished + this.publishEveryMs - this.now();
    if (this.publishEveryMs <= 0 || wait <= 0) {
      this.show(run);
      return;
    }
    this.publishTimer = setTimeout(() => {
      this.publishTimer = null;
      this.tick();
      this.show(this.live);
    }, wait);
  }

  progress = $derived(progressOf(this.current, this.shape, this.activeSeconds));
  active = $derived(this.status === 'starting' || this.status === 'running' || this.status === 'paused');
  latestEpoch = $derived(this.current?.epochs.at(-1) ?? null);

  /** finished runs the project file does not have yet */
  hasUnsavedRuns = $derived(this.runs.some((r) => !this.savedRunIds.has(r.id)));

  /** One line saying how the latest run ended. */
  outcome = $derived.by(() => {
    const r = this.current;
    if (!r || !r.reason) return null;
    const base = `Run ${REASON_TEXT[r.reason]}`;
    return r.message ? `${base}: ${r.message}` : base;
  });

  async start(graph: Graph, training: TrainingConfig): Promise<void> {
    if (this.active) return;
    this.status = 'starting';
    this.error = null;
    this.shape = null;
    this.buffered = [];
    this.accumulated = 0;
    this.activeSeconds = 0;
    this.runningSince = null;
    const r = await this.api.call('startTraining', { graph, training });
    if (!r.ok) {
      this.status = 'error';
      this.error = failureText(r);
      return;
    }
    this.show(newRun(r.value.runId, graph, training, this.labelFor(graph, training), new Date(this.now())));
    this.trainedRunIds = [...this.trainedRunIds, r.value.runId];
    this.status = 'running';
    this.runningSince = this.now();
    const early = this.buffered.filter((e) => e.runId === r.value.runId);
    this.buffered = [];
    for (const e of early) this.handle(e);
  }

  /**
   * Follow a run this page did not start (the page was reloaded, or reconnected, mid-run): it becomes
   * the current run, its events so far are replayed, and Pause, Resume and Stop act on it.
   */
  adopt(run: RunInProgress): void {
    if (this.current?.id === run.runId && this.active) return; // already following it
    if (this.active) return;
    this.error = null;
    this.shape = null;
    this.buffered = [];
    this.accumulated = 0;
    this.activeSeconds = 0;
    this.show(newRun(run.runId, run.graph, run.training, this.labelFor(run.graph, run.training), new Date(this.now())));
    if (!this.trainedRunIds.includes(run.runId)) this.trainedRunIds = [...this.trainedRunIds, run.runId]; // the trainer's run
    this.status = 'running';
    this.runningSince = this.now();
    for (const e of run.events) this.handle(e);
  }

  private labelFor(graph: Graph, training: TrainingConfig): string {
    const hidden = graph.nodes.filter((n) => n.type === 'dense' || n.type === 'maxout');
    const acts = [...new Set(hidden.map((n) => (n.type === 'dense' ? n.activation : 'maxout')))].join('/');
    const ds = training.dataset.kind === 'synthetic' ? training.dataset.name : training.dataset.kind;
    // what tells runs apart in the history: the learning rate and the anti-overfitting tools in use
    const tools = (['dropout', 'l1', 'l2'] as const)
      .filter((k) => graph.nodes.some((n) => (n[k] ?? 0) > 0))
      .map((k) => (k === 'dropout' ? 'dropout' : k.toUpperCase()));
    if (training.earlyStopping.enabled) tools.push('early stop');
    const extra = tools.length > 0 ? ` · ${tools.join('+')}` : '';
    return `#${this.runs.length + 1} ${hidden.length}×${acts || 'linear'} · ${training.optimizer.kind} η ${training.learningRate}${extra} · ${ds}`;
  }

  async pause(): Promise<void> {
    if (this.status !== 'running' || !this.current) return;
    const r = await this.api.call('pauseTraining', { runId: this.current.id });
    if (!r.ok) this.error = failureText(r);
  }

  async resume(): Promise<void> {
    if (this.status !== 'paused' || !this.current) return;
    const r = await this.api.call('resumeTraining', { runId: this.current.id });
    if (!r.ok) this.error = failureText(r);
  }

  async stop(): Promise<void> {
    if (!this.current || !(this.status === 'running' || this.status === 'paused')) return;
    const r = await this.api.call('stopTraining', { runId: this.current.id });
    if (!r.ok) this.error = failureText(r);
  }

  /** Feed one trainer event (the app subscribes this to api.onEvent). */
  handle(event: TrainerEvent): void {
    const run = this.live;
    if (this.status === 'starting') {
      this.buffered.push(event);
      return;
    }
    if (!run || event.runId !== run.id) return;
    const next = applyEvent(run, event, new Date(this.now()));
    if (event.type === 'steps' || event.type === 'epoch') this.showSoon(next);
    else this.show(next);
    switch (event.type) {
      case 'started':
        this.shape = { stepsPerEpoch: event.stepsPerEpoch, epochs: event.epochs, samples: event.samples, classes: event.classes };
        break;
      case 'steps':
      case 'epoch':
      case 'regions':
      case 'early_stop':
        break;
      case 'paused':
        this.tick();
        this.runningSince = null;
        this.status = 'paused';
        break;
      case 'resumed':
        this.runningSince = this.now();
        this.status = 'running';
        break;
      case 'diverged':
        this.error = event.message;
        break;
      case 'error':
        this.error = event.message;
        this.finish('error');
        break;
      case 'finished':
        this.finish(event.reason === 'error' || event.reason === 'diverged' ? 'error' : 'finished');
        break;
      default: {
        const never: never = event;
        return never;
      }
    }
    // the clock is shown with the run: not while its publication waits
    this.tick(this.publishTimer === null);
  }

  /** Count the active time up to now; `show`: let the views see it. */
  private tick(show = true): void {
    if (this.runningSince !== null) {
      const t = this.now();
      this.accumulated += (t - this.runningSince) / 1000;
      this.runningSince = t;
    }
    if (show) this.activeSeconds = this.accumulated;
  }

  private finish(status: 'finished' | 'error'): void {
    this.tick();
    this.runningSince = null;
    this.status = status;
    const run = this.live;
    if (run) {
      this.runs = [...this.runs.filter((r) => r.id !== run.id), run];
      if (this.trainedRunIds.includes(run.id)) this.onRunEnded?.(run);
    }
  }

  /** Runs kept in a project file come back into the history; the newest becomes current. Runs are
   * held in their bounded stored form (a file from before step series were folded is folded here). */
  loadRuns(saved: readonly RunRecord[]): void {
    if (this.active) return;
    const runs = saved.map((r) => forStorage(r));
    this.runs = runs;
    this.savedRunIds = new Set(runs.map((r) => r.id));
    this.show(runs.at(-1) ?? null);
    this.shape = null;
    this.status = this.current ? 'finished' : 'idle';
    this.error = null;
  }

  /** A run trained elsewhere (an imported log) joins the history and is shown; false while training. */
  addRun(run: RunRecord): boolean {
    if (!this.reopen(run)) return false;
    this.importedRunIds = new Set([...this.importedRunIds, run.id]);
    this.onRunEnded?.(run);
    return true;
  }

  /** A run from the per-user history joins this project's runs (unsaved until the project is saved) and is shown; false while training. */
  reopen(opened: RunRecord): boolean {
    if (this.active) return false;
    const run = forStorage(opened);
    this.runs = [...this.runs.filter((r) => r.id !== run.id), run];
    this.show(run);
    this.shape = null;
    this.status = 'finished';
    this.error = null;
    return true;
  }

  /** How many runs the project file does not hold yet (leaving out `besides`, runs kept elsewhere). */
  unsavedRunCount(besides: ReadonlySet<string> = new Set()): number {
    return this.runs.filter((r) => !this.savedRunIds.has(r.id) && !besides.has(r.id)).length;
  }

  /** Why the run's weights cannot be exported from this session (imported, reopened, no longer kept); null when they can. */
  exportBlock(run: RunRecord): string | null {
    const origin: RunOrigin = this.trainedRunIds.includes(run.id) ? 'trained' : this.importedRunIds.has(run.id) ? 'imported' : 'reopened';
    // a run that failed before its graph was built left no model in the trainer, so it takes no place there
    const kept = this.trainedRunIds.filter((id) => this.runs.find((r) => r.id === id)?.reason !== 'error');
    return weightsExportBlock(run, origin, kept);
  }

  markRunsSaved(): void {
    this.savedRunIds = new Set(this.runs.map((r) => r.id));
  }

  selectRun(id: string): void {
    if (this.active) return;
    const r = this.runs.find((x) => x.id === id);
    if (r) this.show(r);
  }
}
