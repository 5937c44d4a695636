// A lesson panel's computation where only the latest request counts: a new request cancels the one
// before and its late answer is dropped; a failure is shown in words (or not at all when the page
// cancelled it), and clears the last answer unless the panel keeps it.
import { describe, expect, it } from 'vitest';
import { LatestCall } from '../../../src-renderer/lib/latest-call.svelte';
import type { ApiResult } from '../../../src-main/contract/api';

/** A call the test answers by hand, seeing the signal it was given. */
function pending<T>() {
  let answer!: (r: ApiResult<T>) => void;
  let signal!: AbortSignal;
  const call = (s: AbortSignal) => {
    signal = s;
    return new Promise<ApiResult<T>>((res) => (answer = res));
  };
  return { call, answer: (r: ApiResult<T>) => answer(r), signal: () => signal };
}

describe('LatestCall', () => {
  it('a newer request cancels the older one, whose late answer is dropped', async () => {
    const c = new LatestCall<number>('Drawing');
    const a = pending<number>();
    const b = pending<number>();
    const first = c.run(a.call);
    expect(c.busy).toBe(true);
    const second = c.run(b.call);
    expect(a.signal().aborted).toBe(true);
    a.answer({ ok: true, value: 1 });
    expect(await first).toBeNull();
    expect(c.value).toBeNull();
    expect(c.busy).toBe(true);
    b.answer({ ok: true, value: 2 });
    expect(await second).toBe(2);
    expect([c.value, c.error, c.busy]).toEqual([2, null, false]);
  });

  it('a failure is shown after what the panel was doing, and clears the answer unless kept', async () => {
    for (const keep of [false, true]) {
      const c = new LatestCall<number>('Loss landscape', keep);
      await c.run(async () => ({ ok: true, value: 5 }));
      await c.run(async () => ({ ok: false, error: 'runs differ in shape', kind: 'invalid' }));
      expect(c.error).toBe('Loss landscape: runs differ in shape');
      expect(c.value).toBe(keep ? 5 : null);
      expect(c.busy).toBe(false);
    }
  });

  it('cancel stops the request (nothing to tell); reset also forgets the answer and the failure', async () => {
    const c = new LatestCall<number>('Measuring');
    await c.run(async () => ({ ok: false, error: 'boom' }));
    const p = pending<number>();
    const run = c.run(p.call);
    c.cancel();
    expect(p.signal().aborted).toBe(true);
    expect(c.busy).toBe(false);
    p.answer({ ok: false, error: 'cancelled', kind: 'cancelled' });
    expect(await run).toBeNull();
    expect(c.error).toBe('Measuring: boom');
    c.reset();
    expect([c.value, c.error, c.busy]).toEqual([null, null, false]);
  });

  it('hands the answer to `arrived` before it is shown', async () => {
    const c = new LatestCall<number>();
    let seen: [number, number | null] | null = null;
    await c.run(
      async () => ({ ok: true, value: 7 }),
      (v) => (seen = [v, c.value]),
    );
    expect(seen).toEqual([7, null]);
    expect(c.value).toBe(7);
  });
});
