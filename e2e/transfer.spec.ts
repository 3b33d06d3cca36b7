import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FORMAT_ENTRIES, FORMATS, IMPORT_FORMATS, type ImportFormat } from '../shared/interchange/formats';
import { EMOJI_TEXT, expect, SAMPLE_PROJECT, test, type ProjectFixture } from './fixtures';

/** The fixture starts from the bare texts: put layla's and tom's files of the sample back. */
async function withSampleAnnotators(project: ProjectFixture): Promise<void> {
  for (const doc of await readdir(path.join(SAMPLE_PROJECT, 'documents'))) {
    await cp(path.join(SAMPLE_PROJECT, 'documents', doc, 'annotations'), project.file(path.join('documents', doc, 'annotations')), { recursive: true });
  }
}

test('imports a folder of articles from the keyboard, with progress and a report of what was skipped and why', async ({ page, project }) => {
  const inbox = await mkdtemp(path.join(tmpdir(), 'standoff-inbox-'));
  try {
    await mkdir(path.join(inbox, 'more'));
    await writeFile(path.join(inbox, 'raid.txt'), 'Raid on the base\r\nThree soldiers were wounded, officials said.\r\n');
    await writeFile(
      path.join(inbox, 'more', 'statement.html'),
      '<html><head><title>Statement</title><script>track()</script></head><body><nav>Home | World</nav><article><h1>Group denies attack</h1><p>The group denied any role in the attack.</p></article></body></html>',
    );
    await writeFile(path.join(inbox, 'empty.md'), '   \n');
    await writeFile(path.join(inbox, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])); // "café" in Latin-1: not UTF-8
    await writeFile(path.join(inbox, 'again.txt'), await readFile(path.join(SAMPLE_PROJECT, 'documents', '003_0facc4703c9682af', 'text.txt')));

    await project.open(page, 'amira');
    await expect(page.getByRole('navigation', { name: 'Documents' })).toContainText('6 documents', { ignoreCase: true });
    await page.keyboard.press('Control+o');
    const dialog = page.getByRole('dialog', { name: 'Import', exact: true });
    await expect(dialog.getByRole('button', { name: 'Choose files…' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(dialog.getByLabel('Files or folders to import')).toBeFocused();
    await page.keyboard.type(inbox);
    await page.keyboard.press('Control+Enter');

    const report = dialog.getByTestId('import-report');
    await expect(report).toContainText('2 imported, 3 skipped');
    await expect(report).toContainText('raid.txt → raid');
    await expect(report).toContainText('statement.html → statement');
    await expect(report).toContainText('empty.md: empty (no text after import)');
    await expect(report).toContainText(/latin1\.txt: .*UTF-8/);
    await expect(report).toContainText('again.txt: duplicate: same text as document "003_0facc4703c9682af"');

    // On disk: the HTML's main text without navigation or script; CRLF became LF.
    expect(await readFile(project.file('documents/statement/text.txt'), 'utf8')).not.toMatch(/Home \| World|track\(\)/);
    expect(await readFile(project.file('documents/statement/text.txt'), 'utf8')).toContain('The group denied any role in the attack.');
    expect(await readFile(project.file('documents/raid/text.txt'), 'utf8')).toBe('Raid on the base\nThree soldiers were wounded, officials said.');
    expect((await readdir(project.file('documents'))).filter((d) => !d.startsWith('.'))).toHaveLength(8);

    // The document list has them at once; Esc closes the dialog.
    const list = page.getByRole('navigation', { name: 'Documents' });
    await expect(list).toContainText('8 documents', { ignoreCase: true });
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await list.getByText('Raid on the base').click();
    await expect(page.locator('.ProseMirror')).toContainText('Three soldiers were wounded');
  } finally {
    await rm(inbox, { recursive: true, force: true });
  }
});

/** Runs Python's own csv reader over a file: the rows as a spreadsheet user's tools would see them. */
function pythonCsvRows(file: string): Record<string, string>[] {
  const script = 'import csv, json, sys\nwith open(sys.argv[1], newline="", encoding="utf-8-sig") as f:\n    print(json.dumps(list(csv.DictReader(f))))';
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' })) as Record<string, string>[];
}

test('marks a document finished, exports only finished documents as CSV from the dialog, byte for byte again, and refuses to overwrite unasked', async ({ page, project }) => {
  await withSampleAnnotators(project);
  const docId = '001_cc6eff7c9034e064';
  await project.open(page, 'layla', docId);
  await page.keyboard.press('Control+Shift+Enter');
  await expect(page.getByRole('button', { name: /Finished/ })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await project.annotations(docId, 'layla')).finished).toBe(true);
  await expect(page.getByRole('navigation', { name: 'Documents' }).locator('.doc-count.finished')).toHaveCount(1);

  await page.keyboard.press('Control+Shift+E');
  const dialog = page.getByRole('dialog', { name: 'Export a dataset' });
  await expect(dialog.getByLabel('Format')).toBeFocused();
  await dialog.getByLabel('Format').selectOption('csv');
  await dialog.getByLabel('Layer').selectOption('annotator:layla');
  await dialog.getByLabel('Documents').selectOption('finished');
  await expect(dialog.getByLabel('Where to write')).toHaveValue(`${project.root}/exports/csv-layla.csv`);
  await dialog.getByRole('button', { name: 'Export' }).click();
  const report = dialog.getByTestId('export-report');
  await expect(report).toContainText(/spans and \d+ relations of 1 document written/);

  // On disk, read by Python's csv module: layla's spans of that one document, at their code points.
  const out = project.file('exports/csv-layla.csv');
  const rows = pythonCsvRows(out);
  const layla = await project.annotations(docId, 'layla');
  expect(rows).toHaveLength(layla.spans.length);
  expect(new Set(rows.map((r) => r.document))).toEqual(new Set([docId]));
  const text = await readFile(project.file(`documents/${docId}/text.txt`), 'utf8');
  for (const r of rows) expect([...text].slice(Number(r.start), Number(r.end)).join('')).toBe(r.text);
  const card = await readFile(project.file('exports/csv-layla.card.md'), 'utf8');
  expect(card).toContain('layla');
  const bytes = await readFile(out);

  // Again: refused, since the file is there; with "Replace what is there", the same bytes.
  await dialog.getByRole('button', { name: 'Export' }).click();
  await expect(dialog.getByTestId('export-error')).toContainText(/exists and is not empty; not replacing it unless asked to \(tick “Replace what is there”, or choose another name\)/);
  await expect(dialog.getByTestId('export-error')).not.toContainText('--');
  await dialog.getByLabel('Replace what is there').check();
  await dialog.getByRole('button', { name: 'Export' }).click();
  await expect(report).toBeVisible();
  expect((await readFile(out)).equals(bytes)).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('imports spaCy JSONL into a new layer at the right code points, and a file with a bad line imports nothing and says where', async ({ page, project }) => {
  const chars = [...EMOJI_TEXT.replace(/\r\n/g, '\n')];
  const at = (s: string) => {
    const start = chars.join('').indexOf(s);
    const cp = [...chars.join('').slice(0, start)].length;
    return { start: cp, end: cp + [...s].length };
  };
  const figure = at('three people were killed');
  const actor = at('Officials');
  const inbox = await mkdtemp(path.join(tmpdir(), 'standoff-spans-'));
  try {
    const good = path.join(inbox, 'spans.jsonl');
    await writeFile(good, `${JSON.stringify({ text: chars.join(''), spans: [{ ...figure, label: 'casualty-figure' }, { ...actor, label: 'actor' }] })}\n`);
    const bad = path.join(inbox, 'bad.jsonl');
    await writeFile(bad, `${JSON.stringify({ text: chars.join(''), spans: [{ ...actor, label: 'actor' }] })}\n${JSON.stringify({ text: chars.join(''), spans: [{ ...actor, label: 'rumour' }] })}\n`);

    await project.open(page, 'amira', 'emoji');
    await page.keyboard.press('Control+o');
    const dialog = page.getByRole('dialog', { name: 'Import', exact: true });
    await dialog.getByRole('tab', { name: 'Annotations' }).click();

    // The bad file first: nothing is written, and the problem names the file and line.
    await dialog.getByLabel('File or folder of annotations').fill(bad);
    await dialog.getByLabel('Layer to import into').fill('nora');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const report = dialog.getByTestId('annotations-import-report');
    await expect(report).toContainText('Nothing was imported');
    await expect(report).toContainText('bad.jsonl:2');
    await expect(report).toContainText('rumour');
    await expect(readdir(project.file('documents/emoji/annotations'))).resolves.not.toContain('nora.json');

    await dialog.getByLabel('File or folder of annotations').fill(good);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(report).toContainText('2 spans and 0 relations went into nora’s layer of 1 document');
    const nora = await project.annotations('emoji', 'nora');
    expect(nora.spans.map((s) => [s.label, s.startOffset, s.endOffset, s.quote.exact]).sort()).toEqual(
      [
        ['actor', actor.start, actor.end, 'Officials'],
        ['casualty-figure', figure.start, figure.end, 'three people were killed'],
      ].sort(),
    );
  } finally {
    await rm(inbox, { recursive: true, force: true });
  }
});

/** Every request that fails (status 400 or more) while a test runs, by its path. */
function failingRequests(page: import('@playwright/test').Page): string[] {
  const failures: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failures.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  return failures;
}

test('each format option of the Export dialog reaches the file; relative paths start from the project folder; the summary lists what the format left out', async ({ page, project }) => {
  await withSampleAnnotators(project);
  const failures = failingRequests(page);
  await project.open(page, 'layla');
  await page.keyboard.press('Control+Shift+E');
  const dialog = page.getByRole('dialog', { name: 'Export a dataset' });
  const report = dialog.getByTestId('export-report');
  const exportAs = async (format: string, out: string, option: () => Promise<void>) => {
    await dialog.getByLabel('Format').selectOption(format);
    await dialog.getByLabel('Layer').selectOption('annotator:layla');
    await option();
    await dialog.getByLabel('Where to write').fill(out);
    // A relative path: the dialog says where it leads, from the project folder.
    await expect(dialog.getByTestId('export-resolved')).toContainText(`${project.root}/${out}`);
    await dialog.getByRole('button', { name: 'Export' }).click();
    await expect(report).toContainText(`${project.root}/${out}`);
  };

  await exportAs('csv', 'exports/ids.csv', () => dialog.getByLabel('Choice values and relation types as ids, not names').check());
  expect(await readFile(project.file('exports/ids.card.md'), 'utf8')).toContain('Choices are written by id');

  await exportAs('spacy', 'exports/no-tokens.jsonl', () => dialog.getByLabel(/Without tokens/).check());
  const spacy = (await readFile(project.file('exports/no-tokens.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(spacy.length).toBeGreaterThan(0);
  for (const line of spacy) expect(line).not.toHaveProperty('tokens');

  await exportAs('doccano', 'exports/relations.jsonl', () => dialog.getByLabel(/Relation layout/).check());
  const doccano = (await readFile(project.file('exports/relations.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const line of doccano) {
    expect(line).toHaveProperty('entities');
    expect(line).toHaveProperty('relations');
    expect(line).not.toHaveProperty('label');
  }
  expect(doccano.some((l) => (l.relations as unknown[]).length > 0)).toBe(true);

  await exportAs('w3c', 'exports/based.jsonld', () => dialog.getByLabel('Base of the IRIs').fill('https://example.org/news/'));
  const w3c = await readFile(project.file('exports/based.jsonld'), 'utf8');
  expect(w3c).toContain('https://example.org/news/');
  expect(w3c).not.toContain('urn:standoff:');

  await exportAs('conll', 'exports/lines', () => dialog.getByLabel('Sentences end at line breaks only').check());
  const readme = await readFile(project.file('exports/lines/README.md'), 'utf8');
  expect(readme).toContain('Sentences end at line breaks,');
  expect(readme).not.toContain('ICU’s sentence rules');
  // CoNLL has no place for attributes and relations: the summary says so, as the card does.
  await expect(report).toContainText(/\d+ attribute values? left out: the format has no place for them/);
  await expect(report).toContainText(/\d+ relations? left out: the format has no place for them/);

  // Hugging Face: a window that is not a whole number is refused in the dialog, before the service.
  await dialog.getByLabel('Format').selectOption('huggingface');
  await dialog.getByLabel('Tokens per record', { exact: true }).fill('many');
  await expect(dialog.getByText('Tokens per record must be a whole number from 1 to 100,000')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Export' })).toBeDisabled();
  await exportAs('huggingface', 'exports/windows', () => dialog.getByLabel('Tokens per record', { exact: true }).fill('64'));
  const windows = (await readFile(project.file('exports/windows/data.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { tokens: string[] });
  expect(Math.max(...windows.map((w) => w.tokens.length))).toBeLessThanOrEqual(64);
  expect((await readFile(project.file('exports/windows/README.md'), 'utf8')).startsWith('---\nconfigs:')).toBe(true);

  await exportAs('conll', 'exports/two', () => dialog.getByLabel(/Two columns/).check());
  const two = (await readFile(project.file('exports/two/data.conll'), 'utf8')).split('\n').filter((l) => l !== '');
  expect(two[0]).toBe('-DOCSTART- -X- O O');
  expect(two.filter((l) => !l.startsWith('-DOCSTART-')).every((l) => l.split('\t').length === 2)).toBe(true);

  await exportAs('doccano', 'exports/flat.jsonl', () => dialog.getByLabel(/No overlapping spans/).check());
  await expect(report).toContainText(/overlap/);

  // Closing the dialog after its job has finished asks the service nothing that fails.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(failures).toEqual([]);
});

test('imports chosen files and a dropped file through the service, with the report', async ({ page, project }) => {
  const failures = failingRequests(page);
  await project.open(page, 'amira');
  await page.keyboard.press('Control+o');
  const dialog = page.getByRole('dialog', { name: 'Import', exact: true });
  await expect(dialog.getByRole('button', { name: 'Choose files…' })).toBeFocused();
  await dialog.getByLabel('Files to import').setInputFiles([
    { name: 'raid.txt', mimeType: 'text/plain', buffer: Buffer.from('Raid on the base\r\nThree soldiers were wounded, officials said.\r\n') },
    { name: 'statement.html', mimeType: 'text/html', buffer: Buffer.from('<html><head><title>Statement</title></head><body><nav>Home | World</nav><article><h1>Group denies attack</h1><p>The group denied any role in the attack.</p></article></body></html>') },
    { name: 'latin1.txt', mimeType: 'text/plain', buffer: Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]) },
  ]);
  const report = dialog.getByTestId('import-report');
  await expect(report).toContainText('2 imported, 1 skipped');
  await expect(report).toContainText('raid.txt → raid');
  await expect(report).toContainText('statement.html → statement');
  await expect(report).toContainText(/latin1\.txt: .*UTF-8/);
  expect(await readFile(project.file('documents/raid/text.txt'), 'utf8')).toBe('Raid on the base\nThree soldiers were wounded, officials said.');
  await expect(page.getByRole('navigation', { name: 'Documents' })).toContainText('8 documents', { ignoreCase: true });

  // A file dropped on the drop zone.
  const drop = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(new File(['A dropped report: two fighters were killed.\n'], 'dropped.md', { type: 'text/markdown' }));
    return data;
  });
  await dialog.getByTestId('import-drop-zone').dispatchEvent('dragover', { dataTransfer: drop });
  await dialog.getByTestId('import-drop-zone').dispatchEvent('drop', { dataTransfer: drop });
  await expect(report).toContainText('1 imported, 0 skipped');
  await expect(report).toContainText('dropped.md → dropped');
  expect(await readFile(project.file('documents/dropped/text.txt'), 'utf8')).toBe('A dropped report: two fighters were killed.');

  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(failures).toEqual([]);
});

test('the Export and Import dialogs offer exactly the formats of the format table, each with its own options', async ({ page, project }) => {
  await project.open(page, 'layla');
  await page.keyboard.press('Control+Shift+E');
  const dialog = page.getByRole('dialog', { name: 'Export a dataset' });
  const offered = (select: ReturnType<typeof dialog.getByLabel>) => select.locator('option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
  // Polled: the dialog's select may be in the page a moment before its options are.
  await expect.poll(() => offered(dialog.getByLabel('Format'))).toEqual(FORMAT_ENTRIES.map(([id, f]) => [id, f.name]));
  for (const [id, f] of FORMAT_ENTRIES) {
    await dialog.getByLabel('Format').selectOption(id);
    await expect(dialog.locator('.format-use')).toHaveText(f.use);
    await expect(dialog.getByText(f.writes === 'folder' ? 'Folder to write' : 'File to write', { exact: true })).toBeVisible();
    // Its own options and no other format's: the two every format has, then its check boxes; its text fields.
    const checks = f.options.filter((o) => o.field.kind === 'check').map((o) => o.field.words);
    await expect(dialog.locator('.transfer-checks label')).toHaveText(['Agreement figures in the card', 'Replace what is there', ...checks]);
    for (const o of f.options) if (o.field.kind === 'text') await expect(dialog.getByLabel(o.field.name, { exact: true })).toBeVisible();
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.keyboard.press('Control+o');
  const importDialog = page.getByRole('dialog', { name: 'Import', exact: true });
  await importDialog.getByRole('tab', { name: 'Annotations' }).click();
  await expect.poll(async () => (await offered(importDialog.getByLabel('Format'))).map(([id]) => id)).toEqual(['auto', ...IMPORT_FORMATS]);
  const formats = await offered(importDialog.getByLabel('Format'));
  for (const [id, name] of formats.slice(1)) expect(name).toContain(FORMATS[id as ImportFormat].name);
});
