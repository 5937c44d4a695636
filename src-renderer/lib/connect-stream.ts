// Feeds one kind of app event to a store, and joins what is already going on (a run, a sweep) whenever
// the page (re)connects: runs and sweeps belong to the app, not to the tab that started them.
import type { AppEvent, GradscopeApi, Params, Results } from '../../src-main/contract/api';
import type { PickedApi } from './api';

/** The calls that answer "what is running now?" */
type CurrentMethod = 'currentRun' | 'currentSweep';

export interface StreamTarget<K extends AppEvent['type'], M extends CurrentMethod> {
  /** the app events this store hears */
  type: K;
  /** the call that returns what is already running when the page (re)connects */
  current: M;
  handle(event: Extract<AppEvent, { type: K }>): void;
  adopt(value: NonNullable<Results[M]>): void;
}

/** Returns the unsubscribe function. */
export function connectStream<K extends AppEvent['type'], M extends CurrentMethod>(
  api: GradscopeApi,
  onStatus: PickedApi['onStatus'],
  target: StreamTarget<K, M>,
): () => void {
  const off = api.onEvent((e) => {
    if (e.type === target.type) target.handle(e as Extract<AppEvent, { type: K }>);
  });
  const join = (): void =>
    void api.call(target.current, {} as Params<M>).then((r) => {
      if (r.ok && r.value) target.adopt(r.value as NonNullable<Results[M]>);
    });
  join();
  const offStatus = onStatus((s) => {
    if (s === 'open') join();
  });
  return () => {
    off();
    offStatus();
  };
}
