import { _electron as electron } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dragOver, expect, SAMPLE_PROJECT, test } from './fixtures';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(repo, 'node_modules/electron');

/** The Electron binary, if this machine has one (npm installs the package; the binary is downloaded separately). */
function electronBinary(): string | null {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

const binary = electronBinary();
test.skip(!binary, 'no Electron binary on this machine (it cannot be downloaded here); the same paths run in browser mode in workbench.spec.ts');

test('the desktop app opens the project, tags a span through IPC and saves it beside the text', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'standoff-electron-'));
  await cp(SAMPLE_PROJECT, root, {
    recursive: true,
    filter: (src) => !path.relative(SAMPLE_PROJECT, src).split(path.sep).includes('annotations'),
  });
  const app = await electron.launch({ executablePath: binary!, args: [path.join(repo, 'dist/electron/main.cjs'), root] });
  try {
    const page = await app.firstWindow();
    // Sandboxed renderer: no Node in the page, only the preload's bridge.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (window as { standoff?: { invoke?: unknown } }).standoff?.invoke)).toBe('function');

    await page.getByLabel('Your name').fill('Desktop Tester');
    await page.keyboard.press('Enter');
    await expect(page.locator('.ProseMirror')).toBeVisible();
    await page.locator('.doc-row[data-doc-id="000_121e11c80b4a277e"]').click();
    await dragOver(page, 'Fars News');
    await page.keyboard.press('4');
    await expect(page.locator('span.sp-actor')).toHaveText('Fars News');
    await expect(page.getByTestId('save-status')).toHaveText(/Saved/);

    const file = JSON.parse(await readFile(path.join(root, 'documents/000_121e11c80b4a277e/annotations/desktop-tester.json'), 'utf8'));
    expect(file.spans).toHaveLength(1);
    expect(file.spans[0].quote.exact).toBe('Fars News');

    // The window cannot be navigated away from the app.
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(300);
    expect(page.url()).toContain('index.html');
  } finally {
    await app.close();
    await rm(root, { recursive: true, force: true });
  }
});
