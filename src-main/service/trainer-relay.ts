// Relays training commands to the trainer over the channel (contract/channel.ts) and its events back,
// keeping just enough state to refuse commands that cannot apply (unknown run, a second concurrent
// run) with a clear message. If the trainer process dies, the run in progress is finished with an
// error so no view hangs, and every call waiting on it fails.
import { randomBytes } from 'node:crypto';
import type { Graph } from '../contract/graph';
import type { TrainingConfig } from '../contract/training';
import { assertNever, type TrainerEvent } from '../contract/events';
import type { ApiResult, Results, RunInProgress } from '../contract/api';
import { ChannelClient, type CallOptions } from '../contract/channel';
import type { TrainerHost } from '../trainer/host';
import type { EnsembleRequest, SurfaceRequest, TrainerMethod, TrainerParams } from '../trainer/command-schema';
import { fail, messageOf, ok } from './result';

type RunState = 'starting' | 'running' | 'paused' | 'finished';

/** Step records kept for a page that joins a run late; older ones are thinned out, epochs always kept. */
export const REPLAY_STEP_LIMIT = 20_000;

/** Runs the trainer did not train but can load (sweep variants, whose workers kept their models on disk). */
export interface KeptRuns {
  /** the folder of run `runId`'s kept model; null when there is none */
  modelDir(runId: string): string | null;
  /** why run `runId`'s model cannot be had, in the user's words, when it is such a run; null for other runs */
  modelGone(runId: string): string | null;
}

type Refusal = Extract<ApiResult<never>, { ok: false }>;

const NO_KEPT_RUNS: KeptRuns = { modelDir: () => null, modelGone: () => null };

export function newRunId(now = Date.now()): string {
  return `run-${now.toString(36)}-${randomBytes(3).toString('hex')}`;
}

export class TrainerRelay {
  private host: TrainerHost | null = null;
  private channel: ChannelClient<TrainerEvent> | null = null;
  private unsubscribe: Array<() => void> = [];
  private readonly runs = new Map<string, RunState>();
  private active: string | null = null;
  /** the trainer reported a fatal backend failure: replace it once the run has finished */
  private retiring = false;
  /** the active run's setup and everything it sent so far, for a page that connects mid-run */
  private replay: { runId: string; graph: Graph; training: TrainingConfig; events: TrainerEvent[]; steps: number } | null = null;

  constructor(
    private readonly createHost: () => TrainerHost,
    private readonly emit: (event: TrainerEvent) => void,
    private readonly replyTimeoutMs = 120_000,
    private readonly keptRuns: KeptRuns = NO_KEPT_RUNS,
  ) {}

  /**
   * A run whose model a request needs: one this trainer trained (null), or one kept elsewhere that is loaded
   * into the trainer now (null once loaded); else the failure, with `unknown` for a run nobody knows.
   */
  private async reach(runId: string, unknown: string): Promise<Refusal | null> {
    if (this.runs.has(runId)) return null;
    const dir = this.keptRuns.modelDir(runId);
    if (dir === null) return fail(this.keptRuns.modelGone(runId) ?? unknown) as Refusal;
    const host = this.ensureHost();
    if (!host.ok) return host;
    const loaded = await this.ask('load', { runId, dir }, { timeoutMs: this.replyTimeoutMs });
    return loaded.ok ? null : loaded;
  }

  start(graph: Graph, training: TrainingConfig): ApiResult<{ runId: string }> {
    if (this.active !== null) {
      return fail(`run ${this.active} is still training; stop it before starting another`);
    }
    const host = this.ensureHost();
    if (!host.ok) return host;
    const runId = newRunId();
    this.runs.set(runId, 'starting');
    this.active = runId;
    this.replay = { runId, graph, training, events: [], steps: 0 };
    // the answer is only "received": how the run goes arrives as its events
    void this.ask('start', { runId, graph, training });
    return ok({ runId });
  }

  control(kind: 'pause' | 'resume' | 'stop', runId: string): ApiResult<null> {
    const state = this.runs.get(runId);
    if (state === undefined) return fail(`no run with id ${runId}`);
    if (state === 'finished') return fail(`run ${runId} has already finished`);
    if (kind === 'pause' && state === 'paused') return fail(`run ${runId} is already paused`);
    if (kind === 'resume' && state !== 'paused') return fail(`run ${runId} is not paused`);
    if (!this.host) return fail(`the trainer is not running (run ${runId} ended with it)`);
    void this.ask(kind, { runId });
    return ok(null);
  }

  /** The run in progress, if any, with its events so far. */
  current(): RunInProgress | null {
    const r = this.replay;
    const state = this.active === null ? undefined : this.runs.get(this.active);
    if (!r || r.runId !== this.active || state === undefined || state === 'finished') return null;
    return { runId: r.runId, state, graph: r.graph, training: r.training, events: [...r.events] };
  }

  private record(e: TrainerEvent): void {
    const r = this.replay;
    if (!r || r.runId !== e.runId) return;
    if (e.type === 'finished') {
      this.replay = null;
      return;
    }
    // a page joining mid-run needs only the latest picture
    if (e.type === 'regions') r.events = r.events.filter((x) => x.type !== 'regions');
    r.events.push(e);
    if (e.type !== 'steps') return;
    r.steps += e.steps.length;
    if (r.steps <= REPLAY_STEP_LIMIT) return;
    // thin: drop every other 'steps' message (the curves keep their shape; epochs are untouched)
    let drop = true;
    r.events = r.events.filter((x) => {
      if (x.type !== 'steps' || x === e) return true;
      drop = !drop;
      if (!drop) return true;
      r.steps -= x.steps.length;
      return false;
    });
  }

  /** Ask the trainer to write run `runId`'s model into `dir`; resolves with its reply. */
  async exportModel(runId: string, dir: string, label?: string): Promise<ApiResult<unknown>> {
    const refused = await this.reach(runId, `no run with id ${runId}`);
    if (refused) return refused;
    if (!this.host) return fail(`the trainer is not running, so run ${runId}'s model is gone; train it again to export`);
    const r = await this.ask('export', { runId, dir, ...(label !== undefined ? { label } : {}) }, { timeoutMs: this.replyTimeoutMs });
    if (!r.ok && r.kind === 'timeout')
      return fail(`exporting run ${runId}: the trainer did not answer within ${(this.replyTimeoutMs / 1000).toFixed(this.replyTimeoutMs < 10_000 ? 1 : 0)} s`);
    return r;
  }

  /** The surface lab's optimizer paths, computed in the trainer (started for it if need be); `signal` stops the computation there. */
  async surface(req: SurfaceRequest, signal: AbortSignal): Promise<ApiResult<Results['surfacePaths']>> {
    const host = this.ensureHost();
    if (!host.ok) return host;
    return (await this.ask('surface', req, { signal })) as ApiResult<Results['surfacePaths']>;
  }

  /** A lesson view of a run's model, computed in the trainer (which keeps the last runs' models); `signal` stops it there. */
  async runView<M extends 'activations' | 'landscape'>(method: M, params: TrainerParams<M>, signal: AbortSignal): Promise<ApiResult<unknown>> {
    const other = (params as { compareWith?: string }).compareWith;
    for (const id of [params.runId, ...(other ? [other] : [])]) {
      const refused = await this.reach(id, `no run with id ${id} in this session (its model is gone; train it again)`);
      if (refused) return refused;
    }
    if (!this.host) return fail(`the trainer is not running, so run ${params.runId}'s model is gone; train it again`);
    return this.ask(method, params, { signal });
  }

  /** Dropout as an ensemble on run `runId`'s model, measured in the trainer; `signal` stops it there. */
  async dropoutEnsemble(req: EnsembleRequest, signal: AbortSignal): Promise<ApiResult<Results['dropoutEnsemble']>> {
    const refused = await this.reach(req.runId, `no run with id ${req.runId}`);
    if (refused) return refused;
    if (!this.host) return fail(`the trainer is not running, so run ${req.runId}'s model is gone; train it again to measure it`);
    return (await this.ask('dropoutEnsemble', req, { signal })) as ApiResult<Results['dropoutEnsemble']>;
  }

  /** One call to the trainer over the channel. */
  private ask<M extends TrainerMethod>(method: M, params: TrainerParams<M>, opts?: CallOptions): Promise<ApiResult<unknown>> {
    if (!this.channel) return Promise.resolve(fail('the trainer is not running'));
    return this.channel.call(method, params, opts);
  }

  async dispose(): Promise<void> {
    this.settleAll('Gradscope is shutting down');
    const host = this.host;
    this.detach();
    if (host) await host.dispose();
  }

  private ensureHost(): ApiResult<TrainerHost> {
    if (this.host) return ok(this.host);
    let host: TrainerHost;
    try {
      host = this.createHost();
    } catch (e) {
      return fail(`the trainer could not start: ${messageOf(e)}`);
    }
    const channel = new ChannelClient<TrainerEvent>((frame) => {
      host.post(frame);
      return true;
    });
    this.host = host;
    this.channel = channel;
    this.unsubscribe = [channel.listen((e) => this.onEvent(e)), host.onMessage((m) => channel.receive(m)), host.onExit((m) => this.onExit(host, m))];
    return ok(host);
  }

  private onEvent(e: TrainerEvent): void {
    switch (e.type) {
      case 'started':
      case 'resumed':
        this.runs.set(e.runId, 'running');
        break;
      case 'paused':
        this.runs.set(e.runId, 'paused');
        break;
      case 'finished':
        this.runs.set(e.runId, 'finished');
        if (this.active === e.runId) this.active = null;
        break;
      case 'error':
        if (e.fatal) this.retiring = true;
        break;
      case 'steps':
      case 'epoch':
      case 'regions':
      case 'early_stop':
      case 'diverged':
        break;
      default:
        assertNever(e, 'trainer event');
    }
    this.record(e);
    this.emit(e);
    if (e.type === 'finished' && this.retiring) this.retire();
  }

  private onExit(host: TrainerHost, message: string): void {
    if (host !== this.host) return;
    this.retiring = false;
    this.detach();
    this.settleAll(`the trainer stopped: ${message}`);
    const runId = this.active;
    this.active = null;
    if (runId !== null) {
      this.runs.set(runId, 'finished');
      this.replay = null;
      this.emit({ type: 'error', runId, message: `the trainer stopped: ${message}; a fresh trainer starts with the next run`, fatal: true });
      this.emit({ type: 'finished', runId, reason: 'error', epochs: 0, bestEpoch: null, test: null });
    }
    void host.dispose().catch(() => undefined);
  }

  /** Drop a trainer whose backend failed: the next run starts a fresh one. Its kept models go with it. */
  private retire(): void {
    const host = this.host;
    this.retiring = false;
    this.settleAll('the trainer was restarted after a backend failure; its models are gone');
    this.detach();
    if (host) void host.dispose().catch(() => undefined);
  }

  private detach(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    this.host = null;
  }

  /** Every call waiting on the trainer fails with `reason`; a fresh trainer gets a fresh channel. */
  private settleAll(reason: string): void {
    this.channel?.close(reason);
    this.channel = null;
  }
}
