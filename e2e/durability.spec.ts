import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dragOver, expect, saved, test } from './fixtures';

/** The first sample article: "…While the US denied an attacked had taken place, Fars News in Iran reported the attack…". */
const DOC = '000_121e11c80b4a277e';

test('relabelling a span with attributes drops them as one step, saved; Ctrl+Z brings them back; later edits save', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  // The registry knows Fars News: A links it (and takes its kind, media).
  await expect(page.getByTestId('entity-proposals')).toContainText('Fars News');
  await page.keyboard.press('a');
  await expect(page.getByTestId('linked-entity')).toContainText('Fars News');
  await saved(page);
  let file = await project.annotations(DOC, 'amira');
  expect(file.spans).toEqual([expect.objectContaining({ label: 'actor', attributes: { entity: 'fars-news', kind: 'media' } })]);

  // Denial has neither Entity nor Kind: relabelling drops both, and says so.
  await page.keyboard.press('2');
  await expect(page.locator('span.sp-denial')).toHaveText('Fars News');
  await expect(page.locator('.notice')).toHaveText('Relabelled as Denial; its Entity and Kind were dropped (Ctrl+Z brings them back)');
  await saved(page);
  file = await project.annotations(DOC, 'amira');
  expect(file.spans).toHaveLength(1);
  expect(file.spans[0]!.label).toBe('denial');
  expect(file.spans[0]!.attributes).toBeUndefined();
  await expect(page.getByTestId('refusal')).toHaveCount(0);

  // One undo brings back the label and both attributes, on screen and on disk.
  await page.keyboard.press('Control+z');
  await expect(page.locator('span.sp-actor')).toHaveText('Fars News');
  await expect(page.getByTestId('linked-entity')).toContainText('Fars News');
  await saved(page);
  file = await project.annotations(DOC, 'amira');
  expect(file.spans).toEqual([expect.objectContaining({ label: 'actor', attributes: { entity: 'fars-news', kind: 'media' } })]);

  // And the session goes on saving.
  await dragOver(page, 'Diwaniyah province');
  await page.keyboard.press('1');
  await saved(page);
  file = await project.annotations(DOC, 'amira');
  expect(file.spans.map((s) => `${s.label}:${s.quote.exact}`).sort()).toEqual(['actor:Fars News', 'claim:Diwaniyah province']);
});

/**
 * A small disk of its own for a document's annotations folder: a 64 KiB tmpfs mounted there
 * (this needs root). `fill` uses up its space, `free` gives it back.
 */
async function smallDisk(dir: string): Promise<{ fill(): Promise<void>; free(): Promise<void>; unmount(): Promise<void> } | null> {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const run = promisify(execFile);
  await mkdir(dir, { recursive: true });
  try {
    await run('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
  } catch {
    return null;
  }
  const filler = path.join(dir, 'filler.bin');
  return {
    fill: async () => {
      // Write until the disk says it is full.
      await writeFile(filler, Buffer.alloc(128 * 1024)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOSPC') throw e;
      });
    },
    free: () => rm(filler, { force: true }),
    unmount: async () => {
      await run('umount', [dir]).catch(() => undefined);
    },
  };
}

test('a save that fails for real (a full disk) keeps every edit, Retry saves them in order, later edits save, and a reload loses nothing', async ({ page, project }) => {
  const dir = project.file(`documents/${DOC}/annotations`);
  const disk = await smallDisk(dir);
  test.skip(disk === null, 'needs root, to mount a small tmpfs that can be filled');
  try {
    await project.open(page, 'amira', DOC);
    await dragOver(page, 'Fars News');
    await page.keyboard.press('4');
    await saved(page);

    // The disk fills up (another program, a big download): every write now fails with ENOSPC.
    await disk!.fill();
    await dragOver(page, 'Diwaniyah province');
    await page.keyboard.press('1');
    const status = page.getByTestId('save-status');
    await expect(status).toContainText('Not saved: the disk is full');
    const problem = page.getByTestId('save-problem');
    await expect(problem).toContainText('Your last change is not saved yet');
    await expect(problem).toContainText('the disk is full');
    await expect(problem).toContainText('kept in this window, and Standoff tries again every few seconds');
    await expect(page.getByRole('alert').filter({ hasText: 'ENOSPC' })).toHaveCount(0);

    // Later edits go on in the text while the disk refuses: a relabel and another span.
    await page.keyboard.press('Escape');
    await page.locator('span.sp-actor').click();
    await page.keyboard.press('2'); // Fars News → Denial
    await dragOver(page, 'a security source');
    await page.keyboard.press('4');
    await expect(page.locator('span.sp-claim')).toHaveText('Diwaniyah province');
    await expect(page.locator('span.sp-denial')).toHaveText('Fars News');
    await expect(page.locator('span.sp-actor')).toHaveText('a security source');
    await expect(problem).toContainText('Your last 3 changes are not saved yet');
    // Nothing of them is on disk yet.
    expect((await project.annotations(DOC, 'amira')).spans.map((s) => `${s.label}:${s.quote.exact}`)).toEqual(['actor:Fars News']);

    // Closing (here: reloading) the window now asks first; staying keeps everything.
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.type());
      void d.dismiss();
    });
    void page.reload().catch(() => undefined);
    await expect.poll(() => dialogs).toEqual(['beforeunload']);
    await expect(page.locator('span.sp-claim')).toHaveText('Diwaniyah province');
    await expect(status).toContainText('Not saved');

    // Space again: Retry saves everything, in the order it was done.
    await disk!.free();
    await page.getByRole('button', { name: 'Retry' }).click();
    await saved(page);
    await expect(problem).toHaveCount(0);
    let file = await project.annotations(DOC, 'amira');
    expect(file.spans.map((s) => `${s.label}:${s.quote.exact}`).sort()).toEqual(['actor:a security source', 'claim:Diwaniyah province', 'denial:Fars News']);

    // More edits save at once, and undo still reaches back past the failure.
    await page.keyboard.press('Control+z'); // the actor "a security source"
    await expect(page.locator('span.sp-actor')).toHaveCount(0);
    await dragOver(page, 'Firefighters');
    await page.keyboard.press('4');
    await saved(page);
    file = await project.annotations(DOC, 'amira');
    expect(file.spans.map((s) => `${s.label}:${s.quote.exact}`).sort()).toEqual(['actor:Firefighters', 'claim:Diwaniyah province', 'denial:Fars News']);

    // Nothing unsaved now: the reload goes through without asking, and shows what is on disk.
    await page.reload();
    await expect(page.locator('span.sp-claim')).toHaveText('Diwaniyah province');
    await expect(page.locator('span.sp-denial')).toHaveText('Fars News');
    await expect(page.locator('span.sp-actor')).toHaveText('Firefighters');
    expect(dialogs).toEqual(['beforeunload']);
  } finally {
    await disk?.unmount();
  }
});

test('the service retries a save by itself when the disk comes back, without Retry', async ({ page, project }) => {
  await project.open(page, 'amira', DOC);
  const dir = project.file(`documents/${DOC}/annotations`);
  await writeFile(dir, 'not a folder'); // never made yet: block it before the first save
  await dragOver(page, 'Fars News');
  await page.keyboard.press('4');
  await expect(page.getByTestId('save-status')).toContainText('Not saved');
  await rm(dir);
  await saved(page);
  expect((await project.annotations(DOC, 'amira')).spans.map((s) => s.quote.exact)).toEqual(['Fars News']);
});
