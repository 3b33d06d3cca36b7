/**
 * Which files of the working tree differ from git's index, fast: the index is read once (git's
 * own file, versions 2 and 3, as isomorphic-git and the git command line write it; kept parsed
 * between syncs) and each file is compared by size, modification and change time; only a file
 * whose times moved is read and hashed. Given the paths that changed (the app's watcher and its
 * own saves), only those are looked at; otherwise the whole tree is walked. isomorphic-git's
 * statusMatrix does the whole walk far more slowly (seconds for a few thousand files).
 *
 * Also writes the index back with some entries changed (setIndexEntries), reading only those
 * files: isomorphic-git rewrites the whole index once per file.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, type Dirent, type Stats } from 'node:fs';
import { lstat, readFile, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { throwIfCancelled } from '../jobs/context';
import { writeDurably } from '../project/durableFile';
import { blobId, fs, git } from './git';
import { isPrivate } from './paths';

export interface IndexEntry {
  ctimeSeconds: number;
  mtimeSeconds: number;
  size: number;
  oid: string;
}

/** The stage-0 entries of a git index by path; null when the index is of a version not read here (then the caller falls back). */
export function parseIndex(buf: Buffer): Map<string, IndexEntry> | null {
  const out = new Map<string, IndexEntry>();
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') return null;
  const version = buf.readUInt32BE(4);
  if (version !== 2 && version !== 3) return null;
  const count = buf.readUInt32BE(8);
  let at = 12;
  for (let i = 0; i < count; i++) {
    const start = at;
    const ctimeSeconds = buf.readUInt32BE(at);
    const mtimeSeconds = buf.readUInt32BE(at + 8);
    const size = buf.readUInt32BE(at + 36);
    const oid = buf.toString('hex', at + 40, at + 60);
    const flags = buf.readUInt16BE(at + 60);
    at += 62;
    if (flags & 0x4000) at += 2;
    const end = buf.indexOf(0, at);
    if (end < 0) return null;
    const name = buf.toString('utf8', at, end);
    at = end;
    // Padded with 1 to 8 NULs so that the entry's length is a multiple of 8.
    const length = at - start;
    at = start + (Math.floor(length / 8) + 1) * 8;
    if (((flags >> 12) & 3) === 0) out.set(name, { ctimeSeconds, mtimeSeconds, size, oid });
  }
  return out;
}

export interface WorkChange {
  path: string;
  /** In the index (as committed), or null: a new file. */
  indexed: string | null;
  /** Still on disk (false: removed). */
  present: boolean;
}

/** Every so many file-system calls, the walk lets other work of the process run (saves, requests) and looks at the cancel signal. */
const SLICE = 2000;
const yieldNow = () => new Promise<void>((r) => setImmediate(r));

/**
 * Files of the working tree that differ from the index (new, changed, removed), private paths
 * and git-ignored new files left out.
 *
 * The walk uses the file system's synchronous calls, in slices of a few thousand with a pause
 * between slices: each promise-based call goes through libuv's thread pool and costs tens of
 * microseconds more than the call itself, which for 20,000 folders and 50,000 files was most
 * of a sync's time. A slice blocks the process for a few milliseconds at most.
 */
export async function changedFiles(
  root: string,
  gitdir: string,
  signal?: AbortSignal,
  only?: Iterable<string> | null,
  /** Told of files whose times differ from the index's but whose content is the same (for the caller to refresh the index, as `git status` does). */
  stale?: Map<string, string>,
): Promise<WorkChange[] | null> {
  const loaded = await loadIndex(gitdir);
  if (!loaded) return null;
  const index = loaded.entries;
  const indexTime = loaded.mtimeMs / 1000;
  const changes: WorkChange[] = [];
  const toRead: Array<{ path: string; entry: IndexEntry; same: boolean; mtimeMs: number; ctimeMs: number }> = [];
  const untracked: string[] = [];
  const seen = new Set<string>();
  // `only`: the paths to look at (and, for a folder, what is under it), not the whole tree.
  const dirs: string[] = [];
  const files: string[] = [];
  if (!only) dirs.push('');
  else {
    const named = new Set([...only].filter((p) => !isPrivate(p)));
    for (const p of named) {
      const st = lstatSync(path.join(root, p), { throwIfNoEntry: false });
      if (st?.isDirectory()) dirs.push(p);
      else if (st?.isFile()) files.push(p);
      else if (index.has(p)) changes.push({ path: p, indexed: index.get(p)!.oid, present: false });
      // A folder gone: what the index had in it is gone too.
      if (!st) for (const [q, entry] of index) if (q.startsWith(`${p}/`) && !named.has(q)) changes.push({ path: q, indexed: entry.oid, present: false });
    }
  }
  let calls = 0;
  const pause = async () => {
    if (++calls % SLICE === 0) {
      await yieldNow();
      throwIfCancelled(signal);
    }
  };
  const look = async (p: string) => {
    seen.add(p);
    const entry = index.get(p);
    if (!entry) {
      untracked.push(p);
      return;
    }
    const st = lstatSync(path.join(root, p), { throwIfNoEntry: false });
    await pause();
    if (!st) return;
    const same = st.size === entry.size && Math.floor(st.mtimeMs / 1000) === entry.mtimeSeconds && Math.floor(st.ctimeMs / 1000) === entry.ctimeSeconds;
    // Racy: changed in the same second as the index was written, so equal times prove nothing.
    const racy = Math.floor(st.mtimeMs / 1000) >= Math.floor(indexTime);
    if (!same || racy) toRead.push({ path: p, entry, same, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs });
  };
  for (const p of files) await look(p);
  const walked: string[] = [];
  while (dirs.length) {
    const rel = dirs.pop()!;
    walked.push(rel);
    let names: Dirent[];
    try {
      names = readdirSync(rel ? path.join(root, rel) : root, { withFileTypes: true });
    } catch {
      continue;
    }
    await pause();
    for (const d of names) {
      const p = rel ? `${rel}/${d.name}` : d.name;
      if (isPrivate(p)) continue;
      if (d.isDirectory()) dirs.push(p);
      else if (d.isFile() && !seen.has(p)) await look(p);
    }
  }
  for (const p of untracked) {
    if (!(await git.isIgnored({ fs, dir: root, gitdir, filepath: p }))) changes.push({ path: p, indexed: null, present: true });
  }
  let newestRacy = 0;
  const check = async (f: (typeof toRead)[number]) => {
    const bytes = await readFile(path.join(root, f.path)).catch(() => null);
    if (!bytes) return;
    if ((await blobId(bytes)) !== f.entry.oid) changes.push({ path: f.path, indexed: f.entry.oid, present: true });
    else if (f.same) newestRacy = Math.max(newestRacy, f.mtimeMs, f.ctimeMs);
    else stale?.set(f.path, f.entry.oid);
  };
  for (let i = 0; i < toRead.length; i += 256) {
    await Promise.all(toRead.slice(i, i + 256).map(check));
    throwIfCancelled(signal);
  }
  // Files that were racy and read the same: once their times are safely in the past, the index's
  // time moves to now (as git's own refresh does), so that the next sync need not read them again.
  // A later change gives a file a time after its recorded one, which is then seen.
  if (newestRacy > 0 && newestRacy < Date.now() - 2000) {
    const now = new Date();
    await utimes(path.join(gitdir, 'index'), now, now).catch(() => undefined);
  }
  // Files the index has and the walk did not find: removed (under the walked folders only, when looking at some paths).
  const under = only ? (p: string) => walked.some((d) => p.startsWith(`${d}/`)) : () => true;
  for (const [p, entry] of index) if (!seen.has(p) && !isPrivate(p) && under(p)) changes.push({ path: p, indexed: entry.oid, present: false });
  const unique = new Map(changes.map((c) => [c.path, c]));
  return [...unique.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

interface LoadedIndex {
  key: string;
  mtimeMs: number;
  entries: Map<string, IndexEntry>;
  raw: RawIndex | null;
}

/**
 * The index as last read or written by this process, by git folder: read again only when the
 * file changed (another program, the git command line), since parsing 50,000 entries costs a
 * sync a few hundred milliseconds.
 */
const indexes = new Map<string, LoadedIndex>();
const indexKey = (st: Stats) => `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;

/** The index's entries (an empty one when there is no index yet); null when it is of a version not read here. */
async function loadIndex(gitdir: string): Promise<LoadedIndex | null> {
  const file = path.join(gitdir, 'index');
  const st = await stat(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (!st) return { key: '', mtimeMs: 0, entries: new Map(), raw: { version: 2, entries: [] } };
  const cached = indexes.get(gitdir);
  if (cached?.key === indexKey(st)) return cached;
  const buf = await readFile(file);
  const entries = parseIndex(buf);
  if (!entries) return null;
  // Keyed by the times read before the content: a write in between makes the next look read it again.
  const loaded = { key: indexKey(st), mtimeMs: st.mtimeMs, entries, raw: readRawIndex(buf) };
  indexes.set(gitdir, loaded);
  return loaded;
}

interface RawIndex {
  version: number;
  /** Stage-0 and conflict entries in git's order, each with its bytes as read. */
  entries: Array<{ path: string; raw: Buffer }>;
}

/**
 * An index's entries with their bytes, to write it back with a few entries changed; null when
 * it is of a version, or carries an extension, that this module does not write (a split index):
 * then the caller uses isomorphic-git. Optional extensions (the tree cache, the untracked cache,
 * upper-case names) are dropped on writing, as git allows: it rebuilds them.
 */
function readRawIndex(buf: Buffer): RawIndex | null {
  if (buf.length < 32 || buf.toString('latin1', 0, 4) !== 'DIRC') return null;
  const version = buf.readUInt32BE(4);
  if (version !== 2 && version !== 3) return null;
  const count = buf.readUInt32BE(8);
  const entries: RawIndex['entries'] = [];
  let at = 12;
  for (let i = 0; i < count; i++) {
    const start = at;
    const flags = buf.readUInt16BE(at + 60);
    at += 62;
    if (flags & 0x4000) at += 2;
    const end = buf.indexOf(0, at);
    if (end < 0) return null;
    const name = buf.toString('utf8', at, end);
    at = start + (Math.floor((end - start) / 8) + 1) * 8;
    entries.push({ path: name, raw: buf.subarray(start, at) });
  }
  // Extensions: a four-byte name, a length, the data; a lower-case first letter means git must understand it.
  while (at + 8 <= buf.length - 20) {
    const first = buf[at]!;
    if (first >= 0x61 && first <= 0x7a) return null;
    at += 8 + buf.readUInt32BE(at + 4);
  }
  return { version, entries };
}

/** An index entry (version 2 layout, stage 0) for a file with these stat data and blob id. */
function entryBytes(p: string, oid: string, st: Stats | null): Buffer {
  const name = Buffer.from(p, 'utf8');
  const length = 62 + name.length;
  const out = Buffer.alloc((Math.floor(length / 8) + 1) * 8);
  const u32 = (v: number, at: number) => out.writeUInt32BE(Math.max(0, Math.floor(v)) % 2 ** 32, at);
  if (st) {
    u32(st.ctimeMs / 1000, 0);
    u32((st.ctimeMs % 1000) * 1e6, 4);
    u32(st.mtimeMs / 1000, 8);
    u32((st.mtimeMs % 1000) * 1e6, 12);
    u32(st.dev, 16);
    u32(st.ino, 20);
    u32(st.mode & 0o111 ? 0o100755 : 0o100644, 24);
    u32(st.uid, 28);
    u32(st.gid, 32);
    u32(st.size, 36);
  } else {
    // No stat data: git and this module see the file as changed and look at its content.
    u32(0o100644, 24);
  }
  Buffer.from(oid, 'hex').copy(out, 40);
  out.writeUInt16BE(Math.min(name.length, 0xfff), 60);
  name.copy(out, 62);
  return out;
}

const byPath = (a: { path: string }, b: { path: string }) => Buffer.compare(Buffer.from(a.path, 'utf8'), Buffer.from(b.path, 'utf8'));

/**
 * Sets the index entries of some paths to these blob ids (null: out of the index), the way
 * `git reset -- <paths>` with a refresh does, rewriting git's index file whole (renamed into
 * place) but reading only the named files: a file whose content is the blob gets its stat data,
 * so the next look skips it; a file that differs (saved again meanwhile) gets none, so it is
 * seen as changed. Returns the paths so left (or null when the index is of a kind this does not
 * write: the caller then uses isomorphic-git).
 */
export async function setIndexEntries(root: string, gitdir: string, updates: Map<string, string | null>): Promise<string[] | null> {
  const file = path.join(gitdir, 'index');
  const loaded = await loadIndex(gitdir);
  const raw = loaded?.raw;
  if (!loaded || !raw) return null;
  const kept = raw.entries.filter((e) => !updates.has(e.path));
  const added: Array<{ path: string; raw: Buffer }> = [];
  const unsettled: string[] = [];
  for (const [p, oid] of updates) {
    if (oid === null) continue;
    const full = path.join(root, p);
    // Stat data first, content second: a save between the two leaves times that do not match.
    const st = await lstat(full).catch(() => null);
    const bytes = st?.isFile() ? await readFile(full).catch(() => null) : null;
    const same = bytes !== null && (await blobId(bytes)) === oid;
    if (!same) unsettled.push(p);
    added.push({ path: p, raw: entryBytes(p, oid, same ? st : null) });
  }
  const entries = added.length ? [...kept, ...added].sort(byPath) : kept;
  const header = Buffer.alloc(12);
  header.write('DIRC', 0, 'latin1');
  header.writeUInt32BE(raw.version, 4);
  header.writeUInt32BE(entries.length, 8);
  const body = Buffer.concat([header, ...entries.map((e) => e.raw)]);
  const sum = createHash('sha1').update(body).digest();
  await writeDurably(file, Buffer.concat([body, sum]));
  // What was written is what the next look reads, without reading it again.
  const entriesNow = new Map(loaded.entries);
  for (const p of updates.keys()) entriesNow.delete(p);
  for (const e of added) {
    const b = e.raw;
    entriesNow.set(e.path, { ctimeSeconds: b.readUInt32BE(0), mtimeSeconds: b.readUInt32BE(8), size: b.readUInt32BE(36), oid: b.toString('hex', 40, 60) });
  }
  const st = await stat(file);
  indexes.set(gitdir, { key: indexKey(st), mtimeMs: st.mtimeMs, entries: entriesNow, raw: { version: raw.version, entries } });
  return unsettled;
}
