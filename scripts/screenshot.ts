// Makes the README's pictures of the app (docs/screenshot.png, review.png, team.png): a copy of
// the sample project, opened as the sample annotator layla in Chromium, a claim with its
// relations selected, then Review, then the Team view after a plan. `npm run screenshot`.
import { chromium } from 'playwright-core';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLoopbackServer } from '../backend/http/server';
import { StandoffService } from '../backend/service';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOC = '000_121e11c80b4a277e';
const root = await mkdtemp(path.join(tmpdir(), 'standoff-shot-'));
await cp(path.join(repo, 'annotations'), root, { recursive: true });
const service = await StandoffService.open(root);
const server = await startLoopbackServer({ service, staticDir: path.join(repo, 'dist/renderer') });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await page.addInitScript((doc) => {
    localStorage.setItem('standoff-annotator', 'layla');
    localStorage.setItem('standoff-last-document', doc);
  }, DOC);
  await page.goto(server.url);
  await page.waitForSelector('.ProseMirror');
  // A claim whose claimant relations show as arrows, with its attributes in the inspector.
  await page.locator('span.sp-claim', { hasText: 'claimed responsibility' }).first().click();
  await page.locator('.article-scroll').evaluate((el) => (el.scrollTop = 0));
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(repo, 'docs/screenshot.png') });
  console.log('wrote docs/screenshot.png');

  // Review mode on another article: agreed spans merged into gold, a few disagreements settled.
  await page.getByRole('option', { name: /Information leaks/ }).click();
  await page.getByRole('tab', { name: 'Review' }).click();
  await page.getByTestId('review-pane').waitFor();
  await page.keyboard.press('g');
  for (const key of [']', '1', 'x']) await page.keyboard.press(key);
  await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  await page.locator('.article-scroll').evaluate((el) => (el.scrollTop = 0));
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(repo, 'docs/review.png') });
  console.log('wrote docs/review.png');

  // The Team view: layla (curator: the sample names none) deals the five articles to three
  // annotators, 40 % of them to two, so the matrix shows finished, in progress and not started.
  await service.planAssignment({ plan: { annotators: ['layla', 'tom', 'omar'], perDocument: 1, overlapShare: 0.4, overlapPerDocument: 2, order: 'in-order' }, by: 'layla' });
  await page.keyboard.press('Alt+M');
  await page.getByRole('grid').first().waitFor();
  await page.mouse.move(0, 0);
  await page.waitForTimeout(600);
  await page.screenshot({ path: path.join(repo, 'docs/team.png') });
  console.log('wrote docs/team.png');
} finally {
  await browser.close();
  await server.close();
  await rm(root, { recursive: true, force: true });
}
