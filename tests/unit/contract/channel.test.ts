// The one channel (contract/channel.ts), client and server joined by an in-memory protocol that
// delivers frames asynchronously as a real port would: replies pair with calls however they
// interleave, a cancel aborts the handler's signal and resolves the call as 'cancelled' at once,
// errors travel as values, and events reach listeners until they unsubscribe.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ChannelClient, ChannelServer, eventFrame, type CallHandler, type RequestFrame } from '../../../src-main/contract/channel';
import { GradscopeError } from '../../../src-main/contract/errors';

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** A client and a server over a queue; `connected` false: the protocol refuses frames (a reconnecting socket). */
function pair(handler: CallHandler) {
  const sent: RequestFrame[] = [];
  const state = { connected: true };
  const server = new ChannelServer(handler);
  const client: ChannelClient<string> = new ChannelClient<string>((frame) => {
    if (!state.connected) return false;
    sent.push(frame);
    setTimeout(() => void server.receive(frame).then((reply) => reply && client.receive(reply)), 0);
    return true;
  });
  return { client, server, sent, state };
}

describe('the channel', () => {
  it('pairs each reply with its call, whatever order the answers come in', async () => {
    const { client, sent } = pair(async (method, params) => {
      await new Promise((r) => setTimeout(r, (params as { wait: number }).wait));
      return { ok: true, value: `${method}:${(params as { wait: number }).wait}` };
    });
    const got = await Promise.all([30, 1, 15].map((wait) => client.call('echo', { wait })));
    expect(got).toEqual([
      { ok: true, value: 'echo:30' },
      { ok: true, value: 'echo:1' },
      { ok: true, value: 'echo:15' },
    ]);
    expect(sent.map((f) => ('id' in f ? f.id : null))).toEqual([1, 2, 3]);
  });

  it("a cancelled call resolves as cancelled at once, and the server aborts the handler's signal and sends nothing back", async () => {
    let steps = 0;
    let sawAbort = false;
    const { client, sent } = pair(async (_m, _p, signal) => {
      while (!signal.aborted && steps < 1000) {
        steps++;
        await tick();
      }
      sawAbort = signal.aborted;
      return { ok: true, value: steps };
    });
    const stop = new AbortController();
    const call = client.call('work', {}, { signal: stop.signal });
    while (steps < 3) await tick();
    stop.abort();
    expect(await call).toEqual({ ok: false, kind: 'cancelled', error: 'cancelled' });
    for (let i = 0; i < 5; i++) await tick();
    expect(sawAbort).toBe(true);
    expect(steps).toBeLessThan(10); // the handler stopped; 1000 steps were asked for
    expect(sent).toEqual([{ id: 1, method: 'work', params: {} }, { cancel: 1 }]);
  });

  it('a call given an already aborted signal is not sent at all', async () => {
    const { client, sent } = pair(async () => ({ ok: true, value: 1 }));
    const stop = new AbortController();
    stop.abort();
    expect(await client.call('x', {}, { signal: stop.signal })).toMatchObject({ kind: 'cancelled' });
    expect(sent).toEqual([]);
  });

  it('a handler that throws answers an error value with its kind and where, and no stack', async () => {
    const { client } = pair(async (method) => {
      if (method === 'csv') throw new GradscopeError('dataset', 'data.csv: line 3, column 2: unclosed quote', { file: 'data.csv', line: 3, column: 2 });
      throw new TypeError('x is undefined');
    });
    expect(await client.call('csv', {})).toEqual({
      ok: false,
      kind: 'dataset',
      error: 'csv failed: data.csv: line 3, column 2: unclosed quote',
      where: { file: 'data.csv', line: 3, column: 2 },
    });
    const bug = await client.call('bug', {});
    expect(bug).toEqual({ ok: false, kind: 'failed', error: 'bug failed: x is undefined' });
    expect(JSON.stringify(bug)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('no answer within the timeout: fails as timeout and cancels on the server', async () => {
    let aborted = false;
    const { client, sent } = pair(
      (_m, _p, signal) =>
        new Promise((resolve) =>
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ ok: true, value: 'late' });
          }),
        ),
    );
    expect(await client.call('slow', {}, { timeoutMs: 20 })).toEqual({ ok: false, kind: 'timeout', error: 'no answer within 20 ms' });
    await tick();
    expect(aborted).toBe(true);
    expect(sent.at(-1)).toEqual({ cancel: 1 });
  });

  it('calls wait while the protocol cannot carry them and go out on flush; lost fails only those already sent', async () => {
    const { client, sent, state } = pair(async () => ({ ok: true, value: 'done' }));
    state.connected = false;
    const waiting = client.call('later', {});
    await tick();
    expect(sent).toEqual([]);
    state.connected = true;
    client.flush();
    expect(await waiting).toEqual({ ok: true, value: 'done' });

    const never = new ChannelClient<string>(() => true);
    const inFlight = never.call('x', {});
    never.lost('the connection dropped');
    expect(await inFlight).toEqual({ ok: false, kind: 'lost', error: 'the connection dropped' });
    never.close('closed for good');
    expect(await never.call('y', {})).toEqual({ ok: false, kind: 'lost', error: 'closed for good' });
  });

  it('events reach every listener until it unsubscribes; a failing listener does not stop the others', () => {
    const client = new ChannelClient<string>(() => true);
    const a: string[] = [];
    const b: string[] = [];
    client.listen(() => {
      throw new Error('broken view');
    });
    const offA = client.listen((e) => a.push(e));
    client.listen((e) => b.push(e));
    client.receive(eventFrame('one'));
    offA();
    client.receive(eventFrame('two'));
    client.receive({ kind: 'result', id: 99, result: { ok: true, value: null } }); // no such call: ignored
    client.receive('not a frame');
    expect(a).toEqual(['one']);
    expect(b).toEqual(['one', 'two']);
  });

  it('closing the server aborts every call still running', async () => {
    const signals: AbortSignal[] = [];
    const server = new ChannelServer((_m, _p, signal) => {
      signals.push(signal);
      return new Promise(() => undefined);
    });
    void server.receive({ id: 1, method: 'a', params: {} });
    void server.receive({ id: 2, method: 'b', params: {} });
    server.close();
    expect(signals.map((s) => s.aborted)).toEqual([true, true]);
  });

  it('a call sent and still awaiting its answer no longer holds its arguments (a whole project with its runs)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const frames: string[] = [];
    // the protocol carries the frame (as a socket would, serialised) and the answer never comes
    const client = new ChannelClient<string>((frame) => (frames.push(JSON.stringify(frame)), true));
    const send = () => {
      const params = { runs: [Array.from({ length: 1000 }, (_, i) => i)] };
      return { held: new WeakRef(params), answer: client.call('writeRecovery', params) };
    };
    const { held, answer } = send();
    await tick();
    gc();
    expect(frames).toHaveLength(1);
    expect(held.deref()).toBeUndefined();
    // it still waits for its answer
    let settled = false;
    void answer.then(() => (settled = true));
    await tick();
    expect(settled).toBe(false);
    client.close('closed');
    expect(await answer).toMatchObject({ ok: false, kind: 'lost' });
  });
});
