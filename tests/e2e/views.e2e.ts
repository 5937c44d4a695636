// The live training views in the real app (browser mode, Chromium): a deep sigmoid network's
// heatmap shows the vanishing gradient (dark input-side rows), the nodes are tinted, the diagnosis
// names it and its evidence link highlights the heatmap; a deep ReLU network's diagnosis does not;
// two runs overlay; a run re-runs in one click; the model exports and reloads; CSV and PNG export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { framesDrawn, ROOT, startApp, type App } from './harness';
import { loadTemplate as loadTemplateIn, setField as setFieldIn, trainRun, waitFinished as waitFinishedIn } from './app-actions';

let app: App;
let page: Page;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'gradscope-views-e2e-'));
  app = await startApp({ viewport: { width: 1500, height: 1000 }, folders: [scratch] });
  page = app.page;
  await page.getByTestId('template-gallery').waitFor();
});

afterAll(async () => {
  await app?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const loadTemplate = (name: string) => loadTemplateIn(page, name);

const setField = (testid: string, value: string | number) => setFieldIn(page, testid, value);

/** Few samples and epochs so a run takes seconds. */
async function shorten(): Promise<void> {
  await page.getByTestId('tab-training').click();
  await setField('field-mnist-limit', 1500);
  await setField('field-epochs', 4);
}

const waitFinished = () => waitFinishedIn(page);

const train = () => trainRun(page);

/** Let the whole views panel show, so screenshots of each view are complete. */
async function tallViews(): Promise<void> {
  await page.addStyleTag({ content: '.app{grid-template-rows:56px auto 360px auto auto !important;height:auto !important;overflow:visible !important}' });
  await page.setViewportSize({ width: 1500, height: 2600 });
}

async function shot(testid: string, name: string): Promise<void> {
  const el = page.getByTestId(testid);
  await el.scrollIntoViewIfNeeded();
  await framesDrawn(page);
  await el.screenshot({ path: join(ROOT, 'test-results', `${name}.png`) });
}

interface HeatRows {
  rows: number;
  /** mean luminance per row, row 0 = input side */
  lum: number[];
  /** share of each row's sampled pixels that carry a colour of the scale (not the grey "no value" and not white) */
  drawn: number[];
  orange: number;
}

/** Read the layer heatmap's pixels row by row (row 0, the input side, is drawn at the bottom). */
function readHeatmap(testid = 'heatmap'): Promise<HeatRows> {
  return page.evaluate((id) => {
    const c = document.querySelector<HTMLCanvasElement>(`canvas[data-testid="${id}"]`)!;
    const [x, y, w, h] = c.dataset.plot!.split(',').map(Number) as [number, number, number, number];
    const rows = Number(c.dataset.rows);
    const ctx = c.getContext('2d')!;
    const lum: number[] = [];
    const drawn: number[] = [];
    for (let r = 0; r < rows; r++) {
      const cy = Math.round(y + h - ((r + 0.5) * h) / rows);
      const d = ctx.getImageData(x + 2, cy, w - 4, 1).data;
      let sum = 0;
      let ok = 0;
      for (let i = 0; i < d.length; i += 4) {
        const [R, G, B] = [d[i]!, d[i + 1]!, d[i + 2]!];
        sum += 0.2126 * R + 0.7152 * G + 0.0722 * B;
        const grey = Math.abs(R - 128) < 3 && Math.abs(G - 128) < 3 && Math.abs(B - 128) < 3;
        const white = R > 250 && G > 250 && B > 250;
        if (!grey && !white) ok++;
      }
      lum.push(sum / (d.length / 4));
      drawn.push(ok / (d.length / 4));
    }
    const all = ctx.getImageData(0, 0, c.width, c.height).data;
    let orange = 0;
    for (let i = 0; i < all.length; i += 4) if (all[i]! > 240 && Math.abs(all[i + 1]! - 140) < 20 && all[i + 2]! < 30) orange++;
    return { rows, lum, drawn, orange };
  }, testid);
}

function luminanceOf(css: string): number {
  const m = /#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(css);
  if (!m) throw new Error(`not a hex colour: ${css}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h!, 16)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

async function download(click: () => Promise<void>): Promise<Download> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
  return d;
}

describe('live training views', () => {
  it('relu-deep: the diagnosis does not blame vanishing gradients', async () => {
    await loadTemplate('relu-deep');
    await shorten();
    await train();
    const diag = page.getByTestId('diagnosis');
    await diag.waitFor();
    const text = (await diag.textContent()) ?? '';
    expect(text).not.toMatch(/vanishing/i);
    await expect(page.getByTestId('finding-vanishing_gradients').count()).resolves.toBe(0);
    const ratio = Number((await page.getByTestId('gradient-ratio').locator('b').textContent()) ?? 'NaN');
    expect(ratio).toBeGreaterThan(1e-2);
    const heat = await readHeatmap();
    expect(heat.rows).toBe(9);
  });

  it('sigmoid-deep: dark input-side heatmap rows, tinted nodes, "vanishing gradients" with evidence', async () => {
    await loadTemplate('sigmoid-deep');
    await shorten();
    await train();

    // every layer row drawn; the input side (bottom) darker than the output side (top)
    const heat = await readHeatmap();
    expect(heat.rows).toBe(9);
    for (const d of heat.drawn) expect(d).toBeGreaterThan(0.95);
    const bottom = (heat.lum[0]! + heat.lum[1]! + heat.lum[2]!) / 3;
    const top = (heat.lum[6]! + heat.lum[7]! + heat.lum[8]!) / 3;
    expect(bottom).toBeLessThan(top - 40);
    expect(heat.lum[0]!).toBeLessThan(heat.lum[8]!);

    // hovering a cell names its layer, steps and value
    await page.getByTestId('heatmap').scrollIntoViewIfNeeded();
    const box = (await page.getByTestId('heatmap').boundingBox())!;
    const plot = (await page.getByTestId('heatmap').getAttribute('data-plot'))!.split(',').map(Number);
    const dpr = await page.evaluate(() => window.devicePixelRatio);
    await page.mouse.move(box.x + (plot[0]! + plot[2]! / 2) / dpr, box.y + (plot[1]! + plot[3]! - 4) / dpr);
    await expect.poll(() => page.getByTestId('heatmap-tip').textContent()).toMatch(/^layer hidden 1 · step(s)? \d+.* = \d\.\d\de-\d+$/);
    await page.mouse.move(0, 0);

    // the nodes are tinted on the same scale: the first hidden layer darker than the last
    await expect.poll(() => page.locator('.tinted').count()).toBe(9);
    const tintOf = (id: string) => page.getByTestId(`layer-${id}`).evaluate((el) => getComputedStyle(el).getPropertyValue('--tint').trim());
    expect(luminanceOf(await tintOf('h1'))).toBeLessThan(luminanceOf(await tintOf('h8')));

    // the diagnosis: not overfitting, vanishing gradients, ReLU/Maxout as the fix
    const diag = page.getByTestId('diagnosis');
    await expect.poll(() => diag.getAttribute('data-verdict')).toBe('not_fitting');
    await expect.poll(() => page.getByTestId('diagnosis-headline').textContent()).toMatch(/not overfitting/i);
    const vanishing = page.getByTestId('finding-vanishing_gradients');
    await expect.poll(() => vanishing.textContent()).toMatch(/ReLU.*Maxout/s);

    // its evidence link outlines the first and last hidden rows on the heatmap
    expect(heat.orange).toBe(0);
    await vanishing.getByTestId('evidence-link').click();
    await expect.poll(async () => (await readHeatmap()).orange).toBeGreaterThan(100);

    await tallViews();
    await shot('view-diagnosis', 'views-diagnosis-sigmoid-deep');
    // the plateau's evidence shades the loss chart
    await page.getByTestId('finding-plateau').getByTestId('evidence-link').click();
    await page.getByTestId('log-loss').check();
    await shot('view-curves', 'views-curves-sigmoid-deep');
    await shot('view-gradients', 'views-gradients-sigmoid-deep');
    await shot('view-weights', 'views-weights-sigmoid-deep');
  });

  it('exports metrics as CSV, charts as PNG, and the model, which reloads', async () => {
    const csv = await download(() => page.getByTestId('export-csv-epochs').click());
    const text = await readFile((await csv.path())!, 'utf8');
    const lines = text.trim().split(/\r\n/);
    expect(lines[0]).toMatch(/^epoch,train_loss,train_acc,val_loss,val_acc,seconds,/);
    expect(lines.length).toBe(1 + 4);

    // the heatmap shows the vanishing-gradient evidence outline on screen
    await page.getByTestId('finding-vanishing_gradients').getByTestId('evidence-link').click();
    await expect.poll(async () => (await readHeatmap()).orange).toBeGreaterThan(100);
    await page.getByTestId('export-png').click();
    // the choices name what is drawn, not element ids
    await expect.poll(() => page.getByTestId('png-choices').textContent()).toMatch(/Gradient heatmap \(layers × steps\) — kernel mean \|g\| per weight/);
    const png = await download(() => page.getByTestId('png-heatmap').click());
    expect(png.suggestedFilename()).toMatch(/^\d+-8xsigmoid-sgd-eta-[\d.]+-mnist-gradient-heatmap\.png$/);
    const bytes = await readFile((await png.path())!);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    await png.saveAs(join(ROOT, 'test-results', 'export-heatmap.png'));
    // the exported image has a heading above the heatmap and no evidence outline (the view still shows one)
    expect((await readHeatmap()).orange).toBeGreaterThan(100);
    const onScreen = await page.getByTestId('heatmap').evaluate((c: HTMLCanvasElement) => c.height);
    const exported = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let orange = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! > 240 && Math.abs(d[i + 1]! - 140) < 20 && d[i + 2]! < 30) orange++;
      let headingInk = 0;
      const top = ctx.getImageData(0, 0, c.width, Math.round((img.height - 0) * 0.04) + 10).data;
      for (let i = 0; i < top.length; i += 4) if (top[i]! < 100) headingInk++;
      return { height: img.height, orange, headingInk };
    }, bytes.toString('base64'));
    expect(exported.height).toBeGreaterThan(onScreen);
    expect(exported.orange).toBe(0);
    expect(exported.headingInk).toBeGreaterThan(50);

    const dir = join(scratch, 'model');
    await page.getByTestId('export-model').click();
    await setField('export-dir', dir);
    await page.getByTestId('export-dir-ok').click();
    await page.getByTestId('export-message').getByText('Model exported to').waitFor({ timeout: 60_000 });
    const { loadExportedModel } = await import('../../src-main/export/tfjs-layers');
    const model = await loadExportedModel(dir);
    expect(model.inputs[0]!.shape).toEqual([null, 784]);
    expect(model.outputs[0]!.shape).toEqual([null, 10]);
    model.dispose();
  });

  it('overlays two runs and compares their heatmaps; re-runs a past configuration in one click', async () => {
    // a second run of the same network with Adam
    await page.setViewportSize({ width: 1500, height: 1000 });
    await page.getByTestId('tab-training').click();
    await page.getByTestId('field-optimizer').selectOption('adam');
    await setField('field-lr', 0.001);
    await train();
    const rows = page.getByTestId('run-row');
    await expect.poll(() => rows.count()).toBe(2);
    await rows.nth(0).getByTestId('overlay-toggle').check();
    await rows.nth(1).getByTestId('overlay-toggle').check();
    await page.getByTestId('heatmap-compare').waitFor();
    await expect.poll(() => page.locator('[data-testid="heatmap-compare"] canvas').count()).toBe(2);
    await expect.poll(() => page.getByTestId('curves-loss').getAttribute('data-runs')).toBe('2');
    await tallViews();
    await shot('view-curves', 'views-overlay-curves');
    await shot('view-gradients', 'views-overlay-heatmaps');
    await shot('view-history', 'views-history');

    // re-run the first (SGD) run: its configuration goes back into the editor and trains
    await rows.nth(1).getByTestId('rerun').click();
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(3);
    await waitFinished();
    const optimizer = await page.getByTestId('field-optimizer').inputValue();
    expect(optimizer).toBe('sgd');
    await expect.poll(() => page.getByTestId('views-run-label').textContent()).toMatch(/^#3 .*sgd/);
  });
});
