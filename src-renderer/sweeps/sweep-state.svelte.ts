// The project's sweeps: starts one through the API, folds its events (progress, each variant's trainer
// events into that variant's RunRecord, results) and keeps the finished ones with their variants' runs
// for the project file. The views read `shown`.
import { SWEEP_MODELS_ASK, type GradscopeApi } from '../../src-main/contract/api';
import type { Graph } from '../../src-main/contract/graph';
import type { TrainingConfig } from '../../src-main/contract/training';
import type { RunRecord } from '../../src-main/contract/project';
import {
  SweepSpec,
  variantLabel,
  type SweepEvent,
  type SweepInProgress,
  type SweepRecord,
  type SweepSpecInput,
  type Variant,
  type VariantProgress,
  type VariantResult,
} from '../../src-main/contract/sweep';
import { planSweep } from '../../src-main/analysis/sweep-axes';
import { applyEvent, newRun } from '../../src-main/analysis/run-record';
import { failureText } from '../lib/failure-text';
import { knownStorable, storableRun } from '../training/storable-run';

export type SweepStatus = 'idle' | 'starting' | 'running' | 'paused' | 'finished' | 'error';

/** A sweep as the views show it, live or finished. */
export interface ShownSweep {
  id: string;
  label: string;
  template?: string;
  startedAt: string;
  finishedAt: string | null;
  graph: Graph;
  training: TrainingConfig;
  spec: SweepSpec;
  state: SweepRecord['state'] | 'running' | 'paused';
  variants: Variant[];
  /** by variant index: its figures once it finished */
  results: (VariantResult | null)[];
  /** by variant index: its run as far as it got (null: not started, or kept without its run) */
  runs: (RunRecord | null)[];
  /** live only */
  progress: { done: number; total: number; fraction: number; running: VariantProgress[] } | null;
  workers: number | null;
}

export type SweepApi = Pick<GradscopeApi, 'call'>;

export class SweepState {
  status = $state<SweepStatus>('idle');
  /** why the last start or control failed, in words */
  error = $state<string | null>(null);
  /** the project's sweeps, oldest first (the live one last) */
  sweeps = $state.raw<ShownSweep[]>([]);
  /** the id of the sweep the views show */
  shownId = $state<string | null>(null);
  /** the templates' quick settings: fewer epochs and training samples, for a first look in seconds (null: the template's) */
  quick = $state<{ epochs: number | null; trainSamples: number | null }>({ epochs: null, trainSamples: null });
  /** the shown sweep's variant last opened as a run (its graph can go into the editor) */
  picked = $state<number | null>(null);
  /** ids of the sweeps the project file holds */
  private savedIds = $state.raw<ReadonlySet<string>>(new Set());
  /** variant runs whose trained model the app keeps in this session (export, the model-based views can use it) */
  private modelRunIds = $state.raw<ReadonlySet<string>>(new Set());
  private liveId: string | null = null;
  /** planned graphs by variant index for the live sweep (the run records need them) */
  private planned: Graph[] = [];
  private buffered: SweepEvent[] = [];

  /** told of each sweep that ends here (the app keeps it in the per-user history) */
  onSweepEnded: ((sweep: SweepRecord, runs: RunRecord[]) => void) | null = null;

  constructor(
    private readonly api: SweepApi,
    private readonly now: () => number = () => Date.now(),
  ) {}

  active = $derived(this.status === 'starting' || this.status === 'running' || this.status === 'paused');
  shown = $derived(this.sweeps.find((s) => s.id === this.shownId) ?? null);
  /** finished sweeps the project file does not hold yet */
  unsavedCount = $derived(this.sweeps.filter((s) => s.finishedAt !== null && !this.savedIds.has(s.id)).length);
  hasUnsaved = $derived(this.unsavedCount > 0);

  /** Start a sweep of `spec` on this graph and setup; the error in words when it is refused. */
  async start(graph: Graph, training: TrainingConfig, spec: SweepSpecInput, opts: { template?: string; label?: string } = {}): Promise<string | null> {
    if (this.active) return 'a sweep is already running';
    this.status = 'starting';
    this.error = null;
    this.buffered = [];
    const r = await this.api.call('startSweep', { graph, training, sweep: spec, ...(opts.template ? { template: opts.template } : {}) });
    if (!r.ok) {
      this.status = 'error';
      this.error = failureText(r, 'the sweep did not start');
      return this.error;
    }
    // the service accepted it, so it parses; parsed, the optimizers carry their default parameters
    const parsedSpec = SweepSpec.parse(spec);
    this.begin({
      sweepId: r.value.sweepId,
      graph,
      training,
      spec: parsedSpec,
      variants: r.value.variants,
      workers: r.value.workers,
      label: opts.label ?? sweepTitle(parsedSpec),
      template: opts.template,
    });
    const early = this.buffered.filter((e) => e.sweepId === r.value.sweepId);
    this.buffered = [];
    for (const e of early) this.handle(e);
    return null;
  }

  /** Follow a sweep this page did not start (reloaded mid-sweep). */
  adopt(s: SweepInProgress): void {
    if (this.active) return;
    this.begin({ sweepId: s.sweepId, graph: s.graph, training: s.training, spec: s.spec, variants: s.variants, workers: null, label: sweepTitle(s.spec) });
    this.update((x) => {
      const results = [...x.results];
      for (const r of s.results) results[r.index] = r;
      return {
        ...x,
        results,
        state: s.state,
        progress: { done: s.results.length, total: s.variants.length, fraction: s.results.length / Math.max(1, s.variants.length), running: s.running },
      };
    });
    if (s.state === 'paused') this.status = 'paused';
  }

  private begin(o: {
    sweepId: string;
    graph: Graph;
    training: TrainingConfig;
    spec: SweepSpec;
    variants: Variant[];
    workers: number | null;
    label: string;
    template?: string | undefined;
  }): void {
    const plan = planSweep(o.graph, o.training, o.spec);
    this.planned = plan.ok ? plan.variants.map((v) => v.graph) : [];
    const sweep: ShownSweep = {
      id: o.sweepId,
      label: o.label,
      ...(o.template ? { template: o.template } : {}),
      startedAt: new Date(this.now()).toISOString(),
      finishedAt: null,
      graph: o.graph,
      training: o.training,
      spec: o.spec,
      state: 'running',
      variants: o.variants,
      results: o.variants.map(() => null),
      runs: o.variants.map(() => null),
      progress: { done: 0, total: o.variants.length, fraction: 0, running: [] },
      workers: o.workers,
    };
    this.liveId = o.sweepId;
    this.picked = null;
    this.sweeps = [...this.sweeps.filter((s) => s.id !== o.sweepId), sweep];
    this.shownId = o.sweepId;
    this.status = 'running';
  }

  private update(f: (s: ShownSweep) => ShownSweep): void {
    const id = this.liveId;
    this.sweeps = this.sweeps.map((s) => (s.id === id ? f(s) : s));
  }

  async pause(): Promise<void> {
    if (this.status === 'running' && this.liveId) await this.control('pauseSweep', this.liveId);
  }

  async resume(): Promise<void> {
    if (this.status === 'paused' && this.liveId) await this.control('resumeSweep', this.liveId);
  }

  async stop(): Promise<void> {
    if ((this.status === 'running' || this.status === 'paused') && this.liveId) await this.control('stopSweep', this.liveId);
  }

  private async control(method: 'pauseSweep' | 'resumeSweep' | 'stopSweep', sweepId: string): Promise<void> {
    const r = await this.api.call(method, { sweepId });
    if (!r.ok) this.error = failureText(r);
  }

  /** Feed one sweep event (the app subscribes this to api.onEvent). */
  handle(e: SweepEvent): void {
    if (this.status === 'starting') {
      this.buffered.push(e);
      return;
    }
    if (e.sweepId !== this.liveId) return;
    switch (e.type) {
      case 'sweep-started':
      case 'variant-started':
        break;
      case 'variant-event':
        this.update((s) => {
          const runs = [...s.runs];
          const base =
            runs[e.index] ??
            newRun(
              e.event.runId,
              this.planned[e.index] ?? s.graph,
              s.training,
              `${s.variants[e.index]?.label ?? variantLabel(s.spec.axes, e.axes)} · sweep “${s.label}”`,
              new Date(this.now()),
            );
          runs[e.index] = applyEvent(base, e.event, new Date(this.now()));
          return { ...s, runs };
        });
        break;
      case 'variant-finished':
        if (e.model && e.result.runId) this.modelRunIds = new Set([...this.modelRunIds, e.result.runId]);
        this.update((s) => {
          const results = [...s.results];
          results[e.index] = e.result;
          return { ...s, results };
        });
        break;
      case 'sweep-progress':
        this.update((s) => ({ ...s, progress: { done: e.done, total: e.total, fraction: e.fraction, running: e.running } }));
        break;
      case 'sweep-paused':
        this.status = 'paused';
        this.update((s) => ({ ...s, state: 'paused' }));
        break;
      case 'sweep-resumed':
        this.status = 'running';
        this.update((s) => ({ ...s, state: 'running' }));
        break;
      case 'sweep-finished':
        this.update((s) => {
          const results = [...s.results];
          for (const r of e.summary.variants) results[r.index] = r;
          return { ...s, results, state: e.summary.state, finishedAt: new Date(this.now()).toISOString(), progress: null, workers: e.summary.workers };
        });
        this.status = 'finished';
        this.liveId = null;
        {
          const kept = recordOf(this.sweeps.find((x) => x.id === e.sweepId)!);
          if (kept) this.onSweepEnded?.(kept.sweep, kept.runs);
        }
        break;
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  show(id: string): void {
    if (!this.sweeps.some((s) => s.id === id)) return;
    this.shownId = id;
    this.picked = null;
  }

  /**
   * The project's finished sweeps as the file keeps them, and their variants' runs; runIds: every one
   * of those runs, in order. `sent`: runs already stored elsewhere (the recovery copy), named in runIds only.
   */
  stored(sent?: ReadonlySet<string>): { sweeps: SweepRecord[]; runs: RunRecord[]; runIds: string[] } {
    const kept = this.sweeps.map((s) => recordOf(s, sent)).filter((k) => k !== null);
    return { sweeps: kept.map((k) => k.sweep), runs: kept.flatMap((k) => k.runs), runIds: kept.flatMap((k) => k.runIds) };
  }

  /** Sweeps kept in a project file (with the runs the file holds for their variants). */
  load(records: readonly SweepRecord[], runs: readonly RunRecord[]): void {
    if (this.active) return;
    const byId = new Map(runs.map((r) => [r.id, r]));
    this.sweeps = records.map((rec) => fromRecord(rec, byId));
    this.savedIds = new Set(records.map((r) => r.id));
    this.shownId = this.sweeps.at(-1)?.id ?? null;
    this.picked = null;
    this.status = this.sweeps.length > 0 ? 'finished' : 'idle';
    this.error = null;
    this.liveId = null;
    void this.askModels();
  }

  /** A sweep from the per-user history joins the project's sweeps (unsaved until the project is saved) and is shown. */
  reopen(record: SweepRecord, runs: readonly RunRecord[]): void {
    const s = fromRecord(record, new Map(runs.map((r) => [r.id, r])));
    this.sweeps = [...this.sweeps.filter((x) => x.id !== s.id), s];
    this.shownId = s.id;
    if (!this.active) this.status = 'finished';
    void this.askModels();
  }

  /** Which variants' models the app still keeps (after a reload, or for a sweep reopened from the history). */
  private async askModels(): Promise<void> {
    // the newest sweeps' runs (the app keeps the models of its last few sweeps only)
    const runIds = [...this.runIds()].filter((id) => !this.modelRunIds.has(id)).slice(-SWEEP_MODELS_ASK);
    if (runIds.length === 0) return;
    const r = await this.api.call('sweepModels', { runIds });
    if (r.ok && r.value.length > 0) this.modelRunIds = new Set([...this.modelRunIds, ...r.value]);
  }

  /** Is this run one of the sweeps' variants (shown in the run views)? */
  isVariantRun(runId: string): boolean {
    return this.sweeps.some((s) => s.runs.some((r) => r?.id === runId));
  }

  /** Whether the app keeps this variant run's trained model. */
  hasModel(runId: string): boolean {
    return this.modelRunIds.has(runId);
  }

  /** The ids of every variant run the sweeps hold (a variant opened as a run belongs to its sweep). */
  runIds(): Set<string> {
    return new Set(this.sweeps.flatMap((s) => s.runs.map((r) => r?.id).filter((id): id is string => !!id)));
  }

  markSaved(): void {
    this.savedIds = new Set(this.sweeps.filter((s) => s.finishedAt !== null).map((s) => s.id));
  }
}

/** "depth × activation" */
export function sweepTitle(spec: Pick<SweepSpec, 'axes'>): string {
  return spec.axes.map((a) => a.name).join(' × ');
}

/** The run ids a project's sweeps hold (their runs live with the sweep, not in the run history). */
export function sweepRunIds(records: readonly SweepRecord[]): Set<string> {
  return new Set(records.flatMap((s) => s.variants.map((v) => v.runId).filter((id): id is string => id !== null)));
}

/** A finished sweep as a project file keeps it, with its variants' runs; null while it runs. */
function recordOf(s: ShownSweep, sent?: ReadonlySet<string>): { sweep: SweepRecord; runs: RunRecord[]; runIds: string[] } | null {
  if (s.finishedAt === null || s.state === 'running' || s.state === 'paused') return null;
  const sweep: SweepRecord = {
    id: s.id,
    label: s.label.slice(0, 200),
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    graph: s.graph,
    training: s.training,
    spec: s.spec,
    ...(s.template ? { template: s.template } : {}),
    state: s.state,
    variants: s.results.filter((r): r is VariantResult => r !== null),
  };
  const runs: RunRecord[] = [];
  const runIds: string[] = [];
  for (const r of s.runs) {
    if (!r) continue;
    if (sent?.has(r.id) && knownStorable(r)) {
      runIds.push(r.id);
      continue;
    }
    const st = storableRun(r);
    if (!st.ok) continue;
    runs.push(st.run);
    runIds.push(r.id);
  }
  return { sweep, runs, runIds };
}

/** A kept sweep as the views show it; its variants' runs looked up by id. */
function fromRecord(rec: SweepRecord, runs: ReadonlyMap<string, RunRecord>): ShownSweep {
  const n = rec.variants.reduce((m, v) => Math.max(m, v.index + 1), 0);
  const results: (VariantResult | null)[] = Array.from({ length: n }, () => null);
  for (const v of rec.variants) results[v.index] = v;
  return {
    id: rec.id,
    label: rec.label,
    ...(rec.template ? { template: rec.template } : {}),
    startedAt: rec.startedAt,
    finishedAt: rec.finishedAt ?? rec.startedAt,
    graph: rec.graph,
    training: rec.training,
    spec: rec.spec,
    state: rec.state,
    variants: results.map((r, i) => ({ index: i, axes: r?.axes ?? {}, label: r?.label ?? `variant ${i + 1}` })),
    results,
    runs: results.map((r) => (r?.runId ? (runs.get(r.runId) ?? null) : null)),
    progress: null,
    workers: null,
  };
}
