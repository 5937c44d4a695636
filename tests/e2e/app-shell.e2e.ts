// The app shell in Chromium: the real renderer loads from the browser-mode server, talks to the
// service over the WebSocket transport, and nothing it does trips the Content-Security-Policy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './harness';

let app: App;
const violations: string[] = [];

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

describe('app shell in browser mode', () => {
  it('loads the renderer, fetches presets over the WebSocket, and violates no CSP rule', async () => {
    await app.page.exposeFunction('__reportViolation', (v: string) => violations.push(v));
    await app.page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __reportViolation: (v: string) => void }).__reportViolation(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const frames: string[] = [];
    app.page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
    await app.page.reload();
    // the page asked the service for the presets and got them over the socket
    await expect.poll(() => frames.some((f) => f.includes('"kind":"result"') && f.includes('"Deep sigmoid network')), { timeout: 30_000 }).toBe(true);
    // the page drew what the presets gave it
    await app.page.getByTestId('template-spiral').waitFor();
    // a violation is reported in a task of its own: give a late one time to arrive (a check that
    // nothing happens, so a wait)
    await app.page.waitForTimeout(500);
    await app.screenshot('app-shell-loaded');
    expect(violations).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
