import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ProjectSync } from '../backend/sync/projectSync';
import { parseAnnotationFile } from '../shared/format/annotationFile';
import { layout } from '../shared/format/layout';
import { generateCorpus } from '../bench/corpus/generate';
import { startGitServer, type GitServer } from '../tests/support/gitServer';
import { expect, openAt, saved, SAMPLE_PROJECT, startServerProcess, test, type ServerProcess } from './fixtures';

const TOKEN = 'team-spec-token';

/** assignment.json as written on disk: docId → annotators. */
async function assignmentOnDisk(root: string): Promise<Record<string, string[]>> {
  const file = JSON.parse(await readFile(path.join(root, 'assignment.json'), 'utf8')) as { documents: Record<string, string[]> };
  return file.documents;
}

/** Moves the matrix's keyboard cursor to an annotator's column with ← and →. */
async function toColumn(page: Page, who: string): Promise<void> {
  const columns = await page.locator('.matrix-who').allTextContents();
  const active = await page.locator('.matrix-who.active').textContent();
  const steps = columns.indexOf(who) - columns.indexOf(active!);
  expect(columns).toContain(who);
  for (let i = 0; i < Math.abs(steps); i++) await page.keyboard.press(steps > 0 ? 'ArrowRight' : 'ArrowLeft');
  await expect(page.locator('.matrix-who.active')).toHaveText(who);
}

const cell = (page: Page, docId: string, who: string) => page.locator(`.matrix-row[data-doc-id="${docId}"] .matrix-cell[data-annotator="${who}"]`);

/**
 * Presses Ctrl+Shift+S and waits until what the sync should have done is true on disk (a file
 * sent to the shared repository, or received in this clone), and the top bar says it is done.
 */
async function sync(page: Page, done: () => Promise<boolean>): Promise<void> {
  await page.keyboard.press('Control+Shift+S');
  await expect.poll(done, { timeout: 30_000 }).toBe(true);
  await expect(page.getByTestId('sync-status')).toHaveText(/^Synced just now\.$/, { timeout: 30_000 });
}

/** A file as the shared repository's main branch has it, or null. */
function shared(bare: string, file: string): string | null {
  try {
    return execFileSync('git', ['--git-dir', bare, 'show', `main:${file}`], { encoding: 'utf8', stdio: 'pipe' });
  } catch {
    return null;
  }
}

async function fileOr(file: string): Promise<string | null> {
  return readFile(file, 'utf8').catch(() => null);
}

/**
 * Issue 12's proof in the app: a curator's app and an annotator's app, each a browser-mode
 * server of its own on its own clone of one project shared through a git server over smart HTTP
 * on loopback, see each other's work after Sync; My queue and the curator's matrix show the
 * status each file on disk says. The curator plans with a dry run first, reassigns with the
 * keyboard and the mouse; the annotator reaches the next document, tags and finishes it without
 * the mouse; a non-curator's change to the assignment is refused, saying why.
 */
test('a curator plans and reassigns, an annotator works through the queue; each sees the other’s work after Sync', async ({ browser }) => {
  test.setTimeout(240_000);
  const base = await mkdtemp(path.join(tmpdir(), 'standoff-e2e-team-'));
  const servers: ServerProcess[] = [];
  let git: GitServer | null = null;
  const env = { token: process.env.STANDOFF_GIT_TOKEN, minutes: process.env.STANDOFF_SYNC_MINUTES };
  // The servers (child processes) read the token from the environment, as the command line does; no automatic sync mid-test.
  process.env.STANDOFF_GIT_TOKEN = TOKEN;
  process.env.STANDOFF_SYNC_MINUTES = '0';
  try {
    // The sample texts without their annotators, shared by the curator (nadia) to a git server; omar clones it.
    const nadiaRoot = path.join(base, 'nadia');
    await cp(SAMPLE_PROJECT, nadiaRoot, { recursive: true, filter: (src) => !path.relative(SAMPLE_PROJECT, src).split(path.sep).includes('annotations') });
    const repos = path.join(base, 'repos');
    const bare = path.join(repos, 'team.git');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    git = await startGitServer(repos, TOKEN);
    const remote = git.url('team.git');
    expect((await new ProjectSync(nadiaRoot).share({ remote, annotator: 'nadia' })).sent).toBe(true);
    const omarRoot = path.join(base, 'omar');
    await ProjectSync.clone({ url: remote, dir: omarRoot, annotator: 'omar' });
    const docs = (await readdir(path.join(nadiaRoot, 'documents'))).sort();
    expect(docs).toHaveLength(5);

    servers.push(await startServerProcess(nadiaRoot), await startServerProcess(omarRoot));
    const [nadiaServer, omarServer] = servers as [ServerProcess, ServerProcess];
    const nadia = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const omar = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await openAt(nadia, nadiaServer.url, 'nadia');
    await openAt(omar, omarServer.url, 'omar');

    // ---- The curator plans: 40 % of the documents by two annotators, the rest by one, in order.
    await nadia.keyboard.press('Alt+M');
    const team = nadia.getByTestId('team-view');
    await expect(team.getByTestId('team-summary')).toHaveText(/^5 documents · 0 annotators · 5 unassigned/);
    await expect(team).toContainText('Curator: nadia');
    const form = team.getByRole('form', { name: 'Plan the assignment' });
    await form.getByLabel('Annotators per document').fill('1');
    await form.getByLabel('Documents coded by more, to measure agreement (%)').fill('40');
    await form.getByLabel('Annotators on those documents').fill('2');
    await form.getByLabel('in order (documents dealt in turn)').check();
    await form.getByLabel('More annotators (names separated by commas)').fill('omar, layla');
    // Enter in the form is Preview: a dry run, shown in the matrix, nothing written.
    await form.getByLabel('More annotators (names separated by commas)').press('Enter');
    await expect(team.getByTestId('team-message')).toContainText('Dry run: nothing was written.');
    await expect(team.getByTestId('preview-flag')).toContainText('5 documents would change');
    await expect(team.locator('.matrix-cell.preview-added')).toHaveCount(3 * 1 + 2 * 2);
    expect(existsSync(path.join(nadiaRoot, 'assignment.json'))).toBe(false);
    await nadia.screenshot({ path: '/tmp/team-preview-1400.png' });

    await form.getByRole('button', { name: 'Apply plan' }).click();
    await expect(team.locator('.matrix-cell.preview-added')).toHaveCount(0);
    let planned = await assignmentOnDisk(nadiaRoot);
    expect(Object.keys(planned).sort()).toEqual(docs);
    expect(Object.values(planned).map((a) => a.length).sort()).toEqual([1, 1, 1, 2, 2]);
    // The matrix shows what the file says, cell by cell; nobody has started.
    for (const d of docs)
      for (const who of ['layla', 'omar']) {
        await expect(cell(nadia, d, who)).toHaveAttribute('data-assigned', String(planned[d]!.includes(who)));
        await expect(cell(nadia, d, who)).toHaveAttribute('data-status', planned[d]!.includes(who) ? 'not-started' : 'none');
      }

    // ---- Reassigning with the keyboard: the first document to omar only (O), the second toggled for omar (Space).
    await team.getByTestId('matrix').focus();
    await nadia.keyboard.press('Home');
    await toColumn(nadia, 'omar');
    await expect(team.getByTestId('matrix-chosen')).toContainText('omar');
    await nadia.keyboard.press('o');
    await expect(team.getByTestId('team-message')).toBeVisible();
    await expect.poll(async () => (await assignmentOnDisk(nadiaRoot))[docs[0]!]).toEqual(['omar']);
    const omarHadSecond = planned[docs[1]!]!.includes('omar');
    await nadia.keyboard.press('ArrowDown');
    await nadia.keyboard.press('Space');
    await expect.poll(async () => (await assignmentOnDisk(nadiaRoot))[docs[1]!]!.includes('omar')).toBe(!omarHadSecond);
    await expect(cell(nadia, docs[1]!, 'omar')).toHaveAttribute('data-assigned', String(!omarHadSecond));
    // ---- And with the mouse: a cell, then the bar's button.
    const laylaHadThird = planned[docs[2]!]!.includes('layla');
    await cell(nadia, docs[2]!, 'layla').click();
    await team.getByRole('toolbar', { name: 'Change the assignment' }).getByRole('button', { name: laylaHadThird ? /^Take back/ : /^Assign/ }).click();
    await expect.poll(async () => (await assignmentOnDisk(nadiaRoot))[docs[2]!]!.includes('layla')).toBe(!laylaHadThird);
    planned = await assignmentOnDisk(nadiaRoot);
    const omarDocs = docs.filter((d) => planned[d]!.includes('omar'));
    const plannedText = await readFile(path.join(nadiaRoot, 'assignment.json'), 'utf8');
    await sync(nadia, async () => shared(bare, 'assignment.json') === plannedText);

    // ---- The annotator syncs: his queue is the curator's assignment, nothing done yet.
    await sync(omar, async () => (await fileOr(path.join(omarRoot, 'assignment.json'))) === plannedText);
    await omar.keyboard.press('Alt+Q');
    const queue = omar.getByTestId('my-queue');
    await expect(queue.getByTestId('queue-summary')).toHaveText(`0 done · ${omarDocs.length} left`);
    await expect(queue.locator('.queue-row')).toHaveCount(omarDocs.length);
    const order = await queue.locator('.queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-doc-id')!));
    expect([...order].sort()).toEqual(omarDocs);
    await expect(queue.locator('.queue-row[data-status="not-started"]')).toHaveCount(omarDocs.length);

    // Alt+N: the next unfinished document after the one open (the first document, now his), its
    // text focused; he tags its first word and marks it finished, keys only.
    await expect(queue.locator('.queue-row[aria-selected="true"]')).toHaveAttribute('data-doc-id', docs[0]!);
    await omar.keyboard.press('Alt+N');
    const working = order[order.indexOf(docs[0]!) + 1] ?? order.find((d) => d !== docs[0])!;
    await expect(queue.locator('.queue-row[aria-selected="true"]')).toHaveAttribute('data-doc-id', working);
    await expect(omar.locator('.ProseMirror')).toBeFocused();
    // The queue marks the document as soon as it is asked for; the keys wait for its text.
    const firstWords = (await readFile(path.join(omarRoot, 'documents', working, 'text.txt'), 'utf8')).trim().split(/\s+/).slice(0, 4).join(' ');
    await expect(omar.locator('.ProseMirror')).toContainText(firstWords);
    await omar.keyboard.press('Control+Home');
    await omar.keyboard.press('Control+Shift+ArrowRight');
    await omar.keyboard.press('4');
    await saved(omar);
    await omar.keyboard.press('Control+Shift+Enter');
    await expect(queue.getByTestId('queue-summary')).toHaveText(`1 done · ${omarDocs.length - 1} left`);
    await expect(queue.locator(`.queue-row[data-doc-id="${working}"]`)).toHaveAttribute('data-status', 'finished');
    const rel = layout.annotation(working, 'omar');
    const onDisk = parseAnnotationFile(await readFile(path.join(omarRoot, rel), 'utf8'), rel);
    expect(onDisk.finished).toBe(true);
    expect(onDisk.spans).toHaveLength(1);
    expect(onDisk.spans[0]!.label).toBe('actor');

    // He is not a curator: the matrix refuses his change, in words, and the file stays as it was.
    await omar.keyboard.press('Alt+M');
    await expect(omar.getByTestId('team-view')).toContainText('Curator: nadia');
    await omar.getByTestId('matrix').focus();
    await omar.keyboard.press('Space');
    await expect(omar.getByRole('alert')).toContainText('Only the curator (nadia) changes the assignment; you are omar.');
    expect(await assignmentOnDisk(omarRoot)).toEqual(planned);
    await omar.screenshot({ path: '/tmp/team-omar-1366.png' });
    const omarLayer = await readFile(path.join(omarRoot, rel), 'utf8');
    await sync(omar, async () => shared(bare, rel) === omarLayer);

    // ---- The curator syncs: omar's work is in her matrix and his progress in the table.
    await sync(nadia, async () => (await fileOr(path.join(nadiaRoot, rel))) === omarLayer);
    await expect(cell(nadia, working, 'omar')).toHaveAttribute('data-status', 'finished');
    for (const d of omarDocs.filter((x) => x !== working)) await expect(cell(nadia, d, 'omar')).toHaveAttribute('data-status', 'not-started');
    const omarRow = team.getByTestId('team-annotators').locator('tr[data-annotator="omar"] td');
    await expect(omarRow).toHaveText([String(omarDocs.length), '1', '0', String(omarDocs.length - 1), '1', 'just now']);
    await expect(nadia.locator(`.doc-row[data-doc-id="${working}"]`)).toContainText('omar 1 ✓');
    await nadia.screenshot({ path: '/tmp/team-nadia-1400.png' });

    // She takes the first document back from him, for layla alone (O in layla's column), and
    // syncs; after his Sync it has left his queue, and what he finished stays done.
    await team.getByTestId('matrix').focus();
    await nadia.keyboard.press('Home');
    await toColumn(nadia, 'layla');
    await nadia.keyboard.press('o');
    await expect.poll(async () => (await assignmentOnDisk(nadiaRoot))[docs[0]!]).toEqual(['layla']);
    await expect(cell(nadia, docs[0]!, 'omar')).toHaveAttribute('data-assigned', 'false');
    const laterText = await readFile(path.join(nadiaRoot, 'assignment.json'), 'utf8');
    await sync(nadia, async () => shared(bare, 'assignment.json') === laterText);
    await sync(omar, async () => (await fileOr(path.join(omarRoot, 'assignment.json'))) === laterText);
    await omar.keyboard.press('Alt+Q');
    await expect(queue.getByTestId('queue-summary')).toHaveText(`1 done · ${omarDocs.length - 2} left`);
    await expect(queue.locator(`.queue-row[data-doc-id="${docs[0]}"]`)).toHaveCount(0);
    await expect(queue.locator(`.queue-row[data-doc-id="${working}"]`)).toHaveAttribute('data-status', 'finished');
    execFileSync('git', ['--git-dir', bare, 'fsck', '--strict'], { stdio: 'pipe' });
  } finally {
    for (const s of servers) await s.stop();
    await git?.stop();
    if (env.token === undefined) delete process.env.STANDOFF_GIT_TOKEN;
    else process.env.STANDOFF_GIT_TOKEN = env.token;
    if (env.minutes === undefined) delete process.env.STANDOFF_SYNC_MINUTES;
    else process.env.STANDOFF_SYNC_MINUTES = env.minutes;
    await rm(base, { recursive: true, force: true });
  }
});

/**
 * A project larger than a page (1,200 documents, as bench/corpus/generate.ts makes them): the
 * Team view counts every document and its matrix reaches the last one by keyboard, each row
 * read from the service as it comes into view; My queue does the same with the annotator's
 * documents. No answer of the service holds more than a page of rows: at 100,000 documents a
 * row per document was most of the server's memory while answering.
 */
test('the Team view and My queue of a project larger than a page: every document counted, rows read as they come into view, keys only', async ({ browser }) => {
  test.setTimeout(120_000);
  const root = await mkdtemp(path.join(tmpdir(), 'standoff-e2e-team-pages-'));
  let server: ServerProcess | null = null;
  try {
    await generateCorpus(root, { documents: 1200, spans: 3, coverage: 'queue' });
    server = await startServerProcess(root);
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    /** Rows in each answer to the Team view and My queue. */
    const rows: { team: number[]; queue: number[] } = { team: [], queue: [] };
    page.on('response', (response) => {
      const method = /\/api\/(teamProgress|myQueue)$/.exec(new URL(response.url()).pathname)?.[1];
      if (!method) return;
      void response.json().then((body: { result?: { documents?: unknown[]; items?: unknown[] } }) => {
        if (method === 'teamProgress') rows.team.push(body.result?.documents?.length ?? -1);
        else rows.queue.push(body.result?.items?.length ?? -1);
      });
    });
    await openAt(page, server.url, 'layla');

    await page.keyboard.press('Alt+M');
    const team = page.getByTestId('team-view');
    await expect(team.getByTestId('team-summary')).toHaveText(/^1,200 documents · 3 annotators · 0 unassigned · [\d,]+ finished by everyone assigned · [\d,]+ settled in gold$/);
    await expect(team.getByTestId('team-annotators').locator('tr[data-annotator="tom"] td').first()).toHaveText('1,200');
    await expect(team.getByTestId('matrix')).toBeFocused();
    await expect(team.locator('.matrix-row[data-doc-id="doc-000000"]')).toBeVisible();
    await expect(team.locator('.matrix-row[data-doc-id="doc-001199"]')).toHaveCount(0);

    // End: the last document, read when it comes into view, with each annotator's status.
    await page.keyboard.press('End');
    const last = team.locator('.matrix-row[data-doc-id="doc-001199"]');
    await expect(last).toBeVisible();
    await expect(last.locator('.matrix-cell[data-annotator="tom"]')).toHaveAttribute('data-assigned', 'true');
    await expect(last.locator('.matrix-cell[data-annotator="tom"]')).not.toHaveAttribute('data-status', 'none');
    // The last three to tom alone (Shift+↑ twice, O in tom's column): written to assignment.json.
    await toColumn(page, 'tom');
    await page.keyboard.press('Shift+ArrowUp');
    await page.keyboard.press('Shift+ArrowUp');
    await expect(team.getByTestId('matrix-chosen')).toHaveText('3 documents · tom');
    await page.keyboard.press('o');
    await expect.poll(async () => (await assignmentOnDisk(root))['doc-001198']).toEqual(['tom']);
    const onDisk = await assignmentOnDisk(root);
    expect(['doc-001196', 'doc-001197', 'doc-001198', 'doc-001199'].map((d) => onDisk[d])).toEqual([['ines', 'layla', 'tom'], ['tom'], ['tom'], ['tom']]);
    await expect(team.getByTestId('team-annotators').locator('tr[data-annotator="layla"] td').first()).toHaveText('1,197');
    await expect(last.locator('.matrix-cell[data-annotator="layla"]')).toHaveAttribute('data-assigned', 'false');
    // Home: back to the first document.
    await page.keyboard.press('Home');
    await expect(team.locator('.matrix-row[data-doc-id="doc-000000"]')).toBeVisible();
    await page.screenshot({ path: '/tmp/team-pages-1400.png' });

    // My queue: layla's 1,197 documents, unfinished first; End opens the last (a finished one), Home the first.
    await page.keyboard.press('Alt+Q');
    const queue = page.getByTestId('my-queue');
    const summary = await queue.getByTestId('queue-summary').textContent();
    const [done, left] = /^([\d,]+) done · ([\d,]+) left$/.exec(summary!)!.slice(1).map((n) => Number(n.replace(/,/g, '')));
    expect(done! + left!).toBe(1197);
    expect(await queue.locator('.queue-row').count()).toBeLessThan(100);
    await page.keyboard.press('End');
    await expect(queue.locator('.queue-row[aria-selected="true"]')).toHaveAttribute('data-status', 'finished');
    await page.keyboard.press('Home');
    await expect(queue.locator('.queue-row[aria-selected="true"]')).not.toHaveAttribute('data-status', 'finished');
    await page.screenshot({ path: '/tmp/team-queue-pages-1400.png' });

    // Every answer was a page at most.
    expect(rows.team.length).toBeGreaterThan(1);
    expect(rows.queue.length).toBeGreaterThan(1);
    expect(Math.max(...rows.team, ...rows.queue)).toBeLessThanOrEqual(100);
    expect(Math.min(...rows.team, ...rows.queue)).toBeGreaterThanOrEqual(0);
  } finally {
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  }
});
