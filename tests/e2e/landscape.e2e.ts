// The loss-landscape view in the real app (browser mode, Chromium): two short real runs of the spiral
// template (Adam, then SGD from the same seed); the view computes, in the trainer, the loss along the
// first run's line and on the plane through both runs' trained weights, and says which runs it shows.
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App } from './harness';
import { trainRun } from './app-actions';

let app: App | null = null;

afterEach(async () => {
  await app?.stop();
  app = null;
});

/** Distinct colours in the plane's canvas: the contour bands and both paths are drawn. */
function planeColours(page: Page): Promise<{ colours: number; red: number; blue: number }> {
  return page.getByTestId('land-plane').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    let red = 0;
    let blue = 0;
    for (let i = 0; i < d.length; i += 4) {
      seen.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
      if (d[i] === 0xd6 && d[i + 1] === 0x27 && d[i + 2] === 0x28) red++;
      if (d[i] === 0x1f && d[i + 1] === 0x4f && d[i + 2] === 0xd6) blue++;
    }
    return { colours: seen.size, red, blue };
  });
}

describe('loss landscape view', () => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]) {
    it(`draws the line and the plane of two real runs (${viewport.width}×${viewport.height})`, async () => {
      app = await startApp({ viewport });
      const page = app.page;
      await page.getByTestId('template-gallery').waitFor();
      await page.getByTestId('template-spiral').click();
      await page.getByTestId('template-gallery').waitFor({ state: 'detached' });
      await page.getByTestId('tab-training').click();
      const epochs = page.getByTestId('field-epochs');
      await epochs.fill('6');
      await epochs.blur();
      await trainRun(page);
      await page.getByTestId('field-optimizer').selectOption('sgd');
      await trainRun(page);

      const block = page.getByTestId('view-landscape');
      await block.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      const compare = page.getByTestId('land-compare');
      await expect.poll(() => compare.locator('option').count()).toBe(2);
      await compare.selectOption({ index: 1 });
      await page.getByTestId('land-grid').fill('15');
      await page.getByTestId('land-compute').click();
      await page.getByTestId('land-plane').waitFor({ timeout: 120_000 });
      const which = await page.getByTestId('land-which').innerText();
      expect(which).toMatch(/^Run .*sgd.* and .*adam.* · [\d,]+ parameters · cross-entropy on \d+ training samples/);
      // the line: the initial loss above the trained one, every kept epoch (0…6) placed on it
      const caption = await block.locator('figcaption').first().innerText();
      const [, init, trained] = /t = 0: ([\d.e+-]+)\) to the trained weights \(t = 1: ([\d.e+-]+)\)/.exec(caption)!;
      expect(Number(trained)).toBeLessThan(Number(init));
      expect(await page.getByTestId('land-line').locator('circle').count()).toBe(7);
      const drawn = await planeColours(page);
      expect(drawn.colours).toBeGreaterThan(10);
      expect(drawn.red).toBeGreaterThan(20);
      expect(drawn.blue).toBeGreaterThan(20);
      await block.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await app.screenshot(`landscape-${viewport.width}x${viewport.height}`);
      // the results in the whole window: the line and the plane side by side
      await page.getByTestId('btn-panel-maximize').click();
      await block.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await app.screenshot(`landscape-full-${viewport.width}x${viewport.height}`);
      expect(app.errors).toEqual([]);
    }, 400_000);
  }
});
