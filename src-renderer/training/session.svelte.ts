// The app's one training session, on the real API.
import { api } from '../lib/api';
import { SessionState } from './session-state.svelte';

export const session = new SessionState(api);

/** Route trainer events to the session; returns the unsubscribe function. */
export function connectSession(): () => void {
  return api.onEvent((e) => {
    if (e.type === 'trainer') session.handle(e.event);
  });
}
