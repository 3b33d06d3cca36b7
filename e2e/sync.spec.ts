import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProjectSync } from '../backend/sync/projectSync';
import { dragOver, expect, openAt, saved, SAMPLE_PROJECT, startServerProcess, test, type ServerProcess } from './fixtures';

/** The first sample article: "…While the US denied an attacked had taken place, Fars News in Iran reported the attack…". */
const DOC = '000_121e11c80b4a277e';

test('an annotator’s app and a curator’s app see each other’s work after Sync; a curator file changed by the annotator is refused', async ({ browser }) => {
  test.setTimeout(180_000);
  const base = await mkdtemp(path.join(tmpdir(), 'standoff-e2e-sync-'));
  const servers: ServerProcess[] = [];
  try {
    // The curator (nadia) shares a copy of the sample project to a bare repository on disk; omar copies it.
    const curatorRoot = path.join(base, 'nadia');
    await cp(SAMPLE_PROJECT, curatorRoot, { recursive: true });
    const bare = path.join(base, 'shared.git');
    const shared = await new ProjectSync(curatorRoot).share({ remote: bare, annotator: 'nadia' });
    expect(shared.sent).toBe(true);
    const omarRoot = path.join(base, 'omar');
    await ProjectSync.clone({ url: bare, dir: omarRoot, annotator: 'omar' });

    servers.push(await startServerProcess(omarRoot), await startServerProcess(curatorRoot));
    const [omarServer, nadiaServer] = servers as [ServerProcess, ServerProcess];
    const omar = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const nadia = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await openAt(omar, omarServer.url, 'omar', DOC);
    await openAt(nadia, nadiaServer.url, 'nadia', DOC);
    await expect(omar.getByTestId('sync-status')).toHaveText(/^Synced/);

    // Omar tags and syncs with the button.
    await dragOver(omar, 'Fars News');
    await omar.keyboard.press('4');
    await saved(omar);
    await omar.getByRole('button', { name: 'Sync', exact: true }).click();
    await expect(omar.getByTestId('sync-status')).toHaveText(/^Synced just now\.$/);
    await omar.screenshot({ path: '/tmp/sync-omar-1366.png' });

    // The curator syncs: omar's work is in her document list at once.
    await nadia.getByRole('button', { name: 'Sync', exact: true }).click();
    await expect(nadia.locator(`.doc-row[data-doc-id="${DOC}"]`)).toContainText('omar 1');
    await dragOver(nadia, 'Firefighters');
    await nadia.keyboard.press('4');
    await saved(nadia);
    await nadia.getByRole('button', { name: 'Sync', exact: true }).click();
    await expect(nadia.getByTestId('sync-status')).toHaveText(/^Synced just now\.$/);

    // Omar changes the label schema on his computer (a shared file the curator owns) and syncs:
    // his change is refused with why, and he still receives the curator's work.
    const schema = path.join(omarRoot, 'standoff.json');
    await writeFile(schema, (await readFile(schema, 'utf8')).replace('"Denial"', '"Denials"'));
    await omar.getByRole('button', { name: 'Sync', exact: true }).click();
    await expect(omar.locator(`.doc-row[data-doc-id="${DOC}"]`)).toContainText('nadia 1');
    await expect(omar.getByTestId('sync-status')).toHaveClass(/sync-warn/);
    await expect(omar.getByTestId('sync-status')).toHaveText('Synced just now; 1 change of yours not shared (see why).');
    await omar.getByTestId('sync-status').click();
    const panel = omar.getByRole('dialog', { name: 'Team and sync' });
    await expect(panel.getByTestId('sync-refused')).toContainText(
      'Your change to the label schema (standoff.json) is not shared: shared files are changed by the curator (nadia).',
    );
    await expect(panel).toContainText('Shared with');
    await omar.screenshot({ path: '/tmp/sync-panel-1366.png' });
    await omar.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    await nadia.screenshot({ path: '/tmp/sync-nadia-1920.png' });
  } finally {
    for (const s of servers) await s.stop();
    await rm(base, { recursive: true, force: true });
  }
});

test('Open shared project… copies a shared project, and says how browser mode opens the copy; the copy opens and syncs', async ({ browser }) => {
  test.setTimeout(180_000);
  const base = await mkdtemp(path.join(tmpdir(), 'standoff-e2e-open-'));
  const servers: ServerProcess[] = [];
  try {
    const curatorRoot = path.join(base, 'nadia');
    await cp(SAMPLE_PROJECT, curatorRoot, { recursive: true });
    const bare = path.join(base, 'shared.git');
    expect((await new ProjectSync(curatorRoot).share({ remote: bare, annotator: 'nadia' })).sent).toBe(true);
    // Omar's app runs on a project of his own; he copies the team's project from the panel, by keyboard.
    const ownRoot = path.join(base, 'own');
    await cp(SAMPLE_PROJECT, ownRoot, { recursive: true });
    servers.push(await startServerProcess(ownRoot));
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await openAt(page, servers[0]!.url, 'omar', DOC);
    await page.getByRole('button', { name: 'Team…' }).click();
    const panel = page.getByRole('dialog', { name: 'Team and sync' });
    const copy = path.join(base, 'team-copy');
    await panel.getByLabel('Shared project').fill(bare);
    await panel.getByLabel('Copy it into (a new folder)').fill(copy);
    await panel.getByLabel('Copy it into (a new folder)').press('Enter');
    await expect(panel.getByRole('status')).toContainText(`Copied the shared project into ${copy}.`);
    await expect(panel.getByRole('button', { name: 'Open it now' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(panel.getByTestId('sync-open-answer')).toContainText(`standoff serve ${copy}`);
    await page.screenshot({ path: '/tmp/sync-open-1366.png' });

    // What the answer says works: a server on the copy opens it, as omar, shared and synced.
    servers.push(await startServerProcess(copy));
    const inCopy = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await openAt(inCopy, servers[1]!.url, 'omar', DOC);
    await inCopy.getByRole('button', { name: 'Sync', exact: true }).click();
    await expect(inCopy.getByTestId('sync-status')).toHaveText(/^Synced just now\.$/);
  } finally {
    for (const s of servers) await s.stop();
    await rm(base, { recursive: true, force: true });
  }
});
