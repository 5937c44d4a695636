import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../src-main/contract/api';
import type { PreloadBridge } from '../../../src-main/contract/channels';
import { bridgeApi, toPlain } from '../../../src-renderer/lib/transport-electron';
import { stateOf } from './state-proxy';

/** Stands in for the preload behind Electron's contextBridge: like it, refuses what cannot be
 * structured-cloned (Proxies); answers calls at once, except 'pickDataset', which waits for a cancel. */
function fakeBridge() {
  const received: unknown[] = [];
  const frames: unknown[] = [];
  const listeners = new Set<(frame: unknown) => void>();
  const api: PreloadBridge = {
    post: async (raw) => {
      const frame = structuredClone(raw) as { id: number; method: string; params: unknown } | { cancel: number };
      frames.push(frame);
      if ('cancel' in frame) return null;
      received.push([frame.method, frame.params]);
      if (frame.method === 'pickDataset') return new Promise(() => undefined);
      return { kind: 'result', id: frame.id, result: { ok: true, value: null } };
    },
    onMessage: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return { api, received, frames, listeners };
}

const project = {
  format: 'gradscope-project' as const,
  version: 1 as const,
  name: 'Spiral',
  graph: { version: 1, nodes: [{ id: 'input', type: 'input', name: 'input', position: { x: 0, y: 0 } }], edges: [] },
};

describe('the Electron transport in the page', () => {
  it('a $state object is a Proxy that Electron would refuse to carry', () => {
    const state = stateOf(structuredClone(project));
    expect(() => structuredClone(state)).toThrow(/could not be cloned/);
  });

  it('sends $state objects over the bridge as plain data, equal to what browser mode sends as JSON', async () => {
    const bridge = fakeBridge();
    const api = bridgeApi(bridge.api);
    const state = stateOf(structuredClone(project));
    state.name = 'Spiral (edited)';
    const r = await api.call('writeRecovery', { project: state as never });
    expect(r).toEqual({ ok: true, value: null });
    expect(bridge.received).toEqual([['writeRecovery', { project: { ...project, name: 'Spiral (edited)' } }]]);
    expect(bridge.received[0]).toEqual(JSON.parse(JSON.stringify(['writeRecovery', { project: state }])));
  });

  it('drops what JSON would drop (undefined fields, functions) and passes events through', () => {
    expect(toPlain({ a: 1, b: undefined, f: () => 1, nested: stateOf({ x: [1, 2] }) })).toEqual({ a: 1, nested: { x: [1, 2] } });
    expect(toPlain(undefined)).toBeUndefined();
    const bridge = fakeBridge();
    const got: AppEvent[] = [];
    const off = bridgeApi(bridge.api).onEvent((e) => got.push(e));
    for (const l of bridge.listeners) l({ kind: 'event', event: { type: 'menu', command: 'save' } });
    off();
    for (const l of bridge.listeners) l({ kind: 'event', event: { type: 'menu', command: 'open' } });
    expect(got).toEqual([{ type: 'menu', command: 'save' }]);
  });

  it('a cancelled call resolves as cancelled at once and tells main with a cancel frame', async () => {
    const bridge = fakeBridge();
    const api = bridgeApi(bridge.api);
    const stop = new AbortController();
    const pending = api.call('pickDataset', { kind: 'csv' }, stop.signal);
    await Promise.resolve();
    stop.abort();
    expect(await pending).toEqual({ ok: false, kind: 'cancelled', error: 'cancelled' });
    expect(bridge.frames).toEqual([{ id: 1, method: 'pickDataset', params: { kind: 'csv' } }, { cancel: 1 }]);
  });
});
