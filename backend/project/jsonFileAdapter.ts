import type { Adapter } from 'lowdb';
import { FormatError } from '../../shared/format/errors';
import { readWithHash, writeDurably } from './durableFile';
import { decodeUtf8 } from './files';

/**
 * A lowdb adapter for Standoff's own files. Reading is strict (invalid UTF-8, bad JSON, a
 * wrong format or version, a field that does not validate: each throws a FormatError naming
 * the file). Writing is durable and checked (durableFile.ts): a temporary file of its own,
 * flushed, renamed over the old one only if the file is still the version this adapter last
 * read or wrote; otherwise ChangedOnDisk is thrown and nothing is written.
 */
export class StandoffJsonAdapter<T> implements Adapter<T> {
  /** Content hash of the file as last read or written (null: there was none). */
  diskHash: string | null = null;

  constructor(
    private readonly fullPath: string,
    private readonly displayName: string,
    private readonly parse: (raw: string, file: string) => T,
    private readonly stringify: (data: T) => string,
  ) {}

  async read(): Promise<T | null> {
    let found;
    try {
      found = await readWithHash(this.fullPath);
    } catch (e) {
      throw new FormatError(this.displayName, [`cannot be read (${(e as Error).message})`], true);
    }
    this.diskHash = found?.hash ?? null;
    return found === null ? null : this.parse(decodeUtf8(found.bytes, this.displayName), this.displayName);
  }

  async write(data: T): Promise<void> {
    this.diskHash = await writeDurably(this.fullPath, this.stringify(data), this.diskHash);
  }
}
