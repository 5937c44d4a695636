// The learned-activations view in the real app (browser mode, Chromium): after a short real run of the
// Maxout template, the views panel draws every unit of the chosen layer from the trainer's model —
// pieces, their max, the share of validation samples each piece wins — sorted by shape, and says
// which run, layer and weights it shows; switching the line to the principal direction redraws it.
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App } from './harness';

let app: App | null = null;

afterEach(async () => {
  await app?.stop();
  app = null;
});

async function setField(page: Page, testid: string, value: string | number): Promise<void> {
  const f = page.getByTestId(testid);
  await f.fill(String(value));
  await f.blur();
}

async function trainMaxout(page: Page): Promise<void> {
  await page.getByTestId('template-gallery').waitFor();
  await page.getByTestId('template-maxout').click();
  await page.getByTestId('template-gallery').waitFor({ state: 'detached' });
  await page.getByTestId('tab-training').click();
  await setField(page, 'field-mnist-limit', 1500);
  await setField(page, 'field-epochs', 3);
  await page.getByTestId('btn-train').click();
  await page.getByTestId('session-status').getByText('Finished').waitFor({ timeout: 240_000 });
}

/** Sum of the shape counts shown: every unit of the layer is in the gallery. */
async function countedUnits(page: Page): Promise<number> {
  const text = await page.getByTestId('act-shape-counts').innerText();
  return [...text.matchAll(/(\d+) /g)].reduce((a, m) => a + Number(m[1]), 0);
}

describe('learned activations view', () => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]) {
    it(`draws the Maxout template's units after a real run (${viewport.width}×${viewport.height})`, async () => {
      app = await startApp({ viewport });
      const page = app.page;
      await trainMaxout(page);
      const block = page.getByTestId('view-activations');
      await block.scrollIntoViewIfNeeded();
      await page.getByTestId('act-shape-counts').waitFor({ timeout: 60_000 });
      // which run, which layer, which weights
      const which = await page.getByTestId('act-which').innerText();
      expect(which).toMatch(/^Run .+ · layer hidden 1 \(Maxout, 128 units\) · \d+ validation samples · weights of epoch \d/);
      expect(await countedUnits(page)).toBe(128);
      // every unit drawn (the first 24 of each shape until "show all"): a thick max over two thin pieces
      const units = page.getByTestId('act-unit');
      expect(await units.count()).toBeGreaterThan(10);
      const first = units.first();
      expect(await first.locator('path.piece').count()).toBe(2);
      expect(await first.locator('path.env').getAttribute('d')).toMatch(/^M[\d.-]+,[\d.-]+L/);
      const caption = await first.locator('figcaption').innerText();
      const shares = [...caption.matchAll(/(\d+) %/g)].map((m) => Number(m[1]));
      expect(shares).toHaveLength(2);
      expect(Math.abs(shares[0]! + shares[1]! - 100)).toBeLessThanOrEqual(1);
      await block.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await app.screenshot(`activations-maxout-${viewport.width}x${viewport.height}`);

      // another layer, along the principal direction: redrawn from the trainer, saying so (results in the whole window)
      await page.getByTestId('btn-panel-maximize').click();
      await page.getByTestId('act-layer').selectOption('h4');
      await page.getByTestId('act-direction').selectOption('pca');
      await expect.poll(() => page.getByTestId('act-which').innerText(), { timeout: 60_000 }).toMatch(/layer hidden 4/);
      await expect.poll(() => block.innerText(), { timeout: 60_000 }).toMatch(/first principal direction of the layer's input \(\d+\.\d % of its variance\)/);
      expect(await countedUnits(page)).toBe(128);
      await block.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await app.screenshot(`activations-maxout-pca-${viewport.width}x${viewport.height}`);
      expect(app.errors).toEqual([]);
    }, 400_000);
  }
});
