/**
 * Writing several files as one change: all of them, or (if anything fails on the way) none,
 * the files that were there put back as they were. Used by the annotation import, which must
 * never leave a corpus half-imported.
 *
 * 1. Every new content is written to a temporary file beside its target and flushed (fsync).
 * 2. Each target is checked to be as it was when it was read (same content hash, or still
 *    absent): a file changed meanwhile by someone else is not overwritten.
 * 3. Each existing target is kept as a backup (a hard link, or a copy where links are refused).
 * 4. The temporary files are renamed over the targets, one by one. If one rename fails, those
 *    already done are undone from the backups (or removed, for files that were not there).
 * 5. The folders are flushed, so the renames survive a power cut; the backups are removed.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, open, rename as fsRename, rm } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { noteWritten, syncFolder, versionOf } from './durableFile';

export interface FileChange {
  /** Absolute path. */
  file: string;
  /** Path relative to the project, for messages. */
  name: string;
  content: string;
  /** The content hash of the file as it was read (null: it did not exist); see durableFile.versionOf. */
  expected: string | null;
}

/** The file system calls the transaction makes, so that a test can make one fail. */
export interface TransactionFs {
  rename(from: string, to: string): Promise<void>;
}

export async function writeAllOrNothing(changes: readonly FileChange[], fs: TransactionFs = { rename: fsRename }): Promise<void> {
  const tag = `standoff-${process.pid}-${randomBytes(4).toString('hex')}`;
  const temp = (c: FileChange) => `${c.file}.${tag}.tmp`;
  const backup = (c: FileChange) => `${c.file}.${tag}.bak`;
  const backedUp = new Set<FileChange>();
  const cleanup = async () => {
    await Promise.all(changes.map((c) => rm(temp(c), { force: true })));
    await Promise.all([...backedUp].map((c) => rm(backup(c), { force: true })));
  };
  try {
    for (const c of changes) {
      await mkdir(path.dirname(c.file), { recursive: true });
      const handle = await open(temp(c), 'wx');
      try {
        await handle.writeFile(c.content, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    for (const c of changes) {
      if ((await versionOf(c.file)) !== c.expected) {
        throw new ApiError('conflict', `${c.name} was changed on disk while the import was being checked; nothing was imported, so that change is not overwritten. Import again to import into the file as it is now.`);
      }
    }
    for (const c of changes) {
      if (c.expected === null) continue;
      try {
        await link(c.file, backup(c));
      } catch {
        await copyFile(c.file, backup(c));
      }
      backedUp.add(c);
    }
  } catch (e) {
    await cleanup();
    throw e;
  }
  const done: FileChange[] = [];
  try {
    for (const c of changes) {
      await fs.rename(temp(c), c.file);
      noteWritten(c.file);
      done.push(c);
    }
  } catch (e) {
    // Undo: every file back as it was.
    const undone: string[] = [];
    for (const c of done.reverse()) {
      try {
        if (c.expected === null) await rm(c.file, { force: true });
        else await fsRename(backup(c), c.file);
      } catch {
        undone.push(c.name);
      }
      backedUp.delete(c); // put back (its backup is gone), or kept for the analyst: not cleaned up either way
    }
    await cleanup();
    const message = `could not write ${changes[done.length]?.name ?? 'a file'} (${(e as Error).message}); `;
    throw new ApiError(
      'io',
      undone.length
        ? `${message}the files written before it could not all be put back: ${undone.join(', ')} (their earlier content is in the .bak files beside them)`
        : `${message}every file written before it was put back as it was: nothing was imported`,
    );
  }
  for (const dir of new Set(changes.map((c) => path.dirname(c.file)))) await syncFolder(dir);
  await cleanup();
}
