// The browser-mode transport: GradscopeApi over a WebSocket to the local server. Request ids pair
// replies with calls; calls made while disconnected wait for the connection; the socket reconnects
// with backoff; events fan out to every listener. No application logic lives here.
import type { ApiResult, AppEvent, GradscopeApi, Method, Params, Results, WsMessage } from '../../src-main/contract/api';

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

interface Call {
  text: string;
  resolve: (r: ApiResult<unknown>) => void;
  sent: boolean;
}

const OPEN = 1;
const LOST = 'lost the connection to the Gradscope server before it answered; try again';

export function createWsApi(
  url: string,
  opts: { socket?: SocketFactory; minRetryMs?: number; maxRetryMs?: number } = {},
): WsApi {
  const makeSocket: SocketFactory = opts.socket ?? ((u) => new WebSocket(u) as unknown as SocketLike);
  const minRetry = opts.minRetryMs ?? 250;
  const maxRetry = opts.maxRetryMs ?? 5000;
  const calls = new Map<number, Call>();
  const listeners = new Set<(e: AppEvent) => void>();
  const statusListeners = new Set<(s: ConnectionStatus) => void>();
  let socket: SocketLike | null = null;
  let status: ConnectionStatus = 'connecting';
  let nextId = 1;
  let retry = minRetry;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const setStatus = (s: ConnectionStatus): void => {
    if (s === status) return;
    status = s;
    for (const l of [...statusListeners]) l(s);
  };

  const flush = (): void => {
    if (!socket || socket.readyState !== OPEN) return;
    for (const c of calls.values()) {
      if (c.sent) continue;
      socket.send(c.text);
      c.sent = true;
    }
  };

  const onMessage = (data: unknown): void => {
    if (typeof data !== 'string') return;
    let msg: WsMessage;
    try {
      msg = JSON.parse(data) as WsMessage;
    } catch {
      return;
    }
    switch (msg.kind) {
      case 'result': {
        const c = calls.get(msg.id);
        if (!c) return;
        calls.delete(msg.id);
        c.resolve(msg.result);
        return;
      }
      case 'event':
        for (const l of [...listeners]) {
          try {
            l(msg.event);
          } catch (e) {
            console.error('Gradscope event listener failed:', e);
          }
        }
        return;
      case 'error':
        console.warn(`Gradscope server: ${msg.error}`);
        return;
      default: {
        const never: never = msg;
        void never;
      }
    }
  };

  const connect = (): void => {
    timer = null;
    if (closed) return;
    setStatus('connecting');
    const s = makeSocket(url);
    socket = s;
    s.onopen = () => {
      retry = minRetry;
      setStatus('open');
      flush();
    };
    s.onmessage = (ev) => onMessage(ev.data);
    s.onerror = () => undefined;
    s.onclose = () => {
      if (socket !== s) return;
      socket = null;
      for (const [id, c] of calls) {
        if (!c.sent) continue;
        calls.delete(id);
        c.resolve({ ok: false, error: LOST });
      }
      setStatus('closed');
      if (closed) return;
      timer = setTimeout(connect, retry);
      retry = Math.min(retry * 2, maxRetry);
    };
  };

  connect();

  return {
    call<M extends Method>(method: M, params: Params<M>): Promise<ApiResult<Results[M]>> {
      if (closed) return Promise.resolve({ ok: false, error: 'the connection to the Gradscope server was closed' });
      const id = nextId++;
      return new Promise<ApiResult<Results[M]>>((resolve) => {
        calls.set(id, {
          text: JSON.stringify({ id, method, params }),
          resolve: resolve as (r: ApiResult<unknown>) => void,
          sent: false,
        });
        flush();
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const s = socket;
      socket = null;
      s?.close();
      for (const c of calls.values()) c.resolve({ ok: false, error: 'the connection to the Gradscope server was closed' });
      calls.clear();
      setStatus('closed');
    },
  };
}
