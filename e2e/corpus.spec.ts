import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, SAMPLE_PROJECT, test, type ProjectFixture } from './fixtures';

const SULEIMANI = '003_0facc4703c9682af';
const LEAKS = '001_cc6eff7c9034e064';

/** layla's and tom's layers of the sample, tom's of one document marked finished, and an assignment of it to tom alone. */
async function underWay(project: ProjectFixture): Promise<void> {
  for (const doc of await readdir(path.join(SAMPLE_PROJECT, 'documents'))) {
    await cp(path.join(SAMPLE_PROJECT, 'documents', doc, 'annotations'), project.file(path.join('documents', doc, 'annotations')), { recursive: true });
  }
  await markFinished(project, LEAKS, 'tom');
  await writeFile(project.file('assignment.json'), JSON.stringify({ formatVersion: 1, documents: { [LEAKS]: ['tom'] }, plan: null, updated: null, updatedBy: null }));
}

async function markFinished(project: ProjectFixture, docId: string, who: string): Promise<void> {
  const file = project.file(`documents/${docId}/annotations/${who}.json`);
  // As the app writes it, before the hash (the order of keys does not matter to a reader).
  await writeFile(file, (await readFile(file, 'utf8')).replace('"textHash":', '"finished": true,\n  "textHash":'));
}

const list = (page: import('@playwright/test').Page) => page.getByRole('navigation', { name: 'Documents' });
const ids = async (page: import('@playwright/test').Page) => list(page).locator('.doc-row[data-doc-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-doc-id')));

test('the document list finds, filters and sorts from the keyboard, and sees a file changed by another program', async ({ page, project }) => {
  await underWay(project);
  await project.open(page, 'tom', LEAKS);
  await expect(list(page).locator('.pane-title')).toContainText('6 documents', { ignoreCase: true });

  // F6 to the list (the list itself, not its find field).
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+F6');
  await expect(page.locator('.doc-scroller')).toBeFocused();

  // 3: finished only. LEAKS is assigned to tom alone, who has finished it.
  await page.keyboard.press('3');
  await expect(list(page).locator('.pane-title')).toContainText('1 of 6 documents', { ignoreCase: true });
  expect(await ids(page)).toEqual([LEAKS]);
  await expect(list(page).getByRole('button', { name: /^finished/ })).toHaveAttribute('aria-pressed', 'true');
  // 0: every document again.
  await page.keyboard.press('0');
  await expect(list(page).locator('.pane-title')).toContainText('6 documents', { ignoreCase: true });
  await expect(list(page).locator('.pane-title')).not.toContainText(' of ');

  // / finds by words of a title, accents and case aside; ↓ back to the list, ↓ opens the one found.
  await page.keyboard.press('/');
  await expect(list(page).getByRole('searchbox')).toBeFocused();
  await page.keyboard.type('qassem suleimani');
  await expect.poll(() => ids(page)).toEqual([SULEIMANI]);
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('.doc-scroller')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(list(page).locator('.doc-row.current')).toHaveAttribute('data-doc-id', SULEIMANI);
  await expect(page.locator('.doc-heading')).toContainText('Suleimani');
  // Opening it from the list leaves the focus in the list.
  await expect(page.locator('.doc-scroller')).toBeFocused();

  // Shift+S: the other way round.
  await page.keyboard.press('0');
  await expect.poll(() => ids(page)).toHaveLength(6);
  const ascending = await ids(page);
  await page.keyboard.press('Shift+S');
  await expect.poll(() => ids(page)).toEqual([...ascending].reverse());

  // Another program (a teammate's sync) marks layla's layer of the Suleimani article finished:
  // the list takes it in without being asked.
  await page.keyboard.press('Shift+S');
  await markFinished(project, SULEIMANI, 'layla');
  await expect(list(page).locator(`[data-doc-id="${SULEIMANI}"] .doc-count[data-annotator="layla"]`)).toHaveClass(/finished/, { timeout: 15_000 });
});
