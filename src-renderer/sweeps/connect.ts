// Feeds the sweep events to the app's SweepState, and joins a sweep already running when the page
// (re)connects (reloaded mid-sweep). The same shape as training/session.svelte.ts connectSession.
import type { GradscopeApi } from '../../src-main/contract/api';
import type { PickedApi } from '../lib/api';
import type { SweepState } from './sweep-state.svelte';

export function connectSweeps(sweeps: SweepState, api: GradscopeApi, onStatus: PickedApi['onStatus']): () => void {
  const off = api.onEvent((e) => {
    if (e.type === 'sweep') sweeps.handle(e.event);
  });
  const join = (): void =>
    void api.call('currentSweep', {}).then((r) => {
      if (r.ok && r.value) sweeps.adopt(r.value);
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
