import { describe, expect, it } from 'vitest';
import type { ApiResult, AppEvent, GradscopeApi } from '../../../src-main/contract/api';
import { bridgeApi, toPlain } from '../../../src-renderer/lib/transport-electron';
import { stateOf } from './state-proxy';

/** Stands in for Electron's contextBridge: like it, refuses what cannot be structured-cloned (Proxies). */
function fakeBridge() {
  const received: unknown[] = [];
  const listeners = new Set<(e: AppEvent) => void>();
  const api: GradscopeApi = {
    call: async (method, params) => {
      received.push(structuredClone([method, params]));
      return { ok: true, value: null } as ApiResult<never>;
    },
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return { api, received, listeners };
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
    for (const l of bridge.listeners) l({ type: 'menu', command: 'save' });
    off();
    expect(got).toEqual([{ type: 'menu', command: 'save' }]);
    expect(bridge.listeners.size).toBe(0);
  });
});
