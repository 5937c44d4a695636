// The trainer's store of kept models: a model held by a computation is disposed once, when it is both let
// go and released, never under the computation and never twice.
import { describe, expect, it } from 'vitest';
import { ModelStore } from '../../../src-main/trainer/model-store';
import type { CompiledGraph } from '../../../src-main/trainer/compile';

const model = () => {
  const m = { disposed: 0, dispose: () => void m.disposed++ };
  return m as typeof m & CompiledGraph;
};

describe('ModelStore', () => {
  it('a held model pushed out by newer ones is disposed when its holder releases it, once', () => {
    const s = new ModelStore(1);
    const a = model();
    s.put('a', a);
    const h = s.hold('a')!;
    s.put('b', model());
    expect(s.ids()).toEqual(['b']);
    expect(a.disposed).toBe(0);
    h.release();
    h.release();
    expect(a.disposed).toBe(1);
  });

  it('a model still kept is not disposed by its release; two holders release it in turn', () => {
    const s = new ModelStore(2);
    const a = model();
    s.put('a', a);
    const [h1, h2] = [s.hold('a')!, s.hold('a')!];
    h1.release();
    expect(a.disposed).toBe(0);
    s.drop('a');
    expect(a.disposed).toBe(0);
    h2.release();
    expect(a.disposed).toBe(1);
  });

  it('closing the store disposes held models too, and a late release does not dispose them again', () => {
    const s = new ModelStore(2);
    const a = model();
    s.put('a', a);
    const h = s.hold('a')!;
    s.dispose();
    expect(a.disposed).toBe(1);
    h.release();
    expect(a.disposed).toBe(1);
  });
});
