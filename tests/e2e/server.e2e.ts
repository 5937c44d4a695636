// Browser mode's server as an attacker or a buggy client would meet it: bad WebSocket payloads,
// foreign origins, path traversal, a foreign Host header, other interfaces. Each is refused with a
// clear error and the server keeps serving.
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import type { AppReplyFrame as WsMessage } from '../../src-main/contract/api';
import { launchBrowser, ROOT, screenshot, startServer, type Browser, type RunningServer } from './harness';

const FRAME_LIMIT = 256 * 1024;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ args: ['--max-frame-bytes', String(FRAME_LIMIT)] });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The cookie the page got for the token; a script on this machine does not have it. */
const cookie = (): string => `gradscope-token-${server.port}=${server.token}`;

/** A Node WebSocket client that collects what the server sends. */
async function client(origin: string | null = server.url): Promise<{
  ws: NodeWebSocket;
  next(): Promise<WsMessage>;
  closed: Promise<{ code: number; reason: string }>;
}> {
  const ws = new NodeWebSocket(`ws://127.0.0.1:${server.port}/api`, { headers: { cookie: cookie() }, ...(origin === null ? {} : { origin }) });
  const queue: WsMessage[] = [];
  const waiting: Array<(m: WsMessage) => void> = [];
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as WsMessage;
    const w = waiting.shift();
    if (w) w(m);
    else queue.push(m);
  });
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
  await new Promise<void>((res, rej) => {
    ws.once('open', () => res());
    ws.once('error', rej);
  });
  return {
    ws,
    next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((r) => waiting.push(r))),
    closed,
  };
}

/** Try an upgrade; resolves with the HTTP status and body of a refusal, or 101. */
function upgradeStatus(path: string, origin: string | null, cookieHeader: string | null = cookie()): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = cookieHeader === null ? {} : { cookie: cookieHeader };
    const ws = new NodeWebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers, ...(origin === null ? {} : { origin }) });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.on('error', (e) => {
      if (!/Unexpected server response/.test(e.message)) reject(e);
    });
  });
}

/** A raw HTTP request, so the path is sent exactly as written. */
function rawGet(path: string, host = `127.0.0.1:${server.port}`, cookieHeader: string | null = cookie()): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const c = cookieHeader === null ? '' : `Cookie: ${cookieHeader}\r\n`;
    const sock = connect(server.port, '127.0.0.1', () => sock.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\n${c}Connection: close\r\n\r\n`));
    let text = '';
    sock.on('data', (d) => (text += d.toString()));
    sock.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0), text }));
    sock.on('error', reject);
  });
}

async function stillServing(): Promise<void> {
  const c = await client();
  c.ws.send(JSON.stringify({ id: 99, method: 'info', params: {} }));
  expect(await c.next()).toEqual({ kind: 'result', id: 99, result: { ok: true, value: expect.objectContaining({ mode: 'browser' }) } });
  c.ws.close();
  expect(server.alive()).toBe(true);
}

describe('WebSocket payloads', () => {
  it('answers bad frames with clear errors and keeps the connection', async () => {
    const c = await client();
    c.ws.send('this is not json');
    expect(await c.next()).toEqual({ kind: 'error', error: expect.stringMatching(/^bad frame: not JSON/) });

    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await c.next()).toEqual({ kind: 'error', error: 'bad frame: expected a text frame holding JSON, got binary data' });

    c.ws.send(JSON.stringify({ method: 'info', params: {} }));
    expect(await c.next()).toEqual({ kind: 'error', error: expect.stringMatching(/^bad request: id: .*expected number/) });

    c.ws.send(JSON.stringify({ id: 1, method: 'rm -rf', params: {} }));
    expect(await c.next()).toEqual({
      kind: 'result',
      id: 1,
      result: { ok: false, kind: 'invalid', where: { field: 'method' }, error: expect.stringMatching(/^unknown method "rm -rf"; expected one of: info,/) },
    });

    c.ws.send(JSON.stringify({ id: 2, method: 'getPreset', params: { name: 42 } }));
    expect(await c.next()).toEqual({
      kind: 'result',
      id: 2,
      result: { ok: false, kind: 'invalid', where: { field: 'name' }, error: expect.stringMatching(/^getPreset: name: .*expected string/) },
    });

    c.ws.send(JSON.stringify({ id: 3, method: 'pauseTraining', params: { runId: 'r1', evil: true } }));
    expect(await c.next()).toEqual({ kind: 'result', id: 3, result: { ok: false, kind: 'invalid', error: expect.stringMatching(/^pauseTraining: .*"evil"/) } });

    c.ws.send(JSON.stringify({ id: 4, method: 'info', params: {}, extra: 1 }));
    expect(await c.next()).toEqual({ kind: 'result', id: 4, result: { ok: false, kind: 'invalid', error: expect.stringMatching(/^bad request: .*"extra"/) } });

    // after all that, the same connection still works
    c.ws.send(JSON.stringify({ id: 5, method: 'listPresets', params: {} }));
    const presets = await c.next();
    expect(presets).toMatchObject({ kind: 'result', id: 5, result: { ok: true } });
    c.ws.close();
  });

  it('answers a frame at the limit, and drops a connection sending one over it without buffering it', async () => {
    const c = await client();
    const pad = FRAME_LIMIT - JSON.stringify({ id: 6, method: 'info', params: { pad: '' } }).length;
    c.ws.send(JSON.stringify({ id: 6, method: 'info', params: { pad: 'x'.repeat(pad) } }));
    expect(await c.next()).toMatchObject({ kind: 'result', id: 6, result: { ok: false, error: expect.stringMatching(/"pad"/) } });
    c.ws.send(JSON.stringify({ id: 7, method: 'info', params: {} }));
    expect(await c.next()).toMatchObject({ kind: 'result', id: 7, result: { ok: true } });

    // one byte over: the frame header announces its length, and the server closes before reading the body
    c.ws.send('y'.repeat(FRAME_LIMIT + 1));
    expect((await c.closed).code).toBe(1009); // 1009: message too big
    await stillServing();
  });

  it('refuses upgrades from a foreign origin, without an origin, or on another path', async () => {
    const foreign = await upgradeStatus('/api', 'http://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatch(/origin http:\/\/evil\.example is not allowed/);
    expect((await upgradeStatus('/api', `http://127.0.0.1:${server.port + 1}`)).status).toBe(403);
    expect((await upgradeStatus('/api', null)).status).toBe(403);
    expect((await upgradeStatus('/other', server.url)).status).toBe(404);
    expect((await upgradeStatus('/api', server.url)).status).toBe(101);
    expect((await upgradeStatus('/api', `http://localhost:${server.port}`)).status).toBe(101);
    await stillServing();
  });

  it('refuses a page from another local site that tries to connect', async () => {
    const other: Server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>other site</title>');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    const port = (other.address() as { port: number }).port;
    try {
      await browser.page.goto(`http://127.0.0.1:${port}/`);
      const outcome = await browser.page.evaluate(
        (url) =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(url);
            ws.onopen = () => resolve('open');
            ws.onerror = () => resolve('refused');
          }),
        `ws://127.0.0.1:${server.port}/api`,
      );
      expect(outcome).toBe('refused');
    } finally {
      other.closeAllConnections();
      await new Promise<void>((r) => other.close(() => r()));
    }
  });
});

describe('HTTP', () => {
  it('sends a strict Content-Security-Policy, and Chromium enforces it', async () => {
    const res = await browser.page.goto(server.openUrl);
    expect(res?.status()).toBe(200);
    const csp = res?.headers()['content-security-policy'] ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      `connect-src 'self' ws://127.0.0.1:${server.port}`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/unsafe-eval/);
    // an injected inline script does not run
    const ran = await browser.page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.head.append(s);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    // the app's own page can still reach the API
    const info = await browser.page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: 'info', params: {} }));
          ws.onmessage = (e) => resolve(String(e.data));
          ws.onerror = () => resolve('error');
        }),
      `ws://127.0.0.1:${server.port}/api`,
    );
    expect(JSON.parse(info)).toMatchObject({ kind: 'result', id: 1, result: { ok: true, value: { mode: 'browser' } } });
    await screenshot(browser.page, 'server-home');
  });

  it('serves only the built renderer: no traversal, no dot-files', async () => {
    const pkg = await readFile(join(ROOT, 'package.json'), 'utf8');
    for (const path of [
      '/../package.json',
      '/../../package.json',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/assets/..%2f..%2f..%2fpackage.json',
      '/%2e%2e%5cpackage.json',
    ]) {
      const r = await rawGet(path);
      expect(r.status, path).not.toBe(200);
      expect(r.text, path).not.toContain('"electron-vite"');
    }
    expect(pkg).toContain('"electron-vite"');
    expect((await rawGet('/.vite/manifest.json')).status).toBe(404);
    const index = await rawGet('/');
    expect(index.status).toBe(200);
    expect(index.text).toMatch(/content-security-policy: default-src 'self'/i);
    expect((await rawGet('/missing.js')).status).toBe(404);
  });

  it('refuses requests naming another host (DNS rebinding)', async () => {
    const r = await rawGet('/', 'evil.example:80');
    expect(r.status).toBe(421);
    expect(r.text).toMatch(/unexpected Host header evil\.example:80/);
  });

  it('listens on 127.0.0.1 only', async () => {
    const tryConnect = (host: string): Promise<string> =>
      new Promise((resolve) => {
        const s = connect(server.port, host);
        s.once('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
    expect(await tryConnect('127.0.0.1')).toBe('connected');
    expect(await tryConnect('127.0.0.2')).toBe('ECONNREFUSED');
    const { networkInterfaces } = await import('node:os');
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address);
    for (const addr of external) expect(await tryConnect(addr), addr).not.toBe('connected');
    expect(server.log()).toMatch(new RegExp(`^Gradscope running at http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{32}$`, 'm'));
  });
});
