import type { Adapter } from 'lowdb';
import { FormatError } from '../../shared/format/errors';
import { chunksHash, knownBytes, readWithHash, replaceDurably, writeDurably, type KnownBytes } from './durableFile';
import { decodeUtf8 } from './files';

/**
 * The version of the file this adapter last read or wrote: its hash, or (after a chunked write)
 * its bytes, hashed only when someone asks (most saves never need the hash: the next write's
 * check compares the bytes themselves).
 */
type Known = { hash: string } | (KnownBytes & { hash?: string }) | null;

/**
 * A lowdb adapter for Standoff's own files. Reading is strict (invalid UTF-8, bad JSON, a
 * wrong format or version, a field that does not validate: each throws a FormatError naming
 * the file). Writing is durable and checked (durableFile.ts): a temporary file of its own,
 * flushed, renamed over the old one only if the file is still the version this adapter last
 * read or wrote; otherwise ChangedOnDisk is thrown and nothing is written.
 *
 * `stringify` may give the content as pieces (serializeAnnotationFileChunks): a large file is
 * then written without being built and encoded whole, and checked against its last version's
 * bytes rather than a hash of them.
 */
export class StandoffJsonAdapter<T> implements Adapter<T> {
  private known: Known = null;

  constructor(
    private readonly fullPath: string,
    private readonly displayName: string,
    private readonly parse: (raw: string, file: string) => T,
    private readonly stringify: (data: T) => string | Uint8Array[],
  ) {}

  /** Content hash of the file as last read or written (null: there was none). */
  get diskHash(): string | null {
    if (this.known === null) return null;
    if (this.known.hash === undefined) this.known.hash = chunksHash((this.known as KnownBytes).chunks);
    return this.known.hash;
  }

  set diskHash(hash: string | null) {
    this.known = hash === null ? null : { hash };
  }

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
    const content = this.stringify(data);
    if (typeof content === 'string') {
      this.diskHash = await writeDurably(this.fullPath, content, this.diskHash);
      return;
    }
    const expected = this.known === null ? null : 'chunks' in this.known ? this.known : this.known.hash;
    await replaceDurably(this.fullPath, content, expected);
    this.known = knownBytes(content);
  }
}
