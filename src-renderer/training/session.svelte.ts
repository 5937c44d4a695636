// Connects the app's training session to the API's events.
import type { GradscopeApi } from '../../src-main/contract/api';
import type { PickedApi } from '../lib/api';
import { connectStream } from '../lib/connect-stream';
import type { SessionState } from './session-state.svelte';

/**
 * Route trainer events to the session, and join the run in progress whenever the page (re)connects:
 * runs belong to the app, not to the tab that started them. Returns the unsubscribe function.
 */
export function connectSession(session: SessionState, api: GradscopeApi, onStatus: PickedApi['onStatus']): () => void {
  return connectStream(api, onStatus, {
    type: 'trainer',
    current: 'currentRun',
    handle: (e) => session.handle(e.event),
    adopt: (run) => session.adopt(run),
  });
}
