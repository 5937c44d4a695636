// The dropout-ensemble and saturation views in the real app (browser mode, Chromium), with data from real
// runs: the dropout template trained on MNIST digits, then measured in the trainer from the views panel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { framesDrawn, ROOT, startApp, type App } from './harness';
import { newProject } from './app-actions';

let app: App;
let page: Page;

beforeAll(async () => {
  app = await startApp({ viewport: { width: 1500, height: 1000 } });
  page = app.page;
  await page.getByTestId('template-gallery').waitFor();
});

afterAll(async () => {
  await app?.stop();
});

async function setField(testid: string, value: string | number): Promise<void> {
  const f = page.getByTestId(testid);
  await f.fill(String(value));
  await f.blur();
}

async function train(): Promise<void> {
  await page.getByTestId('btn-train').click();
  await page.getByTestId('session-status').getByText('Finished').waitFor({ timeout: 300_000 });
}

/** The view as the user sees it at a window size (scrolled to it), and the whole view in a tall window. */
async function shots(testid: string, name: string): Promise<void> {
  const el = page.getByTestId(testid);
  for (const [w, h] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await el.scrollIntoViewIfNeeded();
    await framesDrawn(page);
    await page.screenshot({ path: join(ROOT, 'test-results', `${name}-${w}x${h}.png`) });
  }
  const style = await page.addStyleTag({
    content: '.app{grid-template-rows:56px auto 360px auto auto !important;height:auto !important;overflow:visible !important}',
  });
  await page.setViewportSize({ width: 1500, height: 2600 });
  await el.scrollIntoViewIfNeeded();
  await framesDrawn(page);
  await el.screenshot({ path: join(ROOT, 'test-results', `${name}-whole.png`) });
  await style.evaluate((n) => (n as HTMLElement).remove());
  await page.setViewportSize({ width: 1500, height: 1000 });
}

describe('lesson views on a real run', () => {
  it('dropout as an ensemble: measured on the trained dropout template, (a) against M thinned networks', async () => {
    await page.getByTestId('template-dropout').click();
    await page.getByTestId('template-gallery').waitFor({ state: 'detached' });
    await page.getByTestId('tab-training').click();
    await setField('field-mnist-limit', 1500);
    await setField('field-epochs', 3);
    await train();
    const block = page.getByTestId('view-dropout-ensemble');
    await block.scrollIntoViewIfNeeded();
    await page.getByTestId('ensemble-max-m').selectOption('64');
    await block.getByRole('spinbutton').nth(1).fill('300');
    await page.getByTestId('ensemble-measure').click();
    await page.getByTestId('ensemble-table').waitFor({ timeout: 240_000 });
    const rows = await page.getByTestId('ensemble-table').locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t')[0])).toEqual(['1', '2', '4', '8', '16', '32', '64']);
    // (a) is the run's own test accuracy (the same network, measured on the first 300 test digits)
    expect(await page.getByTestId('ensemble-scaled').innerText()).toMatch(/\(a\) full network: accuracy \d+\.\d %/);
    expect(await page.getByTestId('ensemble-train').innerText()).toMatch(/dropout off \d+\.\d %.*dropout on, as during training \d+\.\d %/);
    expect(await page.getByTestId('ensemble-about').innerText()).toMatch(/hidden 1 \(p = 0\.5, 512 units\)/);
    await shots('view-dropout-ensemble', 'dropout-ensemble');

    // the linear switch: same weights, linear hidden layers; (b) closes in on (a) as M grows
    await page.getByTestId('ensemble-activation').selectOption('linear');
    await page.getByTestId('ensemble-measure').click();
    await expect.poll(() => page.getByTestId('ensemble-about').innerText(), { timeout: 240_000 }).toMatch(/switched, weights as trained/);
    await shots('view-dropout-ensemble', 'dropout-ensemble-linear');
    expect(app.errors).toEqual([]);
  }, 600_000);

  it('saturation: a deep sigmoid network’s layers, per epoch, next to the gradient heatmap', async () => {
    await newProject(page);
    await page.getByTestId('template-sigmoid-deep').click();
    await page.getByTestId('template-gallery').waitFor({ state: 'detached' });
    await page.getByTestId('tab-training').click();
    await setField('field-mnist-limit', 1500);
    await setField('field-epochs', 3);
    await train();
    const view = page.getByTestId('saturation-view');
    await view.scrollIntoViewIfNeeded();
    // every hidden layer has its two strips, drawn with one column per epoch
    const strips = view.locator('canvas[data-testid^="saturation-pre-"]');
    const layers = await strips.count();
    expect(layers).toBeGreaterThanOrEqual(4);
    const widths = await strips.evaluateAll((cs) => (cs as HTMLCanvasElement[]).map((c) => c.width));
    expect(widths.every((w) => w === 3)).toBe(true);
    // sigmoid layers report their saturated share as a percentage
    const values = await view.locator('[data-testid^="saturation-value-"]').allInnerTexts();
    expect(values.length).toBe(layers);
    for (const v of values) expect(v).toMatch(/^\d+\.\d %$/);
    // the strips are drawn, not blank
    const inked = await strips.first().evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! < 200) dark++;
      return dark;
    });
    expect(inked).toBeGreaterThan(0);
    await shots('view-gradients', 'saturation-sigmoid');
    expect(app.errors).toEqual([]);
  }, 600_000);
});
