// A CSV regression project in the real app (browser mode, Chromium): the project refers to its CSV
// relative to itself; the dataset shows the task guess; early stopping offers validation loss only and
// flags validation accuracy; the run reports MSE, MAE and R² in the target's own units with an R² curve.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startApp, type App } from './harness';
import { sineCsv } from '../unit/fixtures/csv-files';

let app: App;
let page: Page;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'gradscope-regression-e2e-'));
  sineCsv(scratch, 'prices.csv', { n: 300, scale: 5e4, shift: 3e5 });
  await writeFile(
    join(scratch, 'prices.gradscope.json'),
    JSON.stringify({
      format: 'gradscope-project',
      version: 1,
      name: 'House prices (sine)',
      graph: {
        version: 1,
        nodes: [
          { id: 'in', type: 'input', position: { x: 0, y: 0 } },
          { id: 'h1', type: 'dense', units: 32, activation: 'tanh', position: { x: 250, y: 0 } },
          { id: 'h2', type: 'dense', units: 32, activation: 'tanh', position: { x: 500, y: 0 } },
          { id: 'out', type: 'output', head: 'linear', position: { x: 750, y: 0 } },
        ],
        edges: [
          { id: 'a', source: 'in', target: 'h1' },
          { id: 'b', source: 'h1', target: 'h2' },
          { id: 'c', source: 'h2', target: 'out' },
        ],
      },
      training: {
        dataset: { kind: 'csv', file: 'prices.csv', label: 'y' },
        optimizer: { kind: 'adam' },
        learningRate: 0.01,
        batchSize: 16,
        epochs: 15,
        earlyStopping: { enabled: true, monitor: 'val_acc', patience: 20, restoreBest: true },
      },
    }),
  );
  app = await startApp({ viewport: { width: 1280, height: 800 }, folders: [scratch] }); // browser mode uses only folders it was given
  page = app.page;
});

afterAll(async () => {
  await app?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('a CSV regression project', () => {
  it('opens with its relative CSV, refuses val_acc, trains and reports MSE, MAE and R²', async () => {
    await page.getByTestId('btn-open').click();
    await page.getByTestId('path-input').fill(join(scratch, 'prices.gradscope.json'));
    await page.getByTestId('path-submit').click();
    await page.getByTestId('path-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('tab-training').click();
    await expect.poll(() => page.getByTestId('field-csv-file').inputValue()).toBe(join(scratch, 'prices.csv'));
    // a relative path typed in is relative to the project file too
    await page.getByTestId('field-csv-file').fill('./prices.csv');
    await page.getByTestId('field-csv-file').blur();
    await expect.poll(() => page.getByTestId('field-csv-file').inputValue()).toBe(join(scratch, 'prices.csv'));
    await expect.poll(() => page.getByTestId('dataset-status').innerText(), { timeout: 20_000 }).toContain('numeric label');
    await expect.poll(() => page.getByTestId('field-csv-task').locator('option:checked').innerText()).toBe('Guessed: a number (regression)');
    await page.getByTestId('dataset-status').scrollIntoViewIfNeeded();
    await app.screenshot('regression-dataset-task-1280');
    // early stopping on accuracy for a regression head: flagged, and Train is blocked with the reason
    const monitor = page.getByTestId('field-es-monitor');
    await expect.poll(() => page.getByTestId('training-setup').innerText()).toContain('has a linear (regression) head, which has no accuracy');
    await expect.poll(() => page.getByTestId('btn-train').isDisabled()).toBe(true);
    await monitor.scrollIntoViewIfNeeded();
    await app.screenshot('regression-val-acc-refused-1280');
    await monitor.selectOption('val_loss');
    await expect.poll(() => monitor.locator('option').allInnerTexts()).toEqual(['Validation loss']);
    await page.getByTestId('btn-train').click();
    await page.getByTestId('session-status').getByText('Finished').waitFor({ timeout: 240_000 });
    const result = page.getByTestId('test-result');
    await expect.poll(() => result.innerText()).toMatch(/Test set: MSE [\d.e+]+, MAE [\d.e+]+, R² 0\.9\d\d/);
    await expect.poll(() => result.innerText()).toMatch(/weights of epoch \d+/);
    await page.getByTestId('curves-r2').scrollIntoViewIfNeeded();
    expect(app.errors).toEqual([]);
    await app.screenshot('regression-trained-1280');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByTestId('test-result').scrollIntoViewIfNeeded();
    await app.screenshot('regression-trained-1920');
  });
});
