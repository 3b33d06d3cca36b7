import { readFile, rm } from 'node:fs/promises';
import { parseEntityFile } from '../shared/format/entityFile';
import { dragOver, expect, saved, test } from './fixtures';

// What analysts record beyond the label: attributes, relations, entities, found again by search.
const DOC = '000_121e11c80b4a277e';
const CASUALTIES = '001_cc6eff7c9034e064';

test('a casualty figure’s reading is accepted with A, then attributes are set from the keyboard and undone', async ({ page, project }) => {
  await project.open(page, 'amira', CASUALTIES);
  await dragOver(page, 'one fighter was killed');
  await page.keyboard.press('3');
  await expect(page.getByTestId('casualty-proposal')).toContainText('(a proposal, not recorded)');
  await saved(page);
  let span = (await project.annotations(CASUALTIES, 'amira')).spans[0]!;
  expect(span.attributes).toBeUndefined(); // shown, never saved as fact until accepted

  await page.keyboard.press('a');
  await expect(page.getByTestId('casualty-proposal')).toContainText('matches what is recorded');
  await saved(page);
  span = (await project.annotations(CASUALTIES, 'amira')).spans[0]!;
  expect(span.attributes).toEqual({ outcome: 'killed', count: { min: 1, max: 1 }, vague: false, victims: 'militants' });

  // V toggles "vague", O cycles the outcome, N goes to the count's minimum; Tab to the maximum.
  await page.keyboard.press('v');
  await page.keyboard.press('o');
  await expect(page.locator('[data-attr="outcome"] [aria-checked="true"]')).toHaveText('injured');
  await page.keyboard.press('n');
  await expect(page.getByLabel('Count (min–max): minimum')).toBeFocused();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('2');
  await page.keyboard.press('Tab');
  await page.keyboard.type('4');
  await page.keyboard.press('Enter'); // back to the text
  await expect(page.locator('.ProseMirror')).toBeFocused();
  await saved(page);
  span = (await project.annotations(CASUALTIES, 'amira')).spans[0]!;
  expect(span.attributes).toEqual({ outcome: 'injured', count: { min: 2, max: 4 }, vague: true, victims: 'militants' });

  // Each change was its own step: undo the maximum, then the minimum.
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await saved(page);
  span = (await project.annotations(CASUALTIES, 'amira')).spans[0]!;
  expect(span.attributes?.count).toEqual({ min: 1, max: 1 });
});

test('a casualty figure’s hedge is read, shown as the label names it, and stored when accepted with A', async ({ page, project }) => {
  await project.open(page, 'amira', CASUALTIES);
  await dragOver(page, 'about 62 American soldiers were injured');
  await page.keyboard.press('3');
  const proposal = page.getByTestId('casualty-proposal');
  await expect(proposal).toContainText('injured: 62');
  await expect(proposal.locator('[data-part="hedge"]')).toHaveText(/hedge: approximate \(“about”\)/);
  await expect(proposal.locator('[data-part="victims"]')).toHaveText(/security forces/);
  await expect(proposal).not.toContainText('kept');
  await expect(proposal).not.toContainText('cannot record');

  await page.keyboard.press('a');
  await expect(proposal).toContainText('matches what is recorded');
  await expect(page.locator('[data-attr="hedge"] [aria-checked="true"]')).toHaveText('approximate');
  await saved(page);
  const span = (await project.annotations(CASUALTIES, 'amira')).spans[0]!;
  expect(span.attributes).toEqual({ outcome: 'injured', count: { min: 62, max: 62 }, hedge: 'approximate', vague: false, victims: 'security-forces' });

  // H cycles the hedge like any choice: past "approximate" comes "at least".
  await page.keyboard.press('h');
  await expect(page.locator('[data-attr="hedge"] [aria-checked="true"]')).toHaveText('at least');
});

test('a relation is made with R, a click and a type key, drawn in the text, and deleting a span takes its relations with it until undo', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  await dragOver(page, 'reported the attack');
  await page.keyboard.press('1');
  await saved(page);

  // From the claim (selected after tagging): R, then click the actor, then 1 (claimant).
  await page.keyboard.press('r');
  await expect(page.getByTestId('relation-mode')).toContainText('New relation');
  await page.locator('.ProseMirror [data-span-id]', { hasText: 'Fars News' }).first().click();
  await expect(page.getByTestId('relation-mode')).toContainText('claimant');
  await page.keyboard.press('1');
  await expect(page.getByTestId('relation-mode')).toHaveCount(0);
  await expect(page.locator('.relation-layer g.rel')).toHaveCount(1);
  await expect(page.locator('.relation-layer g.rel.strong text')).toHaveText('claimant');
  await expect(page.getByTestId('relations')).toContainText('claimant → Actor “Fars News”');
  await saved(page);
  let file = await project.annotations(DOC, 'amira');
  const claim = file.spans.find((s) => s.label === 'claim')!;
  const actor = file.spans.find((s) => s.label === 'actor')!;
  expect(file.relations).toEqual([{ id: expect.any(String), type: 'claimant', from: claim.id, to: actor.id }]);
  // After the type key the source span is selected again, ready for the next relation.
  await expect(page.getByTestId('selected-span')).toContainText('Claim');

  // Keyboard only: R, Shift+Tab to the actor, Enter, 1 again removes that very relation; once more adds it back.
  for (const expected of [0, 1]) {
    await page.keyboard.press('r');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('1');
    await expect(page.locator('.relation-layer g.rel')).toHaveCount(expected);
  }
  // Nothing starts at an actor: R says so. Esc leaves relation mode.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('r');
  await expect(page.locator('.notice')).toContainText('No relation type starts at a span labelled Actor');
  await page.keyboard.press('Tab');
  await page.keyboard.press('r');
  await expect(page.getByTestId('relation-mode')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('relation-mode')).toHaveCount(0);

  // Delete the actor: its relation goes too, on screen and on disk; undo brings both back.
  await page.locator('.ProseMirror [data-span-id]', { hasText: 'Fars News' }).first().click();
  await expect(page.getByTestId('selected-span')).toContainText('Actor');
  await page.keyboard.press('Delete');
  await expect(page.locator('.relation-layer g.rel')).toHaveCount(0);
  await saved(page);
  file = await project.annotations(DOC, 'amira');
  expect(file.spans.map((s) => s.label)).toEqual(['claim']);
  expect(file.relations).toEqual([]);
  await page.keyboard.press('Control+z');
  await expect(page.locator('.relation-layer g.rel')).toHaveCount(1);
  await saved(page);
  file = await project.annotations(DOC, 'amira');
  expect(file.spans).toHaveLength(2);
  expect(file.relations).toEqual([{ id: expect.any(String), type: 'claimant', from: claim.id, to: actor.id }]);

  // Moving the claim's end keeps its relation and attributes.
  await page.locator('.ProseMirror [data-span-id]', { hasText: 'reported the attack' }).first().click();
  await page.keyboard.press('t'); // type: responsibility
  await page.keyboard.press('Alt+Shift+ArrowRight');
  await saved(page);
  file = await project.annotations(DOC, 'amira');
  const moved = file.spans.find((s) => s.id === claim.id)!;
  expect(moved.quote.exact).toBe('reported the attack with');
  expect(moved.attributes).toEqual({ type: 'responsibility' });
  expect(file.relations).toHaveLength(1);
});

test('actors link to registry entities: a new one by name, a spelling variant proposed with its reason, then all mentions tagged at once', async ({ page, project }) => {
  // Start from an empty registry, as a new project would.
  await rm(project.file('entities'), { recursive: true, force: true });
  await project.open(page, 'amira', DOC);
  await dragOver(page, 'Sayara Thora Al-Ashrin');
  await page.keyboard.press('4');
  await page.keyboard.press('e');
  await expect(page.getByLabel('Find or create an entity')).toBeFocused();
  await page.keyboard.type('Saraya Thawrat al-Ashrin');
  await expect(page.getByRole('option', { name: /New entity “Saraya Thawrat al-Ashrin”/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('linked-entity')).toContainText('Saraya Thawrat al-Ashrin');
  await expect(page.getByTestId('linked-entity')).toContainText('also: Sayara Thora Al-Ashrin');
  await page.keyboard.press('k'); // kind: state, then armed group
  await page.keyboard.press('k');
  await saved(page);

  let registry = parseEntityFile(await readFile(project.file('entities/amira.json'), 'utf8'), 'entities/amira.json');
  expect(registry.entities).toEqual([expect.objectContaining({ id: 'saraya-thawrat-al-ashrin', name: 'Saraya Thawrat al-Ashrin', aliases: ['Sayara Thora Al-Ashrin'] })]);
  let file = await project.annotations(DOC, 'amira');
  expect(file.spans[0]!.attributes).toEqual({ entity: 'saraya-thawrat-al-ashrin', kind: 'armed-group' });

  // Another spelling: proposed with why, and linked only when accepted (A).
  await dragOver(page, 'SarayaThorat al-Ashrin');
  await page.keyboard.press('4');
  const proposals = page.getByTestId('entity-proposals');
  await expect(proposals).toContainText('Saraya Thawrat al-Ashrin');
  await expect(proposals.locator('.proposal-why')).toContainText('“SarayaThorat al-Ashrin” ≈');
  await saved(page);
  file = await project.annotations(DOC, 'amira');
  expect(file.spans.find((s) => s.quote.exact === 'SarayaThorat al-Ashrin')!.attributes).toBeUndefined();
  await page.keyboard.press('a');
  await expect(page.getByTestId('linked-entity')).toContainText('Saraya Thawrat al-Ashrin');
  await saved(page);

  // M: every mention in this document; the third spelling is found and tagged with Ctrl+Enter.
  await page.keyboard.press('m');
  const panel = page.getByTestId('mentions-panel');
  await expect(panel.locator('.mention')).toHaveCount(3);
  await expect(panel.locator('.mention.done')).toHaveCount(2);
  await expect(panel.locator('.mention:not(.done)')).toContainText('SarayaThurat Al-Ashrin');
  await page.keyboard.press('Control+Enter');
  await expect(panel.locator('.mention.done')).toHaveCount(3);
  await saved(page);
  file = await project.annotations(DOC, 'amira');
  const linked = file.spans.filter((s) => s.attributes?.entity === 'saraya-thawrat-al-ashrin').map((s) => s.quote.exact);
  expect(linked).toEqual(['Sayara Thora Al-Ashrin', 'SarayaThorat al-Ashrin', 'SarayaThurat Al-Ashrin']);
  registry = parseEntityFile(await readFile(project.file('entities/amira.json'), 'utf8'), 'entities/amira.json');
  expect(registry.entities[0]!.aliases).toEqual(['Sayara Thora Al-Ashrin', 'SarayaThorat al-Ashrin']);

  // Project search by entity finds the three, by any of its names.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+F');
  await page.getByLabel('Linked to entity').fill('SarayaThorat al-Ashrin');
  await expect(page.locator('.search-hit')).toHaveCount(3);
});

test('the schema editor adds an attribute that tags at once, and refuses to drop an option in use, saying where', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('button', { name: 'Attributes of Denial' }).click();
  await page.getByRole('button', { name: 'Add an attribute to Denial' }).click();
  await page.getByLabel('Name of attribute 1 of Denial').fill('Strength');
  await page.getByLabel('Options of Strength').fill('flat, partial');
  await page.getByLabel('Key of Strength').fill('s');
  await page.getByRole('button', { name: 'Save schema' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const manifest = JSON.parse(await readFile(project.file('standoff.json'), 'utf8'));
  expect(manifest.labels[1].attributes).toEqual([{ id: 'strength', name: 'Strength', type: 'choice', key: 's', options: [{ id: 'flat', name: 'flat' }, { id: 'partial', name: 'partial' }] }]);

  await dragOver(page, 'the US denied an attacked had taken place');
  await page.keyboard.press('2');
  await page.keyboard.press('s');
  await saved(page);
  expect((await project.annotations(DOC, 'amira')).spans[0]!.attributes).toEqual({ strength: 'flat' });

  // Removing the option in use is refused, with what and where.
  const before = await readFile(project.file('standoff.json'), 'utf8');
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('button', { name: 'Attributes of Denial' }).click();
  await page.getByLabel('Options of Strength').fill('partial');
  await page.getByRole('button', { name: 'Save schema' }).click();
  await expect(page.getByRole('alert')).toContainText('Denial › Strength: "flat" is not one of its options');
  await expect(page.getByRole('alert')).toContainText(`documents/${DOC}/annotations/amira.json`);
  expect(await readFile(project.file('standoff.json'), 'utf8')).toBe(before);
});
