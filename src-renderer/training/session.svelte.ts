// The app's one training session, on the real API.
import { api, onConnectionStatus } from '../lib/api';
import { SessionState } from './session-state.svelte';

export const session = new SessionState(api);

/**
 * Route trainer events to the session, and join the run in progress whenever the page (re)connects:
 * runs belong to the app, not to the tab that started them. Returns the unsubscribe function.
 */
export function connectSession(): () => void {
  const off = api.onEvent((e) => {
    if (e.type === 'trainer') session.handle(e.event);
  });
  const join = (): void =>
    void api.call('currentRun', {}).then((r) => {
      if (r.ok && r.value) session.adopt(r.value);
    });
  join();
  const offStatus = onConnectionStatus((s) => {
    if (s === 'open') join();
  });
  return () => {
    off();
    offStatus();
  };
}
