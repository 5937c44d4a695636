// The compute backend in the app: one select in the training setup; the run panel names the
// backend the run actually trained on. Screenshots at 1280×800 and 1920×1080.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ROOT, startApp, type App } from './harness';
import { trainRun } from './app-actions';

let app: App;

beforeAll(async () => {
  app = await startApp({ viewport: { width: 1280, height: 800 } });
  await app.page.getByTestId('template-gallery').waitFor();
});

afterAll(async () => {
  await app?.stop();
});

describe('compute backend setting', () => {
  it('trains on the chosen backend and names it in the run panel', async () => {
    const page = app.page;
    await page.getByTestId('template-spiral').click();
    await page.getByTestId('template-gallery').waitFor({ state: 'detached' });
    await page.getByTestId('tab-training').click();
    const select = page.getByTestId('field-backend');
    await select.scrollIntoViewIfNeeded();
    expect(await select.inputValue()).toBe('auto');
    const epochs = page.getByTestId('field-epochs');
    await epochs.fill('2');
    await epochs.blur();
    await select.selectOption('wasm');
    await page.screenshot({ path: join(ROOT, 'test-results', 'backend-setting-1280.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(ROOT, 'test-results', 'backend-setting-1920.png') });

    await trainRun(page);
    const meta = page.getByTestId('training-panel').locator('p.meta');
    await expect.poll(async () => (await meta.textContent()) ?? '').toMatch(/backend wasm \((SIMD|no SIMD)\)/);

    await page.getByTestId('tab-training').click();
    await page.getByTestId('field-backend').selectOption('auto');
    await trainRun(page);
    await expect.poll(async () => (await meta.textContent()) ?? '').toMatch(/backend wasm \+ native kernels/);
    await page.screenshot({ path: join(ROOT, 'test-results', 'backend-run-1920.png') });
    expect(app.errors).toEqual([]);
  });
});
