// The browser-mode transport: a WebSocket endpoint at WS_PATH carrying WsRequest → WsMessage.
// Upgrades from any other origin are refused; every frame is size-limited, parsed and validated,
// and a bad frame gets an error reply without closing the connection.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { WS_PATH, type WsMessage } from '../contract/api';
import type { CallTarget } from './call-target';
import { parseFrame } from './frames';

export interface WsEndpointOptions {
  target: CallTarget;
  /** origins allowed to connect, e.g. http://127.0.0.1:5178 */
  allowedOrigins: () => string[];
  /** larger frames get an error reply */
  maxFrameBytes: number;
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

function refuse(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Not Found'}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function send(ws: WebSocket, message: WsMessage): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  let text: string;
  try {
    text = JSON.stringify(message);
  } catch {
    text = JSON.stringify({ kind: 'error', error: 'the reply could not be encoded' } satisfies WsMessage);
  }
  ws.send(text);
}

export function attachWsEndpoint(server: Server, opts: WsEndpointOptions): WsEndpoint {
  // A frame over twice the limit is not even buffered: ws closes that connection with 1009.
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxFrameBytes * 2 });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path !== WS_PATH) return refuse(socket, 404, `no WebSocket endpoint at ${path}; use ${WS_PATH}`);
    const origin = req.headers.origin;
    if (origin === undefined || !opts.allowedOrigins().includes(origin)) {
      return refuse(socket, 403, `WebSocket origin ${origin ?? '(none)'} is not allowed; open Gradscope from ${opts.allowedOrigins()[0]}`);
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', () => ws.terminate());
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const outcome = parseFrame(toBuffer(data), isBinary, opts.maxFrameBytes);
      if (outcome.kind === 'reply') return send(ws, outcome.message);
      const { id, method, params } = outcome.request;
      void opts.target
        .handleCall(method, params)
        .then((result) => send(ws, { kind: 'result', id, result }))
        .catch((e: unknown) => send(ws, { kind: 'result', id, result: { ok: false, error: `${method} failed: ${String(e)}` } }));
    });
  });

  const unsubscribe = opts.target.onEvent((event) => {
    if (wss.clients.size === 0) return;
    const text = JSON.stringify({ kind: 'event', event } satisfies WsMessage);
    for (const ws of wss.clients) if (ws.readyState === WebSocket.OPEN) ws.send(text);
  });

  return {
    clientCount: () => wss.clients.size,
    close: () => {
      unsubscribe();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
