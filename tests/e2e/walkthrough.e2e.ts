// What a new user trips over (issue 7), in the real app (browser mode, Chromium): the training set
// measured honestly, a past run never painted on a changed graph, fields that never keep half a
// number, the palette by click and keys, node errors that do not grow nodes, one gradient statistic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startApp, type App } from './harness';

let app: App;
let page: Page;

beforeAll(async () => {
  app = await startApp({ viewport: { width: 1440, height: 900 } });
  page = app.page;
  await page.getByTestId('template-gallery').waitFor();
  await page.getByTestId('dataset-status').getByText('features').waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await app?.stop();
});

const layer = (id: string): Locator => page.getByTestId(`layer-${id}`);
/** the editor's own nodes, not those of a run's snapshot */
const editorTinted = () => page.locator('[data-testid="canvas"] > .svelte-flow .tinted');

async function setField(testid: string, value: string | number): Promise<void> {
  const f = page.getByTestId(testid);
  await f.fill(String(value));
  await f.blur();
}

async function train(): Promise<void> {
  await page.getByTestId('btn-train').click();
  await page
    .getByTestId('session-status')
    .getByText('Finished')
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  await page.getByTestId('session-status').getByText('Finished').waitFor({ timeout: 240_000 });
}

const pct = (s: string | null) => Number(/([\d.]+)\s*%/.exec(s ?? '')?.[1] ?? NaN);

describe('issue 7: a new user’s walkthrough', () => {
  it('relu-deep, one epoch: training accuracy is the training set’s, close to validation; the diagnosis does not say "not fitting"', async () => {
    await page.getByTestId('template-relu-deep').click();
    await page.getByTestId('template-gallery').waitFor({ state: 'detached' });
    await page.getByTestId('tab-training').click();
    await setField('field-epochs', 1);
    await train();
    const trainAcc = pct(await page.getByTestId('train-acc').textContent());
    const val = pct(await page.getByTestId('metrics').locator('tr', { hasText: 'validation' }).locator('td').nth(1).textContent());
    expect(Math.abs(trainAcc - val)).toBeLessThan(4);
    // the running minibatch mean is its own, labelled row; the sample count of the measurement is stated
    const running = pct(await page.getByTestId('metrics').locator('tr.running td').nth(1).textContent());
    expect(trainAcc - running).toBeGreaterThan(5);
    // innerText: the words as the page shows them (the markup's line breaks collapse to spaces)
    await expect(page.getByTestId('train-measured').innerText()).resolves.toMatch(
      /measured after each epoch on a fixed set of 4,096 training samples, dropout off/,
    );
    await expect(page.getByTestId('diagnosis').getAttribute('data-verdict')).resolves.not.toBe('not_fitting');
    // nodes: one per-weight statistic by default, named on the node and in the legend; L2 one choice away
    await expect(layer('h1').getByTestId('node-grad').textContent()).resolves.toMatch(/^\s*mean \|g\| \d/);
    await expect(page.getByTestId('grad-legend').textContent()).resolves.toMatch(/mean \|g\| per weight/);
    await expect(page.getByTestId('heatmap-stat').inputValue()).resolves.toBe('kernelMeanAbs');
    await page.getByTestId('node-stat').selectOption('kernelNorm');
    await expect(layer('h1').getByTestId('node-grad').textContent()).resolves.toMatch(/^\s*‖g‖₂ \d/);
    await page.getByTestId('node-stat').selectOption('kernelMeanAbs');
    await app.screenshot('walkthrough-relu-deep-1-epoch');
  });

  it('a past run is never painted on a changed graph: it is shown on its own read-only snapshot', async () => {
    await expect(editorTinted().count()).resolves.toBe(9);
    // change one activation: the run no longer belongs to this graph
    await layer('h1').getByTestId('node-activation').selectOption('sigmoid');
    await expect.poll(() => editorTinted().count()).toBe(0);
    await expect(page.getByTestId('other-run-note').textContent()).resolves.toMatch(/#1 .* was trained on a different graph/);
    await page.getByTestId('show-run-graph').click();
    const snap = page.getByTestId('run-snapshot');
    await expect(snap.getByTestId('run-snapshot-title').textContent()).resolves.toMatch(/Graph of run #1 .*not the graph in the editor/);
    await expect.poll(() => snap.locator('.tinted').count()).toBe(9);
    // the snapshot shows the run's own graph (ReLU), read-only
    const snapAct = snap.getByTestId('layer-h1').getByTestId('node-activation');
    await expect(snapAct.inputValue()).resolves.toBe('relu');
    await expect(snapAct.isDisabled()).resolves.toBe(true);
    await app.screenshot('walkthrough-run-snapshot');
    await snap.getByTestId('run-snapshot-close').click();
    await snap.waitFor({ state: 'detached' });

    // train the changed graph: its own run tints its nodes; choosing run #1 again opens its snapshot
    await train();
    await expect.poll(() => editorTinted().count()).toBe(9);
    const options = await page.getByTestId('run-select').locator('option').allTextContents();
    await page.getByTestId('run-select').selectOption({ label: options.find((o) => o.startsWith('#1 '))! });
    await page.getByTestId('run-snapshot').waitFor();
    await expect(editorTinted().count()).resolves.toBe(0);
    await expect(page.locator('[data-testid="canvas"] > .svelte-flow [data-testid="node-grad"]').count()).resolves.toBe(0);
    await page.getByTestId('run-snapshot-close').click();
  });

  it('fields keep no half numbers: "2.5" in Units is an error that blocks Train; Escape restores; 0 epochs and a negative learning rate are refused in the UI’s words', async () => {
    await layer('h2').click();
    const units = page.getByTestId('field-units');
    await units.fill('2.5');
    await expect.poll(() => page.getByTestId('field-units-error').textContent()).toMatch(/“2\.5” is not a whole number/);
    await expect(page.getByTestId('btn-train').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('train-blocked').textContent()).resolves.toMatch(/hidden 2 · Units: “2\.5” is not a whole number/);
    await expect(layer('h2').getAttribute('data-invalid')).resolves.toBe('true');
    await units.press('Escape');
    await expect.poll(() => units.inputValue()).toBe('128');
    await page.getByTestId('problems-none').waitFor();
    await expect(page.getByTestId('btn-train').isDisabled()).resolves.toBe(false);

    await page.getByTestId('tab-training').click();
    await setField('field-epochs', 0);
    await expect(page.getByTestId('btn-train').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('train-blocked').textContent()).resolves.toMatch(/Epochs: must be at least 1/);
    await setField('field-epochs', 1);
    await setField('field-lr', -0.01);
    await expect(page.getByTestId('train-blocked').textContent()).resolves.toMatch(/Learning rate η: must be above 0 \(it is -0\.01\)/);
    await page.getByTestId('field-lr').press('Escape');
    await expect.poll(() => page.getByTestId('field-lr').inputValue()).toBe('0.1');
    await page.getByTestId('problems-none').waitFor();
  });

  it('the palette adds a layer by click, Enter and Space — after the selected one, connected; node errors are a badge; unparsable Maxout groups make the graph invalid', async () => {
    await layer('h8').click();
    const before = await page.locator('.svelte-flow__edge').count();
    await page.getByTestId('palette-dense').click();
    await layer('dense1').waitFor();
    await expect(page.locator('.svelte-flow__edge').count()).resolves.toBe(before + 1);
    await page.getByTestId('palette-dense').focus();
    await page.keyboard.press('Enter');
    await layer('dense2').waitFor();
    await page.keyboard.press(' ');
    await layer('dense3').waitFor();
    await expect(page.locator('.svelte-flow__edge').count()).resolves.toBe(before + 3);
    // dense3 feeds nothing: its error is a badge, and the node keeps its height
    const h = (await layer('dense2').boundingBox())!.height;
    await expect(layer('dense3').getAttribute('data-invalid')).resolves.toBe('true');
    await expect(layer('dense3').getByTestId('node-problem-badge').isVisible()).resolves.toBe(true);
    expect(Math.abs((await layer('dense3').boundingBox())!.height - h)).toBeLessThan(1);
    await page.waitForTimeout(400); // the view fits the new layers in
    await layer('dense3').getByTestId('node-problem-badge').hover({ timeout: 3000 });
    await expect(layer('dense3').getByTestId('node-problems').textContent()).resolves.toMatch(/not connected to anything/);
    await app.screenshot('walkthrough-palette-badge');

    // an explicit Maxout grouping that does not parse makes the graph invalid (Problems and Train say so)
    await layer('dense3').click();
    await page.getByTestId('palette-maxout').click();
    await layer('maxout1').waitFor();
    await page.getByTestId('field-grouping').selectOption('explicit');
    await page.getByTestId('field-groups').fill('0 1 | 2 3');
    await page.getByTestId('field-groups').press('Tab');
    await expect
      .poll(() => page.getByTestId('problem-item').allTextContents())
      .toContainEqual(expect.stringMatching(/maxout1 · Groups: “0 1 \| 2 3” does not parse/));
    await expect(page.getByTestId('problems-none').count()).resolves.toBe(0);
    await expect(layer('maxout1').getAttribute('data-invalid')).resolves.toBe('true');
  });
});

describe('issue 7: room for the views, at 1280×800 and 1920×1080', () => {
  it('the views can take the whole window and back (remembered); nothing in the top bar is cut off', async () => {
    await page.getByTestId('btn-new').click();
    const confirm = page.getByTestId('confirm-ok');
    await confirm
      .waitFor({ timeout: 3000 })
      .then(() => confirm.click())
      .catch(() => undefined);
    // the template gallery has the empty canvas to itself: no minimap over it
    await page.getByTestId('template-gallery').waitFor();
    await expect(page.locator('.svelte-flow__minimap').count()).resolves.toBe(0);
    await page.getByTestId('template-relu-deep').click();
    await page.getByTestId('template-gallery').waitFor({ state: 'detached' });
    await page.getByTestId('tab-training').click();
    await setField('field-mnist-limit', 2000);
    await setField('field-epochs', 12);
    // a long project name gives way to the run's controls and progress, which stay whole
    await page.getByTestId('project-name').fill('Deep ReLU network (MNIST), the first of my experiments with depth');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('btn-train').click();
    await page.getByTestId('btn-pause').click();
    for (const id of ['project-name', 'btn-resume', 'btn-stop', 'progress']) {
      const b = (await page.getByTestId(id).boundingBox())!;
      expect(b.x + b.width, id).toBeLessThanOrEqual(1280);
    }
    await page.getByTestId('btn-resume').click();
    await page.getByTestId('session-status').getByText('Finished').waitFor({ timeout: 240_000 });
    // the training panel says which run its figures are of, as the views do
    await expect(page.getByTestId('panel-run').innerText()).resolves.toBe(await page.getByTestId('views-run-label').innerText());
    for (const [w, h] of [
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(500);
      // the finished run's progress line is there until the project is reopened from its recovery copy
      const progress = w === 1280 ? ['progress'] : [];
      for (const id of ['project-name', 'btn-train', 'btn-layout', ...progress]) {
        const b = (await page.getByTestId(id).boundingBox())!;
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width).toBeLessThanOrEqual(w);
      }
      await app.screenshot(`layout-editor-${w}x${h}`);
      await page.getByTestId('btn-panel-maximize').click();
      const views = (await page.locator('#bottom-panel').boundingBox())!;
      expect(views.height).toBeGreaterThan(h - 100);
      await expect(page.getByTestId('canvas').isVisible()).resolves.toBe(false);
      await app.screenshot(`layout-views-${w}x${h}`);
      for (const v of ['view-diagnosis', 'view-curves', 'view-gradients', 'view-weights', 'view-history']) {
        const el = page.getByTestId(v);
        if ((await el.count()) === 0) continue;
        await el.scrollIntoViewIfNeeded();
        await page.waitForTimeout(250);
        await el.screenshot({ path: `test-results/layout-${v}-${w}x${h}.png` });
      }
      // remembered across a reload
      await page.reload();
      await page.getByTestId('recovery-banner').waitFor();
      await expect(page.getByTestId('btn-panel-maximize').getAttribute('aria-pressed')).resolves.toBe('true');
      await page.getByTestId('btn-panel-maximize').click();
      await expect(page.getByTestId('canvas').isVisible()).resolves.toBe(true);
      // the unsaved project (with its run) comes back from the recovery copy
      await page.getByTestId('recovery-restore').click();
      await page.getByTestId('view-curves').waitFor();
      // the sample-count line is there after reopening, too
      await expect(page.getByTestId('sample-counts').textContent()).resolves.toBe('1,400 train · 200 val · 400 test samples');
    }
  });
});

describe('issue 7: recovery copies per tab', () => {
  it('a second tab does not offer the first tab’s unsaved work; once the first is closed, a new tab does', async () => {
    // the first tab holds unsaved work (the restored project above); give its recovery copy time to be written
    await expect(page.getByTestId('dirty-marker').count()).resolves.toBe(1);
    await page.getByTestId('layer-h1').getByTestId('node-activation').selectOption('tanh');
    await page.waitForTimeout(2500);
    const second = await app.context.newPage();
    await second.goto(app.url);
    await second.getByTestId('template-relu-deep').waitFor();
    await second.waitForTimeout(500);
    await expect(second.getByTestId('recovery-banner').count()).resolves.toBe(0);
    await page.close();
    const third = await app.context.newPage();
    await third.goto(app.url);
    await third.getByTestId('recovery-banner').waitFor({ timeout: 10_000 });
    await expect(third.getByTestId('recovery-banner').textContent()).resolves.toMatch(/Deep ReLU network/);
    await third.getByTestId('recovery-restore').click();
    await expect(third.getByTestId('layer-h1').getByTestId('node-activation').inputValue()).resolves.toBe('tanh');
  });
});
