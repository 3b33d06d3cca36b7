/**
 * Sharing a project through git, with real repositories: a bare repository on disk, and a git
 * server over smart HTTP on 127.0.0.1 (the git command line's own http-backend behind a token
 * check), both made and stopped here. Two annotators and a curator, each with a clone of their
 * own, annotate through the service as the app does and sync.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spanOver } from '../../tests/support/spans';
import { startGitServer, type GitServer } from '../../tests/support/gitServer';
import { parseAnnotationFile } from '../../shared/format/annotationFile';
import { layout } from '../../shared/format/layout';
import { createProject } from '../project/create';
import { importArticles } from '../import/importer';
import { StandoffService } from '../service';
import { MemoryTokens } from './tokens';

const TEXT_A = 'Saraya Thawrat al-Ashrin claimed the attack; the US denied it.\nOne fighter was killed in the attack.';
const TEXT_B = 'Officials said three people were killed near the port. The group denied any role.';
const TOKEN = 'tok-3f9a1c';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f().catch(() => undefined);
});

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `standoff-sync-${name}-`));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The curator's project: two documents, no annotations yet. */
async function curatorProject(): Promise<string> {
  const root = path.join(await tempDir('curator'), 'project');
  await createProject(root, 'Shared');
  const inbox = await tempDir('inbox');
  await writeFile(path.join(inbox, 'a.txt'), TEXT_A);
  await writeFile(path.join(inbox, 'b.txt'), TEXT_B);
  await importArticles(root, [path.join(inbox, 'a.txt'), path.join(inbox, 'b.txt')]);
  await writeFile(path.join(root, 'guidelines.md'), '# Guidelines\n\nTag claims, denials, casualty figures and actors.\n');
  return root;
}

async function open(root: string, tokens = new MemoryTokens()): Promise<StandoffService> {
  const service = await StandoffService.open(root, { tokens });
  cleanup.push(() => service.close());
  return service;
}

async function tag(service: StandoffService, annotator: string, docId: string, text: string, exact: string, id: string, label = 'claim'): Promise<void> {
  await service.applyEdits({ docId, annotator, edits: [{ op: 'add', span: spanOver(text, exact, id, label) }] });
}

async function spanIds(root: string, docId: string, annotator: string): Promise<string[]> {
  const file = path.join(root, layout.annotation(docId, annotator));
  if (!existsSync(file)) return [];
  return parseAnnotationFile(await readFile(file, 'utf8'), file).spans.map((s) => s.id).sort();
}

function gitCli(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
}

async function docIds(service: StandoffService): Promise<[string, string]> {
  const docs = await service.listDocuments();
  const a = docs.find((d) => d.excerpt.startsWith('Saraya'))!.id;
  const b = docs.find((d) => d.excerpt.startsWith('Officials'))!.id;
  return [a, b];
}

describe('a bare repository on disk', () => {
  it('two annotators and a curator see each other’s work after sync; git reads and checks it', async () => {
    const layla = await curatorProject();
    const shared = path.join(await tempDir('drive'), 'team.git');
    const curator = await open(layla);
    const first = await curator.shareProject({ remote: shared, annotator: 'layla' });
    expect(first.sent).toBe(true);
    expect(first.status.curators).toEqual(['layla']);
    const [a, b] = await docIds(curator);

    const tomRoot = path.join(await tempDir('tom'), 'p');
    const amiraRoot = path.join(await tempDir('amira'), 'p');
    await curator.cloneProject({ url: shared, dir: tomRoot, annotator: 'tom' });
    await curator.cloneProject({ url: shared, dir: amiraRoot, annotator: 'amira' });
    const tom = await open(tomRoot);
    const amira = await open(amiraRoot);

    // Everyone tags, at the same time, then syncs at the same time.
    await Promise.all([
      tag(tom, 'tom', a, TEXT_A, 'claimed the attack', 't1'),
      tag(amira, 'amira', a, TEXT_A, 'the US denied it', 'm1', 'denial'),
      tag(amira, 'amira', b, TEXT_B, 'three people', 'm2', 'casualty-figure'),
      tag(curator, 'layla', b, TEXT_B, 'The group', 'l1', 'actor'),
    ]);
    const reports = await Promise.all([tom.syncProject({ annotator: 'tom' }), amira.syncProject({ annotator: 'amira' }), curator.syncProject({ annotator: 'layla' })]);
    for (const r of reports) expect(r.status.lastError).toBeNull();
    expect(reports[0]!.committed).toMatch(/^tom: 1 document \(.+\), 1 spans added, 0 removed, 0 changed/);
    // A final round: everyone has everything.
    for (const [s, who] of [[tom, 'tom'], [amira, 'amira'], [curator, 'layla']] as const) await s.syncProject({ annotator: who });
    for (const [s, who] of [[tom, 'tom'], [amira, 'amira'], [curator, 'layla']] as const) await s.syncProject({ annotator: who });
    for (const root of [layla, tomRoot, amiraRoot]) {
      expect(await spanIds(root, a, 'tom')).toEqual(['t1']);
      expect(await spanIds(root, a, 'amira')).toEqual(['m1']);
      expect(await spanIds(root, b, 'amira')).toEqual(['m2']);
      expect(await spanIds(root, b, 'layla')).toEqual(['l1']);
    }
    // The service reads what came in.
    const opened = await tom.openDocument({ docId: b });
    expect(opened.layers.map((l) => l.annotator).sort()).toEqual(['amira', 'layla']);
    const status = await tom.syncStatus();
    expect(status).toMatchObject({ shared: true, ahead: 0, behind: 0, lastError: null });
    expect(status.message).toMatch(/^Synced just now/);

    // The git command line clones, logs, reads and checks it; .standoff/ never went in.
    gitCli(shared, 'fsck', '--strict');
    const viaGit = path.join(await tempDir('git'), 'clone');
    gitCli(path.dirname(viaGit), 'clone', '-q', shared, viaGit);
    const log = gitCli(viaGit, 'log', '--format=%an|%s');
    expect(log).toMatch(/^tom\|tom: 1 document/m);
    expect(log).toMatch(/^amira\|amira: 2 documents .*2 spans added/m);
    expect(gitCli(viaGit, 'ls-files')).not.toMatch(/\.standoff/);
    expect(gitCli(layla, 'status', '--porcelain')).toBe('');
    expect(await spanIds(viaGit, a, 'tom')).toEqual(['t1']);
  }, 120_000);

  it('a change by a non-curator to a shared file is refused, never sent, and kept here', async () => {
    const layla = await curatorProject();
    const shared = path.join(await tempDir('drive'), 'team.git');
    const curator = await open(layla);
    await curator.shareProject({ remote: shared, annotator: 'layla' });
    const tomRoot = path.join(await tempDir('tom'), 'p');
    await curator.cloneProject({ url: shared, dir: tomRoot });
    const before = gitCli(shared, 'show', 'main:standoff.json');

    await writeFile(path.join(tomRoot, 'guidelines.md'), '# Tom rewrote the guidelines\n');
    // Naming himself curator in his copy does not make him one: team.json is a curator's file too.
    await writeFile(path.join(tomRoot, 'team.json'), JSON.stringify({ formatVersion: 1, curators: ['layla', 'tom'] }));
    const tom = await open(tomRoot);
    const [a] = await docIds(tom);
    await tag(tom, 'tom', a, TEXT_A, 'claimed the attack', 't1');
    const report = await tom.syncProject({ annotator: 'tom' });
    expect(report.status.refused.map((r) => r.path)).toEqual(['guidelines.md', 'team.json']);
    expect(report.status.refused[0]!.message).toMatch(/is not shared: shared files are changed by the curator \(layla\)/);
    expect(report.message).toMatch(/2 changes were not shared/);
    expect(gitCli(shared, 'show', 'main:team.json')).not.toMatch(/tom/);
    // Tom's annotations went; his guidelines did not, and stay in his folder.
    expect(gitCli(shared, 'show', 'main:guidelines.md')).not.toMatch(/Tom rewrote/);
    expect(gitCli(shared, 'show', 'main:standoff.json')).toBe(before);
    expect(gitCli(shared, 'ls-tree', '-r', '--name-only', 'main')).toMatch(/annotations\/tom\.json/);
    expect(await readFile(path.join(tomRoot, 'guidelines.md'), 'utf8')).toMatch(/Tom rewrote/);

    // The curator changes the guidelines: they reach tom, whose own version is kept aside.
    await writeFile(path.join(layla, 'guidelines.md'), '# The curator’s guidelines, version 2\n');
    expect((await curator.syncProject({ annotator: 'layla' })).sent).toBe(true);
    const again = await tom.syncProject({ annotator: 'tom' });
    expect(await readFile(path.join(tomRoot, 'guidelines.md'), 'utf8')).toMatch(/version 2/);
    const kept = again.status.refused.find((r) => r.path === 'guidelines.md')!;
    const aside = /kept in (\S+)\.$/.exec(kept.message)![1]!;
    expect(await readFile(path.join(tomRoot, aside), 'utf8')).toMatch(/Tom rewrote/);
  }, 120_000);

  it('two curators change one shared file: both versions are kept and shown for a decision', async () => {
    const layla = await curatorProject();
    const shared = path.join(await tempDir('drive'), 'team.git');
    const first = await open(layla);
    await first.shareProject({ remote: shared, annotator: 'layla' });
    await writeFile(path.join(layla, 'team.json'), JSON.stringify({ formatVersion: 1, curators: ['layla', 'omar'] }));
    await first.syncProject({ annotator: 'layla' });
    const omarRoot = path.join(await tempDir('omar'), 'p');
    await first.cloneProject({ url: shared, dir: omarRoot });
    const omar = await open(omarRoot);

    await writeFile(path.join(layla, 'guidelines.md'), '# Layla’s version\n');
    await writeFile(path.join(omarRoot, 'guidelines.md'), '# Omar’s version\n');
    await first.syncProject({ annotator: 'layla' });
    const report = await omar.syncProject({ annotator: 'omar' });
    expect(report.status.conflicts).toHaveLength(1);
    const conflict = report.status.conflicts[0]!;
    expect(conflict).toMatchObject({ path: 'guidelines.md', inFile: 'mine' });
    expect(conflict.message).toMatch(/changed here and by someone else/);
    expect(await readFile(path.join(omarRoot, 'guidelines.md'), 'utf8')).toMatch(/Omar/);
    expect(await readFile(path.join(omarRoot, conflict.otherCopy!), 'utf8')).toMatch(/Layla/);
    // Both versions are in the shared history.
    const history = gitCli(shared, 'log', '-p', '--full-history', '--format=%s', 'main', '--', 'guidelines.md');
    expect(history).toMatch(/Layla’s version/);
    expect(history).toMatch(/Omar’s version/);
    // Omar decides for Layla's: the file takes it and the next sync shares it.
    const after = await omar.resolveSyncConflict({ path: 'guidelines.md', keep: 'theirs' });
    expect(after.conflicts).toEqual([]);
    expect(await readFile(path.join(omarRoot, 'guidelines.md'), 'utf8')).toMatch(/Layla/);
    await omar.syncProject({ annotator: 'omar' });
    expect(gitCli(shared, 'show', 'main:guidelines.md')).toMatch(/Layla/);
    gitCli(shared, 'fsck', '--strict');
  }, 120_000);

  it('a clone made by the git command line opens and syncs', async () => {
    const layla = await curatorProject();
    const shared = path.join(await tempDir('drive'), 'team.git');
    const curator = await open(layla);
    await curator.shareProject({ remote: shared, annotator: 'layla' });
    const viaGit = path.join(await tempDir('git'), 'clone');
    gitCli(path.dirname(viaGit), 'clone', '-q', shared, viaGit);
    gitCli(shared, 'gc', '-q'); // objects in a pack now, as on a real shared drive
    const tom = await open(viaGit);
    const [a] = await docIds(tom);
    await tag(tom, 'tom', a, TEXT_A, 'claimed the attack', 't1');
    const report = await tom.syncProject({ annotator: 'tom' });
    expect(report.sent).toBe(true);
    await curator.syncProject({ annotator: 'layla' });
    expect(await spanIds(layla, a, 'tom')).toEqual(['t1']);
    expect(gitCli(viaGit, 'status', '--porcelain')).toBe('');
    gitCli(viaGit, 'pull', '-q', '--ff-only');
    gitCli(shared, 'fsck', '--strict');
  }, 120_000);
});

describe('a git server over HTTPS-style smart HTTP, with a token', () => {
  async function server(): Promise<{ server: GitServer; repos: string }> {
    const repos = await tempDir('server');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', path.join(repos, 'team.git')]);
    const s = await startGitServer(repos, TOKEN);
    cleanup.push(() => s.stop());
    return { server: s, repos };
  }

  it('offline, work is committed here and sent when the server is back; a wrong token loses nothing', async () => {
    const { server: s, repos } = await server();
    const layla = await curatorProject();
    const curatorTokens = new MemoryTokens();
    const curator = await open(layla, curatorTokens);

    // No token: asked for, in words.
    const noToken = await curator.shareProject({ remote: s.url('team.git'), annotator: 'layla' });
    expect(noToken.status.needsToken).toBe(true);
    expect(noToken.message).toMatch(/asks for a token/);
    await curator.setSyncToken({ token: TOKEN });
    const shared = await curator.syncProject({ annotator: 'layla' });
    expect(shared.sent).toBe(true);
    expect(s.requests.some((r) => r.startsWith('POST /team.git/git-receive-pack'))).toBe(true);

    const tomRoot = path.join(await tempDir('tom'), 'p');
    const tomTokens = new MemoryTokens();
    await tomTokens.set('*', TOKEN);
    const tomClone = await curator.cloneProject({ url: s.url('team.git'), dir: tomRoot, annotator: 'tom' });
    expect(tomClone.root).toBe(tomRoot);
    const tom = await open(tomRoot, tomTokens);
    const [a, b] = await docIds(tom);

    // The server goes away: tom keeps working and syncing.
    await s.stop();
    await tag(tom, 'tom', a, TEXT_A, 'claimed the attack', 't1');
    const offline = await tom.syncProject({ annotator: 'tom' });
    expect(offline.offline).toBe(true);
    expect(offline.committed).toMatch(/^tom: 1 document/);
    expect(offline.message).toMatch(/Cannot reach http:\/\/127\.0\.0\.1:\d+\/team\.git .*Nothing is lost/);
    expect(offline.status.ahead).toBe(1);
    expect(offline.status.message).toMatch(/^1 change not sent yet: Cannot reach/);
    await tag(tom, 'tom', b, TEXT_B, 'three people', 't2', 'casualty-figure');
    expect((await tom.syncProject({ annotator: 'tom' })).status.ahead).toBe(2);

    // Meanwhile the curator sends work when the server is back; tom's push is then rejected (the
    // remote moved) and sync takes the curator's work in and sends again.
    await s.start();
    await tag(curator, 'layla', b, TEXT_B, 'The group', 'l1', 'actor');
    expect((await curator.syncProject({ annotator: 'layla' })).sent).toBe(true);

    // A wrong token: refused in words, nothing lost.
    await tomTokens.set('*', 'wrong');
    const refused = await tom.syncProject({ annotator: 'tom' });
    expect(refused.status.needsToken).toBe(true);
    expect(refused.message).toMatch(/refused the token/);
    expect(await spanIds(tomRoot, a, 'tom')).toEqual(['t1']);

    await tomTokens.set('*', TOKEN);
    const back = await tom.syncProject({ annotator: 'tom' });
    expect(back).toMatchObject({ sent: true, offline: false });
    expect(back.received).toBeGreaterThan(0);
    expect(await spanIds(tomRoot, b, 'layla')).toEqual(['l1']);
    await curator.syncProject({ annotator: 'layla' });
    expect(await spanIds(layla, a, 'tom')).toEqual(['t1']);
    expect(await spanIds(layla, b, 'tom')).toEqual(['t2']);
    gitCli(path.join(repos, 'team.git'), 'fsck', '--strict');
  }, 120_000);
});

describe('three annotators tagging and syncing at the same time', () => {
  it('for a bounded while over smart HTTP: every acknowledged span is in every clone after a final sync, and git fsck passes', async () => {
    const repos = await tempDir('server');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', path.join(repos, 'team.git')]);
    const s = await startGitServer(repos, TOKEN);
    cleanup.push(() => s.stop());
    const tokens = new MemoryTokens();
    await tokens.set('*', TOKEN);
    const layla = await curatorProject();
    const curator = await open(layla, tokens);
    expect((await curator.shareProject({ remote: s.url('team.git'), annotator: 'layla' })).sent).toBe(true);
    const [a, b] = await docIds(curator);
    const names = ['ana', 'ben', 'chen'];
    const clones = await Promise.all(
      names.map(async (who) => {
        const root = path.join(await tempDir(who), 'p');
        await curator.cloneProject({ url: s.url('team.git'), dir: root, annotator: who });
        return { who, root, service: await open(root, tokens) };
      }),
    );
    // Each tags a new span and syncs, again and again, all at once, for six seconds.
    const words = ['claimed the attack', 'the US denied it', 'One fighter', 'the attack'];
    const acknowledged = new Map<string, string[]>();
    let syncs = 0;
    let pushes = 0;
    const until = Date.now() + 6000;
    await Promise.all(
      clones.map(async ({ who, service }) => {
        const ids: string[] = [];
        for (let i = 0; Date.now() < until; i++) {
          const id = `${who}-${i}`;
          await tag(service, who, a, TEXT_A, words[i % words.length]!, id);
          ids.push(id);
          const report = await service.syncProject({ annotator: who });
          expect(report.status.lastError).toBeNull();
          syncs++;
          if (report.sent) pushes++;
        }
        acknowledged.set(who, ids.sort());
      }),
    );
    for (let round = 0; round < 2; round++) for (const c of clones) await c.service.syncProject({ annotator: c.who });
    await curator.syncProject({ annotator: 'layla' });
    for (const root of [layla, ...clones.map((c) => c.root)]) {
      for (const who of names) expect(await spanIds(root, a, who)).toEqual(acknowledged.get(who));
      expect(existsSync(path.join(root, layout.annotation(b, 'ana')))).toBe(false);
    }
    gitCli(path.join(repos, 'team.git'), 'fsck', '--strict');
    for (const c of clones) gitCli(c.root, 'fsck', '--no-dangling');
    console.log(`three annotators: ${syncs} syncs in 6 s, ${pushes} of them sent work, ${[...acknowledged.values()].flat().length} spans, all in every clone`);
  }, 180_000);
});

describe('sync and the service’s own saves', () => {
  it('a layer file changed here after the commit is never written over by incoming work', async () => {
    const layla = await curatorProject();
    const shared = path.join(await tempDir('drive'), 'team.git');
    const curator = await open(layla);
    await curator.shareProject({ remote: shared, annotator: 'layla' });
    const [a] = await docIds(curator);
    // A second copy of layla (her laptop) changes her own layer; the desktop changes it too.
    const laptop = path.join(await tempDir('laptop'), 'p');
    await curator.cloneProject({ url: shared, dir: laptop });
    const onLaptop = await open(laptop);
    await tag(onLaptop, 'layla', a, TEXT_A, 'claimed the attack', 'x1');
    await onLaptop.syncProject({ annotator: 'layla' });
    await tag(curator, 'layla', a, TEXT_A, 'the US denied it', 'x2', 'denial');
    const report = await curator.syncProject({ annotator: 'layla' });
    // Both versions are kept: the desktop's in the file, the laptop's beside it and in history.
    expect(await spanIds(layla, a, 'layla')).toEqual(['x2']);
    const conflict = report.status.conflicts.find((c) => c.path === layout.annotation(a, 'layla'))!;
    expect(conflict.inFile).toBe('mine');
    expect(await readFile(path.join(layla, conflict.otherCopy!), 'utf8')).toMatch(/"x1"/);
  }, 120_000);
});
