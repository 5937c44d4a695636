// Feeds the sweep events to the app's SweepState, and joins a sweep already running when the page
// (re)connects (reloaded mid-sweep).
import type { GradscopeApi } from '../../src-main/contract/api';
import type { PickedApi } from '../lib/api';
import { connectStream } from '../lib/connect-stream';
import type { SweepState } from './sweep-state.svelte';

export function connectSweeps(sweeps: SweepState, api: GradscopeApi, onStatus: PickedApi['onStatus']): () => void {
  return connectStream(api, onStatus, {
    type: 'sweep',
    current: 'currentSweep',
    handle: (e) => sweeps.handle(e.event),
    adopt: (sweep) => sweeps.adopt(sweep),
  });
}
