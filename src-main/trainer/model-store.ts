// The last few trained models, by run id, so an 'export' command can save one later (the oldest goes first).
import type { CompiledGraph } from './compile';

export class ModelStore<Meta = unknown> {
  private readonly models = new Map<string, CompiledGraph>();
  private readonly metas = new Map<string, Meta>();

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

  /** Let a model go (its tensors disposed). */
  drop(runId: string): void {
    this.models.get(runId)?.dispose();
    this.models.delete(runId);
    this.metas.delete(runId);
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

  dispose(): void {
    for (const c of this.models.values()) c.dispose();
    this.models.clear();
    this.metas.clear();
  }
}
