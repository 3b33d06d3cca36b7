/**
 * The rest of issue 12's proof, against a real git server over smart HTTP on 127.0.0.1 (the git
 * command line's http-backend behind a token check): three annotators tag and sync at the same
 * time while the curator changes the label schema and the assignment file; a push rejected
 * because the remote moved between the fetch and the push (a push made with the git command
 * line, over the same server); and the git command line cloning over HTTP, reading the
 * history, and pushing work that Standoff takes in. After each: every acknowledged span in
 * every clone after a final sync, the curator's files the same everywhere, `git fsck` clean.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
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

const TEXT = 'Saraya Thawrat al-Ashrin claimed the attack; the US denied it.\nOne fighter was killed in the attack.';
const TOKEN = 'tok-proof';
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f().catch(() => undefined);
});

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `standoff-proof-${name}-`));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const gitArgs = (args: string[]) => ['-c', 'user.name=sami', '-c', 'user.email=sami@example.org', ...args];
const gitEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
/** The git command line, for local work only: it blocks this process, where the test's server runs. */
const gitCli = (cwd: string, ...args: string[]) => execFileSync('git', gitArgs(args), { cwd, encoding: 'utf8', env: gitEnv });
/** The git command line talking to the server (which answers from this same process). */
const gitNet = async (cwd: string, ...args: string[]) => (await promisify(execFile)('git', gitArgs(args), { cwd, encoding: 'utf8', env: gitEnv })).stdout;

async function spanIds(root: string, docId: string, who: string): Promise<string[]> {
  const file = path.join(root, layout.annotation(docId, who));
  if (!existsSync(file)) return [];
  return parseAnnotationFile(await readFile(file, 'utf8'), file).spans.map((s) => s.id).sort();
}

/** A server, a curator's shared project with one document, and clones for `names`, each open in a service. */
async function sharedTeam(names: string[]): Promise<{
  server: GitServer;
  bare: string;
  tokens: MemoryTokens;
  docId: string;
  curator: StandoffService;
  curatorRoot: string;
  clones: Array<{ who: string; root: string; service: StandoffService }>;
}> {
  const repos = await tempDir('server');
  const bare = path.join(repos, 'team.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
  const server = await startGitServer(repos, TOKEN);
  cleanup.push(() => server.stop());
  const tokens = new MemoryTokens();
  await tokens.set('*', TOKEN);
  const curatorRoot = path.join(await tempDir('layla'), 'p');
  await createProject(curatorRoot, 'Proof');
  const inbox = await tempDir('inbox');
  await writeFile(path.join(inbox, 'a.txt'), TEXT);
  await importArticles(curatorRoot, [path.join(inbox, 'a.txt')]);
  // Watching, as the app does: sync then looks only at the paths that changed.
  const curator = await StandoffService.open(curatorRoot, { tokens, watch: true, autoSyncMinutes: 0 });
  cleanup.push(() => curator.close());
  expect((await curator.shareProject({ remote: server.url('team.git'), annotator: 'layla' })).sent).toBe(true);
  const docId = (await curator.listDocuments())[0]!.id;
  const clones = await Promise.all(
    names.map(async (who) => {
      const root = path.join(await tempDir(who), 'p');
      await curator.cloneProject({ url: server.url('team.git'), dir: root, annotator: who });
      const service = await StandoffService.open(root, { tokens, watch: true, autoSyncMinutes: 0 });
      cleanup.push(() => service.close());
      return { who, root, service };
    }),
  );
  return { server, bare, tokens, docId, curator, curatorRoot, clones };
}

describe('the proof of issue 12, over smart HTTP', () => {
  it('three annotators tag and sync at once while the curator changes the schema and the assignment; all of it reaches every clone', async () => {
    const { bare, docId, curator, curatorRoot, clones } = await sharedTeam(['ana', 'ben', 'chen']);
    const words = ['claimed the attack', 'the US denied it', 'One fighter', 'the attack'];
    const acknowledged = new Map<string, string[]>();
    const until = Date.now() + 5000;
    const curatorWork = (async () => {
      // The curator adds a label and writes the assignment, then syncs, while the others work.
      const info = await curator.getProject();
      const key = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].find((k) => !info.labels.some((l) => l.key === k)) ?? '9';
      await curator.updateSchema({ labels: [...info.labels, { id: 'threat', name: 'Threat', key, color: '#aa3300', attributes: [] }], relations: info.relations });
      await writeFile(
        path.join(curatorRoot, 'assignment.json'),
        `${JSON.stringify({ formatVersion: 1, documents: { [docId]: ['ana', 'ben', 'chen'] }, plan: null, updated: new Date().toISOString(), updatedBy: 'layla' }, null, 2)}\n`,
      );
      while (Date.now() < until) {
        const r = await curator.syncProject({ annotator: 'layla' });
        expect(r.status.lastError).toBeNull();
      }
    })();
    await Promise.all([
      curatorWork,
      ...clones.map(async ({ who, service }) => {
        const ids: string[] = [];
        for (let i = 0; Date.now() < until; i++) {
          const id = `${who}-${i}`;
          await service.applyEdits({ docId, annotator: who, edits: [{ op: 'add', span: spanOver(TEXT, words[i % words.length]!, id) }] });
          ids.push(id);
          const report = await service.syncProject({ annotator: who });
          expect(report.status.lastError).toBeNull();
          expect(report.status.refused).toEqual([]);
        }
        acknowledged.set(who, ids.sort());
      }),
    ]);
    for (let round = 0; round < 2; round++) {
      for (const c of clones) await c.service.syncProject({ annotator: c.who });
      await curator.syncProject({ annotator: 'layla' });
    }
    const schema = await readFile(path.join(curatorRoot, 'standoff.json'), 'utf8');
    expect(schema).toMatch(/"threat"/);
    const assignment = await readFile(path.join(curatorRoot, 'assignment.json'), 'utf8');
    for (const root of [curatorRoot, ...clones.map((c) => c.root)]) {
      for (const c of clones) expect(await spanIds(root, docId, c.who)).toEqual(acknowledged.get(c.who));
      expect(await readFile(path.join(root, 'standoff.json'), 'utf8')).toBe(schema);
      expect(await readFile(path.join(root, 'assignment.json'), 'utf8')).toBe(assignment);
      expect(gitCli(root, 'status', '--porcelain')).toBe('');
      gitCli(root, 'fsck', '--no-dangling', '--no-progress');
    }
    // The annotators' apps read the new label: the watcher took the schema in.
    expect((await clones[0]!.service.getProject()).labels.map((l) => l.id)).toContain('threat');
    gitCli(bare, 'fsck', '--strict', '--no-progress');
    const log = gitCli(bare, 'log', '--format=%an|%s', 'main');
    expect(log).toMatch(/^layla\|layla: .*the label schema \(standoff\.json\)/m);
    expect(log).toMatch(/^ana\|ana: 1 document/m);
  }, 180_000);

  it('a push rejected because the remote moved after the fetch: sync takes the new work in and sends again; the git command line clones, logs and pushes', async () => {
    const { server, bare, docId, curator, curatorRoot, clones } = await sharedTeam(['tom']);
    const tom = clones[0]!;
    // Sami works with the git command line, over the same server, with the token as password.
    const viaGit = path.join(await tempDir('sami'), 'clone');
    const authed = server.url('team.git').replace('http://', `http://standoff:${TOKEN}@`);
    await gitNet(path.dirname(viaGit), 'clone', '-q', authed, viaGit);
    expect(gitCli(viaGit, 'log', '--format=%an|%s')).toMatch(/^layla\|layla: shared the project \(1 document\)/m);
    expect(gitCli(viaGit, 'show', `HEAD:${layout.meta(docId)}`)).toMatch(new RegExp(docId));

    await tom.service.applyEdits({ docId, annotator: 'tom', edits: [{ op: 'add', span: spanOver(TEXT, 'claimed the attack', 't1') }] });
    // Layla sends work; sami takes it with git and writes a layer of his own (a copy of hers, renamed).
    await curator.applyEdits({ docId, annotator: 'layla', edits: [{ op: 'add', span: spanOver(TEXT, 'One fighter', 'l1', 'casualty-figure') }] });
    await curator.syncProject({ annotator: 'layla' });
    await gitNet(viaGit, 'pull', '-q', '--ff-only');
    const laylaLayer = await readFile(path.join(viaGit, layout.annotation(docId, 'layla')), 'utf8');
    await writeFile(path.join(viaGit, layout.annotation(docId, 'sami')), laylaLayer.replace(/"annotator": "layla"/, '"annotator": "sami"').replace(/"l1"/, '"s1"'));
    // Tom's push reaches the server, which holds it while sami pushes with the git command line:
    // then the server refuses tom's (not a fast-forward any more).
    gitCli(viaGit, 'add', '-A');
    gitCli(viaGit, 'commit', '-q', '-m', 'sami: 1 document, 1 span added');
    let samiPush: Promise<string> | null = null;
    let pushedBySami = false;
    server.hold = {
      path: 'git-receive-pack',
      ms: 6000,
      once: true,
      onHeld: () => {
        samiPush = gitNet(viaGit, 'push', '-q', 'origin', 'main').then((out) => ((pushedBySami = true), out));
      },
    };
    const before = server.requests.filter((r) => r.endsWith('/git-receive-pack')).length;
    const report = await tom.service.syncProject({ annotator: 'tom' });
    await samiPush;
    expect(pushedBySami).toBe(true);
    expect(report).toMatchObject({ sent: true, offline: false });
    expect(report.status.lastError).toBeNull();
    // Three pushes reached git: tom's refused one, sami's, and tom's again after taking sami's work in.
    expect(server.requests.filter((r) => r.endsWith('/git-receive-pack')).length - before).toBe(3);
    expect(await spanIds(tom.root, docId, 'sami')).toEqual(['s1']);
    expect(await spanIds(tom.root, docId, 'layla')).toEqual(['l1']);
    await curator.syncProject({ annotator: 'layla' });
    expect(await spanIds(curatorRoot, docId, 'tom')).toEqual(['t1']);
    expect(await spanIds(curatorRoot, docId, 'sami')).toEqual(['s1']);
    await gitNet(viaGit, 'pull', '-q', '--ff-only');
    expect(await spanIds(viaGit, docId, 'tom')).toEqual(['t1']);
    expect(gitCli(viaGit, 'log', '--format=%an', '-n', '3')).toMatch(/tom/);
    gitCli(bare, 'fsck', '--strict', '--no-progress');
    gitCli(tom.root, 'fsck', '--no-dangling', '--no-progress');
  }, 120_000);
});
