// The browser-mode transport: a WebSocket endpoint at WS_PATH carrying the channel's frames
// (contract/channel.ts: calls and cancels in, results and events out), one ChannelServer per client.
// Upgrades without the page's token or cookie, from any other origin, or beyond the connection limit
// are refused. Memory per client is bounded: a frame over the limit closes the connection (1009)
// before it is buffered, at most MAX_IN_FLIGHT calls run at once per client (then its socket is not
// read), and a client whose unsent output passes the limit is disconnected.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { WS_PATH, type AppReplyFrame, type RequestFrame } from '../contract/api';
import { ChannelServer, eventFrame } from '../contract/channel';
import type { ClientSession, SessionTarget } from '../service/call-target';
import { FrameReader } from './frames';
import { admit } from './token';

export const DEFAULT_MAX_CONNECTIONS = 8;
export const DEFAULT_MAX_UNSENT_BYTES = 64 * 1024 * 1024;
export const MAX_IN_FLIGHT = 2;
/** Requests waiting for a free slot (already received before reading was paused); more are refused. */
export const MAX_QUEUED = 32;

export interface WsEndpointOptions {
  target: SessionTarget;
  /** origins allowed to connect, e.g. http://127.0.0.1:5178 */
  allowedOrigins: () => string[];
  /** the page's token (null: --no-token) and the port its cookie is named after */
  token: string | null;
  port: () => number;
  /** a larger frame closes the connection with 1009 */
  maxFrameBytes: number;
  maxConnections?: number;
  /** output queued for a client that is not reading; over it, the client is disconnected */
  maxUnsentBytes?: number;
  /** told when a client is cut off (the server prints it) */
  onDrop?: (why: string) => void;
}

export interface WsEndpoint {
  clientCount(): number;
  close(): void;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' };

function refuse(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function attachWsEndpoint(server: Server, opts: WsEndpointOptions): WsEndpoint {
  const maxConnections = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const maxUnsent = opts.maxUnsentBytes ?? DEFAULT_MAX_UNSENT_BYTES;
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxFrameBytes, perMessageDeflate: false });
  const sessions = new Map<WebSocket, ClientSession>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path !== WS_PATH) return refuse(socket, 404, `no WebSocket endpoint at ${path}; use ${WS_PATH}`);
    const origin = req.headers.origin;
    if (origin === undefined || !opts.allowedOrigins().includes(origin)) {
      return refuse(socket, 403, `WebSocket origin ${origin ?? '(none)'} is not allowed; open Gradscope from ${opts.allowedOrigins()[0]}`);
    }
    const a = admit(req, opts.token, opts.port(), true);
    if (a.kind === 'refuse') return refuse(socket, a.status, a.reason);
    if (wss.clients.size >= maxConnections) {
      return refuse(socket, 503, `Gradscope already has ${maxConnections} connections, its limit; close another tab and reload`);
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  /** Send, or cut the client off when it has stopped reading and its queue passed the limit. */
  const send = (ws: WebSocket, message: AppReplyFrame | string): void => {
    if (ws.readyState !== WebSocket.OPEN) return;
    let text: string;
    try {
      text = typeof message === 'string' ? message : JSON.stringify(message);
    } catch {
      text = JSON.stringify({ kind: 'error', error: 'the reply could not be encoded' } satisfies AppReplyFrame);
    }
    if (ws.bufferedAmount + Buffer.byteLength(text) > maxUnsent) {
      opts.onDrop?.(`a client stopped reading (over ${maxUnsent} bytes unsent); disconnected it`);
      ws.terminate();
      return;
    }
    ws.send(text);
  };

  wss.on('connection', (ws: WebSocket) => {
    const session = opts.target.openSession();
    sessions.set(ws, session);
    const channel = new ChannelServer((method, params, signal) => session.handleCall(method, params, signal));
    const offEvents = session.onEvent((event) => send(ws, eventFrame(event)));
    let inFlight = 0;
    const queue: RequestFrame[] = [];
    const frames = new FrameReader(opts.maxFrameBytes);
    const run = (request: RequestFrame): void => {
      inFlight++;
      void channel
        .receive(request)
        .then((reply) => reply && send(ws, reply))
        .finally(() => {
          inFlight--;
          if (ws.readyState !== WebSocket.OPEN) return void (queue.length = 0);
          const next = queue.shift();
          if (next) return run(next);
          if (ws.isPaused) ws.resume();
        });
    };
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      offEvents();
      channel.close();
      session.close();
      sessions.delete(ws);
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const outcome = frames.take(toBuffer(data), isBinary);
      if (outcome === null) return; // a part of a frame still coming
      if (outcome.kind === 'reply') return send(ws, outcome.message);
      const request = outcome.request;
      // a cancel is never queued behind the calls it may be cancelling
      if ('cancel' in request) {
        const queued = queue.findIndex((q) => 'id' in q && q.id === request.cancel);
        if (queued >= 0) queue.splice(queued, 1);
        return void channel.receive(request);
      }
      if (inFlight < MAX_IN_FLIGHT) return run(request);
      // busy: stop reading this client (its further frames wait in TCP), queue what already arrived
      ws.pause();
      if (queue.length >= MAX_QUEUED) {
        return send(ws, {
          kind: 'result',
          id: request.id,
          result: { ok: false, error: `too many requests at once (over ${MAX_IN_FLIGHT + MAX_QUEUED}); wait for answers before sending more` },
        });
      }
      queue.push(request);
    });
  });

  return {
    clientCount: () => wss.clients.size,
    close: () => {
      for (const ws of wss.clients) ws.terminate();
      for (const s of sessions.values()) s.close();
      sessions.clear();
      wss.close();
    },
  };
}
