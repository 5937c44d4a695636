// The network editor in the real app (browser mode, Chromium): build a network with the mouse, train
// it, undo a deletion, save and reopen, and refuse to train an invalid graph.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startApp, type App } from './harness';

let app: App | null = null;
let scratch: string | null = null;

afterEach(async () => {
  await app?.stop();
  app = null;
  if (scratch) await rm(scratch, { recursive: true, force: true });
  scratch = null;
});

const layer = (page: Page, id: string): Locator => page.getByTestId(`layer-${id}`);

async function open(): Promise<App> {
  app = await startApp();
  await app.page.getByTestId('template-gallery').waitFor();
  // the dataset description arrives over the API; wait for it so validation is complete
  await app.page.getByTestId('dataset-status').getByText('features').waitFor({ timeout: 60_000 });
  return app;
}

/** Drag a palette item onto the canvas at (x, y) relative to the canvas's top-left corner. */
async function dropLayer(page: Page, type: string, x: number, y: number): Promise<void> {
  await page.getByTestId(`palette-${type}`).dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
}

/** Drag with the mouse from one node's output handle to another's input handle. */
async function connect(page: Page, from: string, to: string): Promise<void> {
  const src = layer(page, from).locator('.svelte-flow__handle.source');
  const dst = layer(page, to).locator('.svelte-flow__handle.target');
  const a = (await src.boundingBox())!;
  const b = (await dst.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 10, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** The recovery copies in a GRADSCOPE_HOME (one per tab), concatenated; '' when there is none. */
async function recoveryText(home: string): Promise<string> {
  const names = (await readdir(home).catch(() => [] as string[])).filter((n) => /^recovery.*\.gradscope\.json$/.test(n));
  const texts = await Promise.all(names.map((n) => readFile(join(home, n), 'utf8').catch(() => '')));
  return texts.join('\n');
}

async function loadTemplate(page: Page, name: string): Promise<void> {
  await page.getByTestId(`template-${name}`).click();
  await page.getByTestId('template-gallery').waitFor({ state: 'detached' });
}

describe('network editor', () => {
  it('pauses, resumes and stops a run, keeping what it learned so far', async () => {
    const { page } = await open();
    await loadTemplate(page, 'spiral');
    await page.getByTestId('tab-training').click();
    // far more epochs than the test lasts (it stops the run), so the run is still training at every
    // step below however fast the machine
    await page.getByTestId('field-epochs').fill('5000');
    await page.getByTestId('problems-none').waitFor();
    await page.getByTestId('btn-train').click();
    await page.getByTestId('session-status').getByText('Training').waitFor({ timeout: 60_000 });
    await expect
      .poll(() => page.getByTestId('progress-text').textContent(), { timeout: 60_000 })
      .toMatch(/Epoch \d+\/5000 · step \d+\/\d+ · loss [\d.]+ · ETA/);
    await page.getByTestId('btn-pause').click();
    await page.getByTestId('session-status').getByText('Paused').waitFor({ timeout: 60_000 });
    const pausedAt = await page.getByTestId('progress-text').textContent();
    // paused, nothing moves on: a check that something does not change, so a wait
    await page.waitForTimeout(800);
    expect(await page.getByTestId('progress-text').textContent()).toBe(pausedAt);
    await app!.screenshot('editor-paused');
    await page.getByTestId('btn-resume').click();
    await page.getByTestId('session-status').getByText('Training').waitFor({ timeout: 60_000 });
    await page.getByTestId('btn-stop').click();
    await page.getByTestId('run-outcome').getByText('Run stopped').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('session-status').textContent()).toBe('Stopped');
    // the layers keep their gradient readout after the run
    await layer(page, 'h1').getByTestId('node-grad').waitFor();
    await expect.poll(() => page.getByTestId('btn-train').isDisabled()).toBe(false);
    await app!.screenshot('editor-stopped');
  });

  it('offers to restore unsaved work after a restart', async () => {
    const home = await mkdtemp(join(tmpdir(), 'gradscope-editor-home-'));
    scratch = home;
    app = await startApp({ home });
    let page = app.page;
    await page.getByTestId('template-gallery').waitFor();
    await dropLayer(page, 'input', 150, 120);
    await dropLayer(page, 'dense', 430, 120);
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBe(2);
    // the recovery copy is written after a short pause
    await expect.poll(async () => (await recoveryText(home)).includes('dense1'), { timeout: 15_000 }).toBe(true);
    await app.stop();

    app = await startApp({ home });
    page = app.page;
    await page.getByTestId('recovery-banner').waitFor({ timeout: 30_000 });
    await app.screenshot('editor-recovery-offer');
    await page.getByTestId('recovery-restore').click();
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBe(2);
    await page.getByTestId('dirty-marker').waitFor();

    // throwing the work away (New ▸ start without saving) throws its recovery copy away too, so the
    // next start does not offer to restore work the user already discarded
    await expect.poll(async () => (await recoveryText(home)) !== '', { timeout: 15_000 }).toBe(true);
    await page.getByTestId('btn-new').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('template-gallery').waitFor();
    await expect.poll(async () => (await recoveryText(home)) !== '', { timeout: 15_000 }).toBe(false);
  });

  it('an explicit Maxout grouping that does not parse keeps its text and error after leaving the field', async () => {
    const { page } = await open();
    await dropLayer(page, 'maxout', 300, 150);
    await layer(page, 'maxout1').click();
    await page.getByTestId('field-units').fill('3');
    await page.getByTestId('field-units').press('Tab');
    await page.getByTestId('field-grouping').selectOption('explicit');
    const groups = page.getByTestId('field-groups');
    await expect.poll(() => groups.inputValue()).toBe('0,1; 2,3; 4,5');
    // the diagram fits the inspector instead of overflowing it
    const fig = (await page.getByTestId('maxout-diagram').boundingBox())!;
    const svg = (await page.getByTestId('maxout-diagram').locator('svg').boundingBox())!;
    expect(svg.x + svg.width).toBeLessThanOrEqual(fig.x + fig.width + 0.5);
    await groups.fill('0 1 | 2 3 | 4 5');
    await groups.press('Tab');
    await expect.poll(() => page.getByTestId('field-groups-error').textContent()).toMatch(/not a whole number/);
    expect(await groups.inputValue()).toBe('0 1 | 2 3 | 4 5');
    // a valid edit still goes through, and undo shows the grouping it restores
    await groups.fill('0,3; 1,4; 2,5');
    await groups.press('Tab');
    await expect.poll(() => page.getByTestId('field-groups-error').count()).toBe(0);
    await app!.screenshot('editor-maxout-explicit');
    await page.locator('.svelte-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await layer(page, 'maxout1').click();
    await expect.poll(() => page.getByTestId('field-groups').inputValue()).toBe('0,1; 2,3; 4,5');
  });

  it('builds a network with the mouse, changes an activation and trains it for one epoch', async () => {
    const { page } = await open();
    await dropLayer(page, 'input', 150, 140);
    await dropLayer(page, 'dense', 430, 140);
    await dropLayer(page, 'output', 710, 140);
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBe(3);
    await expect.poll(() => layer(page, 'input1').isVisible()).toBe(true);

    // unconnected: the problems list says so and Train is disabled
    await expect.poll(() => page.getByTestId('btn-train').isDisabled()).toBe(true);
    await expect.poll(() => layer(page, 'dense1').getAttribute('data-invalid')).toBe('true');

    await connect(page, 'input1', 'dense1');
    await connect(page, 'dense1', 'output1');
    await expect.poll(() => page.locator('.svelte-flow__edge').count()).toBe(2);
    // every edge is labelled with the width it carries: 2 spiral features, 32 dense units
    await expect.poll(() => page.getByTestId('edge-label-e-input1-dense1').textContent()).toContain('2');
    await expect.poll(() => page.getByTestId('edge-label-e-dense1-output1').textContent()).toContain('32');

    await layer(page, 'dense1').getByTestId('node-activation').selectOption('tanh');
    await page.getByTestId('layer-dense1').click();
    await expect.poll(() => page.getByTestId('field-activation').inputValue()).toBe('tanh');

    await page.getByTestId('tab-training').click();
    await page.getByTestId('field-epochs').fill('1');
    await page.getByTestId('problems-none').waitFor();
    await app!.screenshot('editor-built');

    await page.getByTestId('btn-train').click();
    await page.getByTestId('session-status').getByText('Finished').waitFor({ timeout: 240_000 });
    await expect.poll(() => page.getByTestId('run-outcome').textContent()).toContain('Run finished');
    const loss = Number(await page.getByTestId('train-loss').textContent());
    expect(loss).toBeGreaterThan(0);
    // a heatmap of only two layer rows is still tall enough for its rotated axis title to be read whole
    const heat = page.getByTestId('heatmap');
    await heat.waitFor();
    const plotH = await heat.evaluate((el) => Number(el.getAttribute('data-plot')!.split(',')[3]) / window.devicePixelRatio);
    const titleW = await page.evaluate(() => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = '11px system-ui, sans-serif';
      return ctx.measureText('layer (input side at bottom)').width;
    });
    expect(plotH).toBeGreaterThanOrEqual(titleW);
    expect(loss).toBeLessThan(5);
    await expect.poll(() => page.getByTestId('progress-text').textContent()).toMatch(/Epoch 1\/1/);
    // after training each layer node shows its gradient norm and a sparkline
    await expect.poll(() => layer(page, 'dense1').getByTestId('node-grad').textContent()).toMatch(/mean \|g\| \d/);
    await app!.screenshot('editor-trained');
    expect(app!.errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });

  it('Delete removes the selected layer and undo brings it back with its edges', async () => {
    const { page } = await open();
    await loadTemplate(page, 'spiral');
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBe(4);
    await layer(page, 'h2').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBe(3);
    await expect.poll(() => page.locator('.svelte-flow__edge').count()).toBe(1);
    // the output now has no input: shown on the node and in the problems list
    await expect.poll(() => layer(page, 'output').getAttribute('data-invalid')).toBe('true');
    await app!.screenshot('editor-deleted');

    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBe(4);
    await expect.poll(() => page.locator('.svelte-flow__edge').count()).toBe(3);
    await expect.poll(() => layer(page, 'output').getAttribute('data-invalid')).toBe('false');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBe(3);
    await page.getByTestId('btn-undo').click();
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBe(4);
    await app!.screenshot('editor-undone');
  });

  it('wires layers with the keyboard alone: select a node, remove an edge and connect it again from the inspector', async () => {
    const { page } = await open();
    await loadTemplate(page, 'spiral');
    await expect.poll(() => page.locator('.svelte-flow__edge').count()).toBe(3);
    // Tab focus lands on the node itself; Enter selects it and the inspector shows its connections
    await page.locator('.svelte-flow__node[data-id="h2"]').focus();
    await page.keyboard.press('Enter');
    const connections = page.getByTestId('connections');
    await expect.poll(() => connections.textContent()).toMatch(/from\s*hidden 1 \(h1\)[\s\S]*to\s*output/);
    await page.getByRole('button', { name: 'Remove the edge from hidden 1 (h1)' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.svelte-flow__edge').count()).toBe(2);
    await expect.poll(() => layer(page, 'h2').getAttribute('data-invalid')).toBe('true');

    await page.locator('.svelte-flow__node[data-id="h1"]').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('connect-target').focus();
    await page.getByTestId('connect-target').selectOption('h2');
    await page.getByTestId('connect-button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.svelte-flow__edge').count()).toBe(3);
    await expect.poll(() => layer(page, 'h2').getAttribute('data-invalid')).toBe('false');
    await page.getByTestId('problems-none').waitFor();
    await app!.screenshot('editor-keyboard-connections');
  });

  it('saves to a file and reopens the same graph; a broken file is reported by name and line', async () => {
    const { page } = await open();
    scratch = await mkdtemp(join(app!.server.home, 'work-')); // the home is one of the folders the app may use
    const file = join(scratch, 'maxout.gradscope.json');
    await loadTemplate(page, 'maxout');
    await page.getByTestId('project-name').fill('My maxout net');
    // give the first maxout layer an explicit grouping; the diagram shows which outputs feed which max
    const firstMaxout = page.locator('[data-type="maxout"]').first();
    const maxoutId = ((await firstMaxout.getAttribute('data-testid')) ?? '').replace('layer-', '');
    await firstMaxout.click();
    await page.getByTestId('field-units').fill('3');
    await page.getByTestId('field-grouping').selectOption('explicit');
    await page.getByTestId('field-groups').fill('0,5; 1,4; 2');
    await expect.poll(() => page.getByTestId('field-groups-error').textContent()).toMatch(/output 3 is in no group|has 3 groups|partition/);
    await page.getByTestId('field-groups').fill('0,5; 1,4; 2,3');
    await page.getByTestId('field-groups-error').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('maxout-diagram').locator('line').count()).toBe(6);
    await app!.screenshot('editor-maxout-grouping');
    await page.getByTestId('dirty-marker').waitFor();

    await page.keyboard.press('Control+s');
    await page.getByTestId('path-input').fill(file);
    await page.getByTestId('path-submit').click();
    await page.getByTestId('path-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('dirty-marker').waitFor({ state: 'detached' });
    const saved = JSON.parse(await readFile(file, 'utf8')) as { name: string; graph: { nodes: { id: string; grouping?: unknown }[]; edges: { id: string }[] } };
    expect(saved.name).toBe('My maxout net');
    expect(saved.graph.nodes.find((n) => n.id === maxoutId)?.grouping).toEqual({
      kind: 'explicit',
      groups: [
        [0, 5],
        [1, 4],
        [2, 3],
      ],
    });
    const nodeIds = saved.graph.nodes.map((n) => n.id).sort();
    expect(nodeIds.length).toBeGreaterThan(3);

    // change the graph (unsaved), then open the saved file: a confirm guards the unsaved work
    await page.getByTestId('btn-new').click();
    await page
      .getByTestId('confirm-dialog')
      .waitFor({ state: 'detached', timeout: 2000 })
      .catch(() => undefined);
    await page.getByTestId('template-gallery').waitFor();
    await dropLayer(page, 'dense', 200, 200);
    await page.getByTestId('btn-open').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('path-input').fill(file);
    await page.getByTestId('path-submit').click();
    await page.getByTestId('path-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBe(nodeIds.length);
    const shown = await page.locator('.svelte-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? '').sort());
    expect(shown).toEqual(nodeIds);
    await expect.poll(() => page.locator('.svelte-flow__edge').count()).toBe(saved.graph.edges.length);
    await expect.poll(() => page.getByTestId('project-name').inputValue()).toBe('My maxout net');
    await expect.poll(() => page.getByTestId('dirty-marker').count()).toBe(0);
    await layer(page, maxoutId).click();
    await expect.poll(() => page.getByTestId('field-groups').inputValue()).toBe('0,5; 1,4; 2,3');
    await app!.screenshot('editor-reopened');

    const broken = join(scratch, 'broken.gradscope.json');
    await writeFile(broken, '{\n  "format": "gradscope-project",\n  "version": 1,\n  oops\n}\n');
    await page.getByTestId('btn-open').click();
    await page.getByTestId('path-input').fill(broken);
    await page.getByTestId('path-submit').click();
    const err = page.getByTestId('path-error');
    await expect.poll(() => err.textContent()).toContain('broken.gradscope.json');
    await expect.poll(() => err.textContent()).toMatch(/line 4/);
    await app!.screenshot('editor-open-error');
  });

  it('an invalid graph shows its error next to the field and on the node, and cannot be trained', async () => {
    const { page } = await open();
    await loadTemplate(page, 'spiral');
    await page.getByTestId('problems-none').waitFor();
    await layer(page, 'h1').click();
    await page.getByTestId('field-units').fill('0');
    await expect.poll(() => page.getByTestId('field-units-error').textContent()).toContain('out of range');
    await expect.poll(() => layer(page, 'h1').getAttribute('data-invalid')).toBe('true');
    // on the node: a badge with a popover, so the node does not grow over its neighbours
    await layer(page, 'h1').getByTestId('node-problem-badge').hover();
    await expect.poll(() => layer(page, 'h1').getByTestId('node-problems').textContent()).toContain('Units 0 is out of range');
    await expect.poll(() => page.getByTestId('btn-train').isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId('btn-train').getAttribute('title')).toContain('Units 0 is out of range');
    await expect.poll(() => page.getByTestId('train-blocked').textContent()).toMatch(/hidden 1: Units 0/);
    await expect.poll(() => page.getByTestId('problem-item').count()).toBe(1);
    await app!.screenshot('editor-invalid');

    // the problems list selects the node it is about
    await page.locator('.svelte-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.getByTestId('problem-item').click();
    await expect.poll(() => page.getByTestId('field-units').inputValue()).toBe('0');
    await page.getByTestId('field-units').fill('16');
    await page.getByTestId('problems-none').waitFor();
    await expect.poll(() => page.getByTestId('btn-train').isDisabled()).toBe(false);
  });
});
