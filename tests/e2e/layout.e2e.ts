// The canvas layout in the real app (browser mode, Chromium): a deep template wraps onto rows and is
// shown at a readable size; the splitter between the canvas and the bottom panel resizes both (mouse,
// keyboard, double-click reset, collapse), is remembered across a reload, and the graph stays in view.
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App } from './harness';
import { canvasSettled } from './app-actions';

let app: App | null = null;

afterEach(async () => {
  await app?.stop();
  app = null;
});

type Box = { x: number; y: number; width: number; height: number };

async function box(page: Page, testId: string): Promise<Box> {
  const b = await page.getByTestId(testId).boundingBox();
  if (!b) throw new Error(`${testId} is not on screen`);
  return b;
}

const LAYERS = ['input', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8', 'output'];

/** Every layer node's box, once the fit-to-view animation has settled (still for some frames, then two equal readings). */
async function settledLayers(page: Page): Promise<Box[]> {
  await canvasSettled(page);
  let last = '';
  for (let i = 0; i < 40; i++) {
    const boxes = await Promise.all(LAYERS.map((id) => box(page, `layer-${id}`)));
    const key = JSON.stringify(boxes.map((b) => [Math.round(b.x), Math.round(b.y), Math.round(b.width)]));
    if (key === last) return boxes;
    last = key;
    await page.waitForTimeout(150);
  }
  throw new Error('the canvas never settled');
}

function inside(b: Box, area: Box): boolean {
  return b.x >= area.x - 1 && b.y >= area.y - 1 && b.x + b.width <= area.x + area.width + 1 && b.y + b.height <= area.y + area.height + 1;
}

async function loadReluDeep(page: Page): Promise<void> {
  await page.getByTestId('template-gallery').waitFor();
  await page.getByTestId('template-relu-deep').click();
  await page.getByTestId('template-gallery').waitFor({ state: 'detached' });
}

describe('canvas layout', () => {
  it('shows the deep ReLU template wrapped onto rows, every layer readable and in view', async () => {
    app = await startApp({ viewport: { width: 1400, height: 900 } });
    const { page } = app;
    await loadReluDeep(page);
    const layers = await settledLayers(page);
    const canvas = await box(page, 'canvas');
    for (const [i, b] of layers.entries()) {
      expect(b.width, `${LAYERS[i]} on-screen width`).toBeGreaterThanOrEqual(140);
      expect(inside(b, canvas), `${LAYERS[i]} inside the canvas`).toBe(true);
    }
    // reading order: a row goes left to right; the next row starts again at the left
    const rowStarts = layers.filter((b, i) => i === 0 || b.y > layers[i - 1]!.y + layers[i - 1]!.height);
    expect(rowStarts.length).toBeGreaterThanOrEqual(2);
    for (const s of rowStarts) expect(Math.abs(s.x - layers[0]!.x)).toBeLessThan(2);
    // the edge from one row's end to the next row's start is routed back through the gap, label showing
    const wrapped = page.locator('[data-wrapped="true"]');
    expect(await wrapped.count()).toBe(rowStarts.length - 1);
    const label = await page.getByTestId('edge-label-h3-h4').boundingBox();
    expect(await page.getByTestId('edge-label-h3-h4').getAttribute('data-wrapped')).toBe('true');
    expect(label && inside(label, canvas)).toBe(true);
    const h3 = layers[LAYERS.indexOf('h3')]!;
    const h4 = layers[LAYERS.indexOf('h4')]!;
    expect(label!.y).toBeGreaterThan(h3.y + h3.height - 1);
    expect(label!.y + label!.height).toBeLessThan(h4.y + 1);
    await app.screenshot('layout-relu-deep-1400x900');
  });

  it('the splitter gives the canvas or the panel more room, by mouse and keys, collapses, resets and is remembered', async () => {
    app = await startApp({ viewport: { width: 1400, height: 900 } });
    const { page } = app;
    await loadReluDeep(page);
    await settledLayers(page);
    const canvas0 = await box(page, 'canvas');
    const splitter = page.getByTestId('panel-splitter');
    const panel0 = Number(await splitter.getAttribute('aria-valuenow'));
    const bar = await box(page, 'panel-splitter');

    // drag the splitter 150 px up: the canvas loses what the panel gains
    await page.mouse.move(bar.x + bar.width / 3, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + bar.width / 3, bar.y + bar.height / 2 - 75, { steps: 4 });
    await page.mouse.move(bar.x + bar.width / 3, bar.y + bar.height / 2 - 150, { steps: 4 });
    await page.mouse.up();
    const canvas1 = await box(page, 'canvas');
    expect(canvas1.height).toBeGreaterThan(canvas0.height - 152);
    expect(canvas1.height).toBeLessThan(canvas0.height - 148);
    expect((await box(page, 'panel-splitter')).y).toBeLessThan(bar.y - 140);

    // keyboard: focused splitter, arrow down twice (24 px each) gives the canvas 48 px back
    await splitter.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const canvas2 = await box(page, 'canvas');
    expect(Math.round(canvas2.height - canvas1.height)).toBe(48);
    expect(Number(await splitter.getAttribute('aria-valuenow'))).toBe(panel0 + 150 - 48);

    // the graph was fitted again after the large change and is still all in view
    await expect.poll(async () => (await settledLayers(page)).every((b) => inside(b, canvas2))).toBe(true);

    // remembered across a reload (the unsaved template makes the page ask first)
    page.on('dialog', (d) => void d.accept());
    await page.reload();
    await page.getByTestId('canvas').waitFor();
    const canvasHeight = async (): Promise<number> => Math.round((await box(page, 'canvas')).height);
    await expect.poll(canvasHeight).toBe(Math.round(canvas2.height));

    // collapse: the canvas takes the whole height, the views are gone; open again
    await page.getByTestId('btn-panel-toggle').click();
    await expect.poll(canvasHeight).toBeGreaterThan(canvas2.height + 200);
    await expect.poll(() => page.getByTestId('views-panel').isVisible()).toBe(false);
    await page.getByTestId('btn-panel-toggle').click();
    await expect.poll(canvasHeight).toBe(Math.round(canvas2.height));

    // double-click resets to the default split
    await splitter.dblclick();
    await expect.poll(canvasHeight).toBe(Math.round(canvas0.height));
    expect(app.errors).toEqual([]);
  });
});
