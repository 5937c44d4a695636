// Snapshot undo history with coalescing: a burst of edits under one key (typing in a field, one drag)
// becomes a single entry. Pure; the editor store wraps it.

export interface HistoryEntry<T> {
  snapshot: T;
  /** serialized snapshot: equal keys mean nothing changed */
  key: string;
  /** edits with the same coalesce key within the window replace this entry instead of adding one */
  coalesce: string | null;
  at: number;
}

export const COALESCE_MS = 1500;
export const HISTORY_LIMIT = 200;

export class History<T> {
  private entries: HistoryEntry<T>[];
  private index = 0;

  constructor(
    initial: T,
    private readonly serialize: (s: T) => string = JSON.stringify,
  ) {
    this.entries = [{ snapshot: initial, key: serialize(initial), coalesce: null, at: 0 }];
  }

  get current(): T {
    return this.entries[this.index]!.snapshot;
  }
  get currentKey(): string {
    return this.entries[this.index]!.key;
  }
  get canUndo(): boolean {
    return this.index > 0;
  }
  get canRedo(): boolean {
    return this.index < this.entries.length - 1;
  }
  get size(): number {
    return this.entries.length;
  }

  /** Record a state. Returns false when it equals the current one (nothing recorded). */
  record(snapshot: T, coalesce: string | null = null, now = Date.now()): boolean {
    const key = this.serialize(snapshot);
    if (key === this.currentKey) return false;
    const top = this.entries[this.index]!;
    const atEnd = this.index === this.entries.length - 1;
    if (coalesce !== null && atEnd && this.index > 0 && top.coalesce === coalesce && now - top.at <= COALESCE_MS) {
      this.entries[this.index] = { snapshot, key, coalesce, at: now };
      // If the burst ended where it started, drop the entry altogether.
      if (this.entries[this.index - 1]!.key === key) {
        this.entries.pop();
        this.index--;
      }
      return true;
    }
    this.entries = this.entries.slice(0, this.index + 1);
    this.entries.push({ snapshot, key, coalesce, at: now });
    if (this.entries.length > HISTORY_LIMIT) this.entries.shift();
    this.index = this.entries.length - 1;
    return true;
  }

  /** Ends any coalescing burst: the next edit starts a new entry. */
  seal(): void {
    const top = this.entries[this.index]!;
    this.entries[this.index] = { ...top, coalesce: null };
  }

  undo(): T | null {
    if (!this.canUndo) return null;
    this.index--;
    return this.current;
  }

  redo(): T | null {
    if (!this.canRedo) return null;
    this.index++;
    return this.current;
  }

  /** Forget everything before: a freshly opened project starts a new history. */
  reset(snapshot: T): void {
    this.entries = [{ snapshot, key: this.serialize(snapshot), coalesce: null, at: 0 }];
    this.index = 0;
  }
}
