// What the e2e tests do in the app again and again: start from a template, type into a field, wait
// for a run to finish.
import type { Page } from 'playwright-core';

/** Start from a template of the gallery (New first when a project is open; its confirmation accepted). */
export async function loadTemplate(page: Page, name: string): Promise<void> {
  if (!(await page.getByTestId('template-gallery').isVisible())) {
    await page.getByTestId('btn-new').click();
    const confirm = page.getByTestId('confirm-ok');
    await confirm
      .waitFor({ timeout: 3000 })
      .then(() => confirm.click())
      .catch(() => undefined);
  }
  await page.getByTestId(`template-${name}`).click();
  await page.getByTestId('template-gallery').waitFor({ state: 'detached' });
}

/** Type a value into a field and leave it, as a user commits an edit. */
export async function setField(page: Page, testid: string, value: string | number): Promise<void> {
  const f = page.getByTestId(testid);
  await f.fill(String(value));
  await f.blur();
}

export async function waitFinished(page: Page): Promise<void> {
  await page.getByTestId('session-status').getByText('Finished').waitFor({ timeout: 240_000 });
}
