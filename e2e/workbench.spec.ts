import { readFile, stat, writeFile } from 'node:fs/promises';
import { codePointIndexOf, codePointSlice, dragOver, EMOJI_TEXT, expect, pauseBetweenClicks, saved, test } from './fixtures';

const DOC = '000_121e11c80b4a277e';
const EMOJI_DOC = 'emoji';
const EMOJI_STORED = EMOJI_TEXT; // CRLF was normalised to LF at import

test('first run asks who is annotating, remembers it, and the name can be switched', async ({ page, project }) => {
  await project.open(page, null);
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Who is annotating?');
  await page.getByLabel('Your name').fill('Ana María');
  await expect(dialog).toContainText('ana-maria.json');
  await page.keyboard.press('Enter');
  await expect(page.locator('.annotator')).toContainText('ana-maria');
  await page.reload();
  await expect(page.locator('.annotator')).toContainText('ana-maria');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.locator('.annotator').click();
  await page.getByLabel('Your name').fill('Bob');
  await page.getByRole('button', { name: 'Start annotating' }).click();
  await expect(page.locator('.annotator')).toContainText('bob');
});

test('a mouse drag and a key tag a span that is saved with code-point offsets and survives reload', async ({ page, project }) => {
  await project.open(page, 'amira', EMOJI_DOC);
  await expect(page.locator('.doc-heading')).toContainText('characters');
  // Drag from inside "three" to inside "killed": the span snaps to whole words.
  await dragOver(page, 'three people were killed', { from: 2, to: 22 });
  await page.keyboard.press('3');
  await expect(page.locator('span.sp-casualty-figure')).toHaveText('three people were killed');
  await saved(page);

  const file = await project.annotations(EMOJI_DOC, 'amira');
  expect(file.offsets).toBe('unicode-code-points');
  expect(file.spans).toHaveLength(1);
  const span = file.spans[0]!;
  const start = codePointIndexOf(EMOJI_STORED, 'three people');
  expect(span).toMatchObject({ label: 'casualty-figure', startOffset: start, endOffset: start + 'three people were killed'.length });
  expect(codePointSlice(EMOJI_STORED, span.startOffset, span.endOffset)).toBe('three people were killed');
  // In UTF-16 the same place is further on: the emoji before it take two units each.
  expect(EMOJI_STORED.indexOf('three people')).toBeGreaterThan(start);
  expect(span.quote.prefix.endsWith('Officials said ')).toBe(true);

  await page.reload();
  await expect(page.locator('span.sp-casualty-figure')).toHaveText('three people were killed');
  await expect(page.locator(`.doc-row[data-doc-id="${EMOJI_DOC}"] .doc-count.mine`)).toHaveText('amira 1');
});

test('keyboard only: select with Shift+arrows, tag, exact tagging with Alt, Tab to spans, Delete', async ({ page, project }) => {
  await project.open(page, 'amira', EMOJI_DOC);
  const editor = page.locator('.ProseMirror');
  await editor.focus();
  // Second line: "Officials said three people were killed in the attack."
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight'); // inside "Officials"
  for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowRight'); // "icials"
  await page.keyboard.press('4');
  await expect(page.locator('span.sp-actor')).toHaveText('Officials');

  // Alt+digit tags exactly what is selected, without snapping: "icial".
  await page.keyboard.press('Home');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Alt+1');
  await expect(page.locator('span.sp-claim')).toHaveText('icial');
  await saved(page);
  let file = await project.annotations(EMOJI_DOC, 'amira');
  expect(file.spans.map((s) => s.quote.exact).sort()).toEqual(['Officials', 'icial']);

  // Tab selects spans in document order; Delete removes the selected one.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('selected-span')).toContainText('Actor');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('selected-span')).toContainText('Claim');
  await page.keyboard.press('Delete');
  await expect(page.locator('span.sp-claim')).toHaveCount(0);
  await saved(page);
  file = await project.annotations(EMOJI_DOC, 'amira');
  expect(file.spans.map((s) => s.quote.exact)).toEqual(['Officials']);
});

test('overlapping and nested spans all stay visible and clickable', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  const claim = 'A group called Sayara Thora Al-Ashrin, or SarayaAshreen Thani, claimed responsibility';
  await dragOver(page, claim);
  await page.keyboard.press('1');
  await dragOver(page, 'Sayara Thora Al-Ashrin');
  await page.keyboard.press('4');
  // A span crossing the claim's end.
  await dragOver(page, 'claimed responsibility. The same group');
  await page.keyboard.press('2');
  await saved(page);

  const outer = page.locator('span.sp-claim').filter({ hasText: 'A group called' });
  const inner = page.locator('span.sp-actor').filter({ hasText: 'Sayara Thora Al-Ashrin' });
  await expect(inner).toBeVisible();
  await expect(outer).toBeVisible();
  await expect(page.locator('span.sp-denial')).toHaveCount(2); // split where it crosses the claim's end
  // Each layer draws its own underline: the nested actor sits in a different lane.
  const lanes = await page.evaluate(() =>
    Array.from(document.querySelectorAll('span.sp')).map((el) => ({ label: el.className, pad: getComputedStyle(el).paddingBottom })),
  );
  const actorPad = lanes.find((l) => l.label.includes('sp-actor'))!.pad;
  const claimPad = lanes.find((l) => l.label.includes('sp-claim'))!.pad;
  expect(actorPad).not.toBe(claimPad);

  // Clicking the nested actor selects it; clicking again reaches the claim around it.
  await inner.click();
  await expect(page.getByTestId('selected-span')).toContainText('Actor');
  await pauseBetweenClicks(page); // a second click, not a double click (which selects a word)
  await inner.click();
  await expect(page.getByTestId('selected-span')).toContainText('Claim');

  const file = await project.annotations(DOC, 'amira');
  expect(file.spans.map((s) => s.label).sort()).toEqual(['actor', 'claim', 'denial']);
});

test('undo and redo every annotation action, on screen and on disk', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  await expect(page.locator('span.sp-actor')).toHaveText('Fars News');
  // Change its label with a key while it is selected.
  await page.keyboard.press('1');
  await expect(page.locator('span.sp-claim')).toHaveText('Fars News');
  await page.keyboard.press('Delete');
  await expect(page.locator('span.sp')).toHaveCount(0);

  await page.keyboard.press('Control+z'); // undo delete
  await expect(page.locator('span.sp-claim')).toHaveText('Fars News');
  await page.keyboard.press('Control+z'); // undo relabel
  await expect(page.locator('span.sp-actor')).toHaveText('Fars News');
  await saved(page);
  expect((await project.annotations(DOC, 'amira')).spans.map((s) => s.label)).toEqual(['actor']);
  await page.keyboard.press('Control+z'); // undo tag
  await expect(page.locator('span.sp')).toHaveCount(0);
  await saved(page);
  expect((await project.annotations(DOC, 'amira')).spans).toEqual([]);

  await page.keyboard.press('Control+Shift+Z'); // redo tag
  await page.keyboard.press('Control+Shift+Z'); // redo relabel
  await expect(page.locator('span.sp-claim')).toHaveText('Fars News');
  await saved(page);
  expect((await project.annotations(DOC, 'amira')).spans.map((s) => s.label)).toEqual(['claim']);
});

test('the palette tags with the mouse, and find selects a match ready to tag', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  await dragOver(page, 'Iraqi Ministry of Defense');
  await page.locator('.palette-item[data-label=actor]').click();
  await expect(page.locator('span.sp-actor')).toHaveText('Iraqi Ministry of Defense');

  await page.keyboard.press('Control+f');
  await page.getByLabel('Find in document').fill('diwaniyah');
  await expect(page.locator('.find-count')).toContainText('of 2');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.press('4');
  await expect(page.locator('span.sp-actor').filter({ hasText: /^Diwaniyah$/ })).toHaveCount(1);
  await saved(page);
  const file = await project.annotations(DOC, 'amira');
  expect(file.spans.map((s) => s.quote.exact).sort()).toEqual(['Diwaniyah', 'Iraqi Ministry of Defense']);
});

test('the text cannot be edited, and copy gives the stored text', async ({ page, project, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await project.open(page, 'amira', DOC);
  const before = await page.locator('.ProseMirror').textContent();
  await page.locator('.ProseMirror').click();
  await page.keyboard.type('xyz');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Backspace');
  expect(await page.locator('.ProseMirror').textContent()).toBe(before);

  await dragOver(page, 'US helicopters were reported');
  await page.keyboard.press('Control+c');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('US helicopters were reported');
});

test('a corrupt annotation file is shown as an error and left byte-for-byte untouched', async ({ page, project }) => {
  const rel = `documents/${DOC}/annotations/amira.json`;
  const { mkdir } = await import('node:fs/promises');
  await mkdir(project.file(`documents/${DOC}/annotations`), { recursive: true });
  const garbage = '{ "format": "standoff/annotations", "version": 1, "spans": [ oops';
  await writeFile(project.file(rel), garbage);
  const before = await stat(project.file(rel));

  await project.open(page, 'amira', DOC);
  await expect(page.getByTestId('layer-error')).toContainText(rel);
  await expect(page.getByTestId('layer-error')).toContainText('not valid JSON');
  await expect(page.locator(`.doc-row[data-doc-id="${DOC}"] .doc-problem`)).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveText('Read-only');

  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  await expect(page.locator('.notice')).toContainText('Read-only');
  await expect(page.locator('span.sp')).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(await readFile(project.file(rel), 'utf8')).toBe(garbage);
  expect((await stat(project.file(rel))).mtimeMs).toBe(before.mtimeMs);
});

test('documents are listed with span counts and can be walked with the keyboard', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  await expect(page.locator('.doc-row')).toHaveCount(6);
  await expect(page.locator('.doc-row[data-doc-id="003_0facc4703c9682af"] .doc-title')).toHaveText(
    'How Qassem Suleimani provoked the US with covert attacks in Iraq',
  );
  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  await expect(page.locator(`.doc-row[data-doc-id="${DOC}"] .doc-count.mine`)).toHaveText('amira 1');
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.locator('.doc-row.current')).toHaveAttribute('data-doc-id', '001_cc6eff7c9034e064');
  await expect(page.locator('.doc-heading h1')).toHaveText('Information leaks and propaganda war');
});

test('a failed save says so, keeps the work, and Retry saves it', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  // Block the annotations folder with a plain file, so the save cannot be written.
  const dir = project.file(`documents/${DOC}/annotations`);
  await writeFile(dir, 'not a folder');
  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  await expect(page.locator('span.sp-actor')).toHaveText('Fars News');
  await expect(page.getByTestId('save-status')).toContainText('Not saved');

  const { rm } = await import('node:fs/promises');
  await rm(dir);
  await page.getByRole('button', { name: 'Retry' }).click();
  await saved(page);
  expect((await project.annotations(DOC, 'amira')).spans.map((s) => s.quote.exact)).toEqual(['Fars News']);
});

test('F1 shows the project guidelines beside the text, safely rendered, and Esc puts them away', async ({ page, project }) => {
  await writeFile(
    project.file('guidelines.md'),
    '# Our guidelines\n\n| label | key |\n| --- | --- |\n| claim | 1 |\n\n<img src="x" onerror="document.title = \'pwned\'"> tag **claims** carefully\n',
  );
  await project.open(page, 'amira', DOC);
  await page.keyboard.press('F1');
  const panel = page.getByRole('complementary', { name: 'Annotation guidelines' });
  await expect(panel.getByRole('heading', { name: 'Our guidelines' })).toBeVisible();
  await expect(panel.locator('table td').first()).toHaveText('claim');
  // HTML written in the Markdown is shown as text, never run.
  await expect(panel.locator('img')).toHaveCount(0);
  await expect(panel).toContainText('<img src="x"');
  expect(await page.title()).not.toBe('pwned');
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(page.locator('.ProseMirror')).toBeFocused();
});

test('project search finds text and spans across documents, and opens a hit ready to tag', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  await page.keyboard.press('Control+Shift+F');
  await page.getByLabel('Search', { exact: true }).fill('kataib hezbollah');
  // The hits are in 2 of the 6 documents: 000 (untitled, named by its first words) and 003.
  await expect(page.getByRole('status').filter({ hasText: 'hits in' })).toHaveText('11 hits in 2 documents (6 searched)');
  await expect(page.locator('.search-hit-doc').first()).toHaveText('A video of several burning trucks on Saturday night…');
  await expect(page.locator('.search-hit-doc', { hasText: '000_121e11c80b4a277e' })).toHaveCount(0);
  // The third hit is the first in "How Qassem Suleimani provoked…".
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.locator('.doc-heading h1')).toHaveText('How Qassem Suleimani provoked the US with covert attacks in Iraq');
  await expect.poll(() => page.evaluate(() => getSelection()?.toString())).toBe('Kataib Hezbollah');
  await page.keyboard.press('4');
  await expect(page.locator('span.sp-actor')).toHaveText('Kataib Hezbollah');
  await saved(page);

  // Spans of a label: the actor just tagged, found by label with no text.
  await page.keyboard.press('Control+Shift+F');
  await page.getByLabel('Search', { exact: true }).fill('');
  await page.getByLabel('Search in').selectOption('actor');
  await expect(page.locator('.search-hit')).toHaveCount(1);
  await expect(page.locator('.search-hit')).toContainText('Actor');
  await expect(page.locator('.search-hit mark')).toHaveText('Kataib Hezbollah');
  // Whose span it is, even the analyst's own.
  await expect(page.getByTestId('hit-annotator')).toHaveText(/^amira \(you\) ·/);
  await expect(page.getByRole('status').filter({ hasText: 'hit in' })).toHaveText('1 hit in 1 document (6 searched)');
});

test('a span’s boundaries move a word at a time from the keyboard, and undo puts them back', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  await page.keyboard.press('Alt+Shift+ArrowRight'); // end: "Fars News in"
  await page.keyboard.press('Alt+Shift+ArrowRight'); // end: "Fars News in Iran"
  await expect(page.locator('span.sp-actor')).toHaveText('Fars News in Iran');
  await page.keyboard.press('Alt+ArrowRight'); // start: "News in Iran"
  await expect(page.locator('span.sp-actor')).toHaveText('News in Iran');
  await saved(page);
  let file = await project.annotations(DOC, 'amira');
  expect(file.spans.map((s) => s.quote.exact)).toEqual(['News in Iran']);
  expect(file.spans[0]!.quote.prefix.endsWith('Fars ')).toBe(true);

  await page.keyboard.press('Control+z');
  await expect(page.locator('span.sp-actor')).toHaveText('Fars News in Iran');
  await saved(page);
  file = await project.annotations(DOC, 'amira');
  expect(file.spans.map((s) => s.quote.exact)).toEqual(['Fars News in Iran']);
});

test('a casualty figure shows what Standoff reads in it, as a proposal', async ({ page, project }) => {
  await project.open(page, 'amira', '001_cc6eff7c9034e064');
  await dragOver(page, 'one fighter was killed and three others were injured');
  await page.keyboard.press('3');
  const proposal = page.getByTestId('casualty-proposal');
  await expect(proposal).toContainText('killed: 1');
  await expect(proposal).toContainText('injured: 3');
  await expect(proposal).toContainText('militants');
  await saved(page);
  // A proposal only: the file holds the span and nothing read from it.
  const file = await project.annotations('001_cc6eff7c9034e064', 'amira');
  expect(Object.keys(file.spans[0]!).sort()).toEqual(['endOffset', 'id', 'label', 'quote', 'startOffset']);
});

test('the ends of a selected span can be dragged, snapping to words, as one undoable edit', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  const handle = page.locator('.sp-handle-end');
  await expect(handle).toHaveCount(1);
  const from = await handle.boundingBox();
  // Drag the end handle to the middle of "Iran" ("Fars News in Iran"): it snaps to the word's end.
  const target = await page.evaluate(() => {
    const p = Array.from(document.querySelectorAll('.ProseMirror p')).find((el) => el.textContent?.includes('Fars News in Iran'))!;
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.textContent!.indexOf('Iran');
      if (i >= 0) {
        const r = document.createRange();
        r.setStart(n, i + 1);
        r.setEnd(n, i + 2);
        const b = r.getBoundingClientRect();
        return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      }
    }
    throw new Error('Iran not found');
  });
  await page.mouse.move(from!.x - 3, from!.y + from!.height / 2); // the grip is on the span's edge, just inside its end
  await page.mouse.down();
  await page.mouse.move(target.x, target.y, { steps: 6 });
  await page.mouse.up();
  await expect(page.locator('span.sp-actor')).toHaveText('Fars News in Iran');
  await saved(page);
  expect((await project.annotations(DOC, 'amira')).spans.map((s) => s.quote.exact)).toEqual(['Fars News in Iran']);
  await page.keyboard.press('Control+z');
  await expect(page.locator('span.sp-actor')).toHaveText('Fars News');
});

test('labels can be renamed, recoloured and added, and a new label tags at once', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  await page.getByRole('button', { name: 'Edit' }).click();
  const dialog = page.getByRole('dialog', { name: 'Label schema' });
  await dialog.getByLabel('Name of label 1').fill('Claim of responsibility');
  await dialog.getByRole('button', { name: 'Add a label' }).click();
  await dialog.getByLabel('Name of label 5').fill('Location');
  await expect(dialog).toContainText('location');
  await dialog.getByRole('button', { name: 'Save schema' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('.palette-item[data-label="claim"]')).toContainText('Claim of responsibility');
  await expect(page.locator('.palette-item[data-label="location"] kbd')).toHaveText('5');

  await dragOver(page, 'Diwaniyah province');
  await page.keyboard.press('5');
  await expect(page.locator('span.sp-location')).toHaveText('Diwaniyah province');
  await saved(page);
  const manifest = JSON.parse(await readFile(project.file('standoff.json'), 'utf8'));
  expect(manifest.labels.map((l: { id: string }) => l.id)).toEqual(['claim', 'denial', 'casualty-figure', 'actor', 'location']);

  // Removing a label in use is refused, with the reason.
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('button', { name: 'Remove Location' }).click();
  await page.getByRole('button', { name: 'Save schema' }).click();
  await expect(page.getByRole('dialog', { name: 'Label schema' }).getByRole('alert')).toContainText(`label "location" is removed but spans use it (1 annotation in documents/${DOC}/annotations/amira.json)`);
});
