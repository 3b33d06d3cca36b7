import { mkdir, open, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** How much text a sink gathers before it writes: large writes, a bounded buffer. */
const FLUSH_AT = 1 << 20;

/**
 * A file written in order, piece by piece: text is gathered up to about a megabyte and written
 * in one call, so memory stays bounded however large the file, and the bytes written are counted.
 */
export class Sink {
  private pending: string[] = [];
  private pendingLength = 0;
  bytes = 0;

  private constructor(private readonly handle: FileHandle) {}

  /** Creates the file (it must not exist: temporary names are fresh). */
  static async create(file: string): Promise<Sink> {
    await mkdir(path.dirname(file), { recursive: true });
    return new Sink(await open(file, 'wx'));
  }

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pendingLength === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingLength = 0;
    this.bytes += bytes.length;
    await this.handle.write(bytes);
  }

  /** Writes what is left, and closes the file. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }

  /** Closes without caring about what is left (the export is being abandoned). */
  async discard(): Promise<void> {
    this.pending = [];
    await this.handle.close().catch(() => undefined);
  }
}

/** Writes a whole small file (a brat .ann, a card), creating its folder; returns its size in bytes. */
export async function writeWhole(file: string, text: string): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  const bytes = Buffer.from(text, 'utf8');
  await writeFile(file, bytes, { flag: 'wx' });
  return bytes.length;
}
