/**
 * Writing one project file so that an acknowledged save is on disk, whole, and never written
 * over a change someone else made:
 *
 * 1. the new content goes to a temporary file with a name of its own (this process's id and a
 *    random part: two writers never share one, as they did with steno's fixed `.<name>.tmp`),
 *    which is flushed to the disk (fsync);
 * 2. compare-and-swap: the file is read and its content hash compared with the hash this
 *    process last read or wrote (or it must still be absent). A size-and-time check misses an
 *    equal-length change whose time was kept (a sync client, `git checkout`, a coarse-time
 *    drive); a hash does not;
 * 3. the temporary file is renamed over the target (atomic: a reader sees the old file or the
 *    new one, never a part), and the folder is flushed so that the rename survives a power cut.
 *
 * The check and the rename are a few microseconds apart; a program that ignores Standoff's seat
 * and writes in exactly that gap is the one case not caught (docs/DURABILITY.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Hash of a file's bytes, to tell whether it changed (not a security measure). */
export function contentHash(bytes: Uint8Array | string): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** A file's bytes and their hash; `null` when there is no file. */
export async function readWithHash(fullPath: string): Promise<{ bytes: Buffer; hash: string } | null> {
  try {
    const bytes = await readFile(fullPath);
    return { bytes, hash: contentHash(bytes) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw e;
  }
}

/** The content hash of a file now (null: there is none): the version a later write expects. */
export async function versionOf(fullPath: string): Promise<string | null> {
  return (await readWithHash(fullPath))?.hash ?? null;
}

/** The file on disk is not the version this process knows: someone else wrote it. */
export class ChangedOnDisk extends Error {
  constructor(
    readonly fullPath: string,
    /** The file as it is now; null when it was removed. */
    readonly now: { bytes: Buffer; hash: string } | null,
  ) {
    super(`${fullPath} was changed on disk`);
    this.name = 'ChangedOnDisk';
  }
}

/** The temporary name a write uses beside its target. `validate` recognises these as leftovers. */
export function temporaryName(fullPath: string): string {
  return path.join(path.dirname(fullPath), `.${path.basename(fullPath)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Removes the temporary files that writes of `fullPath` left when their process was killed
 * mid-write (kill -9, a power cut): those of a process that is no longer running, and at least a
 * minute old (a process on another machine sharing the folder may have the same number).
 * Called when a file is first opened for writing; `validate --repair` does the same for a project.
 */
export async function removeDeadTemporaries(fullPath: string): Promise<number> {
  const dir = path.dirname(fullPath);
  const base = path.basename(fullPath).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const own = new RegExp(`^\\.${base}\\.(\\d+)-[0-9a-f]{8}\\.tmp$`);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const pid = Number(own.exec(name)?.[1]);
    if (!pid || pid === process.pid || running(pid)) continue;
    const full = path.join(dir, name);
    try {
      if (Date.now() - (await stat(full)).mtimeMs < 60_000) continue;
      await rm(full, { force: true });
      removed++;
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

/** Whether a process of this number runs on this machine (one we may not signal runs too). */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Writes `content` to `fullPath` durably. `expectedHash`: the content hash the file must have
 * now (null: it must not exist); undefined skips the check. Resolves with the new content's
 * hash once the file and its folder are flushed; throws ChangedOnDisk (nothing written) when
 * the check fails, and the file system's error otherwise (nothing written either).
 */
/**
 * Told of every file this process writes whole (after its rename), before the write is
 * acknowledged: sync (backend/sync) keeps the paths a save changed, so that it need not walk the
 * whole project to find them.
 */
const writeListeners = new Set<(fullPath: string) => void>();

export function onWritten(listener: (fullPath: string) => void): () => void {
  writeListeners.add(listener);
  return () => writeListeners.delete(listener);
}

export function noteWritten(fullPath: string): void {
  for (const listener of writeListeners) listener(fullPath);
}

export async function writeDurably(fullPath: string, content: string | Uint8Array, expectedHash?: string | null): Promise<string> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const temp = temporaryName(fullPath);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (expectedHash !== undefined) {
      const now = await readWithHash(fullPath);
      if ((now?.hash ?? null) !== expectedHash) throw new ChangedOnDisk(fullPath, now);
    }
    await rename(temp, fullPath);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
  noteWritten(fullPath);
  await syncFolder(path.dirname(fullPath));
  return contentHash(bytes);
}

/**
 * Flushes a folder's entries (a rename) to the disk. Windows cannot open a folder for this and
 * some file systems refuse it; there the rename is as durable as the platform makes it.
 */
export async function syncFolder(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR, EPERM, EINVAL: not supported here.
  } finally {
    await handle?.close();
  }
}
