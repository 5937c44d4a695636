// The renderer's WebSocket transport against the real browser-mode server and service: calls,
// event fan-out, and what happens when the server goes away and comes back.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWsApi, type SocketLike, type WsApi } from '../../../src-renderer/lib/transport-ws';
import { startServer, type RunningServer } from '../../../src-main/server/http-server';
import type { AppEvent } from '../../../src-main/contract/api';
import { makeService, tempDir, xorProject } from '../service/fixtures';
import { FRAME_PART_CHARS } from '../../../src-main/contract/frame-parts';
import { Project } from '../../../src-main/contract/project';
import { applyEvent, newRun } from '../../../src-main/analysis/run-record';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(port = 0): Promise<{ server: RunningServer; service: ReturnType<typeof makeService> }> {
  const service = makeService(join(await tempDir(), 'home'));
  const server = await startServer({ port, rendererDir: '/nonexistent', target: service, token: TOKEN });
  cleanups.push(() => server.close());
  return { server, service };
}

const TOKEN = 'unit-test-token-0123456789';

function client(url: string, origin: string, token: string = TOKEN): WsApi {
  const api = createWsApi(`ws://127.0.0.1:${new URL(url).port}/api?token=${token}`, {
    socket: (u) => new WebSocket(u, { origin }) as unknown as SocketLike,
    minRetryMs: 50,
    maxRetryMs: 200,
  });
  cleanups.push(() => api.close());
  return api;
}

const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('WebSocket transport', () => {
  it('pairs replies with calls, even when many are in flight', async () => {
    const { server } = await serve();
    const api = client(server.url, server.url);
    const dir = await tempDir();
    const paths = Array.from({ length: 8 }, (_, i) => join(dir, `p${i}.json`));
    const saved = await Promise.all(paths.map((path, i) => api.call('saveProject', { project: { ...xorProject, name: `n${i}` }, path })));
    expect(saved).toEqual(paths.map((path) => ({ ok: true, value: { path } })));
    const opened = await Promise.all(paths.map((path) => api.call('openProject', { path })));
    expect(opened.map((r) => r.ok && r.value?.project.name)).toEqual(paths.map((_, i) => `n${i}`));
    const bad = await api.call('getPreset', { name: 3 } as never);
    expect(bad).toEqual({ ok: false, kind: 'invalid', where: { field: 'name' }, error: expect.stringMatching(/^getPreset: name: /) });
  });

  it('sends a long frame in parts, one per task, and the server answers the whole call; calls made meanwhile keep their order', async () => {
    const { server } = await serve();
    const sent: string[] = [];
    const api = createWsApi(`ws://127.0.0.1:${server.port}/api?token=${TOKEN}`, {
      socket: (u) => {
        const ws = new WebSocket(u, { origin: server.url });
        const send = ws.send.bind(ws);
        (ws as unknown as { send: (d: string) => void }).send = (d: string) => {
          sent.push(d);
          send(d);
        };
        return ws as unknown as SocketLike;
      },
    });
    cleanups.push(() => api.close());
    const base = Project.parse(xorProject);
    // about 1 MB of runs: a recovery copy of 600 finished runs
    const runs = Array.from({ length: 600 }, (_, i) => {
      const run = newRun(`run-${i}`, base.graph, base.training, `#${i} run`, new Date(Date.UTC(2026, 0, 1)));
      return applyEvent(run, { type: 'finished', runId: run.id, reason: 'completed', epochs: 0, bestEpoch: null, test: null });
    });
    const big = api.call('writeRecovery', { project: { ...base, runs }, tab: 'tab-a' });
    const small = api.call('readRecovery', { tab: 'tab-b' });
    expect(await big).toMatchObject({ ok: true });
    expect(await small).toEqual({ ok: true, value: null });
    const parts = sent.filter((m) => m.startsWith('{"part":'));
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every((m) => m.length <= FRAME_PART_CHARS * 1.2)).toBe(true);
    // the small call went out after the last part
    expect(sent.findIndex((m) => m.includes('"readRecovery"'))).toBeGreaterThan(sent.lastIndexOf(parts.at(-1)!));
    const back = await api.call('readRecovery', { tab: 'tab-a' });
    expect(back.ok && back.value?.runs.map((r) => r.id)).toEqual(runs.map((r) => r.id));
  });

  it('fans app events out to every listener of every client', async () => {
    const { server, service } = await serve();
    const a = client(server.url, server.url);
    const b = client(server.url, `http://localhost:${server.port}`);
    const seenA: AppEvent[] = [];
    const seenB: AppEvent[] = [];
    a.onEvent((e) => seenA.push(e));
    const offB = b.onEvent((e) => seenB.push(e));
    await until(() => a.status() === 'open' && b.status() === 'open');
    service.emit({ type: 'menu', command: 'save' });
    await until(() => seenA.length === 1 && seenB.length === 1);
    offB();
    service.emit({ type: 'menu', command: 'open', path: '/tmp/x.json' });
    await until(() => seenA.length === 2);
    expect(seenA).toEqual([
      { type: 'menu', command: 'save' },
      { type: 'menu', command: 'open', path: '/tmp/x.json' },
    ]);
    expect(seenB).toEqual([{ type: 'menu', command: 'save' }]);
  });

  it('reconnects after the server restarts; calls made while down go through afterwards', async () => {
    const first = await serve();
    const port = first.server.port;
    const api = client(first.server.url, first.server.url);
    const statuses: string[] = [];
    api.onStatus((s) => statuses.push(s));
    expect((await api.call('info', {})).ok).toBe(true);
    await first.server.close();
    await until(() => api.status() !== 'open');
    const pending = api.call('info', {});
    const second = await serve(port);
    expect(await pending).toEqual({ ok: true, value: expect.objectContaining({ mode: 'browser' }) });
    expect(second.server.port).toBe(port);
    expect(statuses).toContain('closed');
    expect(statuses[statuses.length - 1]).toBe('open');
  });

  it('is refused from a foreign origin, and says so to calls after close', async () => {
    const { server } = await serve();
    const api = client(server.url, 'http://evil.example');
    await new Promise((r) => setTimeout(r, 300));
    expect(api.status()).not.toBe('open');
    api.close();
    expect(await api.call('info', {})).toEqual({ ok: false, kind: 'lost', error: 'the connection to the Gradscope server was closed' });
  });

  it('is refused with the right origin but without the token, or with a wrong one', async () => {
    const { server } = await serve();
    for (const token of ['', 'wrong-token-0123456789xx']) {
      const api = client(server.url, server.url, token);
      await new Promise((r) => setTimeout(r, 300));
      expect(api.status()).not.toBe('open');
    }
  });
});
