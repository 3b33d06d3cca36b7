import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { parseAnnotationFile } from '../shared/format/annotationFile';
import { layout } from '../shared/format/layout';
import { expect, SAMPLE_PROJECT, saved, test, type ProjectFixture } from './fixtures';

// The keyboard is never trapped (WCAG 2.1.2), every workflow has keys, and one key map runs
// them: F6 regions, the command palette, the mode keys, Tab out of a text without spans, and the
// whole job with no mouse event at all. Real keys, in Chromium.
const FIRST = '000_121e11c80b4a277e';
const DOC = '001_cc6eff7c9034e064';

/** Which part of the window has the focus, as the analyst sees it. */
async function focusedPart(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'nothing';
    if (el.closest('[role="dialog"]')) return 'dialog';
    if (el.closest('.ProseMirror')) return 'text';
    if (el.closest('.topbar')) return 'top bar';
    if (el.closest('.left-pane')) return 'document list';
    if (el.closest('.sidebar')) return 'side panel';
    if (el.closest('.agreement-pane')) return 'agreement';
    return `elsewhere (${el.tagName.toLowerCase()}.${el.className})`;
  });
}

/** Every mouse or pointer event the page sees, from the first script on. */
async function countMouse(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { mouseEvents: string[] }).mouseEvents = seen;
    for (const type of ['mousedown', 'mouseup', 'mousemove', 'pointerdown', 'pointerup', 'pointermove', 'wheel', 'contextmenu', 'dblclick'])
      window.addEventListener(type, (e) => seen.push(`${type} on ${(e.target as Element).tagName}`), true);
    // A click from Enter or Space on a button has detail 0; a mouse click, 1 or more.
    window.addEventListener('click', (e) => e.detail > 0 && seen.push(`mouse click on ${(e.target as Element).tagName}`), true);
  });
}

/** Presses Tab until the focus is on a control this locator finds (a keyboard user looking for it). */
async function tabTo(page: Page, target: ReturnType<Page['locator']>, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** Ctrl+F, the phrase, Enter to select the match, Tab to hand it to the text (ready for a label key). */
async function findAndHand(page: Page, phrase: string): Promise<void> {
  await page.keyboard.press('Control+f');
  await expect(page.getByLabel('Find in document')).toBeFocused();
  await page.keyboard.type(phrase);
  await expect(page.locator('.find-count')).toContainText('of');
  await page.keyboard.press('Enter');
  await expect(page.locator('.find-count')).toHaveText(/^1 of/);
  await page.keyboard.press('Tab');
  await expect(page.locator('.ProseMirror')).toBeFocused();
}

/** Chooses an option of a focused <select> with the arrow keys. */
async function arrowTo(page: Page, select: ReturnType<Page['locator']>, value: string): Promise<void> {
  await expect(select).toBeFocused();
  for (let i = 0; i < 12 && (await select.inputValue()) !== value; i++) await page.keyboard.press('ArrowDown');
  await expect(select).toHaveValue(value);
}

async function withLayla(project: ProjectFixture, finished: boolean): Promise<void> {
  const rel = layout.annotation(DOC, 'layla');
  const file = JSON.parse(await readFile(path.join(SAMPLE_PROJECT, rel), 'utf8')) as Record<string, unknown>;
  if (finished) file.finished = true;
  await cp(path.join(SAMPLE_PROJECT, path.dirname(rel)), project.file(path.dirname(rel)), { recursive: true });
  await writeFile(project.file(rel), `${JSON.stringify(file, null, 2)}\n`);
}

test('F6 and Shift+F6 go round the parts of the window, each where it was; Esc comes back to the text', async ({ page, project }) => {
  await project.open(page, 'amira', FIRST);
  await page.locator('.ProseMirror').focus();
  expect(await focusedPart(page)).toBe('text');
  await page.keyboard.press('F6');
  expect(await focusedPart(page)).toBe('side panel');
  await page.keyboard.press('F6');
  expect(await focusedPart(page)).toBe('top bar');
  await page.keyboard.press('F6');
  expect(await focusedPart(page)).toBe('document list');
  await page.keyboard.press('F6');
  expect(await focusedPart(page)).toBe('text');
  await page.keyboard.press('Shift+F6');
  expect(await focusedPart(page)).toBe('document list');
  await page.keyboard.press('Shift+F6');
  expect(await focusedPart(page)).toBe('top bar');
  // In the top bar, Tab walks its controls; F6 away and back returns to the same one.
  await page.keyboard.press('Tab');
  const there = await page.evaluate(() => document.activeElement?.textContent);
  await page.keyboard.press('F6');
  await page.keyboard.press('Shift+F6');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(there);
  await page.keyboard.press('Escape');
  expect(await focusedPart(page)).toBe('text');
});

test('Tab in a document without spans leaves the text; with spans it goes from span to span, then out', async ({ page, project }) => {
  await project.open(page, 'amira', FIRST);
  const text = page.locator('.ProseMirror');
  await text.focus();
  await page.keyboard.press('Tab');
  expect(await focusedPart(page)).not.toBe('text');
  await page.keyboard.press('Shift+Tab');
  expect(await focusedPart(page)).toBe('text');

  // Two spans: Tab selects each, and the third Tab leaves for the side panel.
  for (const [phrase, key] of [['burning trucks', '1'], ['Saturday night', '4']] as const) {
    await findAndHand(page, phrase);
    await page.keyboard.press(key);
  }
  await expect(page.locator('.ProseMirror .sp')).toHaveCount(2);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('selected-span')).toContainText('Claim');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('selected-span')).toContainText('Actor');
  expect(await focusedPart(page)).toBe('text');
  await page.keyboard.press('Tab');
  expect(await focusedPart(page)).toBe('side panel');
  await saved(page);
});

test('the command palette lists every command with its key, finds by typing, runs with Enter, and says why one cannot run', async ({ page, project }) => {
  await project.open(page, 'amira', FIRST);
  await page.locator('.ProseMirror').focus();
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Commands' });
  await expect(palette).toBeVisible();
  await expect(palette.getByRole('combobox', { name: 'Find a command' })).toBeFocused();
  // Every command, each with its key: the map has more than fifty.
  expect(await palette.getByRole('option').count()).toBeGreaterThan(50);
  await expect(palette.getByRole('option', { name: /command palette/ })).toContainText('Ctrl+K');
  // Esc closes it and the focus is back in the text.
  await page.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);
  expect(await focusedPart(page)).toBe('text');

  // Ctrl+Shift+P too; typing narrows; Enter runs the first.
  await page.keyboard.press('Control+Shift+P');
  await page.keyboard.type('agreement how far');
  await expect(palette.getByRole('option')).toHaveCount(1);
  await expect(palette.getByRole('option')).toContainText('Alt+A');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('agreement-dashboard')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Agreement' })).toHaveAttribute('aria-selected', 'true');

  // In Agreement, marking a document finished cannot run: greyed, with why.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('mark the document finished');
  const row = palette.getByRole('option', { name: /mark the document finished/i });
  await expect(row).toHaveAttribute('aria-disabled', 'true');
  await expect(row).toContainText('open a document in Annotate first');
  await page.keyboard.press('Enter');
  await expect(palette.getByRole('status')).toContainText('is not available now');
  await expect(palette).toBeVisible();
  await page.keyboard.press('Escape');

  // Back in the text, the palette tags the selection with a label by name.
  await page.keyboard.press('Alt+t');
  await page.locator('.ProseMirror').focus();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Control+Shift+ArrowRight');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('tag as actor');
  await page.keyboard.press('Enter');
  await expect(page.locator('.ProseMirror .sp-actor')).toHaveCount(1);
  await saved(page);
});

test('Alt+R, Alt+A and Alt+T switch modes; Review opened from Agreement is Review in the top bar', async ({ page, project }) => {
  await withLayla(project, false);
  await cp(path.join(SAMPLE_PROJECT, 'documents', DOC, 'annotations', 'tom.json'), project.file(layout.annotation(DOC, 'tom')));
  await project.open(page, 'amira', DOC);
  const tab = (name: string) => page.getByRole('tab', { name, exact: true });
  await page.locator('.ProseMirror').focus();
  await page.keyboard.press('Alt+r');
  await expect(page.getByTestId('review-pane')).toBeVisible();
  await expect(tab('Review')).toHaveAttribute('aria-selected', 'true');
  expect(await focusedPart(page)).toBe('text');
  await page.keyboard.press('Alt+a');
  const dashboard = page.getByTestId('agreement-dashboard');
  await expect(dashboard).toBeVisible();
  await expect(tab('Agreement')).toHaveAttribute('aria-selected', 'true');
  // A number of the report, opened by key: Review is shown, and the top bar says so.
  const number = dashboard.locator('.ag-drill').first();
  await expect(number).toBeVisible();
  await number.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('agreement-review')).toBeVisible();
  await expect(tab('Review')).toHaveAttribute('aria-selected', 'true');
  await expect(tab('Agreement')).toHaveAttribute('aria-selected', 'false');
  // The top bar's Agreement goes back to the figures.
  await page.keyboard.press('Alt+a');
  await expect(dashboard).toBeVisible();
  await expect(tab('Agreement')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Alt+t');
  await expect(page.locator('.ProseMirror')).toBeVisible();
  await expect(tab('Annotate')).toHaveAttribute('aria-selected', 'true');
});

test('dialogs keep the focus inside, close on Esc and give it back', async ({ page, project }) => {
  await project.open(page, 'amira', FIRST);
  await page.locator('.ProseMirror').focus();
  await page.keyboard.press('Control+o');
  const dialog = page.getByRole('dialog', { name: 'Import' });
  await expect(dialog).toBeVisible();
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
    expect(await focusedPart(page), `after ${i + 1} Tabs`).toBe('dialog');
  }
  // The window's keys do not act under a dialog.
  await page.keyboard.press('F6');
  expect(await focusedPart(page)).toBe('dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  // Given back as the dialog goes (a frame or so after it leaves the page, under load).
  await expect.poll(() => focusedPart(page), { timeout: 1000 }).toBe('text');
});

test('keys typed before the side panel has caught up act in the order typed: 3, A, V', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  await findAndHand(page, 'one fighter was killed');
  // A slow machine: the side panel shows the new span a few frames after the tag (a transition).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
  await page.keyboard.press('3');
  await page.keyboard.press('a'); // accepts the reading "one killed, not vague" once the panel shows it
  await page.keyboard.press('v'); // then marks it vague
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await expect.poll(async () => (await project.annotations(DOC, 'amira').catch(() => null))?.spans[0]?.attributes).toMatchObject({ count: { min: 1, max: 1 }, vague: true });
});

test('the whole job with the keyboard alone: no mouse event at all, and the files on disk', async ({ page, project }) => {
  test.setTimeout(120_000);
  await withLayla(project, true);
  await countMouse(page);
  await project.open(page, 'amira', FIRST);

  // Open a document from the list: F6 to the list, ↓ to the next, Enter to its text.
  await page.keyboard.press('Escape'); // to the text, wherever the focus starts
  await page.keyboard.press('Shift+F6');
  expect(await focusedPart(page)).toBe('document list');
  await tabTo(page, page.locator('.doc-scroller'));
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('.doc-row.current')).toHaveAttribute('data-doc-id', DOC);
  await page.keyboard.press('Enter');
  await expect(page.locator('.ProseMirror')).toContainText('one fighter was killed');
  expect(await focusedPart(page)).toBe('text');

  // Tag a casualty figure: find it, hand it to the text, 3; accept the reading; set "vague" with its letter.
  await findAndHand(page, 'one fighter was killed');
  await page.keyboard.press('3');
  await expect(page.locator('.ProseMirror .sp-casualty-figure')).toHaveText('one fighter was killed');
  await page.keyboard.press('a');
  await page.keyboard.press('v');
  await expect.poll(async () => (await project.annotations(DOC, 'amira').catch(() => null))?.spans[0]?.attributes).toMatchObject({ count: { min: 1, max: 1 }, vague: true });

  // Tag the actor and link it to an entity with E.
  await findAndHand(page, 'Hachd al-Chaabi official');
  await page.keyboard.press('4');
  await expect(page.locator('.ProseMirror .sp-actor')).toHaveText('Hachd al-Chaabi official');
  await page.keyboard.press('e');
  await expect(page.getByLabel('Find or create an entity')).toBeFocused();
  await page.keyboard.type('Hashd al-Shaabi');
  await expect(page.getByRole('listbox', { name: 'Entities' })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.locator('.notice')).toContainText('Linked to');
  expect(await focusedPart(page)).toBe('text');

  // A relation: from the casualty figure (Tab) to the actor (R, Shift+Tab, Enter), reported by (1).
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('selected-span')).toContainText('one fighter was killed');
  await page.keyboard.press('r');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.keyboard.press('1');
  await expect(page.locator('.notice')).toContainText('reported by');

  // Mark it finished.
  await page.keyboard.press('Control+Shift+Enter');
  await expect(page.getByRole('button', { name: /Finished/ })).toHaveAttribute('aria-pressed', 'true');
  await expect
    .poll(async () => {
      const f = await project.annotations(DOC, 'amira');
      return { finished: f.finished, spans: f.spans.length, relations: f.relations?.map((r) => r.type), entity: typeof f.spans.find((s) => s.label === 'actor')?.attributes?.entity };
    })
    .toEqual({ finished: true, spans: 2, relations: ['reported-by'], entity: 'string' });

  // Review: the next disagreement, settled with neither (X), into gold on disk.
  await page.keyboard.press('Alt+r');
  await expect(page.getByTestId('review-pane')).toBeVisible();
  await page.keyboard.press(']');
  await expect(page.getByTestId('current-unit')).toBeVisible();
  await page.keyboard.press('x');
  await expect
    .poll(async () => {
      const rel = layout.annotation(DOC, 'gold');
      const text = await readFile(project.file(rel), 'utf8').catch(() => null);
      return text === null ? 'no gold file yet' : parseAnnotationFile(text, rel).settled?.length;
    })
    .toBe(1);

  // Agreement, then the export of amira's layer to a file.
  await page.keyboard.press('Alt+a');
  await expect(page.getByTestId('agreement-dashboard')).toBeVisible();
  await expect(page.getByTestId('agreement-dashboard').getByTestId('job-progress')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+E');
  const dialog = page.getByRole('dialog', { name: 'Export a dataset' });
  await arrowTo(page, dialog.getByLabel('Format'), 'csv');
  await page.keyboard.press('Tab');
  await arrowTo(page, dialog.getByLabel('Layer'), 'annotator:amira');
  const out = await dialog.getByLabel('Where to write').inputValue();
  await tabTo(page, dialog.getByRole('button', { name: 'Export' }));
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('export-report')).toContainText(/written/);
  const csv = await readFile(out, 'utf8');
  expect(csv).toContain('one fighter was killed');
  expect(csv).toContain('Hachd al-Chaabi official');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  expect(await page.evaluate(() => (window as unknown as { mouseEvents: string[] }).mouseEvents)).toEqual([]);
});
