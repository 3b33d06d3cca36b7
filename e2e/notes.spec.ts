import { execFileSync } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { parseAnnotationFile, serializeAnnotationFile } from '../shared/format/annotationFile';
import { layout } from '../shared/format/layout';
import { isDisagreement, reviewUnits } from '../shared/review';
import { expect, SAMPLE_PROJECT, saved, test, type ProjectFixture } from './fixtures';

/** Pictures to look at, at the two sizes analysts use (not part of the assertions). */
async function shoot(page: Page, name: string): Promise<void> {
  for (const [width, height] of [[1366, 768], [1920, 1080]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `/tmp/notes-${name}-${width}.png` });
  }
}

// Notes on spans and documents (issue 10, "New"): written from the keyboard, kept on disk,
// found by search, exported, and a curator's note on a disagreement read by the annotator.
const DOC = '001_cc6eff7c9034e064';

async function withSampleAnnotations(project: ProjectFixture): Promise<void> {
  await cp(path.join(SAMPLE_PROJECT, 'documents'), project.file('documents'), { recursive: true, filter: (src) => !src.endsWith('.txt') && !src.endsWith('document.json') });
}

const inspectorNote = (page: Page) => page.getByTestId('inspector').getByLabel('Note', { exact: true });

test('a note and a flag on a span and on the document: written with F2, saved, there after a reload, found by search', async ({ page, project }) => {
  await withSampleAnnotations(project);
  await project.open(page, 'layla', DOC);
  const first = [...(await project.annotations(DOC, 'layla')).spans].sort((a, b) => a.startOffset - b.startOffset)[0]!;

  // Tab selects the first span; F2 goes to its note; Enter saves it and gives the text back its keys.
  await page.locator('.ProseMirror').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-span', first.id);
  await page.keyboard.press('F2');
  await expect(inspectorNote(page)).toBeFocused();
  await page.keyboard.type('Is this the army, or the police? Check the wire copy.');
  await page.keyboard.press('Shift+Tab'); // to the flag, before the note
  await expect(page.getByLabel('Note: flag', { exact: true })).toBeFocused();
  await page.getByLabel('Note: flag', { exact: true }).selectOption({ label: 'unsure' });
  await inspectorNote(page).click();
  await page.keyboard.press('Enter');
  await expect(page.locator('.ProseMirror')).toBeFocused();
  await saved(page);
  await expect.poll(async () => (await project.annotations(DOC, 'layla')).spans.find((s) => s.id === first.id)?.note).toEqual({ text: 'Is this the army, or the police? Check the wire copy.', flag: 'unsure' });

  // Esc clears the selection; F2 then goes to the document's note. Esc leaves it, saved.
  await page.keyboard.press('Escape');
  await page.keyboard.press('F2');
  const docNote = page.getByLabel('Document note', { exact: true });
  await expect(docNote).toBeFocused();
  await page.keyboard.type('Second half reads like a wire copy.');
  await page.getByLabel('Document note: flag').selectOption({ label: 'check source' });
  await docNote.focus();
  await page.keyboard.press('Escape');
  await expect(page.locator('.ProseMirror')).toBeFocused();
  await expect.poll(async () => (await project.annotations(DOC, 'layla')).note).toEqual({ text: 'Second half reads like a wire copy.', flag: 'check-source' });
  // Undo takes the last change of the span note back (the flag), as any annotation action; redo puts it again.
  await page.keyboard.press('Control+z');
  await saved(page);
  await expect.poll(async () => (await project.annotations(DOC, 'layla')).spans.find((s) => s.id === first.id)?.note).toEqual({ text: 'Is this the army, or the police? Check the wire copy.' });
  await page.keyboard.press('Control+Shift+z');
  await saved(page);

  // After a reload both are there.
  await page.reload();
  await expect(page.locator('.ProseMirror')).toBeVisible();
  await expect(docNote).toHaveValue('Second half reads like a wire copy.');
  await expect(page.getByLabel('Document note: flag')).toHaveValue('check-source');
  await page.locator('.ProseMirror').focus();
  await page.keyboard.press('Tab');
  await expect(inspectorNote(page)).toHaveValue('Is this the army, or the police? Check the wire copy.');
  await expect(page.getByLabel('Note: flag', { exact: true })).toHaveValue('unsure');
  await shoot(page, 'inspector');

  // Search: notes by their text, and by flag; each hit says whose it is.
  await page.keyboard.press('Control+Shift+F');
  await page.getByLabel('Search in').selectOption({ label: 'Notes' });
  await page.getByLabel('Search', { exact: true }).fill('POLICE');
  const hits = page.getByRole('listbox', { name: 'Search results' }).getByRole('option');
  await expect(hits).toHaveCount(1);
  await expect(hits.first()).toContainText('layla (you)');
  await expect(hits.first()).toContainText('Is this the army, or the police?');
  await page.getByLabel('Search', { exact: true }).fill('');
  await page.getByLabel('Notes with flag').selectOption({ label: 'flagged check source' });
  await expect(hits).toHaveCount(1);
  await expect(hits.first()).toContainText('the document');
  await expect(hits.first()).toContainText('Second half reads like a wire copy.');
  await shoot(page, 'search');
});

test('notes reach Standoff JSONL, CSV and brat files written from the Export dialog', async ({ page, project }) => {
  await withSampleAnnotations(project);
  await project.open(page, 'layla', DOC);
  await page.locator('.ProseMirror').focus();
  await page.keyboard.press('Tab');
  const spanId = await page.getByTestId('inspector').getAttribute('data-span');
  await page.keyboard.press('F2');
  await page.keyboard.type('two lines:');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('a; "quoted" second');
  await page.keyboard.press('Enter');
  await saved(page);
  await page.keyboard.press('Escape');
  await page.keyboard.press('F2');
  await page.keyboard.type('Wire copy');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await project.annotations(DOC, 'layla')).note?.text).toBe('Wire copy');

  await page.keyboard.press('Control+Shift+E');
  const dialog = page.getByRole('dialog', { name: 'Export a dataset' });
  const report = dialog.getByTestId('export-report');
  const exportAs = async (format: string, out: string) => {
    await dialog.getByLabel('Format').selectOption(format);
    await dialog.getByLabel('Layer').selectOption('annotator:layla');
    await dialog.getByLabel('Where to write').fill(out);
    await dialog.getByRole('button', { name: 'Export' }).click();
    await expect(report).toContainText(`${project.root}/${out}`);
  };
  const NOTE = 'two lines:\na; "quoted" second';

  await exportAs('standoff', 'exports/standoff-notes.jsonl');
  const lines = (await readFile(project.file('exports/standoff-notes.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { id: string; note?: unknown; spans: Array<{ id: string; note?: unknown }> });
  const line = lines.find((l) => l.id === DOC)!;
  expect(line.note).toEqual({ text: 'Wire copy' });
  expect(line.spans.find((s) => s.id === spanId)!.note).toEqual({ text: NOTE });

  await exportAs('csv', 'exports/csv-notes.csv');
  const script = 'import csv, json, sys\nwith open(sys.argv[1], newline="", encoding="utf-8-sig") as f:\n    print(json.dumps(list(csv.DictReader(f))))';
  const rows = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, project.file('exports/csv-notes.csv')], { encoding: 'utf8' })) as Record<string, string>[];
  expect(rows.find((r) => r.span === spanId)!.note).toBe(NOTE);
  expect(rows.filter((r) => r.document === DOC).every((r) => r['document.note'] === 'Wire copy')).toBe(true);

  await exportAs('brat', 'exports/brat');
  await expect(report).toContainText('1 note left out: the format has no place for it');
  const ann = await readFile(project.file(`exports/brat/${DOC}.ann`), 'utf8');
  expect(ann).toMatch(/^#\d+\tAnnotatorNotes T1\ttwo lines:\\na; "quoted" second$/m);
  const card = await readFile(project.file('exports/brat/README.md'), 'utf8');
  expect(card).toContain('1 note not written: the format has no place for a note on a whole document');
});

test('a curator’s note on a disagreement, written in review, is read by the annotator under “What gold changed”', async ({ page, project }) => {
  await withSampleAnnotations(project);
  // A disagreement where layla has a span: she will see the note beside gold's change.
  const rel = (a: string) => layout.annotation(DOC, a);
  const layla = parseAnnotationFile(await readFile(project.file(rel('layla')), 'utf8'), rel('layla'));
  const tom = parseAnnotationFile(await readFile(project.file(rel('tom')), 'utf8'), rel('tom'));
  const units = reviewUnits([
    { annotator: 'layla', spans: layla.spans },
    { annotator: 'tom', spans: tom.spans },
  ]).filter(isDisagreement);
  const unit = units.find((u) => u.versions.some((v) => v.annotator === 'layla') && u.versions.some((v) => v.annotator === 'tom'))!;

  // layla left a note on her version: review shows it under her name.
  const laylaSpan = unit.versions.find((v) => v.annotator === 'layla')!.span;
  layla.spans = layla.spans.map((x) => (x.id === laylaSpan.id ? { ...x, note: { text: 'Not sure where this ends.', flag: 'unsure' } } : x));
  await writeFile(project.file(rel('layla')), serializeAnnotationFile(layla));

  await project.open(page, 'tom', DOC);
  await page.getByRole('tab', { name: 'Review' }).click();
  await expect(page.getByTestId('review-pane')).toBeVisible();
  await page.keyboard.press('g');
  await page.getByTestId('unit-list').locator('li', { hasText: unit.versions[0]!.span.quote.exact }).first().click();
  await expect(page.getByTestId('current-unit')).toContainText(unit.versions[0]!.span.quote.exact);
  const laylaVersion = page.getByTestId('current-unit').locator('.versions > li', { hasText: 'layla' });
  await expect(laylaVersion.getByTestId('note-view')).toContainText('unsure');
  await expect(laylaVersion.getByTestId('note-view')).toContainText('Not sure where this ends.');
  // F2: the curator's note on this disagreement.
  await page.keyboard.press('F2');
  const note = page.getByLabel('Note for the annotators', { exact: true });
  await expect(note).toBeFocused();
  await page.keyboard.type('Guidelines §3: take the longer span.');
  await page.getByLabel('Note for the annotators: flag').selectOption({ label: 'discuss' });
  await note.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.ProseMirror')).toBeFocused();
  await shoot(page, 'review');
  await page.keyboard.press('2'); // tom's version into gold
  await saved(page);
  await expect.poll(async () => parseAnnotationFile(await readFile(project.file(rel('gold')), 'utf8'), rel('gold')).unitNotes).toEqual({ [unit.key]: { text: 'Guidelines §3: take the longer span.', flag: 'discuss' } });

  // layla, annotating, reads it under "What gold changed", beside the change it explains.
  await page.getByRole('tab', { name: 'Annotate' }).click();
  await page.getByRole('button', { name: /Annotator:/ }).click();
  await page.getByLabel('Your name').fill('layla');
  await page.keyboard.press('Enter');
  const changes = page.getByTestId('gold-changes');
  await expect(changes).toContainText('What gold changed');
  await expect(changes).toContainText('1 note');
  await expect(changes.locator('li', { hasText: 'Guidelines §3: take the longer span.' })).toContainText('Curator');
  await expect(changes.locator('li', { hasText: 'Guidelines §3' }).locator('.note-flag')).toHaveText('discuss');
  await shoot(page, 'goldchanges');
});
