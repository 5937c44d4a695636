import { describe, expect, it } from 'vitest';
import type { GradscopeApi } from '../../../src-main/contract/api';
import { createAppStores } from '../../../src-renderer/app-context';

/** An API that answers every call with an empty success and records what was asked. */
function fakePicked() {
  const calls: string[] = [];
  const api = {
    call: (async (method: string) => {
      calls.push(method);
      return { ok: true, value: null };
    }) as GradscopeApi['call'],
    onEvent: () => () => undefined,
  } as unknown as GradscopeApi;
  return { picked: { api, status: () => 'open' as const, onStatus: () => () => undefined }, calls };
}

describe('the app stores, created once and handed down', () => {
  it('are wired to each other: the project files see the same editor and session the components get', () => {
    const { picked } = fakePicked();
    const s = createAppStores(picked);
    expect(s.files.unsaved).toBe(false);
    s.editor.addNode('input', { x: 0, y: 0 });
    expect(s.files.unsaved).toBe(true);
    expect(s.files.project().graph.nodes.map((n) => n.id)).toEqual(['input1']);
    expect(s.files.project().layout).toEqual({ input1: { x: 0, y: 0 } });
    // the canvas tint reads the same session: no run, no tint
    expect(s.canvasGrads.run).toBeNull();
  });

  it('two apps do not share state (nothing is a module-level singleton)', () => {
    const a = createAppStores(fakePicked().picked);
    const b = createAppStores(fakePicked().picked);
    a.editor.addNode('dense', { x: 10, y: 10 });
    a.ui.notify('error', 'only in a');
    expect(b.editor.nodes).toEqual([]);
    expect(b.ui.notices).toEqual([]);
  });
});
