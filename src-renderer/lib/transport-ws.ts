// The browser-mode transport: GradscopeApi over a WebSocket to the local server. The channel
// (contract/channel.ts) pairs replies with calls, cancels and fans events out; this file only keeps
// a socket connected: calls made while disconnected wait for it, and it reconnects with backoff.
import type { AppEvent, GradscopeApi, Method, Params, Results, ApiResult } from '../../src-main/contract/api';
import { ChannelClient, type RequestFrame } from '../../src-main/contract/channel';
import { FRAME_PART_CHARS, inParts, partMessage } from '../../src-main/contract/frame-parts';

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

export interface WsApi extends GradscopeApi {
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** close for good (no reconnect); pending calls fail */
  close(): void;
}

/** The part of the WebSocket class this client uses (the browser's, or `ws` in Node tests). */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

export interface WsOptions {
  socket?: SocketFactory;
  minRetryMs?: number;
  maxRetryMs?: number;
}

const OPEN = 1;
const LOST = 'lost the connection to the Gradscope server before it answered; try again';
const CLOSED = 'the connection to the Gradscope server was closed';

/** A text frame from the server, as the channel reads it (anything unreadable is dropped). */
function decode(data: unknown): unknown {
  if (typeof data !== 'string') return null;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return null;
  }
}

/** Status and its listeners. */
function statusCell() {
  let status: ConnectionStatus = 'connecting';
  const listeners = new Set<(s: ConnectionStatus) => void>();
  return {
    get: () => status,
    set(s: ConnectionStatus): void {
      if (s === status) return;
      status = s;
      for (const l of [...listeners]) l(s);
    },
    listen(l: (s: ConnectionStatus) => void): () => void {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

/** Doubles the wait after each failed connection, from min to max; back to min once connected. */
function backoff(min: number, max: number) {
  let next = min;
  return {
    reset: () => void (next = min),
    take(): number {
      const ms = next;
      next = Math.min(next * 2, max);
      return ms;
    },
  };
}

/**
 * Runs `step` in a task of its own, again while it answers true: a MessageChannel, which a hidden tab
 * does not throttle as it does timers. close() stops it.
 */
function taskLoop(step: () => boolean) {
  const ch = new MessageChannel();
  let scheduled = false;
  ch.port1.onmessage = () => {
    scheduled = false;
    if (step()) schedule();
  };
  // in Node (the tests) an open port would keep the process alive
  (ch.port1 as { unref?: () => void }).unref?.();
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    ch.port2.postMessage(null);
  };
  return {
    schedule,
    close(): void {
      ch.port1.close();
      ch.port2.close();
    },
  };
}

/**
 * One socket at a time, replaced after it closes until `stop()`; frames go out only while it is
 * open (send returns false otherwise, and the channel keeps the call waiting). A long frame goes in
 * parts, one per task (contract/frame-parts.ts); frames sent meanwhile wait behind it, in order.
 */
function reconnectingSocket(url: string, opts: WsOptions, on: { connecting(): void; open(): void; message(data: unknown): void; lost(): void }) {
  const makeSocket: SocketFactory = opts.socket ?? ((u) => new WebSocket(u) as unknown as SocketLike);
  const wait = backoff(opts.minRetryMs ?? 250, opts.maxRetryMs ?? 5000);
  let socket: SocketLike | null = null;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** frames still to go out on this socket, one message per task; at: where the next part starts (-1: the frame goes whole) */
  let backlog: { text: string; at: number }[] = [];
  /** the next message of the backlog (a part is cut only when it goes, so a long frame is held once) */
  const nextMessage = (): string | undefined => {
    const f = backlog[0];
    if (!f) return undefined;
    if (f.at < 0) {
      backlog.shift();
      return f.text;
    }
    const m = partMessage(f.text, f.at);
    f.at += FRAME_PART_CHARS;
    if (f.at >= f.text.length) backlog.shift();
    return m;
  };
  const step = (): boolean => {
    const m = socket && socket.readyState === OPEN ? nextMessage() : undefined;
    if (m === undefined) {
      backlog = [];
      return false;
    }
    socket!.send(m);
    return backlog.length > 0;
  };
  const drain = taskLoop(step);

  const connect = (): void => {
    timer = null;
    if (stopped) return;
    on.connecting();
    const s = makeSocket(url);
    socket = s;
    s.onopen = () => {
      wait.reset();
      on.open();
    };
    s.onmessage = (ev) => on.message(ev.data);
    s.onerror = () => undefined;
    s.onclose = () => {
      if (socket !== s) return;
      socket = null;
      backlog = [];
      on.lost();
      if (!stopped) timer = setTimeout(connect, wait.take());
    };
  };

  return {
    connect,
    send(text: string): boolean {
      if (!socket || socket.readyState !== OPEN) return false;
      if (backlog.length === 0 && !inParts(text)) {
        socket.send(text);
        return true;
      }
      // the first part goes now; the rest, and whatever is sent meanwhile, one message per task
      backlog.push({ text, at: inParts(text) ? 0 : -1 });
      if (backlog.length > 1 || step()) drain.schedule();
      return true;
    },
    stop(): void {
      stopped = true;
      backlog = [];
      drain.close();
      if (timer) clearTimeout(timer);
      const s = socket;
      socket = null;
      s?.close();
    },
  };
}

export function createWsApi(url: string, opts: WsOptions = {}): WsApi {
  const status = statusCell();
  const socket = reconnectingSocket(url, opts, {
    connecting: () => status.set('connecting'),
    open() {
      status.set('open');
      channel.flush();
    },
    message: (data) => channel.receive(decode(data)),
    lost() {
      channel.lost(LOST);
      status.set('closed');
    },
  });
  const channel = new ChannelClient<AppEvent>((frame: RequestFrame) => socket.send(JSON.stringify(frame)));
  socket.connect();

  return {
    call: <M extends Method>(method: M, params: Params<M>, signal?: AbortSignal) => channel.call(method, params, { signal }) as Promise<ApiResult<Results[M]>>,
    onEvent: (listener) => channel.listen(listener),
    status: status.get,
    onStatus: status.listen,
    close() {
      socket.stop();
      channel.close(CLOSED);
      status.set('closed');
    },
  };
}
