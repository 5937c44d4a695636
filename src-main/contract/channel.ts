// The one request/response channel of Gradscope, over any message protocol (a WebSocket, Electron
// IPC, a worker's postMessage). Request ids live here and nowhere else. Pure: no node, electron or
// svelte imports; the renderer imports it. Model: VS Code's base/parts/ipc (ChannelClient/Server).
//
//   client → server   { id, method, params }    a call
//                     { cancel: id }            the caller gave up: the server aborts the handler's signal
//   server → client   { kind: 'result', id, result }   the call's ApiResult (errors are values, never stacks)
//                     { kind: 'event', event }         an event; listeners subscribe with listen()
//                     { kind: 'error', error }         a frame the server could not read

import { failureOf, type ErrorKind, type Failure, type Where } from './errors';

export type { ErrorKind, Failure, Where };
export type Result<T> = { ok: true; value: T } | Failure;

export type CallFrame = { id: number; method: string; params: unknown };
export type CancelFrame = { cancel: number };
export type RequestFrame = CallFrame | CancelFrame;
export type ReplyFrame<E> = { kind: 'result'; id: number; result: Result<unknown> } | { kind: 'event'; event: E } | { kind: 'error'; error: string };

export const CANCELLED: Failure = { ok: false, kind: 'cancelled', error: 'cancelled' };

export const isCancelled = (r: Result<unknown>): boolean => !r.ok && r.kind === 'cancelled';

export interface CallOptions {
  signal?: AbortSignal;
  /** no answer within this many ms: the call fails with kind 'timeout' (and is cancelled on the server) */
  timeoutMs?: number;
}

interface Pending {
  /** the call as it still has to go out; null once sent */
  frame: CallFrame | null;
  sent: boolean;
  settle: (r: Result<unknown>) => void;
}

/**
 * The calling side. `send` hands a frame to the protocol and returns false when it cannot carry it
 * now (a WebSocket that is reconnecting): the call waits, and `flush()` sends it once it can.
 */
export class ChannelClient<E> {
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: E) => void>();
  private nextId = 1;
  private closedWith: string | null = null;

  constructor(private readonly send: (frame: RequestFrame) => boolean) {}

  call(method: string, params: unknown, opts: CallOptions = {}): Promise<Result<unknown>> {
    if (this.closedWith !== null) return Promise.resolve({ ok: false, kind: 'lost', error: this.closedWith });
    if (opts.signal?.aborted) return Promise.resolve(CANCELLED);
    const id = this.nextId++;
    // no closure here sees `params`: once the frame is sent, the call's arguments (a whole project,
    // say) are not held while the answer is awaited
    const { pending, answer } = this.waitFor(id, opts);
    pending.frame = { id, method, params };
    this.sendOne(pending);
    return answer;
  }

  /** A call waiting for its answer (its frame set by the caller), settled by the reply, `signal` or the timeout. */
  private waitFor(id: number, opts: CallOptions): { pending: Pending; answer: Promise<Result<unknown>> } {
    let pending!: Pending;
    const answer = new Promise<Result<unknown>>((resolve) => {
      const cleanups: Array<() => void> = [];
      const p: Pending = {
        frame: null,
        sent: false,
        settle: (r) => {
          if (this.pending.get(id) !== p) return;
          this.pending.delete(id);
          for (const c of cleanups) c();
          resolve(r);
        },
      };
      pending = p;
      this.pending.set(id, p);
      const giveUp = (r: Failure): void => {
        if (p.sent) this.send({ cancel: id });
        p.settle(r);
      };
      if (opts.signal) {
        const signal = opts.signal;
        const onAbort = (): void => giveUp(CANCELLED);
        signal.addEventListener('abort', onAbort, { once: true });
        cleanups.push(() => signal.removeEventListener('abort', onAbort));
      }
      if (opts.timeoutMs !== undefined) {
        const ms = opts.timeoutMs;
        const within = ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
        const timer = setTimeout(() => giveUp({ ok: false, kind: 'timeout', error: `no answer within ${within}` }), ms);
        cleanups.push(() => clearTimeout(timer));
      }
    });
    return { pending, answer };
  }

  /** Subscribe to the server's events; returns the unsubscribe function. */
  listen(listener: (event: E) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A frame from the server. Anything that is not a reply frame is ignored. */
  receive(frame: unknown): void {
    if (typeof frame !== 'object' || frame === null) return;
    const f = frame as ReplyFrame<E>;
    switch (f.kind) {
      case 'result':
        this.pending.get(f.id)?.settle(f.result);
        return;
      case 'event':
        for (const l of [...this.listeners]) {
          try {
            l(f.event);
          } catch (e) {
            console.error('Gradscope event listener failed:', e);
          }
        }
        return;
      case 'error':
        console.warn(`Gradscope: ${f.error}`);
        return;
      default: {
        const never: never = f;
        void never;
      }
    }
  }

  /** The protocol can carry frames again: send the calls that waited. */
  flush(): void {
    for (const p of [...this.pending.values()]) if (!p.sent) this.sendOne(p);
  }

  /** The connection dropped: calls already sent fail with `reason` (kind 'lost'); unsent ones keep waiting. */
  lost(reason: string): void {
    for (const p of [...this.pending.values()]) if (p.sent) p.settle({ ok: false, kind: 'lost', error: reason });
  }

  /** For good: every waiting call fails with `reason`, and so does every later one. */
  close(reason: string): void {
    this.closedWith = reason;
    for (const p of [...this.pending.values()]) p.settle({ ok: false, kind: 'lost', error: reason });
  }

  private sendOne(p: Pending): void {
    if (!p.frame) return;
    p.sent = this.send(p.frame);
    if (p.sent) p.frame = null;
  }
}

/** What the server side runs for a call: validated by the handler itself, told through `signal` when the caller gave up. */
export type CallHandler = (method: string, params: unknown, signal: AbortSignal) => Promise<Result<unknown>>;

/**
 * The answering side, one per connection: runs each call frame's handler with an AbortSignal that a
 * cancel frame (or the connection closing) aborts, and resolves to the reply frame to send back
 * (null for a cancel frame, and for a call that was cancelled: its caller no longer waits).
 */
export class ChannelServer {
  private readonly running = new Map<number, AbortController>();

  constructor(private readonly handler: CallHandler) {}

  async receive(frame: RequestFrame): Promise<ReplyFrame<never> | null> {
    if ('cancel' in frame) {
      this.running.get(frame.cancel)?.abort();
      return null;
    }
    const { id, method, params } = frame;
    const control = new AbortController();
    this.running.set(id, control);
    let result: Result<unknown>;
    try {
      result = await this.handler(method, params, control.signal);
    } catch (e) {
      result = failureOf(e, `${method} failed: `);
    } finally {
      if (this.running.get(id) === control) this.running.delete(id);
    }
    return control.signal.aborted ? null : { kind: 'result', id, result };
  }

  /** The connection is gone: abort everything still running. */
  close(): void {
    for (const c of this.running.values()) c.abort();
    this.running.clear();
  }
}

export const eventFrame = <E>(event: E): ReplyFrame<E> => ({ kind: 'event', event });
