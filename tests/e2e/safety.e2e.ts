// Browser mode tried as an attacker on the same machine would: a local program that forges the
// Origin header, a path outside the user's folders, a client that never reads, too many clients;
// and a run that outlives the tab that started it.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { getPreset } from '../../src-main/export/presets';
import { launchBrowser, screenshot, startServer, type Browser, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
let work: string;
let outside: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gradscope-safety-work-'));
  outside = await mkdtemp(join(tmpdir(), 'gradscope-safety-outside-'));
  server = await startServer({ folders: [work] });
  browser = await launchBrowser({ width: 1280, height: 800 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  for (const d of [work, outside]) if (d) await rm(d, { recursive: true, force: true });
});

const cookie = (): string => `gradscope-token-${server.port}=${server.token}`;

function upgrade(path: string, headers: Record<string, string>): Promise<{ status: number; body: string; ws?: NodeWebSocket }> {
  return new Promise((resolve, reject) => {
    const ws = new NodeWebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('open', () => resolve({ status: 101, body: '', ws }));
    ws.on('error', (e) => {
      if (!/Unexpected server response/.test(e.message)) reject(e);
    });
  });
}

function rawHttp(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(server.port, '127.0.0.1', () => sock.write(request));
    let text = '';
    sock.on('data', (d) => (text += d.toString()));
    sock.on('end', () => resolve(text));
    sock.on('error', reject);
  });
}

/** Close a client connection and wait until it is closed, so the server no longer counts it. */
function closed(ws: NodeWebSocket | undefined): Promise<void> {
  if (!ws || ws.readyState === NodeWebSocket.CLOSED) return Promise.resolve();
  return new Promise((r) => {
    ws.once('close', () => r());
    ws.close();
  });
}

const get = (path: string, headers = ''): Promise<string> =>
  rawHttp(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n${headers}Connection: close\r\n\r\n`);

describe('the page token', () => {
  it('refuses a WebSocket without the token even with the right Origin, and a wrong token', async () => {
    const origin = server.url;
    const none = await upgrade('/api', { origin });
    expect(none.status).toBe(401);
    expect(none.body).toMatch(/only answers its own page: open the URL it printed/);
    expect((await upgrade('/api?token=not-the-right-token-000', { origin })).status).toBe(403);
    expect((await upgrade('/api', { origin, cookie: `gradscope-token-${server.port}=guess` })).status).toBe(401);
    // a cookie for another port's server is not this one's
    expect((await upgrade('/api', { origin, cookie: `gradscope-token-${server.port + 1}=${server.token}` })).status).toBe(401);
    const withCookie = await upgrade('/api', { origin, cookie: cookie() });
    expect(withCookie.status).toBe(101);
    await closed(withCookie.ws);
    const withToken = await upgrade(`/api?token=${server.token}`, { origin });
    expect(withToken.status).toBe(101);
    await closed(withToken.ws);
  });

  it("refuses app content without it, and trades the printed URL's token for an HttpOnly SameSite=Strict cookie", async () => {
    const bare = await get('/');
    expect(bare).toMatch(/^HTTP\/1\.1 401/);
    expect(bare).not.toMatch(/<script/);
    expect(await get('/assets/index.js')).toMatch(/^HTTP\/1\.1 401/);
    const trade = await get(`/?token=${server.token}`);
    expect(trade).toMatch(/^HTTP\/1\.1 303/);
    expect(trade).toMatch(/\r\nlocation: \/\r\n/i);
    expect(trade).toMatch(new RegExp(`\\r\\nset-cookie: gradscope-token-${server.port}=${server.token}; HttpOnly; SameSite=Strict; Path=/\\r\\n`, 'i'));
    expect(await get('/', `Cookie: ${cookie()}\r\n`)).toMatch(/^HTTP\/1\.1 200/);
  });

  it('the page opened from the printed URL works; the token leaves the address bar and is not readable by scripts', async () => {
    const page = browser.page;
    await page.goto(server.openUrl);
    await page.getByTestId('template-gallery').waitFor();
    expect(page.url()).toBe(`${server.url}/`);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await page.getByTestId('template-spiral').click();
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBeGreaterThan(2);
    await screenshot(page, 'safety-tokenized-page');
    // a second browser profile that only knows the bare URL gets the refusal, not the app
    const stranger = await launchBrowser();
    try {
      const res = await stranger.page.goto(server.url);
      expect(res?.status()).toBe(401);
      expect(await stranger.page.textContent('body')).toMatch(/open the URL it printed/);
    } finally {
      await stranger.close();
    }
  });
});

describe('file access from the page', () => {
  it('refuses to save outside the allowed folders, names the path, writes nothing; saves inside', async () => {
    const page = browser.page;
    const target = join(outside, 'stolen.gradscope.json');
    await page.keyboard.press('Control+Shift+s');
    await page.getByTestId('path-dialog').waitFor();
    await page.getByTestId('path-input').fill(target);
    await page.getByTestId('path-submit').click();
    const error = await page.getByTestId('path-error').textContent();
    expect(error).toContain(`refused: ${target} is outside the folders Gradscope may use`);
    await screenshot(page, 'safety-path-refused-1280');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'safety-path-refused-1920');
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await readdir(outside)).toEqual([]);
    const inside = join(work, 'spiral.gradscope.json');
    await page.getByTestId('path-input').fill(inside);
    await page.getByTestId('path-submit').click();
    await page.getByTestId('path-dialog').waitFor({ state: 'detached' });
    expect(JSON.parse(readFileSync(inside, 'utf8')).format).toBe('gradscope-project');
  });
});

/** Call the API as the page would (with its cookie). */
async function call(method: string, params: unknown): Promise<{ ok: boolean; value?: unknown; error?: string }> {
  const r = await upgrade('/api', { origin: server.url, cookie: cookie() });
  const ws = r.ws!;
  try {
    return await new Promise((resolve) => {
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString()) as { kind: string; id?: number; result?: { ok: boolean; value?: unknown; error?: string } };
        if (m.kind === 'result' && m.id === 1) resolve(m.result!);
      });
      ws.send(JSON.stringify({ id: 1, method, params }));
    });
  } finally {
    await closed(ws);
  }
}

describe('a run belongs to the app, not the tab', () => {
  it('a reloaded page shows the paused run it started, and stops it; training is free again', async () => {
    const page = browser.page;
    await page.goto(server.openUrl);
    await page.getByTestId('template-spiral').click();
    await page.getByTestId('template-gallery').waitFor({ state: 'detached' });
    await page.getByTestId('tab-training').click();
    const epochs = page.getByTestId('field-epochs');
    await epochs.fill('100000');
    await epochs.blur();
    await page.getByTestId('btn-train').click();
    await page.getByTestId('session-status').getByText('Training').waitFor({ timeout: 60_000 });
    const progress = page.getByTestId('progress-text');
    // at least one whole epoch done, so the training set has been measured once
    await expect.poll(() => progress.textContent(), { timeout: 60_000 }).toMatch(/Epoch ([2-9]|\d{2,})\/100000/);
    await page.getByTestId('btn-pause').click();
    await page.getByTestId('session-status').getByText('Paused').waitFor({ timeout: 60_000 });
    const shown = (await progress.textContent())!;
    const epochsDone = Number(/Epoch (\d+)\//.exec(shown)![1]);
    await page.reload();
    await page.getByTestId('session-status').getByText('Paused').waitFor({ timeout: 60_000 });
    // the metrics so far came back with the run
    await expect.poll(async () => Number(/Epoch (\d+)\//.exec((await progress.textContent()) ?? '')?.[1] ?? -1), { timeout: 30_000 }).toBe(epochsDone);
    await expect.poll(() => page.getByTestId('training-panel').textContent()).toMatch(/train\s*\d\.\d+/);
    await screenshot(page, 'safety-reloaded-paused-run');
    await page.getByTestId('btn-stop').click();
    await page.getByTestId('session-status').getByText('Stopped').waitFor({ timeout: 60_000 });
    expect(await call('currentRun', {})).toEqual({ ok: true, value: null });
    const project = getPreset('spiral');
    const again = await call('startTraining', { graph: project.graph, training: { ...project.training, epochs: 1 } });
    expect(again).toMatchObject({ ok: true, value: { runId: expect.stringMatching(/^run-/) } });
    await expect.poll(async () => (await call('currentRun', {})).value, { timeout: 60_000 }).toBeNull();
  });
});

/** One masked WebSocket text frame (clients must mask). */
function frame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x81, 0x80 | len]) : Buffer.from([0x81, 0x80 | 126, len >> 8, len & 0xff]);
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([head, mask, body]);
}

/** A WebSocket client that completes the handshake and then never reads another byte. */
function neverReading(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = connect(server.port, '127.0.0.1', () =>
      sock.write(
        `GET /api HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${server.url}\r\nCookie: ${cookie()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
    let head = '';
    const onData = (d: Buffer): void => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      sock.off('data', onData);
      sock.pause(); // from here on, nothing is read
      if (/^HTTP\/1\.1 101/.test(head)) resolve(sock);
      else reject(new Error(head));
    };
    sock.on('data', onData);
    sock.on('error', () => undefined);
  });
}

function rssKb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: Number(/VmRSS:\s+(\d+)/.exec(status)![1]), peak: Number(/VmHWM:\s+(\d+)/.exec(status)![1]) };
}

describe('memory per client', () => {
  it("disconnects a client that never reads, and the server's memory comes back near its baseline", async () => {
    // a recovery copy of about 8 MB: a project with one run of a (very) long label
    const n = 0;
    const project = getPreset('spiral');
    project.runs = [
      {
        id: 'big',
        label: 'x'.repeat(7_900_000),
        startedAt: '2026-01-01T00:00:00Z',
        finishedAt: null,
        graph: project.graph,
        training: project.training,
        backend: 'wasm',
        layers: [],
        epochs: [],
        steps: {
          step: Array.from({ length: n }, (_, i) => i + 1),
          loss: Array.from({ length: n }, (_, i) => 1 / (i + 1.5)),
          acc: Array.from({ length: n }, () => null),
          layers: [],
        },
        reason: null,
        message: null,
        bestEpoch: null,
        earlyStopEpoch: null,
        test: null,
        exportPath: null,
      },
    ];
    const text = JSON.stringify(project);
    expect(text.length).toBeGreaterThan(7_500_000);
    await writeFile(join(server.home, 'recovery.gradscope.json'), text);

    const before = rssKb(server.pid);
    let peak = before.rss;
    const sampler = setInterval(() => (peak = Math.max(peak, rssKb(server.pid).rss)), 25);
    const sock = await neverReading();
    const burst = Buffer.concat(Array.from({ length: 60 }, (_, i) => frame(JSON.stringify({ id: i + 1, method: 'readRecovery', params: {} }))));
    sock.write(burst);
    // the server says when it cuts a client off; wait for that (bounded by the test timeout, no sleeps)
    await expect
      .poll(() => server.log(), { timeout: 120_000, interval: 200 })
      .toMatch(/a client stopped reading \(over 67108864 bytes unsent\); disconnected it/);
    sock.destroy();
    clearInterval(sampler);
    // the server still answers, and its memory settles near where it was
    const ok = await upgrade('/api', { origin: server.url, cookie: cookie() });
    expect(ok.status).toBe(101);
    await closed(ok.ws);
    // Near means within 256 MB: the built server idles at ~140 MB (under tsx it was ~240 MB), and the
    // memory a burst freed goes back to the system late or not at all (V8's grown heap, malloc's
    // arenas): up to ~170 MB above the idle figure was seen with nothing held. Holding the unsent
    // output (1.7 GB, below) fails this by far.
    await expect.poll(() => rssKb(server.pid).rss, { timeout: 60_000, interval: 500 }).toBeLessThan(before.rss + 256 * 1024);
    // before the limits, this peaked at 2.2 GB and stayed at 1.7 GB
    console.log(
      `server RSS: before ${(before.rss / 1024).toFixed(0)} MB, peak ${(peak / 1024).toFixed(0)} MB, after ${(rssKb(server.pid).rss / 1024).toFixed(0)} MB`,
    );
    expect(peak - before.rss).toBeLessThan(500 * 1024);
  });

  it('refuses connections past the stated maximum of 8', async () => {
    const open: NodeWebSocket[] = [];
    try {
      // the browser page holds one of the 8
      for (let i = 0; i < 7; i++) {
        const r = await upgrade('/api', { origin: server.url, cookie: cookie() });
        expect(r.status).toBe(101);
        open.push(r.ws!);
      }
      const extra = await upgrade('/api', { origin: server.url, cookie: cookie() });
      expect(extra.status).toBe(503);
      expect(extra.body).toMatch(/already has 8 connections, its limit/);
    } finally {
      for (const ws of open) ws.close();
    }
  });
});
