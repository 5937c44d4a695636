// What a new user trips over (issue 7), in the real app (browser mode, Chromium): the training set
// measured honestly, a past run never painted on a changed graph, fields that never keep half a
// number, the palette by click and keys, node errors that do not grow nodes, one gradient statistic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { framesDrawn, startApp, type App } from './harness';
import { canvasSettled, newProject, trainRun } from './app-actions';

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

const train = () => trainRun(page);

/** The recovery copies in the server's GRADSCOPE_HOME (one per tab), concatenated. */
async function recoveryText(): Promise<string> {
  const home = app.server.home;
  const names = (await readdir(home)).filter((n) => /^recovery.*\.gradscope\.json$/.test(n));
  return (await Promise.all(names.map((n) => readFile(join(home, n), 'utf8').catch(() => '')))).join('\n');
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
    await expect
      .poll(() => page.getByTestId('train-measured').innerText())
      .toMatch(/measured after each epoch on a fixed set of 4,096 training samples, dropout off/);
    await expect.poll(() => page.getByTestId('diagnosis').getAttribute('data-verdict')).not.toBe('not_fitting');
    // nodes: one per-weight statistic by default, named on the node and in the legend; L2 one choice away
    await expect.poll(() => layer('h1').getByTestId('node-grad').textContent()).toMatch(/^\s*mean \|g\| \d/);
    await expect.poll(() => page.getByTestId('grad-legend').textContent()).toMatch(/mean \|g\| per weight/);
    await expect.poll(() => page.getByTestId('heatmap-stat').inputValue()).toBe('kernelMeanAbs');
    await page.getByTestId('node-stat').selectOption('kernelNorm');
    await expect.poll(() => layer('h1').getByTestId('node-grad').textContent()).toMatch(/^\s*‖g‖₂ \d/);
    await page.getByTestId('node-stat').selectOption('kernelMeanAbs');
    await app.screenshot('walkthrough-relu-deep-1-epoch');
  });

  it('a past run is never painted on a changed graph: it is shown on its own read-only snapshot', async () => {
    await expect.poll(() => editorTinted().count()).toBe(9);
    // change one activation: the run no longer belongs to this graph
    await layer('h1').getByTestId('node-activation').selectOption('sigmoid');
    await expect.poll(() => editorTinted().count()).toBe(0);
    await expect.poll(() => page.getByTestId('other-run-note').textContent()).toMatch(/#1 .* was trained on a different graph/);
    await page.getByTestId('show-run-graph').click();
    const snap = page.getByTestId('run-snapshot');
    await expect.poll(() => snap.getByTestId('run-snapshot-title').textContent()).toMatch(/Graph of run #1 .*not the graph in the editor/);
    await expect.poll(() => snap.locator('.tinted').count()).toBe(9);
    // the snapshot shows the run's own graph (ReLU), read-only
    const snapAct = snap.getByTestId('layer-h1').getByTestId('node-activation');
    await expect.poll(() => snapAct.inputValue()).toBe('relu');
    await expect.poll(() => snapAct.isDisabled()).toBe(true);
    await app.screenshot('walkthrough-run-snapshot');
    await snap.getByTestId('run-snapshot-close').click();
    await snap.waitFor({ state: 'detached' });

    // train the changed graph: its own run tints its nodes; choosing run #1 again opens its snapshot
    await train();
    await expect.poll(() => editorTinted().count()).toBe(9);
    const options = await page.getByTestId('run-select').locator('option').allTextContents();
    await page.getByTestId('run-select').selectOption({ label: options.find((o) => o.startsWith('#1 '))! });
    await page.getByTestId('run-snapshot').waitFor();
    await expect.poll(() => editorTinted().count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid="canvas"] > .svelte-flow [data-testid="node-grad"]').count()).toBe(0);
    await page.getByTestId('run-snapshot-close').click();
  });

  it('fields keep no half numbers: "2.5" in Units is an error that blocks Train; Escape restores; 0 epochs and a negative learning rate are refused in the UI’s words', async () => {
    await layer('h2').click();
    const units = page.getByTestId('field-units');
    await units.fill('2.5');
    await expect.poll(() => page.getByTestId('field-units-error').textContent()).toMatch(/“2\.5” is not a whole number/);
    await expect.poll(() => page.getByTestId('btn-train').isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId('train-blocked').textContent()).toMatch(/hidden 2 · Units: “2\.5” is not a whole number/);
    await expect.poll(() => layer('h2').getAttribute('data-invalid')).toBe('true');
    await units.press('Escape');
    await expect.poll(() => units.inputValue()).toBe('128');
    await page.getByTestId('problems-none').waitFor();
    await expect.poll(() => page.getByTestId('btn-train').isDisabled()).toBe(false);

    await page.getByTestId('tab-training').click();
    await setField('field-epochs', 0);
    await expect.poll(() => page.getByTestId('btn-train').isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId('train-blocked').textContent()).toMatch(/Epochs: must be at least 1/);
    await setField('field-epochs', 1);
    await setField('field-lr', -0.01);
    await expect.poll(() => page.getByTestId('train-blocked').textContent()).toMatch(/Learning rate η: must be above 0 \(it is -0\.01\)/);
    await page.getByTestId('field-lr').press('Escape');
    await expect.poll(() => page.getByTestId('field-lr').inputValue()).toBe('0.1');
    await page.getByTestId('problems-none').waitFor();
  });

  it('the palette adds a layer by click, Enter and Space — after the selected one, connected; node errors are a badge; unparsable Maxout groups make the graph invalid', async () => {
    await layer('h8').click();
    const before = await page.locator('.svelte-flow__edge').count();
    await page.getByTestId('palette-dense').click();
    await layer('dense1').waitFor();
    await expect.poll(() => page.locator('.svelte-flow__edge').count()).toBe(before + 1);
    await page.getByTestId('palette-dense').focus();
    await page.keyboard.press('Enter');
    await layer('dense2').waitFor();
    await page.keyboard.press(' ');
    await layer('dense3').waitFor();
    await expect.poll(() => page.locator('.svelte-flow__edge').count()).toBe(before + 3);
    // dense3 feeds nothing: its error is a badge, and the node keeps its height
    await expect.poll(() => layer('dense3').getAttribute('data-invalid')).toBe('true');
    await expect.poll(() => layer('dense3').getByTestId('node-problem-badge').isVisible()).toBe(true);
    // the view fits the new layers in (zooming): the two heights are compared once it is done, read together
    await canvasSettled(page);
    const [h2, h3] = await page.evaluate(() =>
      ['dense2', 'dense3'].map((id) => document.querySelector(`[data-testid="layer-${id}"]`)!.getBoundingClientRect().height),
    );
    expect(Math.abs(h3! - h2!)).toBeLessThan(1);
    await layer('dense3').getByTestId('node-problem-badge').hover();
    await expect.poll(() => layer('dense3').getByTestId('node-problems').textContent()).toMatch(/not connected to anything/);
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
    await expect.poll(() => page.getByTestId('problems-none').count()).toBe(0);
    await expect.poll(() => layer('maxout1').getAttribute('data-invalid')).toBe('true');
  });
});

describe('issue 7: room for the views, at 1280×800 and 1920×1080', () => {
  it('the views can take the whole window and back (remembered); nothing in the top bar is cut off', async () => {
    await newProject(page);
    // the template gallery has the empty canvas to itself: no minimap over it
    await expect.poll(() => page.locator('.svelte-flow__minimap').count()).toBe(0);
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
    await page.getByTestId('session-status').getByText('Paused').waitFor({ timeout: 60_000 });
    for (const id of ['project-name', 'btn-resume', 'btn-stop', 'progress']) {
      const b = (await page.getByTestId(id).boundingBox())!;
      expect(b.x + b.width, id).toBeLessThanOrEqual(1280);
    }
    await page.getByTestId('btn-resume').click();
    await page.getByTestId('session-status').getByText('Finished').waitFor({ timeout: 240_000 });
    // the training panel says which run its figures are of, as the views do
    const labels = await page.evaluate(() =>
      ['panel-run', 'views-run-label'].map((id) => (document.querySelector(`[data-testid="${id}"]`) as HTMLElement | null)?.innerText),
    );
    expect(labels[0]).toMatch(/^#\d+ /);
    expect(labels[0]).toBe(labels[1]);
    for (const [w, h] of [
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      // the finished run's progress line is there until the project is reopened from its recovery copy
      const progress = w === 1280 ? ['progress'] : [];
      for (const id of ['project-name', 'btn-train', 'btn-layout', ...progress]) {
        // the top bar lays itself out again for the new width: wait for that rather than a while
        await expect.poll(async () => (await page.getByTestId(id).boundingBox())?.x ?? -1, { message: id }).toBeGreaterThanOrEqual(0);
        await expect
          .poll(
            async () => {
              const b = await page.getByTestId(id).boundingBox();
              return b ? b.x + b.width : Infinity;
            },
            { message: id },
          )
          .toBeLessThanOrEqual(w);
      }
      await app.screenshot(`layout-editor-${w}x${h}`);
      await page.getByTestId('btn-panel-maximize').click();
      const views = (await page.locator('#bottom-panel').boundingBox())!;
      expect(views.height).toBeGreaterThan(h - 100);
      await expect.poll(() => page.getByTestId('canvas').isVisible()).toBe(false);
      await app.screenshot(`layout-views-${w}x${h}`);
      for (const v of ['view-diagnosis', 'view-curves', 'view-gradients', 'view-weights', 'view-history']) {
        const el = page.getByTestId(v);
        if ((await el.count()) === 0) continue;
        await el.scrollIntoViewIfNeeded();
        await framesDrawn(page);
        await el.screenshot({ path: `test-results/layout-${v}-${w}x${h}.png` });
      }
      // remembered across a reload
      await page.reload();
      await page.getByTestId('recovery-banner').waitFor();
      await expect.poll(() => page.getByTestId('btn-panel-maximize').getAttribute('aria-pressed')).toBe('true');
      await page.getByTestId('btn-panel-maximize').click();
      await expect.poll(() => page.getByTestId('canvas').isVisible()).toBe(true);
      // the unsaved project (with its run) comes back from the recovery copy
      await page.getByTestId('recovery-restore').click();
      await page.getByTestId('view-curves').waitFor();
      // the sample-count line is there after reopening, too
      await expect.poll(() => page.getByTestId('sample-counts').textContent()).toBe('1,400 train · 200 val · 400 test samples');
    }
  });
});

describe('issue 7: recovery copies per tab', () => {
  it('a second tab does not offer the first tab’s unsaved work; once the first is closed, a new tab does', async () => {
    // the first tab holds unsaved work (the restored project above); give its recovery copy time to be written
    await expect.poll(() => page.getByTestId('dirty-marker').count()).toBe(1);
    await page.getByTestId('layer-h1').getByTestId('node-activation').selectOption('tanh');
    // its recovery copy is written a moment after the last edit: wait until it holds the change
    await expect.poll(recoveryText).toMatch(/"activation":\s*"tanh"/);
    const second = await app.context.newPage();
    await second.goto(app.url);
    // the templates and the answer about recovery copies arrive together (the page shows both in one
    // update), so once the templates show, a banner offering the first tab's work would show too
    await second.getByTestId('template-relu-deep').waitFor();
    await expect.poll(() => second.getByTestId('recovery-banner').count()).toBe(0);
    await page.close();
    const third = await app.context.newPage();
    await third.goto(app.url);
    await third.getByTestId('recovery-banner').waitFor({ timeout: 60_000 });
    await expect.poll(() => third.getByTestId('recovery-banner').textContent()).toMatch(/Deep ReLU network/);
    await third.getByTestId('recovery-restore').click();
    await expect.poll(() => third.getByTestId('layer-h1').getByTestId('node-activation').inputValue()).toBe('tanh');
  });
});
