import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, SAMPLE_PROJECT, test } from './fixtures';

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
    const dialog = page.getByRole('dialog', { name: 'Import articles' });
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
