// One client's view of the service (browser mode: one per WebSocket): its calls, and the events of
// the runs it started or joined (plus every non-trainer event).
import type { ApiResult, AppEvent } from '../contract/api';

export interface ClientSession {
  /** signal: aborted when the client cancels the call or goes away */
  handleCall(method: unknown, params: unknown, signal?: AbortSignal): Promise<ApiResult<unknown>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
  /** the client went away: drop its subscriptions */
  close(): void;
}
