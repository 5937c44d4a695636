// What the e2e tests do in the app again and again: start from a template, type into a field, train
// and wait for that run to finish.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** New (its confirmation accepted when there is unsaved work): the template gallery shows. */
export async function newProject(page: Page): Promise<void> {
  const gallery = page.getByTestId('template-gallery');
  await page.getByTestId('btn-new').click();
  // New asks first when there is unsaved work, else shows the gallery at once: wait for whichever
  // comes, however long the page takes (a fixed wait for the question could pass before it shows)
  const confirm = page.getByTestId('confirm-ok');
  await confirm.or(gallery).first().waitFor();
  if (await confirm.isVisible()) await confirm.click();
  await gallery.waitFor();
}

/** Start from a template of the gallery (New first when a project is open; its confirmation accepted). */
export async function loadTemplate(page: Page, name: string): Promise<void> {
  if (!(await page.getByTestId('template-gallery').isVisible())) await newProject(page);
  await page.getByTestId(`template-${name}`).click();
  await page.getByTestId('template-gallery').waitFor({ state: 'detached' });
}

/** Type a value into a field and leave it, as a user commits an edit. */
export async function setField(page: Page, testid: string, value: string | number): Promise<void> {
  const f = page.getByTestId(testid);
  await f.fill(String(value));
  await f.blur();
}

export async function waitFinished(page: Page, timeout = 240_000): Promise<void> {
  await page.getByTestId('session-status').getByText('Finished').waitFor({ timeout });
}

/**
 * Press Train and wait until the run it starts has finished. The status still says "Finished" of the
 * run before until the new one begins, so this first waits for the new run in the run history (it is
 * listed from its start), which cannot be missed the way a short "Training" status can.
 */
export async function trainRun(page: Page, timeout = 240_000): Promise<void> {
  const rows = page.getByTestId('run-row');
  const before = await rows.count();
  await page.getByTestId('btn-train').click();
  await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(before + 1);
  await waitFinished(page, timeout);
}

/**
 * Wait until the canvas's pan and zoom have held still for `frames` animation frames in a row: a
 * fit-to-view animation moves them every frame until it ends. Counted in frames, not milliseconds,
 * so a page that draws slowly is waited for as long as it needs; 30 frames (at least half a second,
 * frames come at most 60 a second) also outlast the pause before the canvas refits after a resize.
 */
export async function canvasSettled(page: Page, frames = 30): Promise<void> {
  await page.evaluate(
    (n) =>
      new Promise<void>((done) => {
        let last: string | null = null;
        let still = 0;
        const check = (): void => {
          const t = document.querySelector<HTMLElement>('[data-testid="canvas"] > .svelte-flow .svelte-flow__viewport')?.style.transform ?? '';
          still = t === last ? still + 1 : 0;
          last = t;
          if (still >= n) done();
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    frames,
  );
}
