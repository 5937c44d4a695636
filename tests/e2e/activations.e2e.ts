// The learned-activations view in the real app (browser mode, Chromium): after a short real run of the
// Maxout template, the views panel draws every unit of the chosen layer from the trainer's model —
// pieces, their max, the share of validation samples each piece wins — sorted by shape, and says
// which run, layer and weights it shows; switching the line to the principal direction redraws it.
// And a deep MNIST network whose hidden layers are set to PReLU, ELU and Leaky ReLU in the inspector:
// PReLU's α per neuron is drawn epoch by epoch from the run's own records, spread away from the α
// every neuron started at; the ELU and Leaky ReLU layers show their fixed shape.
import { afterEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startApp, type App } from './harness';

let app: App | null = null;

afterEach(async () => {
  await app?.stop();
  app = null;
});

async function setField(page: Page, testid: string, value: string | number): Promise<void> {
  const f = page.getByTestId(testid);
  await f.fill(String(value));
  await f.blur();
}

async function trainMaxout(page: Page): Promise<void> {
  await page.getByTestId('template-gallery').waitFor();
  await page.getByTestId('template-maxout').click();
  await page.getByTestId('template-gallery').waitFor({ state: 'detached' });
  await page.getByTestId('tab-training').click();
  await setField(page, 'field-mnist-limit', 1500);
  await setField(page, 'field-epochs', 3);
  await page.getByTestId('btn-train').click();
  await page.getByTestId('session-status').getByText('Finished').waitFor({ timeout: 240_000 });
}

/** The Deep ReLU template with hidden 1 → PReLU, hidden 2 → ELU, hidden 3 → Leaky ReLU (set in the inspector), trained briefly. */
async function trainAlphaNetwork(page: Page, epochs: number): Promise<void> {
  await page.getByTestId('template-gallery').waitFor();
  await page.getByTestId('template-relu-deep').click();
  await page.getByTestId('template-gallery').waitFor({ state: 'detached' });
  for (const [node, activation] of [
    ['h1', 'prelu'],
    ['h2', 'elu'],
    ['h3', 'leaky_relu'],
  ] as const) {
    await page.getByTestId(`layer-${node}`).click();
    await page.getByTestId('field-activation').selectOption(activation);
  }
  await page.getByTestId('tab-training').click();
  await setField(page, 'field-mnist-limit', 1500);
  await setField(page, 'field-epochs', epochs);
  await page.getByTestId('btn-train').click();
  await page.getByTestId('session-status').getByText('Finished').waitFor({ timeout: 240_000 });
}

/** A heatmap column's cells as their tooltips say ("epoch 2: 17 neurons with α from 0.251 to 0.254"). */
async function columnCells(column: Locator): Promise<{ neurons: number; from: number; to: number }[]> {
  const titles = await column.locator('rect title').allTextContents();
  return titles.map((t) => {
    const m = /: (\d+) neurons? with α from (-?[\d.]+) to (-?[\d.]+)$/.exec(t)!;
    return { neurons: Number(m[1]), from: Number(m[2]), to: Number(m[3]) };
  });
}

/** Sum of the shape counts shown: every unit of the layer is in the gallery. */
async function countedUnits(page: Page): Promise<number> {
  const text = await page.getByTestId('act-shape-counts').innerText();
  return [...text.matchAll(/(\d+) /g)].reduce((a, m) => a + Number(m[1]), 0);
}

describe('learned activations view', () => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]) {
    it(`draws the Maxout template's units after a real run (${viewport.width}×${viewport.height})`, async () => {
      app = await startApp({ viewport });
      const page = app.page;
      await trainMaxout(page);
      const block = page.getByTestId('view-activations');
      await block.scrollIntoViewIfNeeded();
      await page.getByTestId('act-shape-counts').waitFor({ timeout: 60_000 });
      // which run, which layer, which weights
      const which = await page.getByTestId('act-which').innerText();
      expect(which).toMatch(/^Run .+ · layer hidden 1 \(Maxout, 128 units\) · \d+ validation samples · weights of epoch \d/);
      expect(await countedUnits(page)).toBe(128);
      // every unit drawn (the first 24 of each shape until "show all"): a thick max over two thin pieces
      const units = page.getByTestId('act-unit');
      expect(await units.count()).toBeGreaterThan(10);
      const first = units.first();
      expect(await first.locator('path.piece').count()).toBe(2);
      expect(await first.locator('path.env').getAttribute('d')).toMatch(/^M[\d.-]+,[\d.-]+L/);
      const caption = await first.locator('figcaption').innerText();
      const shares = [...caption.matchAll(/(\d+) %/g)].map((m) => Number(m[1]));
      expect(shares).toHaveLength(2);
      expect(Math.abs(shares[0]! + shares[1]! - 100)).toBeLessThanOrEqual(1);
      await block.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await app.screenshot(`activations-maxout-${viewport.width}x${viewport.height}`);

      // another layer, along the principal direction: redrawn from the trainer, saying so (results in the whole window)
      await page.getByTestId('btn-panel-maximize').click();
      await page.getByTestId('act-layer').selectOption('h4');
      await page.getByTestId('act-direction').selectOption('pca');
      await expect.poll(() => page.getByTestId('act-which').innerText(), { timeout: 60_000 }).toMatch(/layer hidden 4/);
      await expect.poll(() => block.innerText(), { timeout: 60_000 }).toMatch(/first principal direction of the layer's input \(\d+\.\d % of its variance\)/);
      expect(await countedUnits(page)).toBe(128);
      await block.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await app.screenshot(`activations-maxout-pca-${viewport.width}x${viewport.height}`);
      expect(app.errors).toEqual([]);
    }, 400_000);
  }

  it('draws the learned α of a PReLU layer epoch by epoch, and the fixed shapes of ELU and Leaky ReLU (1280×800)', async () => {
    app = await startApp({ viewport: { width: 1280, height: 800 } });
    const page = app.page;
    const epochs = 4;
    await trainAlphaNetwork(page, epochs);
    const block = page.getByTestId('view-activations');
    await block.scrollIntoViewIfNeeded();
    await page.getByTestId('act-which').waitFor({ timeout: 60_000 });
    // which run, which layer, which weights
    expect(await page.getByTestId('act-which').innerText()).toMatch(
      /^Run #1 8×prelu\/elu\/leaky_relu\/relu .+ · layer hidden 1 \(PReLU, 128 units\) · \d+ validation samples · weights of epoch \d/,
    );
    // the line through the input only matters for Maxout: not offered here
    expect(await page.getByTestId('act-direction').count()).toBe(0);

    // α over the epochs: one column per epoch trained, each holding all 128 neurons
    const heat = page.getByTestId('act-alpha-epochs');
    await heat.waitFor();
    const columns = heat.getByTestId('act-alpha-column');
    expect(await columns.count()).toBe(epochs);
    expect(await columns.evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-epoch'))))).toEqual([1, 2, 3, 4]);
    const cells = await Promise.all([...Array(epochs).keys()].map((e) => columnCells(columns.nth(e))));
    for (const col of cells) expect(col.reduce((a, c) => a + c.neurons, 0)).toBe(128);
    // after the last epoch the neurons no longer share the α they all started at (0.25): a learned
    // spread on both sides of it, over several α rows, within the axis the labels give
    expect(await heat.getByTestId('act-alpha-initial').textContent()).toBe('start 0.25');
    const last = cells.at(-1)!;
    const from = Math.min(...last.map((c) => c.from));
    const to = Math.max(...last.map((c) => c.to));
    expect(last.length).toBeGreaterThan(3);
    expect(from).toBeLessThan(0.25);
    expect(to).toBeGreaterThan(0.25);
    expect(to - from).toBeGreaterThan(0.01);
    const lo = Number(await heat.getByTestId('act-alpha-lo').textContent());
    const hi = Number(await heat.getByTestId('act-alpha-hi').textContent());
    expect(lo).toBeLessThanOrEqual(from + 0.01);
    expect(hi).toBeGreaterThanOrEqual(to - 0.01);
    expect(await heat.locator('figcaption').innerText()).toContain('at the end of each epoch, 1 to 4');
    // the function drawn with the smallest and largest learned α
    const fn = page.getByTestId('act-function');
    expect(await fn.locator('path').count()).toBe(2);
    expect(await fn.locator('figcaption').innerText()).toMatch(/smallest α 0\.\d+ \(blue\), largest 0\.\d+ \(red\)/);
    await block.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await app.screenshot('activations-prelu-1280x800');

    // the ELU and Leaky ReLU layers: their fixed shape, no α over epochs
    for (const [node, words] of [
      ['h2', /layer hidden 2 \(ELU, 128 units\)/],
      ['h3', /layer hidden 3 \(Leaky ReLU, 128 units\)/],
    ] as const) {
      await page.getByTestId('act-layer').selectOption(node);
      await expect.poll(() => page.getByTestId('act-which').innerText(), { timeout: 60_000 }).toMatch(words);
      expect(await fn.locator('path').count()).toBe(1);
      expect(await fn.locator('figcaption').innerText()).toMatch(
        node === 'h2' ? /α = 1\.00 \(set on the layer, not learned\)/ : /α = 0\.01 \(set on the layer/,
      );
      expect(await page.getByTestId('act-alpha-epochs').count()).toBe(0);
    }
    await block.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await app.screenshot('activations-elu-leaky-1280x800');
    expect(app.errors).toEqual([]);
  }, 300_000);
});
