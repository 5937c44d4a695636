// The dropout-ensemble and saturation views in the real app (browser mode, Chromium), with data from real
// runs: the dropout template trained on MNIST digits, then measured in the trainer from the views panel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, startApp, type App } from './harness';

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

async function shot(testid: string, name: string): Promise<void> {
  const el = page.getByTestId(testid);
  await el.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await el.screenshot({ path: join(ROOT, 'test-results', `${name}.png`) });
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
    await page.setViewportSize({ width: 1280, height: 800 });
    await shot('view-dropout-ensemble', 'dropout-ensemble-1280x800');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot('view-dropout-ensemble', 'dropout-ensemble-1920x1080');
    await page.setViewportSize({ width: 1500, height: 1000 });

    // the linear switch: same weights, linear hidden layers; (b) closes in on (a) as M grows
    await page.getByTestId('ensemble-activation').selectOption('linear');
    await page.getByTestId('ensemble-measure').click();
    await expect.poll(() => page.getByTestId('ensemble-about').innerText(), { timeout: 240_000 }).toMatch(/switched, weights as trained/);
    await shot('view-dropout-ensemble', 'dropout-ensemble-linear-1500');
    expect(app.errors).toEqual([]);
  }, 600_000);
});
