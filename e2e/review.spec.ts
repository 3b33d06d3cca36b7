import { cp, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { parseAnnotationFile, serializeAnnotationFile, type AnnotationFile } from '../shared/format/annotationFile';
import { layout } from '../shared/format/layout';
import { isDisagreement, reviewUnits } from '../shared/review';
import { reviewChoicePath } from '../shared/review/choiceFile';
import { dragOver, expect, SAMPLE_PROJECT, saved, test, type ProjectFixture } from './fixtures';

// Review mode and adjudication into the gold layer, on the sample's two annotators.
const DOC = '001_cc6eff7c9034e064';

async function withSampleAnnotations(project: ProjectFixture): Promise<void> {
  await cp(path.join(SAMPLE_PROJECT, 'documents'), project.file('documents'), { recursive: true, filter: (src) => !src.endsWith('.txt') && !src.endsWith('document.json') });
}

async function gold(project: ProjectFixture, doc = DOC): Promise<AnnotationFile> {
  const rel = layout.annotation(doc, 'gold');
  return parseAnnotationFile(await readFile(project.file(rel), 'utf8'), rel);
}

/** The disagreements of the document, computed here from the files, independently of the app. */
async function disagreements(project: ProjectFixture, doc = DOC) {
  const layla = await project.annotations(doc, 'layla');
  const tom = await project.annotations(doc, 'tom');
  const units = reviewUnits([
    { annotator: 'layla', spans: layla.spans },
    { annotator: 'tom', spans: tom.spans },
  ]);
  return { units, open: units.filter(isDisagreement) };
}

async function openReview(page: Page, project: ProjectFixture, doc = DOC): Promise<void> {
  await project.open(page, 'layla', doc);
  await page.getByRole('tab', { name: 'Review' }).click();
  await expect(page.getByTestId('review-pane')).toBeVisible();
}

test('review mode shows every annotator’s units with a status cue beyond colour, and names on hover', async ({ page, project }) => {
  await withSampleAnnotations(project);
  const doc = '002_8b07dd57c7e0feb1'; // where the two disagree in every way: boundaries, labels, presence
  const { units, open } = await disagreements(project, doc);
  await openReview(page, project, doc);
  await expect(page.getByTestId('doc-progress')).toHaveText(`0 of ${open.length} disagreements settled`);
  // Each status has its own line style (not colour alone) and, for disagreements, a glyph.
  for (const status of ['agreed', 'boundary', 'label', 'partial'] as const) {
    const count = units.filter((u) => u.status === status).length;
    expect(count, status).toBeGreaterThan(0);
    const style = await page.locator(`.ProseMirror .rv-${status}`).first().evaluate((el) => getComputedStyle(el).textDecorationStyle);
    expect(style, status).toBe({ agreed: 'solid', boundary: 'dashed', label: 'wavy', partial: 'dotted' }[status]);
  }
  const partial = units.find((u) => u.status === 'partial')!;
  const title = await page.locator(`.ProseMirror [data-unit="${partial.key}"]`).first().getAttribute('title');
  expect(title).toContain(`${partial.versions[0]!.annotator}:`);
  expect(title).toContain(`${partial.missing[0]}: nothing`);
  await expect(page.getByTestId('unit-list').locator('li')).toHaveCount(open.length);
});

test('disagreements are stepped through and settled by key, into a gold file on disk, with undo', async ({ page, project }) => {
  await withSampleAnnotations(project);
  const { units, open } = await disagreements(project);
  const layla = await project.annotations(DOC, 'layla');
  const laylaBefore = await readFile(project.file(layout.annotation(DOC, 'layla')), 'utf8');
  await openReview(page, project);

  // G: everything both agree on goes into gold at once.
  await page.keyboard.press('g');
  await saved(page);
  let file = await gold(project);
  const agreed = units.filter((u) => u.status === 'agreed');
  expect(file.spans).toHaveLength(agreed.length);
  expect(file.annotator).toBe('gold');

  // ] goes to the first disagreement; 1 accepts layla's version and moves on; X settles the next with neither.
  await page.keyboard.press(']');
  const first = open[0]!;
  await expect(page.getByTestId('current-unit')).toContainText(first.versions[0]!.span.quote.exact);
  const laylaVersion = first.versions.find((v) => v.annotator === 'layla');
  if (laylaVersion) await page.keyboard.press('1');
  else await page.keyboard.press('2');
  await expect(page.getByTestId('doc-progress')).toHaveText(`1 of ${open.length} disagreements settled`);
  await page.keyboard.press('x');
  await expect(page.getByTestId('doc-progress')).toHaveText(`2 of ${open.length} disagreements settled`);
  await saved(page);
  file = await gold(project);
  expect(file.settled).toEqual([first.key, open[1]!.key].sort());
  const accepted = (laylaVersion ?? first.versions[0]!).span;
  expect(file.spans.some((s) => s.startOffset === accepted.startOffset && s.endOffset === accepted.endOffset && s.label === accepted.label)).toBe(true);
  // Neither: nothing of the second unit's versions is in gold.
  const second = open[1]!;
  for (const v of second.versions) expect(file.spans.some((s) => s.startOffset === v.span.startOffset && s.endOffset === v.span.endOffset && s.label === v.span.label)).toBe(false);

  // [ goes back; U reopens it (its gold span taken out); Ctrl+Z undoes the reopening.
  await page.keyboard.press('[');
  await page.keyboard.press('[');
  await expect(page.getByTestId('current-unit')).toContainText('settled ✓');
  await page.keyboard.press('u');
  await expect(page.getByTestId('doc-progress')).toHaveText(`1 of ${open.length} disagreements settled`);
  await saved(page);
  expect((await gold(project)).settled).toEqual([second.key]);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('doc-progress')).toHaveText(`2 of ${open.length} disagreements settled`);
  await saved(page);
  expect((await gold(project)).settled).toEqual([first.key, second.key].sort());

  // The project's progress counts this document's settled disagreements; the annotators' files are untouched.
  await expect(page.getByTestId('project-progress')).toContainText('Project: 2 of');
  expect(await readFile(project.file(layout.annotation(DOC, 'layla')), 'utf8')).toBe(laylaBefore);
  expect(layla.spans.length).toBeGreaterThan(0);
});

test('an annotator sees what the gold layer changed of their work', async ({ page, project }) => {
  await withSampleAnnotations(project);
  const { open } = await disagreements(project);
  await openReview(page, project);
  await page.keyboard.press('g');
  // Settle the first disagreement with layla's version where tom had something else or nothing.
  const unit = open.find((u) => u.versions.some((v) => v.annotator === 'layla'))!;
  await page.getByTestId('unit-list').locator('li', { hasText: unit.versions[0]!.span.quote.exact }).first().click();
  await page.keyboard.press('1');
  await saved(page);

  await page.getByRole('tab', { name: 'Annotate' }).click();
  await page.getByRole('button', { name: /Annotator:/ }).click();
  await page.getByLabel('Your name').fill('tom');
  await page.keyboard.press('Enter');
  const changes = page.getByTestId('gold-changes');
  await expect(changes).toContainText('What gold changed');
  const tomVersion = unit.versions.find((v) => v.annotator === 'tom');
  const laylaVersion = unit.versions.find((v) => v.annotator === 'layla')!;
  if (!tomVersion) await expect(changes).toContainText(`Gold adds:`);
  else if (unit.status === 'boundary') await expect(changes).toContainText(`Gold boundaries: “${tomVersion.span.quote.exact}” → “${laylaVersion.span.quote.exact}”`);
  else await expect(changes).toContainText(laylaVersion.span.quote.exact);
});

const DOC_003 = '003_0facc4703c9682af';

test('an annotator who tagged and undid everything is not counted: 003 stays 15 of 15 settled', async ({ page, project }) => {
  await withSampleAnnotations(project);
  const { open } = await disagreements(project, DOC_003);
  expect(open).toHaveLength(15);
  // The curator has settled all fifteen.
  const layla = await project.annotations(DOC_003, 'layla');
  await writeFile(project.file(layout.annotation(DOC_003, 'gold')), serializeAnnotationFile({ ...layla, annotator: 'gold', spans: [], relations: [], orphans: [], settled: open.map((u) => u.key) }));

  // sam tags a phrase and undoes it, with the mouse and real keys: their file is there, empty.
  await project.open(page, 'sam', DOC_003);
  await dragOver(page, 'covert attacks');
  await page.keyboard.press('1');
  await saved(page);
  expect((await project.annotations(DOC_003, 'sam')).spans).toHaveLength(1);
  await page.keyboard.press('Control+z');
  await saved(page);
  expect((await project.annotations(DOC_003, 'sam')).spans).toEqual([]);

  await page.getByRole('tab', { name: 'Review' }).click();
  await expect(page.getByTestId('doc-progress')).toHaveText('15 of 15 disagreements settled');
  await expect(page.locator(`[data-doc-id="${DOC_003}"]`).getByTestId('doc-review-progress')).toHaveText('15/15 settled');
  const choice = page.getByTestId('annotator-choice');
  await expect(choice.getByRole('checkbox', { name: /^layla/ })).toBeChecked();
  await expect(choice.getByRole('checkbox', { name: /^tom/ })).toBeChecked();
  const sam = choice.getByRole('checkbox', { name: /^sam/ });
  await expect(sam).not.toBeChecked();
  await expect(sam).toBeDisabled();
  await expect(choice).toContainText('sam empty, never counts');
  await expect(choice).toContainText('by default: everyone who tagged something');
  // Nothing of sam's is drawn or numbered.
  await expect(page.getByTestId('review-pane').locator('.ProseMirror [data-unit*="sam/"]')).toHaveCount(0);
});

test('unticking an annotator changes the counts at once, and is remembered after a reload', async ({ page, project }) => {
  await withSampleAnnotations(project);
  // A third annotator, sam, who did half of what layla did.
  const layla = await project.annotations(DOC, 'layla');
  const half = layla.spans.slice(0, Math.ceil(layla.spans.length / 2));
  await writeFile(project.file(layout.annotation(DOC, 'sam')), serializeAnnotationFile({ ...layla, annotator: 'sam', spans: half, relations: [], orphans: [] }));
  const two = (await disagreements(project)).open.length;
  const three = reviewUnits([
    { annotator: 'layla', spans: layla.spans },
    { annotator: 'sam', spans: half },
    { annotator: 'tom', spans: (await project.annotations(DOC, 'tom')).spans },
  ]).filter(isDisagreement).length;
  expect(three).toBeGreaterThan(two);

  await openReview(page, project);
  const progress = page.getByTestId('doc-progress');
  await expect(progress).toHaveText(`0 of ${three} disagreements settled`);
  const choice = page.getByTestId('annotator-choice');
  const sam = choice.getByRole('checkbox', { name: /^sam/ });
  await expect(sam).toBeChecked();

  // From the keyboard: Space on sam's checkbox leaves sam out, and the counts follow at once.
  await sam.focus();
  await page.keyboard.press('Space');
  await expect(sam).not.toBeChecked();
  await expect(progress).toHaveText(`0 of ${two} disagreements settled`);
  await expect(page.getByTestId('unit-list').locator('li')).toHaveCount(two);
  await expect(choice).toContainText('chosen for this document');
  // Stored with the project, beside the document.
  await expect.poll(() => readFile(project.file(reviewChoicePath(DOC)), 'utf8').catch(() => '')).toContain('"annotators": [\n    "layla",\n    "tom"\n  ]');
  await expect(page.getByTestId('project-progress')).toContainText(`of ${await projectTotal(project, DOC, two)} settled`);

  // After a reload the choice is still there.
  await page.reload();
  await page.getByRole('tab', { name: 'Review' }).click();
  await expect(page.getByTestId('doc-progress')).toHaveText(`0 of ${two} disagreements settled`);
  await expect(choice.getByRole('checkbox', { name: /^sam/ })).not.toBeChecked();

  // Ticking sam again is the default once more: the file goes.
  await choice.getByRole('checkbox', { name: /^sam/ }).click();
  await expect(progress).toHaveText(`0 of ${three} disagreements settled`);
  await expect(choice).toContainText('by default: everyone who tagged something');
  await expect.poll(() => stat(project.file(reviewChoicePath(DOC))).then(() => true, () => false)).toBe(false);
});

/** The project's disagreements with `docId` counted as `here`: the other documents are layla and tom only. */
async function projectTotal(project: ProjectFixture, docId: string, here: number): Promise<number> {
  let total = here;
  for (const id of ['000_121e11c80b4a277e', '001_cc6eff7c9034e064', '002_8b07dd57c7e0feb1', '003_0facc4703c9682af', '004_e94987f2d4dfd192']) if (id !== docId) total += (await disagreements(project, id)).open.length;
  return total;
}

test('review shows a linked entity by its name and a differing attribute by its name', async ({ page, project }) => {
  await withSampleAnnotations(project);
  // An actor span both tagged, linked to two different entities.
  let found: { doc: string; quote: string } | null = null;
  for (const doc of ['000_121e11c80b4a277e', '001_cc6eff7c9034e064', '002_8b07dd57c7e0feb1', '003_0facc4703c9682af', '004_e94987f2d4dfd192']) {
    const unit = (await disagreements(project, doc)).open.find((u) => u.attributesDiffer.includes('entity') && u.versions.some((v) => v.span.attributes?.entity === 'afp-journalist-001'));
    if (unit) found = { doc, quote: unit.versions[0]!.span.quote.exact };
  }
  expect(found).not.toBeNull();
  await openReview(page, project, found!.doc);
  await page.getByTestId('unit-list').locator('li', { hasText: found!.quote }).first().click();
  const current = page.getByTestId('current-unit');
  await expect(current).toContainText('attributes differ (Entity)');
  await expect(current).toContainText('Entity: AFP journalist (001)');
  await expect(current).toContainText('Entity: AFP ·');
  await expect(current).not.toContainText('afp-journalist-001');
});
