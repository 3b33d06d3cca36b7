import { readFile, writeFile } from 'node:fs/promises';
import { serializeAnnotationFile } from '../shared/format/annotationFile';
import { layout } from '../shared/format/layout';
import { quoteOf } from '../shared/model/quote';
import { CodePointIndex } from '../shared/text/codePoints';
import { codePointIndexOf, dragOver, expect, openAt, saved, startServerProcess, test } from './fixtures';

/** The first sample article: "…While the US denied an attacked had taken place, Fars News in Iran reported the attack…". */
const DOC = '000_121e11c80b4a277e';

test('a span another program writes into the annotator’s file appears in the text at once, and saving goes on', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  await saved(page);

  // Another program (a sync client, a teammate's pull) writes the file with one more span.
  const text = await readFile(project.file(layout.text(DOC)), 'utf8');
  const file = await project.annotations(DOC, 'amira');
  const start = codePointIndexOf(text, 'Diwaniyah province');
  const end = start + 'Diwaniyah province'.length;
  file.spans.push({ id: 'from-outside', label: 'claim', startOffset: start, endOffset: end, quote: quoteOf(new CodePointIndex(text), start, end) });
  await writeFile(project.file(layout.annotation(DOC, 'amira')), serializeAnnotationFile(file));

  await expect(page.locator('span.sp-claim')).toHaveText('Diwaniyah province');
  await expect(page.locator('.notice')).toHaveText('Your annotations of this document were changed by another program: 1 added.');
  await expect(page.locator(`.doc-row[data-doc-id="${DOC}"] .doc-count.mine`)).toHaveText('amira 2');

  // The window goes on saving, onto that version: nothing the other program wrote is lost.
  await dragOver(page, 'Firefighters');
  await page.keyboard.press('4');
  await saved(page);
  const after = await project.annotations(DOC, 'amira');
  expect(after.spans.map((s) => `${s.label}:${s.quote.exact}`).sort()).toEqual(['actor:Fars News', 'actor:Firefighters', 'claim:Diwaniyah province']);
});

test('a corrected text is shown at once, its spans re-anchored, and the span it lost listed for review', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  await dragOver(page, 'a security source');
  await page.keyboard.press('4');
  await saved(page);

  // Someone corrects the text outside: a typo before Fars News (the offsets after it move), and
  // the words "a security source said" are gone.
  const textFile = project.file(layout.text(DOC));
  const text = await readFile(textFile, 'utf8');
  const corrected = text.replace('denied an attacked had', 'denied an attack had').replace(', a security source said.', '.');
  expect(corrected).not.toBe(text);
  await writeFile(textFile, corrected);

  await expect(page.locator('.ProseMirror')).toContainText('While the US denied an attack had taken place');
  await expect(page.locator('span.sp-actor')).toHaveText('Fars News');
  const orphans = page.getByTestId('orphans');
  await expect(orphans).toContainText('One of your spans could not be placed in this text');
  const orphan = page.getByTestId('orphan');
  await expect(orphan).toHaveCount(1);
  await expect(orphan).toContainText('Actor');
  await expect(orphan).toContainText('“a security source”');
  await expect(orphan).toContainText('its text is no longer in the article');
  await expect(page.locator('.notice')).toContainText('The text of this document was changed by another program');

  // Tagging goes on at the new offsets.
  await dragOver(page, 'Firefighters');
  await page.keyboard.press('4');
  await saved(page);
  const file = await project.annotations(DOC, 'amira');
  const firefighters = file.spans.find((s) => s.quote.exact === 'Firefighters')!;
  expect(firefighters.startOffset).toBe(codePointIndexOf(corrected, 'Firefighters'));
  expect(file.spans.find((s) => s.quote.exact === 'Fars News')!.startOffset).toBe(codePointIndexOf(corrected, 'Fars News'));
});

test('a change another program made to the same span meanwhile is shown as a conflict; Keep mine puts this window’s version back', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  await saved(page);

  // Hold the window's reading of the layer, so that its next save meets the other program's
  // version on disk (and is merged there) before the window has seen it.
  const held: Array<() => Promise<void>> = [];
  let holding = true;
  await page.route('**/api/openDocument', (route) => (holding ? void held.push(() => route.continue()) : route.continue()));
  const file = await project.annotations(DOC, 'amira');
  file.spans = file.spans.map((s) => ({ ...s, label: 'claim' }));
  await writeFile(project.file(layout.annotation(DOC, 'amira')), serializeAnnotationFile(file));

  // Meanwhile, here: the Kind of the same span.
  await page.keyboard.press('k'); // state
  await expect(page.getByTestId('selected-span')).toContainText('state');
  await expect.poll(() => held.length).toBeGreaterThan(0);
  holding = false;
  for (const go of held.splice(0)) await go();

  const conflict = page.getByTestId('conflict');
  await expect(conflict).toHaveCount(1);
  await expect(conflict).toContainText('another program relabelled it as Claim');
  await expect(conflict.locator('dd').first()).toHaveText('Actor “Fars News” (Kind: state)');
  await expect(conflict.locator('dd').last()).toHaveText('Claim “Fars News”');
  // The text shows what is on disk: their version.
  await expect(page.locator('span.sp-claim')).toHaveText('Fars News');
  await saved(page);
  expect((await project.annotations(DOC, 'amira')).spans).toEqual([expect.objectContaining({ label: 'claim' })]);

  // Keep mine, from the keyboard: this window's version again, as a new undoable action.
  await conflict.getByRole('button', { name: 'Keep mine' }).focus();
  await page.keyboard.press('Enter');
  await expect(conflict).toHaveCount(0);
  await expect(page.locator('span.sp-actor')).toHaveText('Fars News');
  await saved(page);
  expect((await project.annotations(DOC, 'amira')).spans).toEqual([expect.objectContaining({ label: 'actor', attributes: { kind: 'state' } })]);
  await page.locator('.ProseMirror').focus();
  await page.keyboard.press('Control+z');
  await expect(page.locator('span.sp-claim')).toHaveText('Fars News');
  await saved(page);
  expect((await project.annotations(DOC, 'amira')).spans).toEqual([expect.objectContaining({ label: 'claim' })]);
});

test('a document removed by another program closes with a message, and nothing re-creates it', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  await saved(page);
  const { rm, stat } = await import('node:fs/promises');
  await rm(project.file(`documents/${DOC}`), { recursive: true, force: true });
  await expect(page.getByRole('alert')).toContainText('This document was removed from the project by another program');
  await expect(page.locator('.ProseMirror')).toHaveCount(0);
  await expect(page.locator(`.doc-row[data-doc-id="${DOC}"]`)).toHaveCount(0);
  await page.waitForTimeout(500);
  await expect(stat(project.file(`documents/${DOC}`))).rejects.toThrow();
});

test('a second server process on the same annotator opens read-only naming the holder, and becomes editable when the first exits', async ({ browser, project }) => {
  test.setTimeout(120_000);
  const first = await startServerProcess(project.root);
  const second = await startServerProcess(project.root);
  try {
    const one = await (await browser.newContext()).newPage();
    await openAt(one, first.url, 'amira', DOC);
    await dragOver(one, 'Fars News');
    await one.keyboard.press('4');
    await saved(one);

    const two = await (await browser.newContext()).newPage();
    await openAt(two, second.url, 'amira', DOC);
    const banner = two.getByTestId('seat-banner');
    await expect(banner).toContainText('Read-only.');
    await expect(banner).toContainText(String(first.pid));
    await expect(banner).toContainText('becomes editable by itself');
    await expect(two.getByTestId('save-status')).toHaveText('Read-only');
    await expect(two.locator('span.sp-actor')).toHaveText('Fars News');
    // Nothing can be tagged here meanwhile, and it says why.
    await dragOver(two, 'Diwaniyah province');
    await two.keyboard.press('1');
    await expect(two.locator('.notice')).toContainText('Read-only');
    await expect(two.locator('span.sp-claim')).toHaveCount(0);

    // What the holder saves shows in the read-only window.
    await dragOver(one, 'Firefighters');
    await one.keyboard.press('4');
    await saved(one);
    await expect(two.locator('span.sp-actor', { hasText: 'Firefighters' })).toBeVisible();

    // The first window closes (its process exits): the second becomes editable by itself.
    await one.context().close();
    await first.stop();
    await expect(banner).toHaveCount(0, { timeout: 20_000 });
    await expect(two.locator('.notice')).toContainText('You can annotate again');
    await dragOver(two, 'Diwaniyah province');
    await two.keyboard.press('1');
    await saved(two);
    const file = await project.annotations(DOC, 'amira');
    expect(file.spans.map((s) => `${s.label}:${s.quote.exact}`).sort()).toEqual(['actor:Fars News', 'actor:Firefighters', 'claim:Diwaniyah province']);
  } finally {
    await first.stop();
    await second.stop();
  }
});

test('a window whose seat was taken while its process stalled goes read-only, keeps its edit, and saves it once the seat is back', async ({ browser, project }) => {
  test.setTimeout(150_000);
  const first = await startServerProcess(project.root);
  const second = await startServerProcess(project.root);
  try {
    const one = await (await browser.newContext()).newPage();
    await openAt(one, first.url, 'amira', DOC);
    await dragOver(one, 'Fars News');
    await one.keyboard.press('4');
    await saved(one);
    const two = await (await browser.newContext()).newPage();
    await openAt(two, second.url, 'amira', DOC);
    await expect(two.getByTestId('seat-banner')).toBeVisible();

    // The first process stalls (a laptop asleep, a debugger): its seat goes stale, and the second window takes it.
    process.kill(first.pid, 'SIGSTOP');
    await expect(two.getByTestId('seat-banner')).toHaveCount(0, { timeout: 40_000 });
    process.kill(first.pid, 'SIGCONT');
    await one.waitForTimeout(3000); // it wakes up and finds its lease gone

    // An edit in the first window now: kept, shown, not written, and said so.
    await dragOver(one, 'Diwaniyah province');
    await one.keyboard.press('1');
    await expect(one.locator('span.sp-claim')).toHaveText('Diwaniyah province');
    const banner = one.getByTestId('seat-banner');
    await expect(banner).toContainText('Read-only.');
    await expect(banner).toContainText(String(second.pid));
    await expect(banner).toContainText('Your last change is not saved yet: it is kept in this window and will be saved then.');
    await expect(one.getByTestId('save-status')).toContainText('Not saved');
    expect((await project.annotations(DOC, 'amira')).spans.map((s) => s.quote.exact)).toEqual(['Fars News']);

    // The second window closes: the first takes its seat back and saves what it kept.
    await two.context().close();
    await second.stop();
    await expect(banner).toHaveCount(0, { timeout: 20_000 });
    await saved(one);
    const file = await project.annotations(DOC, 'amira');
    expect(file.spans.map((s) => `${s.label}:${s.quote.exact}`).sort()).toEqual(['actor:Fars News', 'claim:Diwaniyah province']);
  } finally {
    try {
      process.kill(first.pid, 'SIGCONT');
    } catch {
      // already gone
    }
    await first.stop();
    await second.stop();
  }
});
