import path from 'node:path';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dragOver, expect, saved, test } from './fixtures';

const CORPORA = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'backend', 'import', 'fixtures', 'corpora');

/**
 * Issue 13 in the app: one dialog brings real corpora (brat's NCBI-disease sample, spaCy's IOB
 * example, doccano's example) into an existing project, adding their labels; the tenth label
 * has no key and is tagged from the label palette and found in the command palette.
 */
test('brings corpora in from the Import dialog, adding labels past nine, which the palettes then offer', async ({ page, project }) => {
  test.setTimeout(120_000);
  await project.open(page, 'amira');
  await page.keyboard.press('Control+o');
  const dialog = page.getByRole('dialog', { name: 'Import', exact: true });
  await dialog.getByRole('tab', { name: 'Annotations' }).click();
  const report = dialog.getByTestId('annotations-import-report');

  // Without "Add labels": refused, each line named, and what to do said.
  await dialog.getByLabel('File or folder of annotations').fill(path.join(CORPORA, 'brat-ncbi-disease'));
  await dialog.getByLabel('Layer to import into').fill('nora');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(report).toContainText('Nothing was imported');
  await expect(report).toContainText('brat-ncbi-disease/PMID-23402.ann:1');
  await expect(report).toContainText('add it with --add-labels');

  await dialog.getByLabel(/Add labels the schema lacks/).check();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(report).toContainText('Labels added: Disease; attributes: Disease/Category');
  await expect(report).toContainText('PMID-23402: 8 spans, 0 relations (from brat-ncbi-disease/PMID-23402.ann, new document)');
  expect(await readFile(project.file('documents/PMID-9888390/text.txt'), 'utf8')).toBe(await readFile(path.join(CORPORA, 'brat-ncbi-disease', 'PMID-9888390.txt'), 'utf8'));

  await dialog.getByLabel('File or folder of annotations').fill(path.join(CORPORA, 'conll', 'ner-token-per-line.iob'));
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(report).toContainText('Labels added: PERSON, ORG, DATE, NORP');

  await dialog.getByLabel('File or folder of annotations').fill(path.join(CORPORA, 'doccano', 'sequence_labeling-example.jsonl'));
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(report).toContainText('Labels added: MISC');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Ten labels: keys 1–9, and MISC without one.
  const palette = page.getByRole('toolbar', { name: 'Tag with label' });
  await expect(palette.getByRole('button')).toHaveCount(10);
  await expect(palette.locator('[data-label="NORP"] kbd')).toHaveText('9');
  await expect(palette.locator('[data-label="MISC"]')).toBeVisible();
  await expect(palette.locator('[data-label="MISC"] kbd')).toHaveCount(0);
  expect((await readdir(project.file('documents'))).filter((d) => d.startsWith('PMID-')).sort()).toEqual(['PMID-23402', 'PMID-9888390']);

  // The command palette offers "tag as MISC" with no key, like every other label, and tags with it.
  // The open document is opened again after an import (its layer may have changed): a
  // selection made before the new editor is shown goes with the old one, so select again until
  // the tag lands ("already tagged" adds nothing, so a late count cannot make two spans).
  const commands = page.getByTestId('command-palette');
  await expect(async () => {
    await dragOver(page, 'burning trucks');
    await page.keyboard.press('Control+k');
    await commands.locator('input').first().fill('tag as MISC');
    await expect(commands).toContainText('Tag as MISC');
    await page.keyboard.press('Enter');
    await expect(palette.locator('[data-label="MISC"] .palette-count')).toHaveText('1', { timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.locator('.ProseMirror .sp-MISC').first()).toHaveText('burning trucks');
  await saved(page);
  expect((await project.annotations('000_121e11c80b4a277e', 'amira')).spans.map((s) => s.label)).toEqual(['MISC']);
});
