import type { Page } from '@playwright/test';
import { dragOver, expect, saved, test } from './fixtures';

// The text editor and the inspector under real keys and mouse: what an analyst's day broke.
const DOC = '000_121e11c80b4a277e';
const CASUALTIES = '001_cc6eff7c9034e064';

/** Collects uncaught page errors, so a test can say none happened. */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Opens Ctrl+F with a query that has matches, as an analyst in the middle of finding would. */
async function findOpen(page: Page, query = 'the'): Promise<void> {
  await page.locator('.ProseMirror').focus();
  await page.keyboard.press('Control+f');
  await page.getByLabel('Find in document').fill(query);
  await expect(page.locator('.find-count')).toContainText('of');
  await page.keyboard.press('Enter');
}

/** The app is still drawn: its top bar and something in the main area. */
async function stillDrawn(page: Page): Promise<void> {
  await expect(page.getByRole('tab', { name: 'Review' })).toBeVisible();
  await expect(page.locator('#root')).not.toBeEmpty();
}

test.describe('Find, then a click, never blanks the app', () => {
  test('clicking another document', async ({ page, project }) => {
    const errors = pageErrors(page);
    await project.open(page, 'amira', DOC);
    await findOpen(page);
    await page.locator(`.doc-row[data-doc-id="${CASUALTIES}"]`).click();
    await expect(page.locator('.ProseMirror')).toContainText('fighter');
    await stillDrawn(page);
    expect(errors).toEqual([]);
  });

  test('clicking Review, then Agreement', async ({ page, project }) => {
    const errors = pageErrors(page);
    await project.open(page, 'amira', DOC);
    await findOpen(page);
    await page.getByRole('tab', { name: 'Review' }).click();
    await expect(page.getByRole('tab', { name: 'Review' })).toHaveAttribute('aria-selected', 'true');
    await stillDrawn(page);
    await page.getByRole('tab', { name: 'Annotate' }).click();
    await expect(page.locator('.ProseMirror')).toBeVisible();
    await findOpen(page);
    await page.getByRole('tab', { name: 'Agreement' }).click();
    await expect(page.getByRole('tab', { name: 'Agreement' })).toHaveAttribute('aria-selected', 'true');
    await stillDrawn(page);
    expect(errors).toEqual([]);
  });

  test('switching to another annotator', async ({ page, project }) => {
    const errors = pageErrors(page);
    await project.open(page, 'amira', DOC);
    await findOpen(page);
    await page.locator('.annotator').click();
    await page.getByLabel('Your name').fill('bob');
    await page.getByRole('button', { name: 'Start annotating' }).click();
    await expect(page.locator('.annotator')).toContainText('bob');
    await expect(page.locator('.ProseMirror')).toBeVisible();
    await stillDrawn(page);
    expect(errors).toEqual([]);
  });
});
