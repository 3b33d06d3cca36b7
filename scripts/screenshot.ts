// Makes the README's picture of the app (docs/screenshot.png): a copy of the sample project,
// spans tagged through the real UI in Chromium, then a screenshot. `npm run screenshot`.
import { chromium } from 'playwright-core';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLoopbackServer } from '../backend/http/server';
import { StandoffService } from '../backend/service';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOC = '000_121e11c80b4a277e';
const TAGS: Array<[string, string]> = [
  ['A video of several burning trucks on Saturday night allegedly showed an attack on a convoy transporting vehicles to a US base in Iraq', '1'],
  ['social media with ties to pro-Iranian militias', '4'],
  ['the US denied an attacked had taken place', '2'],
  ['Fars News in Iran', '4'],
  ['Fars News in Iran reported the attack with photos', '1'],
  ['An armed group set fire to three US vehicles', '1'],
  ['a security source', '4'],
  ['three US vehicles being transported', '3'],
  ['Injured people, apparently civilians', '3'],
  ['A group called Sayara Thora Al-Ashrin, or SarayaAshreen Thani, claimed responsibility', '1'],
  ['Sayara Thora Al-Ashrin', '4'],
  ['SarayaAshreen Thani', '4'],
  ['SarayaThorat al-Ashrin', '4'],
  ['Kataib Hezbollah', '4'],
];

const root = await mkdtemp(path.join(tmpdir(), 'standoff-shot-'));
await cp(path.join(repo, 'annotations'), root, { recursive: true });
const server = await startLoopbackServer({ service: await StandoffService.open(root), staticDir: path.join(repo, 'dist/renderer') });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await page.addInitScript((doc) => {
    localStorage.setItem('standoff-annotator', 'amira');
    localStorage.setItem('standoff-last-document', doc);
  }, DOC);
  await page.goto(server.url);
  await page.waitForSelector('.ProseMirror');
  for (const [phrase, key] of TAGS) {
    await page.keyboard.press('Control+f');
    await page.getByLabel('Find in document').fill(phrase);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press(key);
  }
  await page.getByLabel('Close find').click();
  await page.getByTestId('save-status').filter({ hasText: 'Saved' }).waitFor();
  await page.locator('.article-scroll').evaluate((el) => (el.scrollTop = 0));
  await page.locator('span.sp-actor', { hasText: 'Sayara Thora Al-Ashrin' }).first().click();
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(repo, 'docs/screenshot.png') });
  console.log('wrote docs/screenshot.png');
} finally {
  await browser.close();
  await server.close();
  await rm(root, { recursive: true, force: true });
}
