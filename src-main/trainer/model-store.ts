// The last few trained models, by run id, so an 'export' command can save one later (the oldest goes first).
// A view computing on a model holds it (`hold`): a model let go while held is disposed when the last holder
// releases it, so a newer run or load never pulls the tensors from under a computation.
import type { CompiledGraph } from './compile';

/** A model held for one computation: `release` exactly once when done. */
export interface HeldModel<Meta> {
  c: CompiledGraph;
  meta: Meta | undefined;
  release(): void;
}

export class ModelStore<Meta = unknown> {
  private readonly models = new Map<string, CompiledGraph>();
  private readonly metas = new Map<string, Meta>();
  /** holders per model (kept or already let go) */
  private readonly holders = new Map<CompiledGraph, number>();

  constructor(readonly capacity = 5) {}

  /** Keep a model, with what its export writes next to it (the data contract, the run's facts). */
  put(runId: string, compiled: CompiledGraph, meta?: Meta): void {
    this.drop(runId);
    this.models.set(runId, compiled);
    if (meta !== undefined) this.metas.set(runId, meta);
    while (this.models.size > this.capacity) this.drop(this.models.keys().next().value as string);
  }

  /** Mark a kept model as the newest (the last to go); false when it is not kept. */
  touch(runId: string): boolean {
    const c = this.models.get(runId);
    if (!c) return false;
    this.models.delete(runId);
    this.models.set(runId, c);
    return true;
  }

  /** Let a model go: its tensors are disposed now, or when the last computation holding it releases it. */
  drop(runId: string): void {
    const c = this.models.get(runId);
    this.models.delete(runId);
    this.metas.delete(runId);
    if (c && !this.holders.has(c)) c.dispose();
  }

  /** Hold a kept model for a computation; undefined when it is not kept. */
  hold(runId: string): HeldModel<Meta> | undefined {
    const c = this.models.get(runId);
    if (!c) return undefined;
    this.holders.set(c, (this.holders.get(c) ?? 0) + 1);
    let released = false;
    return {
      c,
      meta: this.metas.get(runId),
      release: () => {
        if (released) return;
        released = true;
        // the whole store was disposed meanwhile (the trainer closed): nothing is left to let go
        const held = this.holders.get(c);
        if (held === undefined) return;
        const left = held - 1;
        if (left > 0) return void this.holders.set(c, left);
        this.holders.delete(c);
        // let go while held: dispose it now (unless it was kept again meanwhile)
        if (![...this.models.values()].includes(c)) c.dispose();
      },
    };
  }

  get(runId: string): CompiledGraph | undefined {
    return this.models.get(runId);
  }

  meta(runId: string): Meta | undefined {
    return this.metas.get(runId);
  }

  ids(): string[] {
    return [...this.models.keys()];
  }

  /** Every model goes, held or not (the trainer is closing). */
  dispose(): void {
    for (const c of new Set([...this.models.values(), ...this.holders.keys()])) c.dispose();
    this.models.clear();
    this.metas.clear();
    this.holders.clear();
  }
}
