import { readFile, writeFile } from 'node:fs/promises';
import { dragOver, expect, saved, test } from './fixtures';
import { parseAnnotationFile, serializeAnnotationFile } from '../shared/format/annotationFile';
import { layout } from '../shared/format/layout';

const DOC_000 = '000_121e11c80b4a277e';
const DOC_002 = '002_8b07dd57c7e0feb1';
const DOC_003 = '003_0facc4703c9682af';
const TITLE_003 = 'How Qassem Suleimani provoked the US with covert attacks in Iraq';

test('the undo history is kept per document: change document and back, Ctrl+Z undoes there', async ({ page, project }) => {
  await project.open(page, 'amira', DOC_000);
  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  await expect(page.locator('span.sp-actor')).toHaveText('Fars News');
  await saved(page);

  // To the next document and back, with the keyboard.
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.locator('.doc-row.current')).toHaveAttribute('data-doc-id', '001_cc6eff7c9034e064');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.locator('.doc-row.current')).toHaveAttribute('data-doc-id', DOC_000);
  await expect(page.locator('span.sp-actor')).toHaveText('Fars News');

  await page.locator('.ProseMirror').focus();
  await page.keyboard.press('Control+z');
  await expect(page.locator('span.sp')).toHaveCount(0);
  await saved(page);
  expect((await project.annotations(DOC_000, 'amira')).spans).toEqual([]);
  // And redo.
  await page.keyboard.press('Control+Shift+Z');
  await expect(page.locator('span.sp-actor')).toHaveText('Fars News');
  await saved(page);
  expect((await project.annotations(DOC_000, 'amira')).spans.map((s) => s.quote.exact)).toEqual(['Fars News']);
});

/** From doc 002: the Entities tab, Reuters, Tag all mentions over the whole project, ticked ones accepted. */
async function tagAllReuters(page: import('@playwright/test').Page) {
  await page.getByRole('tab', { name: 'Entities' }).click();
  await page.getByLabel('Find an entity').fill('Reuters');
  await page.locator('.entity-list > li > button', { hasText: 'Reuters' }).first().click();
  await page.getByRole('button', { name: 'Tag all mentions' }).click();
  const panel = page.getByTestId('mentions-panel');
  await expect(panel.locator('.mention')).not.toHaveCount(0);
  await panel.getByLabel('Where to look').selectOption('all');
  await expect(panel.locator('.mention-doc', { hasText: TITLE_003 }).first()).toBeVisible();
  await panel.getByRole('listbox', { name: 'Mentions' }).focus();
  await page.keyboard.press('Control+Enter');
  return panel;
}

test('tag all mentions across the project says what it will write, and one Ctrl+Z takes it back from every file', async ({ page, project }) => {
  // Amira has a span of her own in 003 already: undo must leave that file as it was.
  await project.open(page, 'amira', DOC_003);
  await dragOver(page, 'Kataib Hezbollah');
  await page.keyboard.press('4');
  await saved(page);
  const before003 = (await project.annotations(DOC_003, 'amira')).spans;
  expect(before003).toHaveLength(1);

  await page.locator(`.doc-row[data-doc-id="${DOC_002}"]`).click();
  await expect(page.locator('.doc-row.current')).toHaveAttribute('data-doc-id', DOC_002);
  const panel = await tagAllReuters(page);

  // Nothing is written elsewhere before the analyst says so: what, how many, where.
  const confirm = panel.getByTestId('mentions-confirm');
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText(/Write \d+ spans? in another document and 1 in this one/);
  await expect(confirm.locator('li')).toHaveText([new RegExp(`^\\d+ in “${TITLE_003}”$`)]);
  const count = Number((await confirm.locator('li').textContent())!.split(' ')[0]);
  expect((await project.annotations(DOC_003, 'amira')).spans).toEqual(before003);
  // Esc cancels and writes nothing; asked again, Enter writes.
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('mentions-panel')).toBeVisible();
  await page.keyboard.press('Control+Enter');
  await expect(confirm).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('status')).toContainText('Ctrl+Z in this document undoes all of it');
  await saved(page);
  await expect.poll(async () => (await project.annotations(DOC_003, 'amira')).spans.length).toBe(1 + count);
  expect((await project.annotations(DOC_002, 'amira')).spans.map((s) => s.quote.exact)).toEqual(['Reuters']);

  // One Ctrl+Z, in the document where it was started.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+z');
  await expect(page.locator('.notice')).toContainText(`Undone in another document too: ${count} in “${TITLE_003}”.`);
  await saved(page);
  expect((await project.annotations(DOC_002, 'amira')).spans).toEqual([]);
  expect((await project.annotations(DOC_003, 'amira')).spans).toEqual(before003);
});

test('undoing a project-wide tagging leaves what another program changed since, and says so', async ({ page, project }) => {
  await project.open(page, 'amira', DOC_002);
  const panel = await tagAllReuters(page);
  await panel.getByTestId('mentions-confirm').getByRole('button', { name: /Write them/ }).click();
  await saved(page);
  // The file is made by the first save there (0 until then).
  await expect.poll(() => project.annotations(DOC_003, 'amira').then((f) => f.spans.length, () => 0)).toBeGreaterThan(1);

  // Another program relabels one of the spans written in 003.
  const rel = layout.annotation(DOC_003, 'amira');
  const file = parseAnnotationFile(await readFile(project.file(rel), 'utf8'), rel);
  const changed = file.spans[0]!;
  file.spans[0] = { ...changed, label: 'claim', attributes: {} };
  await writeFile(project.file(rel), serializeAnnotationFile(file));

  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+z');
  await expect(page.locator('.notice')).toContainText(`Not everything: one span in “${TITLE_003}” (“${changed.quote.exact}”) was changed or removed since, so it was left as it is`);
  await saved(page);
  const after = (await project.annotations(DOC_003, 'amira')).spans;
  expect(after).toEqual([expect.objectContaining({ id: changed.id, label: 'claim' })]);
});

test('a kept history drops, and says so, a step another program made impossible while the document was away', async ({ page, project }) => {
  await project.open(page, 'amira', DOC_000);
  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  await saved(page);
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.locator('.doc-heading h1')).toHaveText('Information leaks and propaganda war');

  // Meanwhile another program relabels that span in Amira's file.
  const rel = layout.annotation(DOC_000, 'amira');
  const file = parseAnnotationFile(await readFile(project.file(rel), 'utf8'), rel);
  file.spans[0] = { ...file.spans[0]!, label: 'claim' };
  await writeFile(project.file(rel), serializeAnnotationFile(file));

  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.locator('span.sp-claim')).toHaveText('Fars News');
  await expect(page.locator('.notice')).toContainText('One undo step no longer fits and was dropped');
  await page.locator('.ProseMirror').focus();
  await page.keyboard.press('Control+z');
  // Nothing undone: the other program's version stays, on screen and on disk.
  await expect(page.locator('span.sp-claim')).toHaveText('Fars News');
  await saved(page);
  expect((await project.annotations(DOC_000, 'amira')).spans.map((s) => s.label)).toEqual(['claim']);
});
