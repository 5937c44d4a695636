// The optimizer-paths panel in the real app (browser mode, Chromium): it opens from the top bar, draws
// the contour map and the paths the server computed, a click on the map restarts every method there,
// and the loss readout at the end says what the lesson says (SGD stuck in the shallow dip, Momentum in the deep one).
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App } from './harness';

let app: App | null = null;

afterEach(async () => {
  await app?.stop();
  app = null;
});

async function finalF(page: Page, method: string): Promise<number> {
  // wait for the animation to reach the last step
  await page
    .getByTestId('surface-frame')
    .filter({ hasText: /step (\d+) of \1$/ })
    .waitFor({ timeout: 60_000 });
  return Number((await page.getByTestId(`surface-f-${method}`).innerText()).split(' ')[0]);
}

/** Distinct colours in the map canvas: the contour bands and the paths are drawn, not blank. */
async function mapColours(page: Page): Promise<{ colours: number; pathPixels: number }> {
  return page.getByTestId('surface-map').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    let red = 0;
    for (let i = 0; i < d.length; i += 4) {
      seen.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
      if (d[i] === 0xdc && d[i + 1] === 0x26 && d[i + 2] === 0x26) red++; // Momentum's colour
    }
    return { colours: seen.size, pathPixels: red };
  });
}

describe('optimizer paths panel', () => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]) {
    it(`shows the paths on the local-minimum surface and restarts them where the map is clicked (${viewport.width}×${viewport.height})`, async () => {
      app = await startApp({ viewport });
      const page = app.page;
      await page.getByTestId('btn-surface-lab').click();
      await expect.poll(() => page.getByTestId('surface-start').innerText(), { timeout: 60_000 }).toBe('(-3.50, 1.00)');
      // the lesson's claim, read from the panel: SGD settles in the shallow dip, Momentum rolls on
      expect(await finalF(page, 'sgd')).toBeGreaterThan(-0.2);
      expect(await finalF(page, 'momentum')).toBeLessThan(-2);
      const drawn = await mapColours(page);
      expect(drawn.colours).toBeGreaterThan(12);
      expect(drawn.pathPixels).toBeGreaterThan(20);
      await app.screenshot(`surface-lab-local-min-${viewport.width}x${viewport.height}`);

      // click near the deep minimum's right side: every method now starts there and ends low
      const map = page.getByTestId('surface-map');
      const b = (await map.boundingBox())!;
      await map.click({ position: { x: b.width * (7 / 8), y: b.height / 2 } }); // x = 3, y = 0 on [-4, 4] × [-2, 2]
      await expect.poll(() => page.getByTestId('surface-start').innerText(), { timeout: 60_000 }).toMatch(/^\(3\.0\d, -?0\.0\d\)$/);
      expect(await finalF(page, 'sgd')).toBeLessThan(-2);

      // another surface: Rosenbrock, its start, and a loss chart on a log scale
      await page.getByTestId('surface-fn').selectOption('rosenbrock');
      await expect.poll(() => page.getByTestId('surface-start').innerText(), { timeout: 60_000 }).toBe('(-1.50, 2.00)');
      await finalF(page, 'adam');
      await app.screenshot(`surface-lab-rosenbrock-${viewport.width}x${viewport.height}`);
    });
  }
  it('a second click while the first start point is still being computed cancels the first (1280×800)', async () => {
    app = await startApp({ viewport: { width: 1280, height: 800 } });
    const page = app.page;
    // the frames the page sends over its WebSocket: a cancel is {"cancel": id}
    const cancels: string[] = [];
    page.on('websocket', (ws) => ws.on('framesent', (f) => typeof f.payload === 'string' && f.payload.startsWith('{"cancel"') && cancels.push(f.payload)));
    await page.reload();
    await page.getByTestId('btn-surface-lab').click();
    await expect.poll(() => page.getByTestId('surface-start').innerText(), { timeout: 60_000 }).toBe('(-3.50, 1.00)');
    // 2000 steps per path (leaving the field asks for them), computed before the clicks
    await page.getByTestId('surface-steps').fill('2000');
    await page.getByTestId('surface-steps').press('Tab');
    await expect.poll(() => page.getByTestId('surface-frame').innerText(), { timeout: 60_000 }).toMatch(/ of 2000$/);
    const cancelledBefore = cancels.length;
    // the two clicks in one task of the page: the first start point's paths cannot have come back
    // before the second click, however fast the trainer computes them
    await page.getByTestId('surface-map').evaluate((map) => {
      const b = map.getBoundingClientRect();
      // a mouse event's position is in whole pixels: round up, so x = 1 is not read as 0.99
      const click = (fx: number, fy: number): boolean =>
        map.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: Math.ceil(b.left + b.width * fx), clientY: Math.ceil(b.top + b.height * fy) }));
      click(1 / 8, 1 / 4); // x = -3, y = 1
      click(5 / 8, 1 / 2); // x = 1, y = 0
    });
    await expect.poll(() => page.getByTestId('surface-start').innerText(), { timeout: 60_000 }).toMatch(/^\(1\.0\d, -?0\.0\d\)$/);
    await expect.poll(() => cancels.length).toBeGreaterThan(cancelledBefore);
    expect(await finalF(page, 'momentum')).toBeLessThan(-2);
  });
});
