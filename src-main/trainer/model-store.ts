// The last few trained models, by run id, so an 'export' command can save one later.
import type { CompiledGraph } from './compile';

export class ModelStore {
  private readonly models = new Map<string, CompiledGraph>();

  constructor(readonly capacity = 5) {}

  put(runId: string, compiled: CompiledGraph): void {
    this.models.get(runId)?.dispose();
    this.models.delete(runId);
    this.models.set(runId, compiled);
    while (this.models.size > this.capacity) {
      const [oldest, c] = this.models.entries().next().value as [string, CompiledGraph];
      this.models.delete(oldest);
      c.dispose();
    }
  }

  get(runId: string): CompiledGraph | undefined {
    return this.models.get(runId);
  }

  ids(): string[] {
    return [...this.models.keys()];
  }

  dispose(): void {
    for (const c of this.models.values()) c.dispose();
    this.models.clear();
  }
}
