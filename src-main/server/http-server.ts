// Browser mode's server: the built renderer over HTTP and the API over a WebSocket, on 127.0.0.1
// only. Requests naming another Host are refused (DNS-rebinding guard); requests without the page's
// token (in the URL, then in an HttpOnly SameSite=Strict cookie) are refused (other local programs).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SessionTarget } from '../service/call-target';
import { contentSecurityPolicy } from '../service/csp';
import { DEFAULT_MAX_FRAME_BYTES } from './frames';
import { serveStatic } from './static-files';
import { admit, tokenCookie } from './token';
import { attachWsEndpoint } from './ws-endpoint';

export const HOST = '127.0.0.1';

export interface ServerOptions {
  /** 0 picks a free port */
  port: number;
  /** the built renderer (out/renderer) */
  rendererDir: string;
  target: SessionTarget;
  /** the secret the page must show (null: --no-token, anyone on this machine may connect) */
  token: string | null;
  maxFrameBytes?: number;
  maxConnections?: number;
  maxUnsentBytes?: number;
  onDrop?: (why: string) => void;
}

export interface RunningServer {
  port: number;
  url: string;
  /** the URL to open: with ?token=… unless the token is off */
  openUrl: string;
  close(): Promise<void>;
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy([`ws://${HOST}:${port}`, `ws://localhost:${port}`]),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

export function startServer(opts: ServerOptions): Promise<RunningServer> {
  let port = 0;
  const hosts = () => [`${HOST}:${port}`, `localhost:${port}`];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const headers = securityHeaders(port);
    if (!hosts().includes(req.headers.host ?? '')) {
      res.writeHead(421, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`unexpected Host header ${req.headers.host ?? '(none)'}; open http://${HOST}:${port}/\n`);
      return;
    }
    const a = admit(req, opts.token, port, false);
    if (a.kind === 'refuse') {
      res.writeHead(a.status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(`${a.reason}\n`);
      return;
    }
    if (a.kind === 'trade') {
      res.writeHead(303, { ...headers, Location: a.location, 'Set-Cookie': tokenCookie(port, opts.token!), 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    serveStatic(opts.rendererDir, req, res, headers).catch(() => {
      if (!res.headersSent) res.writeHead(500, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    });
  });
  server.on('clientError', (_e, socket) => socket.destroy());
  const ws = attachWsEndpoint(server, {
    target: opts.target,
    allowedOrigins: () => hosts().map((h) => `http://${h}`),
    maxFrameBytes: opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
    token: opts.token,
    port: () => port,
    maxConnections: opts.maxConnections,
    maxUnsentBytes: opts.maxUnsentBytes,
    onDrop: opts.onDrop,
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: opts.port, host: HOST, exclusive: true }, () => {
      server.off('error', reject);
      port = (server.address() as AddressInfo).port;
      resolve({
        port,
        url: `http://${HOST}:${port}`,
        openUrl: `http://${HOST}:${port}/${opts.token === null ? '' : `?token=${opts.token}`}`,
        close: () =>
          new Promise<void>((done) => {
            ws.close();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
