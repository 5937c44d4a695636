// The sweep in progress on the main side: starts a SweepPool on its own trainer workers, relays its
// events, answers pause / resume / stop, and keeps what a page joining late needs (the plan, the
// results so far). One sweep at a time.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { ApiResult, Results } from '../contract/api';
import type { Graph } from '../contract/graph';
import type { TrainingConfig } from '../contract/training';
import type { PlannedVariant, SweepEvent, SweepInProgress, SweepSpec, SweepSummary } from '../contract/sweep';
import type { TrainerHost, TrainerHostOptions } from '../trainer/host';
import { SweepPool } from '../trainer/sweep-pool';
import { fail, ok } from './result';

export function newSweepId(now = Date.now()): string {
  return `sweep-${now.toString(36)}-${randomBytes(3).toString('hex')}`;
}

interface Current {
  sweepId: string;
  pool: SweepPool;
  graph: Graph;
  training: TrainingConfig;
  spec: SweepSpec;
  template: string | undefined;
  variants: PlannedVariant[];
  done: Promise<SweepSummary>;
}

export class SweepRelay {
  private current: Current | null = null;
  private readonly finished = new Set<string>();

  constructor(
    private readonly createHost: (options?: TrainerHostOptions) => TrainerHost,
    private readonly emit: (event: SweepEvent) => void,
    private readonly cores = os.availableParallelism(),
  ) {}

  /** A sweep is training. */
  get busy(): string | null {
    return this.current?.sweepId ?? null;
  }

  /** Start the planned variants (already checked); answers at once, the sweep reports through its events. */
  start(graph: Graph, training: TrainingConfig, spec: SweepSpec, variants: PlannedVariant[], template?: string): ApiResult<Results['startSweep']> {
    if (this.current) return fail(`sweep ${this.current.sweepId} is still running; stop it before starting another`);
    const sweepId = newSweepId();
    const workers = spec.workers ?? this.cores;
    const pool = new SweepPool({
      sweepId,
      axes: spec.axes,
      variants,
      workers,
      // side by side, each trainer keeps to one OpenBLAS thread: one trainer per core, not two threads per trainer
      // fighting over the cores (npm run bench -- --sweep measures both)
      createHost: () => this.createHost(Math.min(workers, variants.length) > 1 ? { threads: 1 } : {}),
      emit: (e) => {
        // its workers are gone by now: a new sweep may start as soon as this one's end is heard
        if (e.type === 'sweep-finished') this.settle(e.sweepId);
        this.emit(e);
      },
    });
    // the pool starts after this answer has gone out: the caller's session knows the sweep id before its first event
    const done = new Promise<void>((r) => setImmediate(r)).then(() => pool.run());
    const current: Current = { sweepId, pool, graph, training, spec, template, variants, done };
    this.current = current;
    void current.done.finally(() => this.settle(sweepId));
    return ok({ sweepId, variants: variants.map(({ index, axes, label }) => ({ index, axes, label })), workers: pool.workers });
  }

  private settle(sweepId: string): void {
    this.finished.add(sweepId);
    if (this.current?.sweepId === sweepId) this.current = null;
  }

  control(kind: 'pause' | 'resume' | 'stop', sweepId: string): ApiResult<null> {
    const c = this.current;
    if (!c || c.sweepId !== sweepId) return fail(this.finished.has(sweepId) ? `sweep ${sweepId} has already finished` : `no sweep with id ${sweepId}`);
    if (kind === 'pause' && c.pool.paused) return fail(`sweep ${sweepId} is already paused`);
    if (kind === 'resume' && !c.pool.paused) return fail(`sweep ${sweepId} is not paused`);
    c.pool[kind]();
    return ok(null);
  }

  inProgress(): SweepInProgress | null {
    const c = this.current;
    if (!c) return null;
    const results = c.pool.snapshot().filter((r) => r.status !== 'pending' && r.status !== 'running');
    return {
      sweepId: c.sweepId,
      state: c.pool.paused ? 'paused' : 'running',
      graph: c.graph,
      training: c.training,
      spec: c.spec,
      ...(c.template !== undefined ? { template: c.template } : {}),
      variants: c.variants.map(({ index, axes, label }) => ({ index, axes, label })),
      results,
      running: c.pool.progress(),
    };
  }

  /** Stop the sweep and wait for its workers to end. */
  async dispose(): Promise<void> {
    const c = this.current;
    if (!c) return;
    c.pool.stop();
    await c.done;
  }
}
