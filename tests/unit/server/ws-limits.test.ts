// Per-client limits of the WebSocket endpoint, against a target whose calls wait on a gate.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../../src-main/server/http-server';
import { MAX_IN_FLIGHT } from '../../../src-main/server/ws-endpoint';
import type { ClientSession } from '../../../src-main/service/client-session';

const TOKEN = 'limits-test-token-0123456789';
let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('WebSocket endpoint limits', () => {
  it(`runs at most ${MAX_IN_FLIGHT} calls of one client at a time, answering all of them in the end`, async () => {
    let running = 0;
    let most = 0;
    const gates: Array<() => void> = [];
    const session: ClientSession = {
      handleCall: async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((r) => gates.push(r));
        running--;
        return { ok: true, value: null };
      },
      onEvent: () => () => undefined,
      close: () => undefined,
    };
    server = await startServer({ port: 0, rendererDir: '/nonexistent', target: { openSession: () => session }, token: TOKEN });
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${TOKEN}`, { origin: server.url });
    await new Promise((r) => ws.once('open', r));
    const answered = new Set<number>();
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { kind: string; id: number };
      if (m.kind === 'result') answered.add(m.id);
    });
    for (let i = 1; i <= 10; i++) ws.send(JSON.stringify({ id: i, method: 'info', params: {} }));
    while (answered.size < 10) {
      await new Promise((r) => setTimeout(r, 5));
      gates.shift()?.();
    }
    expect(most).toBe(MAX_IN_FLIGHT);
    ws.close();
  });
});
