import { readFile, writeFile } from 'node:fs/promises';
import { dragOver, expect, saved, test } from './fixtures';
import { parseEntityFile, serializeEntityFile } from '../shared/format/entityFile';

const DOC_002 = '002_8b07dd57c7e0feb1';
const DOC_003 = '003_0facc4703c9682af';

test('Tag all mentions never pre-ticks a hit linked to another entity: it says which, and whose spelling', async ({ page, project }) => {
  // Bob filed the spelling "Reuters" under an entity of his own.
  await writeFile(
    project.file('entities/bob.json'),
    serializeEntityFile({ format: 'standoff/entities', version: 1, annotator: 'bob', entities: [{ id: 'reuters-wire', name: 'Reuters wire', aliases: ['Reuters'], updated: '2026-12-01T10:00:00.000Z' }] }),
  );
  // Amira linked one "Reuters" in 003 to Bob's entity.
  await project.open(page, 'amira', DOC_003);
  await dragOver(page, 'Reuters reporter', { to: 'Reuters'.length });
  await page.keyboard.press('4');
  await page.keyboard.press('e');
  await expect(page.getByLabel('Find or create an entity')).toBeFocused();
  await page.keyboard.type('Reuters wire');
  // The registry's entity, not "New entity": the first option, selected, once the suggestions are in.
  await expect(page.getByRole('option', { name: /^Reuters wire/ }).first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('linked-entity')).toContainText('Reuters wire');
  await saved(page);
  const linkedId = (await project.annotations(DOC_003, 'amira')).spans[0]!.id;

  // From 002: all mentions of the agency Reuters (Layla's and Tom's entity), whole project.
  await page.locator(`.doc-row[data-doc-id="${DOC_002}"]`).click();
  await expect(page.locator('.doc-row.current')).toHaveAttribute('data-doc-id', DOC_002);
  await page.getByRole('tab', { name: 'Entities' }).click();
  await page.getByLabel('Find an entity').fill('Reuters');
  await page.locator('.entity-list > li > button').filter({ has: page.locator('strong', { hasText: /^Reuters$/ }) }).click();
  await page.getByRole('button', { name: 'Tag all mentions' }).click();
  const panel = page.getByTestId('mentions-panel');
  await panel.getByLabel('Where to look').selectOption('all');
  const elsewhere = panel.locator('.mention', { has: page.getByTestId('linked-elsewhere') });
  await expect(elsewhere).toHaveCount(1);
  await expect(elsewhere.getByTestId('linked-elsewhere')).toHaveText('linked to Reuters wire (“Reuters” is bob\'s spelling of it): tick it to link it to Reuters instead');
  await expect(elsewhere.getByRole('checkbox')).not.toBeChecked();
  // The others are ticked as before.
  const others = panel.locator('.mention:not(.done)', { hasNot: page.getByTestId('linked-elsewhere') });
  await expect(others.first()).toBeVisible();
  for (const box of await others.getByRole('checkbox').all()) await expect(box).toBeChecked();

  // Accepting the ticked ones leaves Amira's link to Bob's entity as it is.
  await panel.getByRole('listbox', { name: 'Mentions' }).focus();
  await page.keyboard.press('Control+Enter');
  await page.keyboard.press('Enter'); // the confirmation: write in the other document
  await saved(page);
  await expect.poll(async () => (await project.annotations(DOC_003, 'amira')).spans.length).toBeGreaterThan(1);
  const still = (await project.annotations(DOC_003, 'amira')).spans.find((s) => s.id === linkedId);
  expect(still?.attributes?.entity).toBe('reuters-wire');
});

test("each alias says whose it is; another annotator's can be hidden for oneself, kept over a reload, and explained", async ({ page, project }) => {
  await project.open(page, 'amira', DOC_002);
  await page.getByRole('tab', { name: 'Entities' }).click();
  await page.getByLabel('Find an entity').fill('Fars');
  await page.locator('.entity-list > li > button', { hasText: 'Fars News' }).click();
  const alias = page.getByTestId('alias').filter({ hasText: 'Fars' });
  await expect(alias).toContainText("tom's");
  // It cannot be removed by Amira, and the editor says why; it can be hidden.
  await expect(alias.getByRole('button', { name: 'Remove “Fars”' })).toHaveCount(0);
  await expect(page.locator('.alias-why')).toContainText('cannot be removed by you: only they change their file');
  await alias.getByRole('button', { name: 'Hide “Fars” for me' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('hidden-aliases')).toContainText('Fars');
  await expect(page.getByTestId('alias').filter({ hasText: /^Fars\b/ })).toHaveCount(0);
  await expect(page.locator('.alias-note')).toContainText('“Fars” is hidden for you');

  // Kept in Amira's own registry file; Tom's is untouched.
  const amira = parseEntityFile(await readFile(project.file('entities/amira.json'), 'utf8'), 'entities/amira.json');
  expect(amira.hiddenAliases).toEqual({ 'fars-news': ['Fars'] });
  expect(amira.entities).toEqual([]);
  const tom = parseEntityFile(await readFile(project.file('entities/tom.json'), 'utf8'), 'entities/tom.json');
  expect(tom.entities.find((e) => e.id === 'fars-news')?.aliases).toContain('Fars');

  // After a reload, still hidden.
  await page.reload();
  await expect(page.locator('.ProseMirror')).toBeVisible();
  await page.getByRole('tab', { name: 'Entities' }).click();
  await page.getByLabel('Find an entity').fill('Fars');
  await expect(page.locator('.entity-list > li > button', { hasText: 'Fars News' }).locator('.entity-aliases')).toHaveCount(0);
  await page.locator('.entity-list > li > button', { hasText: 'Fars News' }).click();
  await expect(page.getByTestId('hidden-aliases')).toContainText("Fars tom's");
  // Shown again with one key.
  await page.getByRole('button', { name: 'Show “Fars” again' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('alias').filter({ hasText: 'Fars' })).toContainText("tom's");
});

test('removing an alias that another annotator also has says why it stays', async ({ page, project }) => {
  await project.open(page, 'amira', DOC_002);
  // Amira files "Fars" too: then it is hers and Tom's.
  const amira = { format: 'standoff/entities' as const, version: 1 as const, annotator: 'amira', entities: [{ id: 'fars-news', name: 'Fars News', aliases: ['Fars'], updated: '2026-12-01T10:00:00.000Z' }] };
  await writeFile(project.file('entities/amira.json'), serializeEntityFile(amira));
  await page.getByRole('tab', { name: 'Entities' }).click();
  await page.getByLabel('Find an entity').fill('Fars');
  await page.locator('.entity-list > li > button', { hasText: 'Fars News' }).click();
  const alias = page.getByTestId('alias').filter({ hasText: 'Fars' });
  await expect(alias).toContainText("yours and tom's");
  await alias.getByRole('button', { name: 'Remove “Fars”' }).click();
  await expect(page.locator('.alias-note')).toContainText("“Fars” was taken out of your registry file, but tom's file still lists it, so it stays: only tom can remove it from there. Hide it to stop seeing it yourself.");
  await expect(page.getByTestId('alias').filter({ hasText: 'Fars' })).toContainText("tom's");
  const file = parseEntityFile(await readFile(project.file('entities/amira.json'), 'utf8'), 'entities/amira.json');
  expect(file.entities[0]?.aliases).toEqual([]);
});
