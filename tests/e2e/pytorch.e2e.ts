// PyTorch round trip in the real app (browser mode, Chromium): a log written by an exported project's
// train.py opens as a run of the project with its curves and gradient heatmap; a run trained in the app
// exports as a PyTorch project into a folder the user names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { framesDrawn, ROOT, startApp, type App } from './harness';
import { loadTemplate } from './app-actions';

let app: App;
let page: Page;
let scratch: string;
let log: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'gradscope-pytorch-e2e-'));
  // a real PyTorch run: export the spiral preset, train it 3 epochs with Debian's python3-torch
  const project = join(scratch, 'spiral-pt');
  const exp = spawnSync(process.execPath, [join(ROOT, 'bin', 'gradscope.js'), 'export-pytorch', '--preset', 'spiral', '--epochs', '3', '--out', project], {
    encoding: 'utf8',
  });
  expect(exp.status, exp.stderr).toBe(0);
  log = join(scratch, 'pytorch-run.jsonl');
  const py = spawnSync('/usr/bin/python3', ['train.py', '--log', log], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
  });
  expect(py.status, py.stderr).toBe(0);
  app = await startApp({ viewport: { width: 1280, height: 800 }, folders: [scratch] }); // browser mode uses only folders it was given
  page = app.page;
  await page.getByTestId('template-gallery').waitFor();
});

afterAll(async () => {
  await app?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Share of the heatmap's plot pixels that carry a colour (not the grey "no value", not white). */
function heatmapDrawn(): Promise<number> {
  return page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('canvas[data-testid="heatmap"]')!;
    const [x, y, w, h] = c.dataset.plot!.split(',').map(Number) as [number, number, number, number];
    const d = c.getContext('2d')!.getImageData(x + 2, y + 2, w - 4, h - 4).data;
    let ok = 0;
    for (let i = 0; i < d.length; i += 4) {
      const grey = Math.abs(d[i]! - 128) < 3 && Math.abs(d[i + 1]! - 128) < 3 && Math.abs(d[i + 2]! - 128) < 3;
      const white = d[i]! > 250 && d[i + 1]! > 250 && d[i + 2]! > 250;
      if (!grey && !white) ok++;
    }
    return ok / (d.length / 4);
  });
}

describe('PyTorch runs in the app', () => {
  it('imports a train.py log as a run: curves, heatmap, diagnosis', async () => {
    await page.getByTestId('template-spiral').click();
    await page.getByTestId('template-gallery').waitFor({ state: 'detached' });
    await page.getByTestId('import-run-file').setInputFiles(log);
    await expect.poll(() => page.getByTestId('views-run-label').textContent(), { timeout: 60_000 }).toBe('pytorch-run (imported)');
    const summary = await page.getByTestId('views-summary').textContent();
    expect(summary).toMatch(/99 steps · 3 epochs/);
    expect(summary).toMatch(/PyTorch .* cpu, 1 process/);
    const events = (await readFile(log, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const acc = events.at(-1).test.acc as number;
    await expect.poll(() => page.getByTestId('test-result').textContent()).toContain(`${(acc * 100).toFixed(1)} %`);
    await page.getByTestId('view-gradients').scrollIntoViewIfNeeded();
    await expect.poll(heatmapDrawn).toBeGreaterThan(0.9);
    await expect.poll(() => page.getByTestId('view-diagnosis').textContent()).not.toBe('');
    // its weights are not in this session: the weight exports are off and say why
    for (const id of ['export-model', 'export-pytorch']) {
      await expect.poll(() => page.getByTestId(id).isDisabled()).toBe(true);
      expect(await page.getByTestId(id).getAttribute('title')).toMatch(/^this run was imported from a log; its weights are not in this session/);
    }
    await page.getByTestId('export-bar').scrollIntoViewIfNeeded();
    await app.screenshot('pytorch-import-exports-off-1280x800');
    await page.getByTestId('views-panel').evaluate((el) => el.scrollTo(0, 0));
    await app.screenshot('pytorch-import-1280x800');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await app.screenshot('pytorch-import-1920x1080');
    // the whole views panel, tall, to see the header, curves and heatmap of the imported run together
    await page.addStyleTag({ content: '.app{grid-template-rows:56px 360px auto !important;height:auto !important;overflow:visible !important}' });
    await page.setViewportSize({ width: 1500, height: 2600 });
    await framesDrawn(page);
    await page.getByTestId('views-panel').screenshot({ path: join(ROOT, 'test-results', 'pytorch-import-views.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
  });

  it('refuses a log of another network, naming the line and the layers', async () => {
    await loadTemplate(page, 'relu-deep');
    await page.getByTestId('import-run-file').setInputFiles(log);
    await expect.poll(() => page.getByTestId('import-message').textContent()).toMatch(/line 1: the log's layers \(h1, h2, output\) are not this project's/);
  });

  it('exports a run trained in the app as a PyTorch project into the folder typed', async () => {
    await loadTemplate(page, 'spiral');
    await page.getByTestId('tab-training').click();
    await page.getByTestId('field-epochs').fill('2');
    await page.getByTestId('field-epochs').blur();
    await page.getByTestId('btn-train').click();
    await page.getByTestId('session-status').getByText('Finished').waitFor({ timeout: 120_000 });
    await page.getByTestId('export-pytorch').click();
    const target = join(scratch, 'from-app');
    await page.getByTestId('export-dir').fill(target);
    await page.getByTestId('export-dir-ok').click();
    await expect.poll(() => page.getByTestId('export-message').textContent(), { timeout: 30_000 }).toContain(`PyTorch project written to ${target}`);
    for (const f of ['model.py', 'train.py', 'README.md', 'data/train_x.npy', 'weights/output.weight.npy']) expect(existsSync(join(target, f)), f).toBe(true);
    expect(await readFile(join(target, 'train.py'), 'utf8')).toContain('the trained weights of run');
    await app.screenshot('pytorch-export-1920x1080');
  });
});
