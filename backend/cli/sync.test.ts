/**
 * `standoff share`, `clone` and `sync` as a user runs them: the real command in its own process,
 * against a bare repository on disk; and `standoff sync` killed with SIGKILL at several moments,
 * after which the project still validates, git still checks it, and the next sync finishes the
 * work with nothing lost.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { standoff } from '../../tests/support/cli';
import { spanOver } from '../../tests/support/spans';
import { parseAnnotationFile } from '../../shared/format/annotationFile';
import { layout } from '../../shared/format/layout';
import { StandoffService } from '../service';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function temp(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'standoff-cli-sync-'));
  dirs.push(d);
  return d;
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });
const text = (i: number) => `Report ${i}: the militia claimed the attack on the convoy; officials denied it.\nTwo people were killed.`;

/** A curator's project of `n` documents, shared to a bare repository by `standoff share`. */
async function sharedProject(n: number): Promise<{ base: string; project: string; bare: string }> {
  const base = await temp();
  const project = path.join(base, 'curator');
  expect((await standoff('new', project)).code).toBe(0);
  const inbox = path.join(base, 'inbox');
  await (await import('node:fs/promises')).mkdir(inbox);
  for (let i = 0; i < n; i++) await writeFile(path.join(inbox, `r${String(i).padStart(3, '0')}.txt`), text(i));
  expect((await standoff('import', project, inbox)).code).toBe(0);
  const bare = path.join(base, 'shared.git');
  const share = await standoff('share', project, bare, '--as', 'layla');
  expect(share.stderr).toBe('');
  expect(share.stdout).toMatch(new RegExp(`layla: shared the project \\(${n} documents?\\)`));
  return { base, project, bare };
}

/** Tags `id` in every document as `annotator`, through the service (as the app saves). */
async function tagAll(root: string, annotator: string, exact: string, id: string): Promise<string[]> {
  const service = await StandoffService.open(root);
  try {
    const docs = await service.listDocuments();
    for (const d of docs) {
      const opened = await service.openDocument({ docId: d.id });
      await service.applyEdits({ docId: d.id, annotator, edits: [{ op: 'add', span: spanOver(opened.text, exact, id) }] });
    }
    return docs.map((d) => d.id);
  } finally {
    await service.close();
  }
}

async function spans(root: string, docId: string, annotator: string): Promise<string[]> {
  const file = path.join(root, layout.annotation(docId, annotator));
  return parseAnnotationFile(await readFile(file, 'utf8'), file).spans.map((s) => s.id);
}

describe('standoff share, clone and sync', () => {
  it('two annotators share work through a bare repository; a curator file changed by another is refused', async () => {
    const { base, project, bare } = await sharedProject(3);
    const tom = path.join(base, 'tom');
    const clone = await standoff('clone', bare, tom, '--as', 'tom');
    expect(clone.stdout).toMatch(/Copied the shared project into/);

    const docs = await tagAll(tom, 'tom', 'claimed the attack', 't1');
    await writeFile(path.join(tom, 'standoff.json'), (await readFile(path.join(tom, 'standoff.json'), 'utf8')).replace('"Claim"', '"Claims"'));
    const sync = await standoff('sync', tom); // as tom: remembered from the clone
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/Saved your changes \(tom: 3 documents \(.+\), 3 spans added, 0 removed, 0 changed\)/);
    expect(sync.stdout).toMatch(/not shared: Your change to the label schema \(standoff\.json\) is not shared: shared files are changed by the curator \(layla\)/);
    expect(git(bare, 'show', 'main:standoff.json')).toMatch(/"Claim"/);

    await tagAll(project, 'layla', 'officials denied it', 'l1');
    const curator = await standoff('sync', project, '--as', 'layla');
    expect(curator.stdout).toMatch(/took in 3 changed files from the others; sent/);
    expect((await standoff('sync', tom)).stdout).toMatch(/took in 3 changed files/);
    for (const d of docs) {
      expect(await spans(project, d, 'tom')).toEqual(['t1']);
      expect(await spans(tom, d, 'layla')).toEqual(['l1']);
    }
    expect((await standoff('validate', tom)).code).toBe(0);
    git(bare, 'fsck', '--strict');
  }, 120_000);

  it('unreachable remote: committed here, exit status 1, said in words; sent later', async () => {
    const { base, project, bare } = await sharedProject(1);
    const moved = path.join(base, 'elsewhere.git');
    await (await import('node:fs/promises')).rename(bare, moved);
    const [doc] = await tagAll(project, 'layla', 'claimed the attack', 'l1');
    const offline = await standoff('sync', project, '--as', 'layla');
    expect(offline.code).toBe(1);
    expect(offline.stdout).toMatch(/The shared folder .*shared\.git cannot be reached \(a drive not connected\?\)\. Nothing is lost/);
    expect(offline.stdout).toMatch(/1 commit to send/);
    await (await import('node:fs/promises')).rename(moved, bare);
    const back = await standoff('sync', project);
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/sent/);
    expect(git(bare, 'show', `main:${layout.annotation(doc!, 'layla')}`)).toMatch(/"l1"/);
  }, 120_000);

  it('a sync killed at any moment leaves the project readable, and the next sync completes it', async () => {
    const { base, project, bare } = await sharedProject(60);
    const tom = path.join(base, 'tom');
    expect((await standoff('clone', bare, tom, '--as', 'tom')).code).toBe(0);
    // Both sides change every document, so tom's sync commits, fetches, merges and writes 60 files.
    const docs = await tagAll(project, 'layla', 'officials denied it', 'l1');
    expect((await standoff('sync', project, '--as', 'layla')).code).toBe(0);
    await tagAll(tom, 'tom', 'claimed the attack', 't1');

    // Kills at moments the sync itself shows: its lock taken (then a little later), and the
    // most delicate one: the branch already moved to the merge, the files not all updated yet.
    let kills = 0;
    let midUpdate = 0;
    const lock = path.join(tom, '.standoff', 'sync.lock');
    const journal = path.join(tom, '.standoff', 'sync', 'checkout.json');
    const updating = () => {
      try {
        const { to } = JSON.parse(readFileSync(journal, 'utf8')) as { to: string };
        return readFileSync(path.join(tom, '.git', 'refs', 'heads', 'main'), 'utf8').trim() === to;
      } catch {
        return false;
      }
    };
    const locked = () => existsSync(lock);
    const moments: Array<{ until: () => boolean; wait: number }> = [
      { until: locked, wait: 0 },
      { until: updating, wait: 0 },
      { until: locked, wait: 150 },
      { until: updating, wait: 10 },
      { until: locked, wait: 400 },
      { until: updating, wait: 30 },
    ];
    // A sync that finishes before a moment is caught leaves nothing to kill mid-update: then
    // both sides change every document again and the moments are tried once more (bounded), so
    // that a fast machine still meets the delicate moment at least once.
    const tomIds = ['t1'];
    let laylaIds = ['l1'];
    for (let round = 0; round < 6 && midUpdate === 0; round++) {
      if (round > 0) {
        await tagAll(project, 'layla', 'officials denied it', `l${round + 1}`);
        laylaIds = [...laylaIds, `l${round + 1}`];
        expect((await standoff('sync', project)).code).toBe(0);
        await tagAll(tom, 'tom', 'claimed the attack', `t${round + 1}`);
        tomIds.push(`t${round + 1}`);
      }
      for (const moment of moments) {
        const child = spawn(process.execPath, ['bin/standoff.mjs', 'sync', tom], { cwd: REPO, stdio: 'ignore' });
        let code: number | null | undefined;
        const ended = new Promise<void>((resolve) =>
          child.on('exit', (c) => {
            code = c;
            resolve();
          }),
        );
        while (code === undefined && !moment.until()) await sleep(1);
        if (code === undefined) {
          await sleep(moment.wait);
          child.kill('SIGKILL');
        }
        await ended;
        if (code === null) {
          kills++;
          if (updating()) midUpdate++;
        }
        // Whatever the moment: every file reads, and git's own check passes.
        const validate = await standoff('validate', tom);
        expect(validate.stdout).toMatch(/ 0 problems/);
        git(tom, 'fsck', '--no-dangling');
        for (const d of docs) expect((await spans(tom, d, 'tom')).sort()).toEqual([...tomIds].sort());
        if (code === 0) break;
      }
    }
    console.log(`standoff sync killed ${kills} times, ${midUpdate} of them after moving the branch and before all files were updated`);
    expect(kills).toBeGreaterThan(0);
    expect(midUpdate).toBeGreaterThan(0);
    const last = await standoff('sync', tom);
    expect(last.code).toBe(0);
    for (const d of docs) expect((await spans(tom, d, 'layla')).sort()).toEqual([...laylaIds].sort());
    expect((await standoff('sync', project)).code).toBe(0);
    for (const d of docs) expect((await spans(project, d, 'tom')).sort()).toEqual([...tomIds].sort());
    expect(git(tom, 'status', '--porcelain')).toBe('');
    git(bare, 'fsck', '--strict');
  }, 300_000);
});
