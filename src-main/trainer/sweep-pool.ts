// Runs a sweep's variants on a pool of trainer workers: each worker (a TrainerHost: a worker thread or
// utilityProcess, spoken to over the one channel) trains one variant at a time; the next variant in
// order goes to the first worker free. Every variant carries its own seed (analysis/sweep-axes
// variantSeed), so what it learns does not depend on which worker ran it or how many there are (the
// callers start each worker with one OpenBLAS thread: one trainer per core, the same sums whatever the pool).
// Pause holds the running variants after their current step and starts no new one; stop ends them
// (kept as 'stopped') and leaves the rest pending; finished variants keep their results. With keepModelIn, each
// variant that trained (completed, stopped, early-stopped, diverged) has its worker write its model to a folder
// before it counts as finished, so the app can export it or show it in the lesson views later.
import type { TrainerEvent } from '../contract/events';
import type { PlannedVariant, SweepAxis, SweepEvent, SweepSummary, VariantProgress, VariantResult } from '../contract/sweep';
import { ChannelClient } from '../contract/channel';
import { applyEvent, newRun } from '../analysis/run-record';
import { pendingResult, variantResult } from '../analysis/sweep-results';
import type { TrainerHost } from './host';

export interface SweepPoolOptions {
  sweepId: string;
  axes: SweepAxis[];
  variants: PlannedVariant[];
  /** workers side by side (at most one per variant) */
  workers: number;
  createHost: () => TrainerHost;
  emit: (event: SweepEvent) => void;
  /** ms; injected by tests */
  now?: () => number;
  /** most progress events per second while variants step (default 4) */
  progressPerSecond?: number;
  /** where a finished variant's trainer writes its model (export/kept-model.ts), before the variant counts as finished;
   * absent: the models go with the workers (the CLI) */
  keepModelIn?: (runId: string) => string;
  /** bytes of path snapshots (for the loss landscape) kept per variant; absent: the writer's default */
  keepPathBytes?: number;
  /** told when a variant's model could not be kept (why, in words) */
  onKeepFailed?: (runId: string, error: string) => void;
}

interface Worker {
  host: TrainerHost;
  channel: ChannelClient<TrainerEvent>;
  off: Array<() => void>;
  /** the trainer died, or its backend failed: replaced before the next variant */
  broken: boolean;
  /** the variant it runs: told of the trainer's death */
  onExit: ((message: string) => void) | null;
}

interface Running {
  v: PlannedVariant;
  runId: string;
  worker: Worker;
  stepsPlanned: number;
  step: number;
  epoch: number;
}

export class SweepPool {
  private state: 'running' | 'paused' | 'stopped' = 'running';
  private readonly results: VariantResult[];
  private readonly running = new Map<number, Running>();
  private next = 0;
  private wake: Array<() => void> = [];
  private lastProgress = -Infinity;
  private readonly now: () => number;

  constructor(private readonly o: SweepPoolOptions) {
    this.results = o.variants.map(pendingResult);
    this.now = o.now ?? (() => performance.now());
  }

  get workers(): number {
    return Math.max(1, Math.min(this.o.workers, this.o.variants.length));
  }

  /** Every variant's result so far (pending ones included), in variant order. */
  snapshot(): VariantResult[] {
    return [...this.results];
  }

  progress(): VariantProgress[] {
    return [...this.running.values()].map((r) => ({
      index: r.v.index,
      fraction: r.stepsPlanned > 0 ? Math.min(1, r.step / r.stepsPlanned) : 0,
      epoch: r.epoch,
    }));
  }

  get paused(): boolean {
    return this.state === 'paused';
  }

  /** Train every variant; resolves with the summary once all have finished or the sweep was stopped. */
  async run(): Promise<SweepSummary> {
    const { sweepId, axes } = this.o;
    const started = this.now();
    this.o.emit({
      type: 'sweep-started',
      sweepId,
      axes,
      workers: this.workers,
      variants: this.o.variants.map(({ index, axes: a, label }) => ({ index, axes: a, label })),
    });
    await Promise.all(Array.from({ length: this.workers }, () => this.slot()));
    const summary: SweepSummary = {
      type: 'sweep',
      sweepId,
      state: this.state === 'stopped' ? 'stopped' : 'completed',
      axes,
      workers: this.workers,
      seconds: (this.now() - started) / 1000,
      variants: this.snapshot(),
    };
    this.o.emit({ type: 'sweep-finished', sweepId, summary });
    return summary;
  }

  pause(): void {
    if (this.state !== 'running') return;
    this.state = 'paused';
    for (const r of this.running.values()) void r.worker.channel.call('pause', { runId: r.runId });
    this.o.emit({ type: 'sweep-paused', sweepId: this.o.sweepId });
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.state = 'running';
    for (const r of this.running.values()) void r.worker.channel.call('resume', { runId: r.runId });
    this.o.emit({ type: 'sweep-resumed', sweepId: this.o.sweepId });
    this.wakeAll();
  }

  stop(): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    for (const r of this.running.values()) void r.worker.channel.call('stop', { runId: r.runId });
    this.wakeAll();
  }

  private wakeAll(): void {
    const w = this.wake;
    this.wake = [];
    for (const f of w) f();
  }

  /** One worker's loop: take the next variant, train it, until none is left or the sweep stops. */
  private async slot(): Promise<void> {
    let worker: Worker | null = null;
    try {
      for (;;) {
        while (this.state === 'paused') await new Promise<void>((r) => this.wake.push(r));
        if (this.state === 'stopped' || this.next >= this.o.variants.length) return;
        const v = this.o.variants[this.next++]!;
        if (worker?.broken) {
          await this.dispose(worker);
          worker = null;
        }
        try {
          worker ??= this.spawn();
        } catch (e) {
          this.finish(v, null, { ...pendingResult(v), status: 'error', message: `the trainer could not start: ${(e as Error).message}` }, false);
          continue;
        }
        await this.train(worker, v);
      }
    } finally {
      if (worker) await this.dispose(worker);
    }
  }

  private spawn(): Worker {
    const host = this.o.createHost();
    const channel = new ChannelClient<TrainerEvent>((frame) => {
      host.post(frame);
      return true;
    });
    const w: Worker = { host, channel, off: [], broken: false, onExit: null };
    w.off.push(
      host.onMessage((m) => channel.receive(m)),
      host.onExit((message) => {
        w.broken = true;
        channel.close(`the trainer stopped: ${message}`);
        w.onExit?.(message);
      }),
    );
    return w;
  }

  private async dispose(w: Worker): Promise<void> {
    for (const off of w.off) off();
    w.channel.close('the sweep is done with this trainer');
    await w.host.dispose().catch(() => undefined);
  }

  /** Train one variant on `worker`; resolves when its run has finished (or its trainer died). */
  private train(worker: Worker, v: PlannedVariant): Promise<void> {
    const { sweepId } = this.o;
    const runId = `${sweepId}-v${v.index}`;
    const r: Running = { v, runId, worker, stepsPlanned: 0, step: 0, epoch: 0 };
    let record = newRun(runId, v.graph, v.training, v.label, new Date());
    const started = this.now();
    this.running.set(v.index, r);
    this.results[v.index] = { ...pendingResult(v), status: 'running', runId };
    this.o.emit({ type: 'variant-started', sweepId, index: v.index, axes: v.axes, runId });
    this.emitProgress(true);
    return new Promise<void>((resolve) => {
      let done = false;
      const end = (message: string | null, model = false): void => {
        if (done) return;
        done = true;
        stopListening();
        worker.onExit = null;
        this.finish(v, r, variantResult(v, record, (this.now() - started) / 1000, message), model);
        resolve();
      };
      /** the trainer holds the finished run's model: have it written where the app can load it back */
      const keepThenEnd = async (): Promise<void> => {
        const dir = this.o.keepModelIn?.(runId);
        const bytes = this.o.keepPathBytes;
        const kept = dir === undefined ? null : await worker.channel.call('keep', { runId, dir, ...(bytes !== undefined ? { pathBytes: bytes } : {}) });
        if (kept && !kept.ok) this.o.onKeepFailed?.(runId, kept.error);
        end(null, kept?.ok === true);
      };
      const stopListening = worker.channel.listen((e) => {
        if (e.runId !== runId) return;
        record = applyEvent(record, e);
        this.track(r, e);
        if (e.type === 'error' && e.fatal) worker.broken = true;
        this.o.emit({ type: 'variant-event', sweepId, index: v.index, axes: v.axes, event: e });
        if (e.type === 'finished') {
          if (e.reason === 'error') end(null);
          else void keepThenEnd();
        }
      });
      worker.onExit = (message) => {
        record = applyEvent(record, { type: 'finished', runId, reason: 'error', epochs: record.epochs.length, bestEpoch: null, modelEpoch: null, test: null });
        end(`the trainer stopped: ${message}`);
      };
      void worker.channel.call('start', { runId, graph: v.graph, training: v.training }).then((reply) => {
        if (!reply.ok && !done) {
          record = applyEvent(record, { type: 'finished', runId, reason: 'error', epochs: 0, bestEpoch: null, modelEpoch: null, test: null });
          end(reply.error);
        }
      });
      // paused or stopped while this variant was being handed out: the trainer hears it right after the start
      if (this.state === 'paused') void worker.channel.call('pause', { runId });
      if (this.state === 'stopped') void worker.channel.call('stop', { runId });
    });
  }

  private track(r: Running, e: TrainerEvent): void {
    if (e.type === 'started') r.stepsPlanned = e.stepsPerEpoch * e.epochs;
    else if (e.type === 'steps' && e.steps.length > 0) {
      r.step = e.steps[e.steps.length - 1]!.step;
      r.epoch = e.steps[e.steps.length - 1]!.epoch;
      this.emitProgress(false);
    } else if (e.type === 'epoch') this.emitProgress(true);
  }

  private finish(v: PlannedVariant, r: Running | null, result: VariantResult, model: boolean): void {
    if (r) this.running.delete(v.index);
    this.results[v.index] = result;
    this.o.emit({ type: 'variant-finished', sweepId: this.o.sweepId, index: v.index, axes: v.axes, result, model });
    this.emitProgress(true);
  }

  private emitProgress(always: boolean): void {
    const t = this.now();
    if (!always && t - this.lastProgress < 1000 / (this.o.progressPerSecond ?? 4)) return;
    this.lastProgress = t;
    const running = this.progress();
    const total = this.o.variants.length;
    const done = this.results.filter((x) => x.status !== 'pending' && x.status !== 'running').length;
    const fraction = (done + running.reduce((s, p) => s + p.fraction, 0)) / total;
    this.o.emit({ type: 'sweep-progress', sweepId: this.o.sweepId, done, total, fraction, running });
  }
}
