/**
 * Sharing one project through git: share, clone, sync, status, and keeping one version of a
 * conflicted file (docs/SYNC.md). One sync at a time per project, across processes (a lock in
 * `.standoff/`); every file it writes in the project goes through the durable, checked write of
 * backend/project/durableFile.ts, against the version it expects, so a save of the service in
 * flight is never written over (the save then finds the file changed and merges, as for any
 * outside change); the watcher tells the windows about what came in.
 *
 * Order of a sync, chosen so that a kill at any point leaves a readable project and a sync that
 * finishes the work next time:
 *   1. commit this annotator's changed files (the index, then the commit, then the branch);
 *   2. fetch the remote branch (objects first, then the remote-tracking ref);
 *   3. merge: write the merge commit, note {from, to} in `.standoff/sync/checkout.json`, move the
 *      branch, update the changed files one by one (each atomic), update the index, drop the note;
 *      a sync that finds the note finishes that update first;
 *   4. push: objects, then the remote branch if it is still where it was (else fetch and merge again).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, rmdir, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { ApiError } from '../../shared/api/errors';
import type { CloneResult, OpenProjectResult, RefusedChange, SyncConflict, SyncReport, SyncStatus } from '../../shared/api/sync';
import { throwIfCancelled, unwatched, type JobContext } from '../jobs/context';
import { ChangedOnDisk, noteWritten, onWritten, readWithHash, running, writeDurably } from '../project/durableFile';
import { insideProject } from '../project/files';
import {
  bareRepo,
  blobId,
  commitTree,
  copyObjects,
  countCommits,
  currentBranch,
  diffTrees,
  fs,
  git,
  isBareRepository,
  mergeTrees,
  moveRemoteBranch,
  readBlob,
  RefMoved,
  resolveRef,
  setRef,
  workRepo,
  type Repo,
  type TreeConflict,
  updateTree,
} from './git';
import { abortableHttp, pushHttp } from './transport';
import { changedFiles, parseIndex, setIndexEntries, type WorkChange } from './worktree';
import { commitMessage, remoteProblem, type CommittedFile } from './messages';
import { describePath, GITATTRIBUTES, GITIGNORE_LINES, isPrivate, mayChange, ownerOf, TEAM_FILE } from './paths';

/** Where a token comes from: the window (memory, or safeStorage on the desktop), then STANDOFF_GIT_TOKEN. */
export interface TokenSource {
  get(remote: string): Promise<string | null>;
}

export const envTokens: TokenSource = { get: async () => process.env.STANDOFF_GIT_TOKEN || null };

const SYNC_DIR = '.standoff/sync';
const STATE = `${SYNC_DIR}/state.json`;
const JOURNAL = `${SYNC_DIR}/checkout.json`;
/** The remote-tracking ref before a fetch: isomorphic-git moves it before the objects are in, so a fetch stopped midway puts it back. */
const FETCH_NOTE = `${SYNC_DIR}/fetch.json`;
const REMOTE = 'origin';
const PUSH_ATTEMPTS = 12;

interface State {
  annotator: string | null;
  lastSynced: string | null;
  lastError: string | null;
  needsToken: boolean;
  conflicts: SyncConflict[];
  refused: RefusedChange[];
}

const emptyState = (): State => ({ annotator: null, lastSynced: null, lastError: null, needsToken: false, conflicts: [], refused: [] });

export const isHttp = (url: string) => /^https?:\/\//i.test(url);

/** A remote as stored: an https address without credentials, or an absolute folder (file:// allowed). */
function remotePath(url: string): string {
  return url.startsWith('file://') ? new URL(url).pathname : url;
}

/** The remote for messages: no user or token in it. */
export function displayRemote(url: string): string {
  if (!isHttp(url)) return remotePath(url);
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

const author = (who: string) => ({ name: who, email: `${who}@standoff.invalid` });

export class ProjectSync {
  private readonly repo: Repo;
  /** This process's sync under way, so that a second request waits for it rather than failing. */
  private running: Promise<SyncReport> | null = null;
  autoSyncMinutes: number | null = null;
  /**
   * Paths changed since the last look, from the folder watcher and this process's own writes
   * (changeFeed). While the watcher has run without a fault since before the last look began,
   * a sync looks only at these (and at those it left unsettled), not at the whole project.
   */
  private changedPaths = new Set<string>();
  private watchedSince: number | null = null;
  private lastLookAt: number | null = null;
  private stopListening: (() => void) | null = null;
  /** Paths the last look found changed and this sync did not settle in the index (refused ones), or whose index entry has no stat data. */
  private unsettled = new Set<string>();

  constructor(
    readonly root: string,
    private readonly tokens: TokenSource = envTokens,
  ) {
    this.repo = workRepo(root);
  }

  /** For a service that watches the folder: what to tell sync of each change, when the watcher is ready, and when it failed. */
  changeFeed(): { changed(rel: string): void; ready(): void; lost(): void } {
    const prefix = path.resolve(this.root) + path.sep;
    this.stopListening?.();
    this.stopListening = onWritten((full) => {
      if (full.startsWith(prefix)) this.noteChanged(full.slice(prefix.length).split(path.sep).join('/'));
    });
    return {
      changed: (rel) => this.noteChanged(rel),
      ready: () => {
        this.watchedSince = Date.now();
      },
      lost: () => {
        this.watchedSince = null;
      },
    };
  }

  private noteChanged(rel: string): void {
    if (!isPrivate(rel)) this.changedPaths.add(rel);
  }

  close(): void {
    this.stopListening?.();
    this.stopListening = null;
    this.watchedSince = null;
  }

  private folderRemoteRepo: Repo | null = null;

  /** A folder remote, with its cache of pack indexes kept from one sync to the next (isomorphic-git lists the packs each time). */
  private folderRemote(url: string): Repo {
    const gitdir = remotePath(url);
    if (this.folderRemoteRepo?.gitdir !== gitdir) this.folderRemoteRepo = bareRepo(gitdir);
    return this.folderRemoteRepo;
  }

  // ---- status

  async status(): Promise<SyncStatus> {
    const state = await this.readState();
    const remote = await this.remoteUrl();
    const branch = existsSync(this.repo.gitdir) ? await currentBranch(this.repo).catch(() => null) : null;
    const curators = await this.curators();
    let ahead = 0;
    let behind = 0;
    if (remote && branch) {
      const head = await resolveRef(this.repo, `refs/heads/${branch}`);
      const tracking = await resolveRef(this.repo, `refs/remotes/${REMOTE}/${branch}`);
      ahead = await countCommits(this.repo, head, tracking).catch(() => 0);
      behind = await countCommits(this.repo, tracking, head).catch(() => 0);
    }
    const shared = remote !== null;
    return {
      shared,
      remote: remote ? displayRemote(remote) : null,
      branch,
      annotator: state.annotator,
      curators,
      ahead,
      behind,
      lastSynced: state.lastSynced,
      lastError: state.lastError,
      needsToken: state.needsToken,
      conflicts: state.conflicts,
      refused: state.refused,
      autoSyncMinutes: this.autoSyncMinutes,
      message: statusMessage(shared, ahead, state),
    };
  }

  // ---- share

  async share({ remote, annotator }: { remote: string; annotator: string }, ctx: JobContext = unwatched): Promise<SyncReport> {
    if (/^[a-z]+:\/\/[^/]*@/i.test(remote)) {
      throw new ApiError('bad-request', 'Give the address without a user or token in it; the token is asked for separately and never stored in the project.');
    }
    if (!isHttp(remote) && !path.isAbsolute(remotePath(remote))) throw new ApiError('bad-request', `The remote must be an https:// address or a full folder path, not "${remote}".`);
    if (!existsSync(path.join(this.root, 'standoff.json'))) throw new ApiError('bad-request', `${this.root} is not a Standoff project (no standoff.json).`);
    if (!existsSync(this.repo.gitdir)) await git.init({ fs, dir: this.root, defaultBranch: 'main' });
    await this.ensureIgnores();
    if (!existsSync(path.join(this.root, TEAM_FILE))) {
      await writeDurably(path.join(this.root, TEAM_FILE), `${JSON.stringify({ formatVersion: 1, curators: [annotator] }, null, 2)}\n`, null);
    }
    if (!isHttp(remote)) {
      const dir = remotePath(remote);
      const empty = !existsSync(dir) || (await readdir(dir)).length === 0;
      if (empty) {
        await mkdir(dir, { recursive: true });
        await git.init({ fs, dir, bare: true, defaultBranch: (await currentBranch(this.repo)) ?? 'main' });
      } else if (!(await isBareRepository(dir))) {
        throw new ApiError('bad-request', `${dir} is a folder with files in it but not a git repository: give an empty folder, or a bare repository (git init --bare).`);
      }
    }
    await git.addRemote({ fs, dir: this.root, remote: REMOTE, url: isHttp(remote) ? remote : remotePath(remote), force: true });
    return this.sync({ annotator }, ctx);
  }

  /** `.gitignore` and `.gitattributes`, so that git (ours or the command line) leaves private files out and never touches line ends. */
  private async ensureIgnores(): Promise<void> {
    const ignore = path.join(this.root, '.gitignore');
    const now = existsSync(ignore) ? await readFile(ignore, 'utf8') : '';
    const have = new Set(now.split('\n').map((l) => l.trim()));
    const missing = GITIGNORE_LINES.filter((l) => !have.has(l));
    if (missing.length) await writeDurably(ignore, `${now}${now && !now.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`);
    const attributes = path.join(this.root, '.gitattributes');
    if (!existsSync(attributes)) await writeDurably(attributes, GITATTRIBUTES, null);
  }

  // ---- sync

  sync(input: { annotator: string }, ctx: JobContext = unwatched): Promise<SyncReport> {
    if (this.running) return this.running.then(() => this.sync(input, ctx));
    const run = this.locked(() => this.syncNow(input.annotator, ctx)).finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  private async syncNow(who: string, ctx: JobContext): Promise<SyncReport> {
    const url = await this.remoteUrl();
    if (!url) throw new ApiError('bad-request', 'This project is not shared yet: share it first (standoff share <project> <remote>).');
    const remote = displayRemote(url);
    const state = await this.readState();
    state.annotator = who;
    const branch = (await currentBranch(this.repo)) ?? 'main';
    const curators = await this.curators();
    const curator = curators.length === 0 || curators.includes(who);
    await this.undoFetch();
    await this.finishCheckout(who, curator, state);

    ctx.progress({ done: 0, total: 4, phase: 'saving your changes' });
    let committed: string | null;
    try {
      const own = await this.commitOwn(who, curator, curators, branch, ctx.signal);
      committed = own.message;
      state.refused = own.refused;
    } catch (e) {
      if ((e as Error).name === 'JobCancelled') await this.writeState(state);
      throw e;
    }
    throwIfCancelled(ctx.signal);

    let received = 0;
    let sent = false;
    const token = await this.tokens.get(url);
    try {
      for (let attempt = 1; ; attempt++) {
        ctx.progress({ done: 1, total: 4, phase: "fetching the others' work" });
        const theirs = await this.fetch(url, branch, token, ctx.signal);
        throwIfCancelled(ctx.signal);
        ctx.progress({ done: 2, total: 4, phase: 'merging' });
        received += await this.merge(who, curator, branch, theirs, state, ctx.signal);
        const head = await resolveRef(this.repo, `refs/heads/${branch}`);
        if (!head || head === theirs) break;
        throwIfCancelled(ctx.signal);
        ctx.progress({ done: 3, total: 4, phase: 'sending your work' });
        try {
          await this.push(url, branch, head, theirs, token, ctx.signal);
          sent = true;
          break;
        } catch (e) {
          // Not a fast-forward any more, or the server could not move the branch (another push held its lock).
          const code = (e as { code?: string }).code;
          const rejected = e instanceof RefMoved || code === 'PushRejectedError' || code === 'GitPushError';
          if (!rejected || attempt >= PUSH_ATTEMPTS) throw e;
          // The remote moved since the fetch: take the new work in and send again, after a random
          // wait that doubles each time (capped), so that clones pushing at the same moment spread
          // out instead of colliding again; a fixed, short wait let three busy clones starve one.
          await new Promise((r) => setTimeout(r, 20 + Math.random() * Math.min(3000, 100 * 2 ** attempt)));
        }
      }
      state.lastSynced = new Date().toISOString();
      state.lastError = null;
      state.needsToken = false;
      await this.writeState(state);
      const status = await this.status();
      return { status, committed, received, sent, offline: false, message: reportMessage(committed, received, sent, status) };
    } catch (e) {
      if ((e as Error).name === 'JobCancelled') {
        await this.writeState(state);
        throw e;
      }
      if (e instanceof ApiError) throw e;
      const problem = remoteProblem(e, remote, token !== null);
      state.lastError = problem.message;
      state.needsToken = problem.needsToken;
      await this.writeState(state);
      const status = await this.status();
      return { status, committed, received, sent, offline: problem.offline, message: problem.message };
    }
  }

  /**
   * Stages and commits this annotator's changed files (and, for a curator, the shared files);
   * lists every other change as refused, with why. The index is git's own, so the `git`
   * command line sees the same state.
   */
  private async commitOwn(who: string, curator: boolean, curators: string[], branch: string, signal?: AbortSignal): Promise<{ message: string | null; refused: RefusedChange[] }> {
    const r = this.repo;
    const head = await resolveRef(r, `refs/heads/${branch}`);
    // The paths changed since the last look, when the watcher saw every change since then;
    // otherwise (the command line, a first sync, a watcher that failed) the whole project.
    const taken = this.changedPaths;
    this.changedPaths = new Set();
    const lookAt = Date.now();
    const watched = this.watchedSince !== null && this.lastLookAt !== null && this.watchedSince <= this.lastLookAt;
    let work: WorkChange[];
    // Files unchanged but with other times than the index has (a copy, a checkout by git): their
    // entries are refreshed below, so that the next look need not read them again.
    const stale = new Map<string, string>();
    try {
      const only = watched ? [...taken, ...this.unsettled] : null;
      work = (await changedFiles(this.root, r.gitdir, signal, only, stale)) ?? (await this.changedByMatrix());
    } catch (e) {
      for (const p of taken) this.changedPaths.add(p);
      throw e;
    }
    this.lastLookAt = lookAt;
    // Changes not committed (refused, or another's file) are looked at again next time.
    this.unsettled = new Set(work.map((c) => c.path));
    const files: CommittedFile[] = [];
    const refused: RefusedChange[] = [];
    const changes = new Map<string, string | null>();
    for (const c of work) {
      // A cancel stops here, before anything but loose objects is written.
      throwIfCancelled(signal);
      // The first commit (sharing) takes the project as it is, with everyone's files in it.
      if (head !== null && !mayChange(c.path, who, curator)) {
        refused.push({ path: c.path, message: refusedMessage(c.path, curators) });
        continue;
      }
      const before = c.indexed ? await readBlob(r, c.indexed).catch(() => null) : null;
      if (!c.present) {
        changes.set(c.path, null);
        files.push({ path: c.path, before, after: null });
        continue;
      }
      const after = await readFile(insideProject(this.root, c.path)).catch(() => null);
      if (!after) continue;
      changes.set(c.path, await git.writeBlob({ fs, gitdir: r.gitdir, blob: after }));
      files.push({ path: c.path, before, after });
    }
    if (changes.size === 0) {
      if (stale.size) await this.indexToHead([...stale.keys()], stale);
      return { message: null, refused };
    }
    // Objects first, then the branch, then the index: a kill leaves the old commit or the new one,
    // and an index behind the branch only makes the next sync look at those files again.
    const headTree = head ? await commitTree(r, head) : null;
    const tree = (await updateTree(r, headTree, changes)) ?? (await git.writeTree({ fs, gitdir: r.gitdir, tree: [] }));
    // The last moment a cancel leaves no commit: after it, the commit and the index are written together.
    throwIfCancelled(signal);
    let message: string | null = null;
    if (tree !== headTree) {
      message = commitMessage(who, files, head === null);
      const now = { ...author(who), timestamp: Math.floor(Date.now() / 1000), timezoneOffset: new Date().getTimezoneOffset() };
      const commit = await git.writeCommit({ fs, gitdir: r.gitdir, commit: { message, tree, parent: head ? [head] : [], author: now, committer: now } });
      await setRef(r, `refs/heads/${branch}`, commit);
    }
    for (const [p, oid] of stale) if (!changes.has(p)) changes.set(p, oid);
    await this.indexToHead([...changes.keys()], changes);
    return { message, refused };
  }

  /**
   * Brings git's index to the branch for these paths (so that the git command line sees a clean
   * tree). A file saved again while this ran is left marked as changed: the index takes a file's
   * times only when its content is what was committed.
   */
  private async indexToHead(paths: string[], committed?: Map<string, string | null>): Promise<void> {
    const r = this.repo;
    // Ours reads only the named files and writes the index once (isomorphic-git's resetIndex
    // reads and writes all of it for each path: seconds on 50,000 files).
    const unsettled = committed ? await setIndexEntries(this.root, r.gitdir, new Map(paths.map((p) => [p, committed.get(p) ?? null]))) : null;
    if (unsettled) {
      for (const p of unsettled) this.unsettled.add(p);
      return;
    }
    // isomorphic-git's way below leaves no list of what it left unsettled: the next sync looks at everything.
    this.lastLookAt = null;
    const present = paths.filter((p) => committed?.get(p));
    if (present.length > 20) {
      await git.add({ fs, dir: this.root, gitdir: r.gitdir, filepath: present, cache: r.cache }).catch(() => undefined);
      const index = parseIndex(await readFile(path.join(r.gitdir, 'index')).catch(() => Buffer.alloc(0)));
      for (const p of paths) {
        if (index && committed?.get(p) && index.get(p)?.oid === committed.get(p)) continue;
        await git.resetIndex({ fs, dir: this.root, gitdir: r.gitdir, filepath: p, cache: r.cache }).catch(() => undefined);
      }
      return;
    }
    for (const p of paths) await git.resetIndex({ fs, dir: this.root, gitdir: r.gitdir, filepath: p, cache: r.cache }).catch(() => undefined);
  }

  /** For an index this module does not read (version 4): isomorphic-git's own, slower walk. */
  private async changedByMatrix(): Promise<WorkChange[]> {
    const r = this.repo;
    const matrix = await git.statusMatrix({ fs, dir: this.root, gitdir: r.gitdir, cache: r.cache, filter: (f) => !isPrivate(f) });
    const head = await resolveRef(r, 'HEAD');
    const out: WorkChange[] = [];
    for (const [file, inHead, inWork] of matrix) {
      if (!((inHead === 1 && inWork !== 1) || (inHead === 0 && inWork === 2))) continue;
      const indexed = inHead === 1 && head ? (await git.readBlob({ fs, gitdir: r.gitdir, oid: head, filepath: file, cache: r.cache }).then((b) => b.oid)) : null;
      out.push({ path: file, indexed, present: inWork !== 0 });
    }
    return out;
  }

  private async fetch(url: string, branch: string, token: string | null, signal?: AbortSignal): Promise<string | null> {
    const tracking = `refs/remotes/${REMOTE}/${branch}`;
    if (!isHttp(url)) {
      const remote = this.folderRemote(url);
      if (!(await isBareRepository(remote.gitdir))) {
        throw Object.assign(new Error(`The shared folder ${remote.gitdir} cannot be reached (a drive not connected?).`), { code: 'MissingRemote' });
      }
      const tip = await resolveRef(remote, `refs/heads/${branch}`);
      if (!tip) return null;
      // Objects first, each after what it refers to (a cancel or a kill leaves only complete ones), then the ref.
      await copyObjects(remote, this.repo, [tip], signal);
      throwIfCancelled(signal);
      await setRef(this.repo, tracking, tip);
      return tip;
    }
    await mkdir(path.join(this.root, SYNC_DIR), { recursive: true });
    await writeDurably(path.join(this.root, FETCH_NOTE), JSON.stringify({ ref: tracking, before: await resolveRef(this.repo, tracking) }));
    try {
      // Not singleBranch: with it, isomorphic-git tells the server only the local branch as what
      // we have, which after a local commit the server does not know, so it sent the whole
      // project every time (seconds on 2,000 documents). Without it, the remote-tracking ref
      // goes too, and the server sends only what is new.
      await git.fetch({ fs, http: abortableHttp(signal), dir: this.root, remote: REMOTE, ref: branch, singleBranch: false, tags: false, cache: this.repo.cache, ...auth(token) });
    } catch (e) {
      await this.undoFetch();
      // An empty remote (just made on GitHub or Gitea) has no branch to fetch yet.
      if ((e as { code?: string }).code === 'NotFoundError' || /could not find|empty repository/i.test((e as Error).message)) return resolveRef(this.repo, tracking);
      throw e;
    }
    await rm(path.join(this.root, FETCH_NOTE), { force: true });
    return resolveRef(this.repo, tracking);
  }

  /**
   * After a fetch that did not finish (cancelled, failed, or killed: the note is still there), the
   * remote-tracking ref goes back to where it was, unless the commit it names is here whole.
   */
  private async undoFetch(): Promise<void> {
    let note: { ref: string; before: string | null };
    try {
      note = JSON.parse(await readFile(path.join(this.root, FETCH_NOTE), 'utf8')) as typeof note;
    } catch {
      return;
    }
    const now = await resolveRef(this.repo, note.ref).catch(() => null);
    if (now !== note.before && !(now && (await this.complete(now)))) {
      if (note.before) await setRef(this.repo, note.ref, note.before);
      else await rm(path.join(this.repo.gitdir, note.ref), { force: true });
    }
    await rm(path.join(this.root, FETCH_NOTE), { force: true });
  }

  /** Whether a commit and its tree are here (isomorphic-git writes a fetched pack whole, or not at all). */
  private async complete(commit: string): Promise<boolean> {
    try {
      await git.readTree({ fs, gitdir: this.repo.gitdir, oid: await commitTree(this.repo, commit), cache: this.repo.cache });
      return true;
    } catch {
      return false;
    }
  }

  /** Merges `theirs` into the branch and updates the files that changed; returns how many did. */
  private async merge(who: string, curator: boolean, branch: string, theirs: string | null, state: State, signal?: AbortSignal): Promise<number> {
    const r = this.repo;
    const head = await resolveRef(r, `refs/heads/${branch}`);
    if (!theirs || theirs === head) return 0;
    if (head && (await git.isDescendent({ fs, gitdir: r.gitdir, oid: head, ancestor: theirs, depth: -1, cache: r.cache }))) return 0;
    let next: string;
    const conflicts: TreeConflict[] = [];
    if (!head || (await git.isDescendent({ fs, gitdir: r.gitdir, oid: theirs, ancestor: head, depth: -1, cache: r.cache }))) {
      next = theirs;
    } else {
      const [base] = (await git.findMergeBase({ fs, gitdir: r.gitdir, oids: [head, theirs], cache: r.cache })) as string[];
      const tree = await mergeTrees(r, base ? await commitTree(r, base) : null, await commitTree(r, head), await commitTree(r, theirs), conflicts, signal);
      next = await git.writeCommit({
        fs,
        gitdir: r.gitdir,
        commit: {
          message: `${who}: took in the shared work${conflicts.length ? ` (${conflicts.length} file${conflicts.length === 1 ? '' : 's'} changed on both sides, both versions kept)` : ''}\n`,
          tree,
          parent: [head, theirs],
          author: { ...author(who), timestamp: Math.floor(Date.now() / 1000), timezoneOffset: new Date().getTimezoneOffset() },
          committer: { ...author(who), timestamp: Math.floor(Date.now() / 1000), timezoneOffset: new Date().getTimezoneOffset() },
        },
      });
    }
    // The last moment a cancel stops the merge: once the branch moves, the files that came in are
    // written (only those that changed) so that the copy is never left half updated.
    throwIfCancelled(signal);
    for (const c of conflicts) state.conflicts = [...state.conflicts.filter((x) => x.path !== c.path), await this.keepOther(c)];
    await mkdir(path.join(this.root, SYNC_DIR), { recursive: true });
    await writeDurably(path.join(this.root, JOURNAL), JSON.stringify({ from: head, to: next, branch }));
    await setRef(r, `refs/heads/${branch}`, next);
    return this.finishCheckout(who, curator, state);
  }

  /** A conflicted file: the version not in the tree is copied beside it (in `.standoff/sync/conflicts/`), and both stay in history. */
  private async keepOther(c: TreeConflict): Promise<SyncConflict> {
    const other = c.kept === 'ours' ? c.theirs : c.ours;
    let otherCopy: string | null = null;
    if (other) {
      otherCopy = `${SYNC_DIR}/conflicts/${c.path}.${c.kept === 'ours' ? 'theirs' : 'mine'}`;
      const full = insideProject(this.root, otherCopy);
      await mkdir(path.dirname(full), { recursive: true });
      await writeDurably(full, await readBlob(this.repo, other));
    }
    const what = describePath(c.path);
    const inFile = c.kept === 'ours' ? 'mine' : 'theirs';
    const message =
      other === null
        ? `${what} was removed on one side and changed on the other; the changed version is kept.`
        : `${what} was changed here and by someone else. ${inFile === 'mine' ? 'Your version is in the file; the other one is kept' : 'The shared version is in the file; yours is kept'} beside it. Choose which to keep.`;
    return { path: c.path, what, otherCopy, inFile, found: new Date().toISOString(), message };
  }

  /**
   * Brings the files up to the branch after a merge noted in the journal (this sync's, or one a
   * kill interrupted). A file is replaced only if it is still the version the old commit had
   * (checked again at the rename, by content): a file changed here meanwhile is never written
   * over. Returns how many files changed.
   */
  private async finishCheckout(who: string, curator: boolean, state: State): Promise<number> {
    let journal: { from: string | null; to: string; branch: string };
    try {
      journal = JSON.parse(await readFile(path.join(this.root, JOURNAL), 'utf8')) as typeof journal;
    } catch {
      return 0;
    }
    const r = this.repo;
    const changes = await diffTrees(r, journal.from ? await commitTree(r, journal.from) : null, await commitTree(r, journal.to));
    let written = 0;
    for (const change of changes) {
      if (isPrivate(change.path)) continue;
      const full = insideProject(this.root, change.path);
      for (let attempt = 0; attempt < 5; attempt++) {
        const local = await readWithHash(full);
        const localOid = local ? await blobId(local.bytes) : null;
        if (localOid === change.to) break;
        if (localOid !== change.from) {
          if (mayChange(change.path, who, curator)) {
            // A file of this annotator's (or a curator's shared file), changed here since: theirs stays in history, kept beside it for a decision.
            state.conflicts = [...state.conflicts.filter((x) => x.path !== change.path), await this.keepOther({ path: change.path, ours: localOid, theirs: change.to, kept: 'ours' })];
            break;
          }
          // Someone else's file, changed here (refused for sharing): kept aside, never lost, then replaced.
          const aside = `${SYNC_DIR}/kept/${change.path}.${new Date().toISOString().replace(/[:.]/g, '-')}`;
          await mkdir(path.dirname(insideProject(this.root, aside)), { recursive: true });
          if (local) await writeDurably(insideProject(this.root, aside), local.bytes);
          state.refused = state.refused.filter((x) => x.path !== change.path);
          state.refused.push({ path: change.path, message: `Your change to ${describePath(change.path)} was not shared, and the shared version came in: yours is kept in ${aside}.` });
        }
        try {
          if (change.to === null) {
            await rm(full, { force: true });
            // Told as a write is, to whoever follows this process's writes (a narrow watch: backend/live).
            noteWritten(full);
            await removeEmptyFolders(this.root, path.dirname(full));
          } else {
            await mkdir(path.dirname(full), { recursive: true });
            await writeDurably(full, await readBlob(r, change.to), local ? local.hash : null);
          }
          written++;
          break;
        } catch (e) {
          if (!(e instanceof ChangedOnDisk)) throw e;
          // A save landed in between: look again.
        }
      }
    }
    const paths = changes.filter((c) => !isPrivate(c.path)).map((c) => c.path);
    await this.indexToHead(paths, new Map(changes.map((c) => [c.path, c.to])));
    await this.writeState(state);
    await rm(path.join(this.root, JOURNAL), { force: true });
    return written;
  }

  private async push(url: string, branch: string, head: string, expected: string | null, token: string | null, signal?: AbortSignal): Promise<void> {
    const ref = `refs/heads/${branch}`;
    if (!isHttp(url)) {
      const remote = this.folderRemote(url);
      // Objects first (a cancel leaves complete objects the branch does not name yet: harmless), then the branch, atomically.
      await copyObjects(this.repo, remote, [head], signal);
      throwIfCancelled(signal);
      await moveRemoteBranch(remote, ref, expected, head);
    } else {
      // One request carries the objects and the branch's move: the server takes both or neither.
      await pushHttp(this.repo, url, branch, head, auth(token), signal);
    }
    await setRef(this.repo, `refs/remotes/${REMOTE}/${branch}`, head);
  }

  // ---- conflicts

  async resolve({ path: file, keep }: { path: string; keep: 'mine' | 'theirs' }): Promise<SyncStatus> {
    const state = await this.readState();
    const conflict = state.conflicts.find((c) => c.path === file);
    if (!conflict) throw new ApiError('not-found', `There is no conflict on ${file} to settle.`);
    const full = insideProject(this.root, file);
    if (keep !== conflict.inFile) {
      // The other version goes into the file (checked: the file must still be what it was).
      const now = await readWithHash(full);
      if (conflict.otherCopy) await writeDurably(full, await readFile(insideProject(this.root, conflict.otherCopy)), now?.hash ?? null);
      else await rm(full, { force: true });
    }
    state.conflicts = state.conflicts.filter((c) => c.path !== file);
    await this.writeState(state);
    return this.status();
  }

  // ---- clone

  static async clone({ url, dir, annotator }: { url: string; dir: string; annotator?: string }, tokens: TokenSource = envTokens, ctx: JobContext = unwatched): Promise<CloneResult> {
    const root = path.resolve(dir);
    if (existsSync(root) && (await readdir(root)).length > 0) throw new ApiError('bad-request', `${root} is not empty: give a new or empty folder to copy the project into.`);
    const made = !existsSync(root);
    await mkdir(root, { recursive: true });
    const remote = displayRemote(url);
    const token = await tokens.get(url);
    try {
      ctx.progress({ done: 0, total: 2, phase: 'copying the shared project' });
      if (isHttp(url)) {
        await git.clone({ fs, http: abortableHttp(ctx.signal), dir: root, url, singleBranch: true, noTags: true, ...auth(token) });
      } else {
        const source = bareRepo(remotePath(url));
        if (!(await isBareRepository(source.gitdir))) throw new ApiError('bad-request', `${source.gitdir} is not a shared repository (a bare git repository).`);
        const branch = (await git.currentBranch({ fs, gitdir: source.gitdir, fullname: false })) ?? 'main';
        await git.init({ fs, dir: root, defaultBranch: branch });
        await git.addRemote({ fs, dir: root, remote: REMOTE, url: remotePath(url) });
        const tip = await resolveRef(source, `refs/heads/${branch}`);
        if (!tip) throw new ApiError('bad-request', `${source.gitdir} has nothing in it yet: the curator shares the project first.`);
        const local = workRepo(root);
        await copyObjects(source, local, [tip], ctx.signal);
        await setRef(local, `refs/remotes/${REMOTE}/${branch}`, tip);
        await setRef(local, `refs/heads/${branch}`, tip);
        await git.checkout({ fs, dir: root, ref: branch, force: true });
      }
    } catch (e) {
      if (made) await rm(root, { recursive: true, force: true });
      else for (const name of await readdir(root).catch(() => [])) await rm(path.join(root, name), { recursive: true, force: true });
      if (e instanceof ApiError || (e as Error).name === 'JobCancelled') throw e;
      throw new ApiError('io', remoteProblem(e, remote, token !== null).message.replace(/ Nothing is lost:.*$/, ''));
    }
    ctx.progress({ done: 1, total: 2, phase: 'checking' });
    if (!existsSync(path.join(root, 'standoff.json'))) {
      return { root, message: `Copied ${remote} into ${root}, but it is not a Standoff project (no standoff.json).` };
    }
    const sync = new ProjectSync(root, tokens);
    if (annotator) await sync.writeState({ ...emptyState(), annotator, lastSynced: new Date().toISOString() });
    else await sync.writeState({ ...emptyState(), lastSynced: new Date().toISOString() });
    return { root, message: `Copied the shared project into ${root}. Open it, annotate, and sync.` };
  }

  /**
   * The answer to "work in this folder" where the service cannot switch (browser mode): checked
   * to be a project, with the command that opens it. The desktop app reopens instead.
   */
  static async openAnswer(dir: string): Promise<OpenProjectResult> {
    const root = path.resolve(dir);
    if (!existsSync(path.join(root, 'standoff.json'))) throw new ApiError('bad-request', `${root} is not a Standoff project (no standoff.json).`);
    const quoted = /^[\w./:@-]+$/.test(root) ? root : `"${root.replace(/(["\\$`])/g, '\\$1')}"`;
    return {
      root,
      switched: false,
      message:
        `This window is Standoff in browser mode, whose server serves one project folder. To work in the copy, stop the server ` +
        `(Ctrl+C where it runs) and start it on the copy: standoff serve ${quoted} — then open the address it prints. ` +
        `The copy is ready: your name and the remote are kept in it.`,
    };
  }

  // ---- pieces

  async remoteUrl(): Promise<string | null> {
    if (!existsSync(this.repo.gitdir)) return null;
    const url = (await git.getConfig({ fs, dir: this.root, path: `remote.${REMOTE}.url` }).catch(() => undefined)) as string | undefined;
    return url ?? null;
  }

  /**
   * The curators as the last commit names them, not as the file on this computer says: a
   * change to team.json is itself a curator's change, so nobody makes themselves curator by
   * editing their copy. Before the first commit, the file as it is.
   */
  async curators(): Promise<string[]> {
    let text: string;
    try {
      const head = existsSync(this.repo.gitdir) ? await resolveRef(this.repo, 'HEAD') : null;
      text = head
        ? Buffer.from((await git.readBlob({ fs, gitdir: this.repo.gitdir, oid: head, filepath: TEAM_FILE, cache: this.repo.cache })).blob).toString('utf8')
        : await readFile(path.join(this.root, TEAM_FILE), 'utf8');
    } catch {
      return [];
    }
    try {
      const team = JSON.parse(text) as { curators?: unknown };
      return Array.isArray(team.curators) ? team.curators.filter((c): c is string => typeof c === 'string') : [];
    } catch {
      return [];
    }
  }

  async readState(): Promise<State> {
    try {
      return { ...emptyState(), ...(JSON.parse(await readFile(path.join(this.root, STATE), 'utf8')) as Partial<State>) };
    } catch {
      return emptyState();
    }
  }

  private async writeState(state: State): Promise<void> {
    await mkdir(path.join(this.root, SYNC_DIR), { recursive: true });
    await writeFile(path.join(this.root, '.standoff', '.gitignore'), '*\n', { flag: 'wx' }).catch(() => undefined);
    await writeDurably(path.join(this.root, STATE), `${JSON.stringify(state, null, 2)}\n`);
  }

  /** One sync of a project at a time, across processes; a lock whose process is gone is taken over at once. */
  private async locked<T>(work: () => Promise<T>): Promise<T> {
    const dir = path.join(this.root, '.standoff');
    await mkdir(dir, { recursive: true });
    const lockPath = path.join(dir, 'sync.lock');
    const note = path.join(dir, 'sync.lock.json');
    try {
      const holder = JSON.parse(await readFile(note, 'utf8')) as { pid?: number; host?: string };
      if (holder.host === hostname() && typeof holder.pid === 'number' && holder.pid !== process.pid && !running(holder.pid)) await utimes(lockPath, 0, 0).catch(() => undefined);
    } catch {
      // no note: nobody holds it, or it was never written
    }
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(path.join(dir, 'sync'), { lockfilePath: lockPath, realpath: false, stale: 15_000, update: 3_000 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ELOCKED') throw new ApiError('locked', 'Another sync of this project is under way (another window or the command line); try again when it is done.');
      throw e;
    }
    await writeFile(note, JSON.stringify({ pid: process.pid, host: hostname() }), 'utf8').catch(() => undefined);
    try {
      return await work();
    } finally {
      await release().catch(() => undefined);
    }
  }
}

function auth(token: string | null) {
  return {
    onAuth: () => (token ? { username: process.env.STANDOFF_GIT_USERNAME || 'standoff', password: token } : { cancel: true }),
    onAuthFailure: () => ({ cancel: true }),
  };
}

async function removeEmptyFolders(root: string, dir: string): Promise<void> {
  const stop = path.resolve(root);
  let cur = path.resolve(dir);
  while (cur.startsWith(stop + path.sep) && cur !== stop) {
    try {
      if ((await readdir(cur)).length) return;
      await rmdir(cur);
    } catch {
      return;
    }
    cur = path.dirname(cur);
  }
}

function refusedMessage(file: string, curators: string[]): string {
  const owner = ownerOf(file);
  const what = describePath(file);
  if (owner.kind === 'annotator') return `${what} changed on this computer, but only ${owner.annotator}'s Standoff shares them: this change stays here and is not shared.`;
  const who = curators.length === 1 ? `the curator (${curators[0]})` : `the curators (${curators.join(', ')})`;
  return `Your change to ${what} is not shared: shared files are changed by ${who}. It stays on this computer only; ask ${curators.length === 1 ? 'them' : 'a curator'} to make it.`;
}

function ago(iso: string): string {
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'} ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'} ago`;
  return `on ${iso.slice(0, 10)}`;
}

function statusMessage(shared: boolean, ahead: number, state: State): string {
  if (!shared) return 'Not shared.';
  const waiting = ahead ? `${ahead} change${ahead === 1 ? '' : 's'} not sent yet` : '';
  if (state.lastError) return `${waiting ? `${waiting}: ` : ''}${state.lastError}`;
  const conflicts = state.conflicts.length ? `; ${state.conflicts.length} file${state.conflicts.length === 1 ? '' : 's'} changed on both sides, to decide` : '';
  const refused = state.refused.length ? `; ${state.refused.length} change${state.refused.length === 1 ? '' : 's'} of yours not shared (see why)` : '';
  const synced = state.lastSynced ? `Synced ${ago(state.lastSynced)}` : 'Not synced yet';
  return `${synced}${waiting ? `; ${waiting}` : ''}${conflicts}${refused}.`;
}

function reportMessage(committed: string | null, received: number, sent: boolean, status: SyncStatus): string {
  const parts = [
    committed ? `Saved your changes (${committed.split('\n')[0]})` : 'Nothing new of yours',
    received ? `took in ${received} changed file${received === 1 ? '' : 's'} from the others` : 'nothing new from the others',
    sent ? 'sent' : '',
  ].filter(Boolean);
  let text = `${parts.join('; ')}.`;
  if (status.refused.length) text += ` ${status.refused.length} change${status.refused.length === 1 ? ' was' : 's were'} not shared (see why).`;
  if (status.conflicts.length) text += ` ${status.conflicts.length} file${status.conflicts.length === 1 ? '' : 's'} changed on both sides: both versions kept, choose one.`;
  return text;
}
