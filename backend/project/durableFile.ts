/**
 * Writing one project file so that an acknowledged save is on disk, whole, and never written
 * over a change someone else made:
 *
 * 1. the new content goes to a temporary file with a name of its own (this process's id and a
 *    random part: two writers never share one, as they did with steno's fixed `.<name>.tmp`),
 *    which is flushed to the disk (fsync);
 * 2. compare-and-swap: the file is read and its content compared with the version this process
 *    last read or wrote, by hash, or byte for byte when it still has those bytes (or it must
 *    still be absent). A size-and-time check misses an equal-length change whose time was kept
 *    (a sync client, `git checkout`, a coarse-time drive); a content check does not;
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
 * What a write expects the file to hold now: the content hash of the version this process last
 * read or wrote; or that version's very bytes, when the process still has them (compared byte
 * for byte: as strict as the hash, and nothing to hash); null: there must be no file.
 */
export type ExpectedVersion = string | null | KnownBytes;

/** A file's whole content as pieces, in order (what a chunked write wrote). */
export interface KnownBytes {
  readonly chunks: readonly Uint8Array[];
  readonly size: number;
}

/** Content as pieces, with their total size. */
export function knownBytes(chunks: readonly Uint8Array[]): KnownBytes {
  let size = 0;
  for (const c of chunks) size += c.byteLength;
  return { chunks, size };
}

/** The content hash of pieces of a file, as contentHash gives for the whole. */
export function chunksHash(chunks: readonly Uint8Array[]): string {
  const hash = createHash('sha1');
  for (const c of chunks) hash.update(c);
  return hash.digest('hex');
}

/**
 * Whether the file holds the expected version now (null: there is no file). Known bytes are
 * compared piece by piece through one small buffer: a large layer is checked without reading
 * it whole into memory again at each save.
 */
async function holds(fullPath: string, expected: ExpectedVersion): Promise<boolean> {
  if (typeof expected === 'string' || expected === null) return ((await readWithHash(fullPath))?.hash ?? null) === expected;
  let handle;
  try {
    handle = await open(fullPath, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw e;
  }
  try {
    if ((await handle.stat()).size !== expected.size) return false;
    const scratch = Buffer.allocUnsafe(Math.min(COMPARE_PIECE, Math.max(1, expected.size)));
    let chunk = 0;
    let inChunk = 0;
    let at = 0;
    while (at < expected.size) {
      const { bytesRead } = await handle.read(scratch, 0, Math.min(scratch.byteLength, expected.size - at), at);
      if (bytesRead === 0) return false;
      // Compare what was read with the known pieces it spans.
      for (let done = 0; done < bytesRead; ) {
        const piece = expected.chunks[chunk]!;
        const length = Math.min(bytesRead - done, piece.byteLength - inChunk);
        if (Buffer.compare(scratch.subarray(done, done + length), piece.subarray(inChunk, inChunk + length)) !== 0) return false;
        done += length;
        inChunk += length;
        if (inChunk === piece.byteLength) {
          chunk++;
          inChunk = 0;
        }
      }
      at += bytesRead;
    }
    // Grown since the size was read: not the version expected either.
    return (await handle.read(scratch, 0, 1, at)).bytesRead === 0;
  } finally {
    await handle.close();
  }
}

/** How much of a file is read at once to compare it with known bytes. */
const COMPARE_PIECE = 1 << 20;

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
  await replaceDurably(fullPath, [bytes], expectedHash);
  return contentHash(bytes);
}

/**
 * writeDurably for content in pieces, written one after another (no copy into one buffer), the
 * check made against the expected version's hash or bytes. Resolves once the file and its
 * folder are flushed; the same failures as writeDurably.
 */
export async function replaceDurably(fullPath: string, chunks: readonly Uint8Array[], expected?: ExpectedVersion): Promise<void> {
  const temp = temporaryName(fullPath);
  try {
    const handle = await open(temp, 'wx');
    try {
      const size = knownBytes(chunks).size;
      // writev writes every piece (libuv loops over partial writes); checked all the same.
      const { bytesWritten } = await handle.writev(chunks as Uint8Array[]);
      if (bytesWritten !== size) throw new Error(`wrote ${bytesWritten} of ${size} bytes`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (expected !== undefined && !(await holds(fullPath, expected))) {
      const found = await readWithHash(fullPath);
      throw new ChangedOnDisk(fullPath, found);
    }
    await rename(temp, fullPath);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
  noteWritten(fullPath);
  await syncFolder(path.dirname(fullPath));
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
