// Connects the app's training session to the API's events.
import type { GradscopeApi } from '../../src-main/contract/api';
import type { PickedApi } from '../lib/api';
import type { SessionState } from './session-state.svelte';

/**
 * Route trainer events to the session, and join the run in progress whenever the page (re)connects:
 * runs belong to the app, not to the tab that started them. Returns the unsubscribe function.
 */
export function connectSession(session: SessionState, api: GradscopeApi, onStatus: PickedApi['onStatus']): () => void {
  const off = api.onEvent((e) => {
    if (e.type === 'trainer') session.handle(e.event);
  });
  const join = (): void =>
    void api.call('currentRun', {}).then((r) => {
      if (r.ok && r.value) session.adopt(r.value);
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
