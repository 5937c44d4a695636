// What a transport needs from the service: one call entry and one event stream.
import type { ApiResult, AppEvent } from '../contract/api';

export interface CallTarget {
  handleCall(method: unknown, params: unknown): Promise<ApiResult<unknown>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
}
