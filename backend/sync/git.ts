/**
 * The git underneath sharing, with isomorphic-git (pure JavaScript: no system git is needed).
 * What isomorphic-git does not do, or does not do safely enough for "no lost work", is here:
 *
 * - refs are written whole (a temporary file renamed into place), so a kill leaves the old
 *   commit or the new one, never a truncated ref;
 * - a merge of two histories is a merge of trees, path by path, that takes whichever side
 *   changed a file and, where both changed it differently, keeps one version in the tree, the
 *   other in history, and reports the pair (never conflict markers in a JSON file);
 * - a bare repository on disk (a shared drive) is reached without a server: objects are copied
 *   between the two object stores, every object after everything it refers to, and the remote
 *   branch is moved under git's own lock (`<ref>.lock`) only if nobody moved it meanwhile.
 */
import fs from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import git, { type TreeEntry } from 'isomorphic-git';
import { JobCancelled } from '../jobs/context';
import { writeDurably } from '../project/durableFile';

export { git, fs };

export interface Repo {
  /** The working tree (the project folder); null for a bare repository. */
  dir: string | null;
  gitdir: string;
  /** isomorphic-git's cache of pack indexes, shared by the calls of one sync. */
  cache: object;
}

export function workRepo(dir: string): Repo {
  return { dir, gitdir: path.join(dir, '.git'), cache: {} };
}

export function bareRepo(gitdir: string): Repo {
  return { dir: null, gitdir, cache: {} };
}

const at = (r: Repo) => ({ fs, gitdir: r.gitdir, ...(r.dir ? { dir: r.dir } : {}), cache: r.cache });

/** A ref's commit, or null when there is none. */
export async function resolveRef(r: Repo, ref: string): Promise<string | null> {
  try {
    return await git.resolveRef({ fs, gitdir: r.gitdir, ref });
  } catch (e) {
    if ((e as { code?: string }).code === 'NotFoundError') return null;
    throw e;
  }
}

/** Writes a ref whole: the old value or the new one survives a kill, never half of one. */
export async function setRef(r: Repo, ref: string, oid: string): Promise<void> {
  const full = path.join(r.gitdir, ref);
  await mkdir(path.dirname(full), { recursive: true });
  await writeDurably(full, `${oid}\n`);
}

/** The branch HEAD names ("main", "master"), or null when HEAD is detached. */
export async function currentBranch(r: Repo): Promise<string | null> {
  return (await git.currentBranch({ fs, gitdir: r.gitdir, fullname: false })) ?? null;
}

export async function hasObject(r: Repo, oid: string): Promise<boolean> {
  try {
    await git.readObject({ ...at(r), oid, format: 'deflated' });
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'NotFoundError') return false;
    throw e;
  }
}

interface Entry {
  mode: string;
  oid: string;
  type: 'blob' | 'tree' | 'commit';
}

async function treeEntries(r: Repo, oid: string): Promise<Map<string, Entry>> {
  const { tree } = await git.readTree({ ...at(r), oid });
  return new Map(tree.map((e) => [e.path, { mode: e.mode, oid: e.oid, type: e.type }]));
}

export async function commitTree(r: Repo, commit: string): Promise<string> {
  return (await git.readCommit({ ...at(r), oid: commit })).commit.tree;
}

const same = (a: Entry | null, b: Entry | null) => (a === null && b === null) || (a !== null && b !== null && a.oid === b.oid && a.mode === b.mode);

/** Both sides changed one path differently: one version stays in the merged tree, the other is named here. */
export interface TreeConflict {
  path: string;
  /** Blob ids (null: deleted on that side). */
  ours: string | null;
  theirs: string | null;
  /** Which side's version the merged tree holds. A deletion never wins over a change. */
  kept: 'ours' | 'theirs';
}

/**
 * Merges three trees path by path (base: their common ancestor's). A subtree one side did not
 * touch is taken whole from the other, so a merge reads only the folders both sides changed.
 */
export async function mergeTrees(r: Repo, base: string | null, ours: string, theirs: string, conflicts: TreeConflict[], signal?: AbortSignal): Promise<string> {
  const t = (oid: string | null): Entry | null => (oid ? { mode: '040000', oid, type: 'tree' } : null);
  const merged = await mergeEntry(r, t(base), t(ours), t(theirs), '', conflicts, signal);
  return merged?.oid ?? (await git.writeTree({ ...at(r), tree: [] }));
}

async function mergeEntry(r: Repo, base: Entry | null, ours: Entry | null, theirs: Entry | null, p: string, conflicts: TreeConflict[], signal?: AbortSignal): Promise<Entry | null> {
  if (same(ours, theirs)) return ours;
  if (same(base, ours)) return theirs;
  if (same(base, theirs)) return ours;
  if (ours?.type === 'tree' && theirs?.type === 'tree') {
    // Trees written so far are named by nothing yet: a cancel here leaves only loose objects.
    if (signal?.aborted) throw new JobCancelled();
    const b = base?.type === 'tree' ? await treeEntries(r, base.oid) : new Map<string, Entry>();
    const o = await treeEntries(r, ours.oid);
    const th = await treeEntries(r, theirs.oid);
    const out: TreeEntry[] = [];
    for (const name of [...new Set([...b.keys(), ...o.keys(), ...th.keys()])].sort()) {
      const e = await mergeEntry(r, b.get(name) ?? null, o.get(name) ?? null, th.get(name) ?? null, p ? `${p}/${name}` : name, conflicts, signal);
      if (e) out.push({ mode: e.mode, path: name, oid: e.oid, type: e.type });
    }
    if (out.length === 0) return null;
    return { mode: '040000', type: 'tree', oid: await git.writeTree({ ...at(r), tree: out }) };
  }
  const keep = ours ?? theirs;
  conflicts.push({ path: p, ours: ours?.oid ?? null, theirs: theirs?.oid ?? null, kept: ours ? 'ours' : 'theirs' });
  return keep;
}

/** A file that differs between two trees (blob ids; null: absent on that side). */
export interface FileChange {
  path: string;
  from: string | null;
  to: string | null;
}

/** The files that differ between two trees, reading only the subtrees that differ. */
export async function diffTrees(r: Repo, a: string | null, b: string | null): Promise<FileChange[]> {
  const out: FileChange[] = [];
  const t = (oid: string | null): Entry | null => (oid ? { mode: '040000', oid, type: 'tree' } : null);
  await diffEntry(r, t(a), t(b), '', out);
  return out;
}

async function diffEntry(r: Repo, a: Entry | null, b: Entry | null, p: string, out: FileChange[]): Promise<void> {
  if (same(a, b)) return;
  const aTree = a?.type === 'tree' ? a : null;
  const bTree = b?.type === 'tree' ? b : null;
  if (aTree || bTree) {
    const ea = aTree ? await treeEntries(r, aTree.oid) : new Map<string, Entry>();
    const eb = bTree ? await treeEntries(r, bTree.oid) : new Map<string, Entry>();
    for (const name of [...new Set([...ea.keys(), ...eb.keys()])].sort()) {
      await diffEntry(r, ea.get(name) ?? null, eb.get(name) ?? null, p ? `${p}/${name}` : name, out);
    }
  }
  const aBlob = a?.type === 'blob' ? a.oid : null;
  const bBlob = b?.type === 'blob' ? b.oid : null;
  if (aBlob !== bBlob) out.push({ path: p, from: aBlob, to: bBlob });
}

export async function readBlob(r: Repo, oid: string): Promise<Uint8Array> {
  return (await git.readBlob({ ...at(r), oid })).blob;
}

/** Git's id of these bytes as a blob. */
export async function blobId(bytes: Uint8Array): Promise<string> {
  return (await git.hashBlob({ object: bytes })).oid;
}

/** Commits reachable from `from` and not from `not` (at most `limit`, counted). */
export async function countCommits(r: Repo, from: string | null, not: string | null, limit = 10_000): Promise<number> {
  if (!from || from === not) return 0;
  const stop = new Set<string>();
  if (not) {
    // Every common ancestor is an ancestor of a merge base: the walk stops there.
    const bases = await git.findMergeBase({ ...at(r), oids: [from, not] });
    for (const b of bases as string[]) stop.add(b);
  }
  const seen = new Set<string>();
  const todo = [from];
  while (todo.length && seen.size < limit) {
    const oid = todo.pop()!;
    if (seen.has(oid) || stop.has(oid)) continue;
    seen.add(oid);
    const { commit } = await git.readCommit({ ...at(r), oid });
    todo.push(...commit.parent);
  }
  return seen.size;
}

/**
 * Copies into `to` every object reachable from `tips` that it lacks (the "transport" to and from a
 * bare repository on disk). Post-order: an object is written only after everything it refers to,
 * so a kill never leaves a commit or tree whose contents are missing, and an object present in
 * `to` is known to be complete and is not walked.
 */
export async function copyObjects(from: Repo, to: Repo, tips: string[], signal?: AbortSignal, onItem?: (n: number) => void): Promise<number> {
  interface Frame {
    oid: string;
    /**
     * For a tree: the same folder in the trees of the commit's parents. Those are complete in
     * `to` by the time this tree is visited (parents are visited first), so an entry they share
     * is not walked: a sync that changed one document reads one path, not the whole tree.
     */
    known?: string[];
    object?: { type: 'blob' | 'tree' | 'commit' | 'tag'; bytes: Uint8Array };
  }
  const seen = new Set<string>();
  const stack: Frame[] = tips.map((oid) => ({ oid }));
  let copied = 0;
  const entriesOf = async (oid: string) => new Map((await git.readTree({ fs, gitdir: from.gitdir, oid, cache: from.cache })).tree.map((e) => [e.path, e.oid]));
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (top.object) {
      await git.writeObject({ fs, gitdir: to.gitdir, type: top.object.type, object: top.object.bytes, format: 'content', oid: top.oid });
      copied++;
      if (copied % 200 === 0) onItem?.(copied);
      stack.pop();
      continue;
    }
    if (seen.has(top.oid) || (await hasObject(to, top.oid))) {
      seen.add(top.oid);
      stack.pop();
      continue;
    }
    if (signal?.aborted) throw new JobCancelled();
    seen.add(top.oid);
    const read = await git.readObject({ fs, gitdir: from.gitdir, oid: top.oid, format: 'content', cache: from.cache });
    const bytes = read.object as Uint8Array;
    const type = read.type as 'blob' | 'tree' | 'commit' | 'tag';
    top.object = { type, bytes };
    if (type === 'commit') {
      const { commit } = await git.readCommit({ fs, gitdir: from.gitdir, oid: top.oid, cache: from.cache });
      const parentTrees: string[] = [];
      for (const p of commit.parent) parentTrees.push((await git.readCommit({ fs, gitdir: from.gitdir, oid: p, cache: from.cache })).commit.tree);
      // Parents go on top: they are written, whole, before this commit's tree is walked.
      stack.push({ oid: commit.tree, known: parentTrees }, ...commit.parent.map((oid) => ({ oid })));
    } else if (type === 'tree') {
      const { tree } = await git.readTree({ fs, gitdir: from.gitdir, oid: top.oid, cache: from.cache });
      const known = await Promise.all((top.known ?? []).map(entriesOf));
      for (const e of tree) {
        if (e.type === 'commit' || known.some((k) => k.get(e.path) === e.oid)) continue;
        const sub = e.type === 'tree' ? known.map((k) => k.get(e.path)).filter((x): x is string => typeof x === 'string') : undefined;
        stack.push(sub?.length ? { oid: e.oid, known: sub } : { oid: e.oid });
      }
    }
  }
  return copied;
}

export class RefMoved extends Error {
  constructor() {
    super('the shared branch moved meanwhile');
    this.name = 'RefMoved';
  }
}

/**
 * Moves a branch of a bare repository on disk from `expected` to `next`, under git's own lock
 * file (`refs/heads/<b>.lock`, which the git command line also honours). Throws RefMoved when
 * the branch is no longer at `expected` (someone pushed meanwhile).
 */
export async function moveRemoteBranch(remote: Repo, ref: string, expected: string | null, next: string): Promise<void> {
  const full = path.join(remote.gitdir, ref);
  const lock = `${full}.lock`;
  await mkdir(path.dirname(full), { recursive: true });
  let handle;
  try {
    handle = await open(lock, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new RefMoved();
    throw e;
  }
  let placed = false;
  try {
    const now = await resolveRef(remote, ref);
    if (now !== expected) throw new RefMoved();
    await handle.writeFile(`${next}\n`);
    await handle.sync();
    await handle.close();
    handle = null;
    await rename(lock, full);
    placed = true;
  } finally {
    await handle?.close().catch(() => undefined);
    if (!placed) await rm(lock, { force: true }).catch(() => undefined);
  }
}

/** Whether a folder is a git repository (a working tree's `.git`, or a bare repository). */
export async function isBareRepository(dir: string): Promise<boolean> {
  try {
    return (await readFile(path.join(dir, 'HEAD'), 'utf8')).startsWith('ref:') && fs.existsSync(path.join(dir, 'objects'));
  } catch {
    return false;
  }
}

/**
 * A tree with some files replaced, added (a blob id) or removed (null), paths relative to it:
 * only the folders on the way to a changed file are read and written again.
 */
export async function updateTree(r: Repo, tree: string | null, changes: Map<string, string | null>): Promise<string | null> {
  const entries = new Map<string, TreeEntry>();
  if (tree) for (const e of (await git.readTree({ ...at(r), oid: tree })).tree) entries.set(e.path, e);
  const folders = new Map<string, Map<string, string | null>>();
  for (const [p, oid] of changes) {
    const slash = p.indexOf('/');
    if (slash < 0) {
      if (oid === null) entries.delete(p);
      else entries.set(p, { mode: entries.get(p)?.type === 'blob' ? entries.get(p)!.mode : '100644', path: p, oid, type: 'blob' });
      continue;
    }
    const name = p.slice(0, slash);
    if (!folders.has(name)) folders.set(name, new Map());
    folders.get(name)!.set(p.slice(slash + 1), oid);
  }
  for (const [name, sub] of folders) {
    const now = entries.get(name);
    const next = await updateTree(r, now?.type === 'tree' ? now.oid : null, sub);
    if (next === null) entries.delete(name);
    else entries.set(name, { mode: '040000', path: name, oid: next, type: 'tree' });
  }
  if (entries.size === 0) return null;
  return git.writeTree({ ...at(r), tree: [...entries.values()] });
}
