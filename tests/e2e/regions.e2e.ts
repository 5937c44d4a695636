// The decision-regions view in the real app (browser mode, Chromium) with data from real runs: a
// spiral run's predicted classes over the plane update live and end with the final model's picture,
// points on top and the first hidden layers' neurons below; a sine run shows the function it learned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { framesDrawn, startApp, type App } from './harness';
import { loadTemplate as loadTemplateIn, setField as setFieldIn, waitFinished as waitFinishedIn } from './app-actions';
import { CLASS_COLOURS } from '../../src-renderer/views/regions/region-image';

let app: App;
let page: Page;

beforeAll(async () => {
  app = await startApp({ viewport: { width: 1280, height: 800 } });
  page = app.page;
  await page.getByTestId('template-gallery').waitFor();
});

afterAll(async () => {
  await app?.stop();
});

const loadTemplate = (name: string) => loadTemplateIn(page, name);

const setField = (testid: string, value: string | number) => setFieldIn(page, testid, value);

const waitFinished = () => waitFinishedIn(page);

/** How many pixels of the plot are a shade of each class colour (the map's own colours, not white). */
async function classShares(): Promise<number[]> {
  return page.getByTestId('regions-canvas').evaluate(
    (c: HTMLCanvasElement, colours: number[][]) => {
      const ctx = c.getContext('2d')!;
      const { data } = ctx.getImageData(46, 8, 380, 380);
      const counts = colours.map(() => 0);
      for (let i = 0; i < data.length; i += 16) {
        const rgb = [data[i]!, data[i + 1]!, data[i + 2]!];
        if (rgb.every((v) => v > 235)) continue;
        let best = 0;
        let bestErr = Infinity;
        colours.forEach((col, k) => {
          let num = 0;
          let den = 0;
          for (let j = 0; j < 3; j++) {
            num += (rgb[j]! - 255) * (col[j]! - 255);
            den += (col[j]! - 255) ** 2;
          }
          const t = num / den;
          let err = 0;
          for (let j = 0; j < 3; j++) err += (rgb[j]! - (255 + t * (col[j]! - 255))) ** 2;
          if (err < bestErr) {
            bestErr = err;
            best = k;
          }
        });
        counts[best]!++;
      }
      const total = counts.reduce((a, b) => a + b, 0) || 1;
      return counts.map((n) => n / total);
    },
    CLASS_COLOURS.slice(0, 3) as unknown as number[][],
  );
}

/** The results panel over the whole window, the view at its top, at 1280×800 and 1920×1080. */
async function shots(name: string): Promise<void> {
  await page.getByTestId('btn-panel-maximize').click();
  for (const [w, h] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.getByTestId('view-regions').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await framesDrawn(page);
    await app.screenshot(`${name}-${w}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('btn-panel-maximize').click();
}

describe('decision regions', () => {
  it('a spiral run: live pictures, then the final model’s classes over the plane with its points and neurons', async () => {
    await loadTemplate('spiral');
    await page.getByTestId('tab-training').click();
    // long enough that the run is still training when it is paused below, on a fast machine too
    await setField('field-epochs', 150);
    await page.getByTestId('btn-train').click();
    // a live picture arrives while the run trains, and a newer one replaces it
    const view = page.getByTestId('regions-view');
    await view.waitFor({ timeout: 60_000 });
    await expect.poll(() => view.getAttribute('data-final'), { timeout: 60_000 }).toBe('false');
    const firstStep = Number(await view.getAttribute('data-step'));
    await expect.poll(async () => Number(await view.getAttribute('data-step')), { timeout: 60_000 }).toBeGreaterThan(firstStep);
    // paused, the live picture stays and says which step it is of
    await page.getByTestId('btn-pause').click();
    await page.getByTestId('session-status').getByText('Paused').waitFor({ timeout: 60_000 });
    await expect(view.getAttribute('data-final')).resolves.toBe('false');
    // the caption and the picture read together, in one task of the page
    const live = await view.evaluate((el) => ({
      step: (el as HTMLElement).dataset.step,
      which: (document.querySelector('[data-testid="regions-which"]') as HTMLElement).innerText,
    }));
    expect(live.which).toMatch(/live: after step \d+, during epoch \d+/);
    expect(live.which).toContain(`after step ${live.step},`);
    await page.getByTestId('view-regions').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await app.screenshot('regions-spiral-live-1280');
    await page.getByTestId('btn-resume').click();
    await waitFinished();
    await expect.poll(() => view.getAttribute('data-final')).toBe('true');
    const final = await page.getByTestId('regions-which').innerText();
    const label = await page.getByTestId('views-run-label').innerText();
    expect(final).toContain(label);
    expect(final).toContain('graph input (2) → hidden 1 (relu 32) → hidden 2 (relu 32) → output');
    expect(final).toMatch(/the final model: weights of epoch \d+/);
    // the trained network colours the plane with all three classes, each a good share of it
    const shares = await classShares();
    for (const s of shares) expect(s).toBeGreaterThan(0.15);
    await expect.poll(() => page.getByTestId('regions-wrong').innerText()).toMatch(/Misclassified: \d+ of \d+ training and \d+ of \d+ test points drawn/);
    await expect.poll(() => page.getByTestId('regions-neurons').innerText()).toContain('hidden 1: the first 16 of 32 neurons');
    await expect.poll(() => page.locator('canvas.neuron').count()).toBe(32);
    await shots('regions-spiral');
  });

  it('a sine run: the function the network learned, drawn over the data', async () => {
    await loadTemplate('sine');
    await page.getByTestId('tab-training').click();
    await setField('field-epochs', 30);
    await page.getByTestId('btn-train').click();
    await waitFinished();
    const view = page.getByTestId('regions-view');
    await expect.poll(() => view.getAttribute('data-kind')).toBe('curve');
    await expect.poll(() => view.getAttribute('data-final')).toBe('true');
    await expect.poll(() => page.getByTestId('view-regions').locator('h3').innerText()).toBe('The function learned');
    const which = await page.getByTestId('regions-which').innerText();
    expect(which).toContain('input (1) → hidden 1 (tanh 16) → hidden 2 (tanh 16)');
    // the curve is drawn: dark pixels across the plot from left to right
    const columnsWithCurve = await page.getByTestId('regions-canvas').evaluate((c: HTMLCanvasElement) => {
      const { data, width, height } = c.getContext('2d')!.getImageData(46, 8, 560, 300);
      let cols = 0;
      for (let x = 0; x < width; x += 8) {
        for (let y = 0; y < height; y++) {
          const o = (y * width + x) * 4;
          if (data[o]! < 60 && data[o + 1]! < 60 && data[o + 2]! < 60 && data[o + 3]! > 200) {
            cols++;
            break;
          }
        }
      }
      return cols / Math.ceil(width / 8);
    });
    expect(columnsWithCurve).toBeGreaterThan(0.9);
    await shots('regions-sine');
  });
});
