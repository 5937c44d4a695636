// A computation asked of the trainer where only the latest request counts (a lesson panel's picture):
// its answer, the failure in words, and whether one is running. A new request cancels the one before;
// an answer that arrives after it was cancelled or superseded is dropped.
import type { ApiResult } from '../../src-main/contract/api';
import { failureText } from './failure-text';

export class LatestCall<T> {
  value = $state.raw<T | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  private inFlight: AbortController | null = null;

  /**
   * @param doing what the panel was doing, in the user's words (leads the failure text)
   * @param keepOnFailure keep the last answer shown when a new request fails (else it is cleared)
   */
  constructor(
    private readonly doing?: string,
    private readonly keepOnFailure = false,
  ) {}

  /**
   * Ask again; the answer, or null when it failed or was cancelled or superseded. `arrived` runs with
   * the answer before it is shown (state the view needs from its first drawing, e.g. which paths are on).
   */
  async run(call: (signal: AbortSignal) => Promise<ApiResult<T>>, arrived?: (value: T) => void): Promise<T | null> {
    this.inFlight?.abort();
    const mine = new AbortController();
    this.inFlight = mine;
    this.busy = true;
    const r = await call(mine.signal);
    if (mine.signal.aborted) return null;
    this.inFlight = null;
    this.busy = false;
    if (!r.ok) {
      this.error = failureText(r, this.doing);
      if (!this.keepOnFailure) this.value = null;
      return null;
    }
    arrived?.(r.value);
    this.error = null;
    this.value = r.value;
    return r.value;
  }

  /** Stop the request running, if any (its answer will be dropped). */
  cancel(): void {
    this.inFlight?.abort();
    this.inFlight = null;
    this.busy = false;
  }

  /** Cancel, and forget the answer and the failure (another run is shown). */
  reset(): void {
    this.cancel();
    this.value = null;
    this.error = null;
  }
}
