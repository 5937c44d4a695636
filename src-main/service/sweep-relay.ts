// The sweep in progress on the main side: starts a SweepPool on its own trainer workers, relays its
// events, answers pause / resume / stop, and keeps what a page joining late needs (the plan, the
// results so far). One sweep at a time.
// Each variant's trained model is written by its worker under `modelsDir` (one folder per sweep, one per
// variant run); the app's trainer loads one back when it is asked for (trainer-relay.ts). The models of the
// last KEPT_SWEEPS sweeps of this session stay on disk; older ones, and all of them when the app quits, go.
// modelsDir is a temp folder of this process (`.sweep-models.tmp-PID-XXXXXX` in the data dir): one a crash
// left behind is removed at the next start with the other temp files (export/atomic sweepTempFiles).
import os from 'node:os';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { KEPT_SWEEPS, type ApiResult, type Results } from '../contract/api';
import type { Graph } from '../contract/graph';
import type { TrainingConfig } from '../contract/training';
import type { PlannedVariant, SweepEvent, SweepInProgress, SweepSpec, SweepSummary } from '../contract/sweep';
import type { TrainerHost, TrainerHostOptions } from '../trainer/host';
import { SweepPool } from '../trainer/sweep-pool';
import { fail, ok } from './result';

/** Bytes of path snapshots (the loss landscape's epochs) one sweep keeps on disk, shared by its variants: each keeps
 * at most 8 MiB of them and at least its initial and trained weights. */
export const SWEEP_PATH_BYTES = 64 * 1024 * 1024;
const VARIANT_PATH_BYTES = 8 * 1024 * 1024;

/** The folder of this process's kept sweep models inside the data dir (a temp name: removed at start once its process is gone). */
export function sweepModelsDir(dataDir: string): string {
  return path.join(dataDir, `.sweep-models.tmp-${process.pid}-${randomBytes(3).toString('hex')}`);
}

/** A sweep variant's run id (SweepPool names them `${sweepId}-v${index}`): its sweep's id, or null for any other run. */
export function sweepOfRun(runId: string): string | null {
  return /^(sweep-[a-z0-9]+-[0-9a-f]{6})-v\d+$/.exec(runId)?.[1] ?? null;
}

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
  /** the sweeps of this session whose models are on disk, oldest first, with their kept variants' folders by run id */
  private readonly kept: Array<{ sweepId: string; runs: Map<string, string> }> = [];
  /** sweeps of this session whose models were let go (older than the last KEPT_SWEEPS) */
  private readonly dropped = new Set<string>();
  /** variant runs whose model could not be written (why, in words) */
  private readonly keepFailed = new Map<string, string>();

  constructor(
    private readonly createHost: (options?: TrainerHostOptions) => TrainerHost,
    private readonly emit: (event: SweepEvent) => void,
    private readonly cores = os.availableParallelism(),
    /** where variants' models are kept; null: not kept (they go with the workers) */
    private readonly modelsDir: string | null = null,
  ) {}

  /** The folder of run `runId`'s kept model, when a sweep of this session kept it. */
  modelDir(runId: string): string | null {
    for (const k of this.kept) {
      const dir = k.runs.get(runId);
      if (dir) return dir;
    }
    return null;
  }

  /** Why run `runId` has no model to load, in the user's words, when it is a sweep variant's; null for other runs. */
  modelGone(runId: string): string | null {
    const sweepId = sweepOfRun(runId);
    if (sweepId === null) return null;
    const again = 'load the variant into the editor (Sweeps ▸ “Load its graph into the editor”) and train it to get its model back';
    if (this.dropped.has(sweepId))
      return `this sweep variant's trained model (run ${runId}) was let go: Gradscope keeps the models of its last ${KEPT_SWEEPS} sweeps only; ${again}`;
    const failed = this.keepFailed.get(runId);
    if (failed !== undefined) return `this sweep variant's trained model (run ${runId}) could not be kept: ${failed}`;
    if (this.kept.some((k) => k.sweepId === sweepId) || this.current?.sweepId === sweepId)
      return `this sweep variant (run ${runId}) left no trained model: it failed, or has not finished training`;
    return `this sweep variant (run ${runId}) was trained in an earlier session of Gradscope, and a sweep's trained models are kept only while Gradscope runs; ${again}`;
  }

  /** Make room for a new sweep's models: the oldest sweeps beyond KEPT_SWEEPS − 1 go, folders and all. */
  private makeRoom(): void {
    while (this.kept.length >= KEPT_SWEEPS) {
      const old = this.kept.shift()!;
      this.dropped.add(old.sweepId);
      if (this.modelsDir) void rm(path.join(this.modelsDir, old.sweepId), { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /** A sweep is training. */
  get busy(): string | null {
    return this.current?.sweepId ?? null;
  }

  /** Start the planned variants (already checked); answers at once, the sweep reports through its events. */
  start(graph: Graph, training: TrainingConfig, spec: SweepSpec, variants: PlannedVariant[], template?: string): ApiResult<Results['startSweep']> {
    if (this.current) return fail(`sweep ${this.current.sweepId} is still running; stop it before starting another`);
    const sweepId = newSweepId();
    const workers = spec.workers ?? this.cores;
    const root = this.modelsDir;
    const runs = new Map<string, string>();
    if (root) {
      this.makeRoom();
      this.kept.push({ sweepId, runs });
    }
    const pool = new SweepPool({
      sweepId,
      axes: spec.axes,
      variants,
      workers,
      // side by side, each trainer keeps to one OpenBLAS thread: one trainer per core, not two threads per trainer
      // fighting over the cores (npm run bench -- --sweep measures both)
      createHost: () => this.createHost(Math.min(workers, variants.length) > 1 ? { threads: 1 } : {}),
      ...(root
        ? {
            keepModelIn: (runId: string) => path.join(root, sweepId, runId),
            keepPathBytes: Math.min(VARIANT_PATH_BYTES, Math.floor(SWEEP_PATH_BYTES / Math.max(1, variants.length))),
            onKeepFailed: (runId: string, error: string) => this.keepFailed.set(runId, error),
          }
        : {}),
      emit: (e) => {
        // its workers are gone by now: a new sweep may start as soon as this one's end is heard
        if (e.type === 'sweep-finished') this.settle(e.sweepId);
        if (root && e.type === 'variant-finished' && e.model && e.result.runId) runs.set(e.result.runId, path.join(root, sweepId, e.result.runId));
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

  /** Stop the sweep, wait for its workers to end, and remove the kept models. */
  async dispose(): Promise<void> {
    const c = this.current;
    if (c) {
      c.pool.stop();
      await c.done;
    }
    this.kept.length = 0;
    if (this.modelsDir) await rm(this.modelsDir, { recursive: true, force: true }).catch(() => undefined);
  }
}
