import type { Page } from '@playwright/test';
import { dragOver, expect, pauseBetweenClicks, saved, test } from './fixtures';

// The text editor and the inspector under real keys and mouse: what an analyst's day broke.
const DOC = '000_121e11c80b4a277e';
const CASUALTIES = '001_cc6eff7c9034e064';

/** Collects uncaught page errors, so a test can say none happened. */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Opens Ctrl+F with a query that has matches, as an analyst in the middle of finding would. */
async function findOpen(page: Page, query = 'the'): Promise<void> {
  await page.locator('.ProseMirror').focus();
  await page.keyboard.press('Control+f');
  await page.getByLabel('Find in document').fill(query);
  await expect(page.locator('.find-count')).toContainText('of');
  await page.keyboard.press('Enter');
}

/** The app is still drawn: its top bar and something in the main area. */
async function stillDrawn(page: Page): Promise<void> {
  await expect(page.getByRole('tab', { name: 'Review' })).toBeVisible();
  await expect(page.locator('#root')).not.toBeEmpty();
}

test.describe('Find, then a click, never blanks the app', () => {
  test('clicking another document', async ({ page, project }) => {
    const errors = pageErrors(page);
    await project.open(page, 'amira', DOC);
    await findOpen(page);
    await page.locator(`.doc-row[data-doc-id="${CASUALTIES}"]`).click();
    await expect(page.locator('.ProseMirror')).toContainText('fighter');
    await stillDrawn(page);
    expect(errors).toEqual([]);
  });

  test('clicking Review, then Agreement', async ({ page, project }) => {
    const errors = pageErrors(page);
    await project.open(page, 'amira', DOC);
    await findOpen(page);
    await page.getByRole('tab', { name: 'Review' }).click();
    await expect(page.getByRole('tab', { name: 'Review' })).toHaveAttribute('aria-selected', 'true');
    await stillDrawn(page);
    await page.getByRole('tab', { name: 'Annotate' }).click();
    await expect(page.locator('.ProseMirror')).toBeVisible();
    await findOpen(page);
    await page.getByRole('tab', { name: 'Agreement' }).click();
    await expect(page.getByRole('tab', { name: 'Agreement' })).toHaveAttribute('aria-selected', 'true');
    await stillDrawn(page);
    expect(errors).toEqual([]);
  });

  test('switching to another annotator', async ({ page, project }) => {
    const errors = pageErrors(page);
    await project.open(page, 'amira', DOC);
    await findOpen(page);
    await page.locator('.annotator').click();
    await page.getByLabel('Your name').fill('bob');
    await page.getByRole('button', { name: 'Start annotating' }).click();
    await expect(page.locator('.annotator')).toContainText('bob');
    await expect(page.locator('.ProseMirror')).toBeVisible();
    await stillDrawn(page);
    expect(errors).toEqual([]);
  });
});

test('a number field selects its content when entered, and an impossible value is refused with a message, never saved', async ({ page, project }) => {
  await project.open(page, 'amira', CASUALTIES);
  await dragOver(page, 'one fighter was killed');
  await page.keyboard.press('3');
  await page.keyboard.press('a'); // the reading: killed, 1–1
  await saved(page);
  const count = async () => (await project.annotations(CASUALTIES, 'amira')).spans[0]!.attributes?.count;
  expect(await count()).toEqual({ min: 1, max: 1 });
  const min = page.getByLabel('Count (min–max): minimum');
  const max = page.getByLabel('Count (min–max): maximum');
  const problem = page.locator('[data-attr="count"] [data-testid="attr-problem"]');

  // N enters the minimum with its content selected: typing replaces it ("2", not "12").
  await page.keyboard.press('n');
  await expect(min).toBeFocused();
  await page.keyboard.type('2');
  await page.keyboard.press('Tab');
  await expect(max).toBeFocused();
  await page.keyboard.type('4');
  await page.keyboard.press('Enter');
  await expect(page.locator('.ProseMirror')).toBeFocused();
  await saved(page);
  expect(await count()).toEqual({ min: 2, max: 4 });

  // A minimum above the maximum is refused, saying so; the maximum is not "fixed" to match.
  await page.keyboard.press('n');
  await page.keyboard.type('7');
  await page.keyboard.press('Enter');
  await expect(problem).toContainText('Minimum 7 is above the maximum 4: not saved');
  await expect(min).toBeFocused(); // Enter on a refused value stays in the field
  await expect(min).toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.press('Escape'); // puts the saved value back
  await expect(min).toHaveValue('2');
  await expect(problem).toHaveCount(0);
  await expect(page.locator('.ProseMirror')).toBeFocused();

  // The same for a maximum below the minimum, left with Tab: the message stays, nothing is saved.
  await page.keyboard.press('n');
  await page.keyboard.press('Tab');
  await page.keyboard.type('1');
  await page.keyboard.press('Tab');
  await expect(problem).toContainText('Maximum 1 is below the minimum 2: not saved');

  // "-5x" is not a number: refused in words, not dropped.
  await min.click();
  await expect(min).toBeFocused();
  await page.keyboard.type('-5x'); // the click selected "2": typing replaces it
  await page.keyboard.press('Enter');
  await expect(problem).toContainText('“-5x” is not a whole number: not saved');
  await expect(min).toHaveValue('-5x');
  await page.keyboard.press('Escape');
  await expect(min).toHaveValue('2');

  // A click in a field selects its content too.
  await max.click();
  await page.keyboard.type('9');
  await page.keyboard.press('Enter');
  await saved(page);
  expect(await count()).toEqual({ min: 2, max: 9 });
  await expect(problem).toHaveCount(0);
});

/** The box of the text of a phrase (its first occurrence in a paragraph), in page coordinates. */
async function phraseBox(page: Page, phrase: string, length = phrase.length): Promise<{ left: number; right: number; top: number; bottom: number }> {
  return page.evaluate(({ phrase, length }) => {
    for (const p of Array.from(document.querySelectorAll('.ProseMirror p'))) {
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.textContent!.indexOf(phrase);
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + length);
        const b = r.getBoundingClientRect();
        return { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
      }
    }
    throw new Error(`${phrase} not found`);
  }, { phrase, length });
}

test('a drag that starts just after the selected span starts a new selection; only its grip moves its end', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  const actor = page.locator('span.sp-actor');
  await expect(actor).toHaveText('Fars News');
  await expect(page.locator('.sp-handle-end')).toHaveCount(1);

  for (const dx of [3, 4.5, 6]) {
    // The span is selected (its grips shown); the drag starts dx pixels after its end, on the text.
    await actor.click();
    await expect(page.getByTestId('selected-span')).toContainText('Actor');
    const span = await actor.boundingBox();
    const iran = await phraseBox(page, ' in Iran reported', ' in Iran'.length); // the text just after the span
    const y = span!.y + span!.height / 2;
    await page.mouse.move(span!.x + span!.width + dx, y);
    await page.mouse.down();
    await page.mouse.move(iran.right - 20, y, { steps: 4 });
    await page.mouse.move(iran.right - 1, y, { steps: 4 });
    await page.mouse.up();
    await expect(actor).toHaveText('Fars News'); // not stretched
    const selected = await page.evaluate(() => getSelection()?.toString() ?? '');
    expect(selected.trim(), `drag from ${dx}px after the span`).toMatch(/^(n )?Iran$|^in Iran$/);
  }
  // The next label key tags the new selection, and leaves the span as it was.
  await page.keyboard.press('1');
  await expect(page.locator('span.sp-claim')).toHaveText('in Iran');
  await expect(actor).toHaveText('Fars News');
  await saved(page);
  expect((await project.annotations(DOC, 'amira')).spans.map((s) => `${s.label}:${s.quote.exact}`).sort()).toEqual(['actor:Fars News', 'claim:in Iran']);

  // The grip itself, on the span's edge, still moves the end.
  await actor.click();
  const grip = await page.locator('.sp-handle-end').boundingBox();
  const span = await actor.boundingBox();
  const claim = await page.locator('span.sp-claim').boundingBox(); // "in Iran"
  await page.mouse.move(grip!.x - 2, span!.y + span!.height / 2);
  await page.mouse.down();
  await page.mouse.move(claim!.x + claim!.width - 12, span!.y + span!.height / 2, { steps: 6 });
  await page.mouse.up();
  await expect(page.getByTestId('selected-span')).toContainText('Fars News in Iran');
  await saved(page);
  expect((await project.annotations(DOC, 'amira')).spans.map((s) => `${s.label}:${s.quote.exact}`).sort()).toEqual(['actor:Fars News in Iran', 'claim:in Iran']);
});

test('click again goes from the innermost span outward; three quick clicks select a span, never a paragraph a key would tag', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  // Three nested spans over "Fars": the claim made last, so creation order is not innermost-first.
  await dragOver(page, 'Fars');
  await page.keyboard.press('2');
  await page.keyboard.press('Escape'); // a drag from the selected span's own edge would move it
  await pauseBetweenClicks(page); // a new drag, not a second click on the same spot
  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  await page.keyboard.press('Escape');
  await dragOver(page, 'Fars News in Iran reported', { from: 2 });
  await page.keyboard.press('1');
  await saved(page);
  await page.keyboard.press('Escape');
  const selected = page.getByTestId('selected-span');
  const fars = await phraseBox(page, 'Fars');
  const at = { x: fars.left + (fars.right - fars.left) / 2, y: fars.top + (fars.bottom - fars.top) / 2 };

  for (const label of ['Denial', 'Actor', 'Claim', 'Denial']) {
    await page.mouse.click(at.x, at.y);
    await expect(selected).toContainText(label);
    await pauseBetweenClicks(page); // a click again, not a double click
  }

  // Three quick clicks: the same three clicks, each the next span out; no text is left selected.
  await page.keyboard.press('Escape');
  await page.mouse.click(at.x, at.y, { clickCount: 3, delay: 40 });
  await expect(selected).toContainText('Claim');
  expect(await page.evaluate(() => getSelection()?.toString() ?? '')).toBe('');
  await page.keyboard.press('2'); // relabels the selected span; tags nothing new
  await expect(selected).toContainText('Denial');
  await saved(page);
  const spans = (await project.annotations(DOC, 'amira')).spans.map((s) => `${s.label}:${s.quote.exact}`).sort();
  expect(spans).toEqual(['actor:Fars News', 'denial:Fars', 'denial:Fars News in Iran reported']);
});

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('relations: the type popup leaves the text free, names sit between the lines unclipped, other arrows stay visible', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  await page.keyboard.press('Escape');
  await pauseBetweenClicks(page);
  await dragOver(page, 'reported the attack');
  await page.keyboard.press('1');
  await page.keyboard.press('r');
  // The two spans at the top of the text, where a popup over the text would sit.
  await page.evaluate(() => {
    const scroller = document.querySelector('.article-scroll')!;
    const claim = document.querySelector('.ProseMirror span.sp-claim')!;
    scroller.scrollTop += claim.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 4;
  });
  const actor = page.locator('.ProseMirror span.sp-actor');
  const claim = page.locator('.ProseMirror span.sp-claim');
  await actor.click();
  const popup = page.getByTestId('relation-mode');
  await expect(popup).toContainText('claimant');
  for (const span of [actor, claim]) expect(overlaps((await popup.boundingBox())!, (await span.boundingBox())!)).toBe(false);
  // Nor any of the text: it is beside the text, not over it.
  expect(overlaps((await popup.boundingBox())!, (await page.locator('.article-scroll').boundingBox())!)).toBe(false);
  await page.keyboard.press('1');
  await expect(popup).toHaveCount(0);

  /** The name of the selected span's relation does not cover any word of the text. */
  const nameClear = async () => {
    const name = (await page.locator('.relation-layer g.rel.strong text').boundingBox())!;
    expect(name.height).toBeGreaterThan(0);
    const lines: Box[] = await page.evaluate(() => {
      const boxes: Box[] = [];
      const walker = document.createTreeWalker(document.querySelector('.ProseMirror')!, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const r = document.createRange();
        r.selectNodeContents(n);
        for (const b of Array.from(r.getClientRects())) if (b.width > 0) boxes.push({ x: b.x, y: b.y, width: b.width, height: b.height });
      }
      return boxes;
    });
    // A line's box is its text's: ascent to descent, a little taller than the glyphs.
    const glyphs = lines.map((l) => ({ ...l, y: l.y + 3, height: l.height - 6 }));
    expect(glyphs.filter((l) => overlaps(name, l))).toEqual([]);
    return name;
  };
  await expect(page.getByTestId('selected-span')).toContainText('Claim');
  await nameClear();

  // Unselected, the arrow is quiet but visible.
  await page.keyboard.press('Escape');
  await expect(page.locator('.relation-layer g.rel.strong')).toHaveCount(0);
  const opacity = await page.locator('.relation-layer g.rel path').evaluate((p) => Number(getComputedStyle(p).opacity));
  expect(opacity).toBeGreaterThanOrEqual(0.5);
  expect(opacity).toBeLessThan(1);

  // On the first line, the name is not clipped by the top of the text.
  await page.evaluate(() => (document.querySelector('.article-scroll')!.scrollTop = 0));
  await pauseBetweenClicks(page);
  await dragOver(page, 'allegedly showed an attack');
  await page.keyboard.press('1');
  await page.keyboard.press('r');
  await page.locator('.ProseMirror span.sp-actor').click();
  await page.keyboard.press('1');
  await expect(page.locator('.relation-layer g.rel')).toHaveCount(2);
  const name = await nameClear();
  const scroller = (await page.locator('.article-scroll').boundingBox())!;
  expect(name.y).toBeGreaterThanOrEqual(scroller.y);
});

test('two spans of one label that touch show a seam between them, which goes with either span', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  // "Saraya" and "Ashreen" of "SarayaAshreen", tagged exactly (Alt): they touch.
  await dragOver(page, 'SarayaAshreen', { to: 6 });
  await page.keyboard.press('Alt+4');
  await page.keyboard.press('Escape');
  await pauseBetweenClicks(page);
  await dragOver(page, 'SarayaAshreen', { from: 6 });
  await page.keyboard.press('Alt+4');
  await saved(page);
  expect((await project.annotations(DOC, 'amira')).spans.map((s) => s.quote.exact).sort()).toEqual(['Ashreen', 'Saraya']);
  const seam = page.locator('.ProseMirror .sp-seam');
  await expect(seam).toHaveCount(1);
  // Where "Saraya" ends, and visible: a gap of the page's colour through the band.
  const fars = (await page.locator('span.sp-actor', { hasText: /^Saraya$/ }).boundingBox())!;
  const at = (await seam.boundingBox())!;
  expect(Math.abs(at.x - (fars.x + fars.width))).toBeLessThan(2);
  const gap = await seam.evaluate((el) => {
    const after = getComputedStyle(el, '::after');
    return { width: parseFloat(after.width), background: after.backgroundColor };
  });
  expect(gap.width).toBeGreaterThanOrEqual(2);
  expect(gap.background).not.toBe('rgba(0, 0, 0, 0)');

  // Deleting one of the two takes the seam away; undo brings both back.
  await page.keyboard.press('Delete');
  await expect(page.locator('span.sp-actor')).toHaveCount(1);
  await expect(seam).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(seam).toHaveCount(1);
  // The seam is not a span: Tab goes from one span to the other.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('selected-span')).toContainText('Saraya');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('selected-span')).toContainText('Ashreen');
});
