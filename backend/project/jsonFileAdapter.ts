import type { Adapter } from 'lowdb';
import { Writer } from 'steno';
import { readUtf8 } from './files';

/**
 * A lowdb adapter for Standoff's own files. Reading is strict (invalid UTF-8, bad JSON, a
 * wrong format or version, a field that does not validate: each throws a FormatError naming
 * the file); writing goes through steno, as lowdb's own adapters do: the data is written to a
 * temporary file and renamed over the old one (atomic), and writes issued while one is in
 * flight are coalesced into one write of the newest data.
 */
export class StandoffJsonAdapter<T> implements Adapter<T> {
  private readonly writer: Writer;

  constructor(
    private readonly fullPath: string,
    private readonly displayName: string,
    private readonly parse: (raw: string, file: string) => T,
    private readonly stringify: (data: T) => string,
  ) {
    this.writer = new Writer(fullPath);
  }

  async read(): Promise<T | null> {
    const raw = await readUtf8(this.fullPath, this.displayName);
    return raw === null ? null : this.parse(raw, this.displayName);
  }

  async write(data: T): Promise<void> {
    await this.writer.write(this.stringify(data));
  }
}
