// What a transport needs from the service: one call entry and one event stream (Electron's single
// window), or one session per client (browser mode), which hears only the runs it started or joined.
import type { ApiResult, AppEvent } from '../contract/api';
import type { ClientSession } from './client-session';

export type { ClientSession };

export interface CallTarget {
  handleCall(method: unknown, params: unknown, signal?: AbortSignal): Promise<ApiResult<unknown>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
}

export interface SessionTarget {
  openSession(): ClientSession;
}
