/**
 * Cancel inside a phase of a sync, not only between phases: while saving (the commit), while
 * fetching from a slow server, while merging, while pushing to a slow server. Each time the
 * sync stops at once, the copy is consistent (`git fsck`, the branch at a whole commit, nothing
 * half-written, the span still in its file), and the next sync does all the work.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobContext } from '../jobs/context';
import { spanOver } from '../../tests/support/spans';
import { startGitServer } from '../../tests/support/gitServer';
import { parseAnnotationFile } from '../../shared/format/annotationFile';
import { layout } from '../../shared/format/layout';
import { createProject } from '../project/create';
import { importArticles } from '../import/importer';
import { StandoffService } from '../service';
import { MemoryTokens } from './tokens';

const TEXT = 'Saraya Thawrat al-Ashrin claimed the attack; the US denied it.\nOne fighter was killed in the attack.';
const TOKEN = 'tok-cancel';
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f().catch(() => undefined);
});

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `standoff-cancel-${name}-`));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const gitCli = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

async function open(root: string, tokens = new MemoryTokens()): Promise<StandoffService> {
  const service = await StandoffService.open(root, { tokens });
  cleanup.push(() => service.close());
  return service;
}

async function spanIds(root: string, docId: string, who: string): Promise<string[]> {
  const file = path.join(root, layout.annotation(docId, who));
  if (!existsSync(file)) return [];
  return parseAnnotationFile(await readFile(file, 'utf8'), file).spans.map((s) => s.id).sort();
}

/** A context whose signal is aborted `afterMs` after the sync reports `phase` (0: at once, inside the phase's first step). */
function cancelIn(phase: string, afterMs = 0): { ctx: JobContext; phases: string[] } {
  const controller = new AbortController();
  const phases: string[] = [];
  const ctx: JobContext = {
    signal: controller.signal,
    progress: (p) => {
      phases.push(p.phase ?? '');
      if (p.phase === phase) {
        if (afterMs === 0) controller.abort();
        else setTimeout(() => controller.abort(), afterMs);
      }
    },
  };
  return { ctx, phases };
}

/** A shared project (curator layla), and tom's clone with one new span of his not yet synced. */
async function team(where: { bare: string; url: string } | null, tokens: MemoryTokens) {
  const laylaRoot = path.join(await tempDir('layla'), 'p');
  await createProject(laylaRoot, 'Cancel');
  const inbox = await tempDir('inbox');
  await writeFile(path.join(inbox, 'a.txt'), TEXT);
  await importArticles(laylaRoot, [path.join(inbox, 'a.txt')]);
  const bare = where?.bare ?? path.join(await tempDir('server'), 'team.git');
  const url = where?.url ?? bare;
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
  const layla = await open(laylaRoot, tokens);
  expect((await layla.shareProject({ remote: url, annotator: 'layla' })).sent).toBe(true);
  const docId = (await layla.listDocuments())[0]!.id;
  const tomRoot = path.join(await tempDir('tom'), 'p');
  await layla.cloneProject({ url, dir: tomRoot, annotator: 'tom' });
  const tom = await open(tomRoot, tokens);
  await tom.applyEdits({ docId, annotator: 'tom', edits: [{ op: 'add', span: spanOver(TEXT, 'claimed the attack', 't1') }] });
  // Layla's work waits on the remote, so that tom's sync has something to fetch and merge.
  await layla.applyEdits({ docId, annotator: 'layla', edits: [{ op: 'add', span: spanOver(TEXT, 'the US denied it', 'l1', 'denial') }] });
  expect((await layla.syncProject({ annotator: 'layla' })).sent).toBe(true);
  return { bare, docId, layla, laylaRoot, tom, tomRoot };
}

/** What a consistent copy looks like after a cancel: git checks it, the branch names a whole commit, no note of a half-done step. */
function consistent(root: string): void {
  gitCli(root, 'fsck', '--no-dangling', '--no-progress');
  gitCli(root, 'cat-file', '-e', 'HEAD^{tree}');
  expect(existsSync(path.join(root, '.standoff/sync/checkout.json'))).toBe(false);
  expect(existsSync(path.join(root, '.standoff/sync/fetch.json'))).toBe(false);
}

describe('cancel inside a phase, on a folder remote', () => {
  it('while saving: no commit is made, the span stays in its file, and the next sync commits and sends it', async () => {
    const { bare, docId, tomRoot, tom } = await team(null, new MemoryTokens());
    const before = gitCli(tomRoot, 'rev-parse', 'HEAD');
    const { ctx } = cancelIn('saving your changes');
    await expect(tom.syncProject({ annotator: 'tom' }, ctx)).rejects.toMatchObject({ name: 'JobCancelled' });
    expect(gitCli(tomRoot, 'rev-parse', 'HEAD')).toBe(before);
    expect(await spanIds(tomRoot, docId, 'tom')).toEqual(['t1']);
    expect(gitCli(tomRoot, 'status', '--porcelain', '--untracked-files=all')).toMatch(/annotations\/tom\.json/);
    consistent(tomRoot);
    const next = await tom.syncProject({ annotator: 'tom' });
    expect(next).toMatchObject({ sent: true });
    expect(next.committed).toMatch(/^tom: 1 document/);
    expect(gitCli(bare, 'show', `main:${layout.annotation(docId, 'tom')}`)).toMatch(/"t1"/);
  }, 60_000);

  it('while merging: the branch stays at tom’s own commit, no file changes, and the next sync merges and sends', async () => {
    const { bare, docId, layla, laylaRoot, tomRoot, tom } = await team(null, new MemoryTokens());
    const { ctx, phases } = cancelIn('merging');
    await expect(tom.syncProject({ annotator: 'tom' }, ctx)).rejects.toMatchObject({ name: 'JobCancelled' });
    expect(phases).toEqual(['saving your changes', "fetching the others' work", 'merging']);
    // Tom's commit is made (saving finished); the merge is not: layla's work is not in his files yet.
    expect(gitCli(tomRoot, 'log', '-1', '--format=%s')).toMatch(/^tom: 1 document/);
    expect(gitCli(tomRoot, 'rev-list', '--count', '--merges', 'HEAD')).toBe('0');
    expect(await spanIds(tomRoot, docId, 'layla')).toEqual([]);
    expect(gitCli(tomRoot, 'status', '--porcelain')).toBe('');
    consistent(tomRoot);
    const next = await tom.syncProject({ annotator: 'tom' });
    expect(next.sent).toBe(true);
    expect(await spanIds(tomRoot, docId, 'layla')).toEqual(['l1']);
    await layla.syncProject({ annotator: 'layla' });
    expect(await spanIds(laylaRoot, docId, 'tom')).toEqual(['t1']);
    gitCli(bare, 'fsck', '--strict', '--no-progress');
  }, 60_000);
});

describe('cancel inside a phase, against a slow git server over smart HTTP', () => {
  async function slowTeam() {
    const repos = await tempDir('repos');
    const s = await startGitServer(repos, TOKEN);
    cleanup.push(() => s.stop());
    const tokens = new MemoryTokens();
    await tokens.set('*', TOKEN);
    const t = await team({ bare: path.join(repos, 'team.git'), url: s.url('team.git') }, tokens);
    return { ...t, server: s };
  }

  it('while fetching: the sync stops at once, the remote-tracking branch is as before, and the next sync fetches', async () => {
    const { server, docId, tomRoot, tom } = await slowTeam();
    const tracking = gitCli(tomRoot, 'rev-parse', 'refs/remotes/origin/main');
    server.hold = { path: 'git-upload-pack', ms: 20_000 };
    const { ctx } = cancelIn("fetching the others' work", 300);
    const t = Date.now();
    await expect(tom.syncProject({ annotator: 'tom' }, ctx)).rejects.toMatchObject({ name: 'JobCancelled' });
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(gitCli(tomRoot, 'rev-parse', 'refs/remotes/origin/main')).toBe(tracking);
    consistent(tomRoot);
    server.hold = null;
    const next = await tom.syncProject({ annotator: 'tom' });
    expect(next).toMatchObject({ sent: true, offline: false });
    expect(await spanIds(tomRoot, docId, 'layla')).toEqual(['l1']);
  }, 60_000);

  it('while pushing: the remote branch does not move, nothing is lost, and the next sync sends', async () => {
    const { server, docId, tomRoot, tom, layla, laylaRoot } = await slowTeam();
    server.hold = { path: 'git-receive-pack', ms: 20_000 };
    const { ctx } = cancelIn('sending your work', 300);
    const t = Date.now();
    await expect(tom.syncProject({ annotator: 'tom' }, ctx)).rejects.toMatchObject({ name: 'JobCancelled' });
    expect(Date.now() - t).toBeLessThan(10_000);
    // Layla sees nothing of tom's yet: the server never took the push.
    await layla.syncProject({ annotator: 'layla' });
    expect(await spanIds(laylaRoot, docId, 'tom')).toEqual([]);
    consistent(tomRoot);
    expect((await tom.syncStatus()).ahead).toBeGreaterThan(0);
    server.hold = null;
    expect((await tom.syncProject({ annotator: 'tom' })).sent).toBe(true);
    await layla.syncProject({ annotator: 'layla' });
    expect(await spanIds(laylaRoot, docId, 'tom')).toEqual(['t1']);
  }, 60_000);
});
