// Sweeps in the real app (browser mode, Chromium): the lesson's depth template with small settings
// (1 epoch on 300 MNIST samples) trains its 18 variants; the training-accuracy chart has one line for
// sigmoid and one for ReLU, the table lists every variant, and clicking a point opens that variant as
// a run (curves, heatmap, diagnosis, and its kept model: export, loss landscape) whose graph can be loaded into the editor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App } from './harness';

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

describe('sweeps', () => {
  it('the depth template: two lines, the table, a point opens its run', async () => {
    await page.getByTestId('tab-sweeps').click();
    await page.getByTestId('sweep-quick-epochs').fill('1');
    await page.getByTestId('sweep-quick-samples').fill('300');
    await page.getByTestId('sweep-template-deeper-not-better').click();
    await page.getByTestId('sweep-title').getByText('Deeper is not better on the training set').waitFor();
    await page.getByTestId('sweep-state').getByText('completed').waitFor({ timeout: 240_000 });

    const chart = page.getByTestId('sweep-chart-trainAcc');
    await expect.poll(() => chart.getAttribute('data-lines')).toBe('2');
    const legend = await page.getByTestId('sweep-view-trainAcc').innerText();
    expect(legend).toContain('Final training-set accuracy');
    await expect.poll(() => page.getByTestId('sweep-row').count()).toBe(18);
    const rows = await page.getByTestId('sweep-table').innerText();
    expect(rows).toMatch(/sigmoid/);
    expect(rows).toMatch(/relu/);
    expect(rows).not.toMatch(/failed|waiting/);

    // the points as drawn; click the ReLU line's point at depth 3 (variant index 5: depth outermost)
    const points = JSON.parse((await chart.getAttribute('data-points')) ?? '[]') as { x: number; y: number; variant: number }[];
    expect(points.length).toBe(18);
    const target = points.find((p) => p.variant === 5)!;
    const box = (await chart.boundingBox())!;
    await page.mouse.click(box.x + target.x, box.y + target.y);

    await expect.poll(() => page.getByTestId('views-run-label').innerText()).toBe('depth=3 activation=relu · sweep “Deeper is not better on the training set”');
    await page.getByTestId('view-diagnosis').waitFor();
    await page.getByTestId('view-gradients').waitFor();
    await page.getByTestId('curves-loss').waitFor();
    expect(await page.getByTestId('views-summary').innerText()).toMatch(/1 epoch/);
    // the variant's trained model is kept: it can be exported, and the loss landscape is computed on it
    await expect.poll(() => page.getByTestId('export-model').isDisabled()).toBe(false);
    await page.getByTestId('land-grid').fill('5');
    await page.getByTestId('land-compute').click();
    await expect.poll(() => page.getByTestId('land-which').innerText(), { timeout: 60_000 }).toMatch(/depth=3 activation=relu/);
    expect(await page.getByTestId('loss-landscape').innerText()).not.toMatch(/no run with id|model is gone/);

    // back in Sweeps: the variant's graph goes into the editor (3 hidden ReLU layers)
    await page.getByTestId('tab-sweeps').click();
    await page.getByTestId('sweep-to-editor').click();
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBe(5);
  });

  it('New asks before dropping the unsaved sweep; it stays in Past runs and reopens whole', async () => {
    await page.getByTestId('btn-new').click();
    const dialog = page.getByTestId('confirm-dialog');
    await expect.poll(() => dialog.innerText()).toMatch(/One sweep is not saved in the project/);
    expect(await dialog.innerText()).not.toMatch(/run is not saved/); // the variant opened as a run is the sweep's
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('tab-sweeps').click();
    await page.getByText('No sweep yet.').waitFor();

    await page.getByTestId('tab-runs').click();
    await page.getByTestId('past-runs-toggle').click();
    const row = page.getByTestId('past-run').filter({ hasText: 'Deeper is not better on the training set' });
    await expect.poll(() => row.innerText()).toMatch(/sweep of 18 variants/);
    await row.getByTestId('past-run-open').click();
    await page.getByTestId('sweep-title').getByText('Deeper is not better on the training set').waitFor();
    await expect.poll(() => page.getByTestId('sweep-row').count()).toBe(18);
    await expect.poll(() => page.getByTestId('sweep-chart-trainAcc').getAttribute('data-lines')).toBe('2');
  });
});
