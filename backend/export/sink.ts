import { mkdir, open, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** The size of a sink's buffer: large writes, bounded memory. */
const BUFFER = 4 << 20;

/**
 * A file written in order, piece by piece: text is encoded straight into a buffer of a few
 * megabytes, written out when full, so memory stays bounded however large the file, nothing is
 * copied twice, and the bytes written are counted.
 */
export class Sink {
  private readonly buffer = Buffer.allocUnsafe(BUFFER);
  private used = 0;
  bytes = 0;

  private constructor(private readonly handle: FileHandle) {}

  /** Creates the file (it must not exist: temporary names are fresh). */
  static async create(file: string): Promise<Sink> {
    await mkdir(path.dirname(file), { recursive: true });
    return new Sink(await open(file, 'wx'));
  }

  async write(text: string): Promise<void> {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: when that may not fit, write out first.
    if (this.used + text.length * 3 > BUFFER) {
      await this.flush();
      if (text.length * 3 > BUFFER) {
        const bytes = Buffer.from(text, 'utf8');
        this.bytes += bytes.length;
        await this.handle.write(bytes);
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  /** Writes bytes already encoded (lines made in a worker), copied into the buffer or, when large, written as they are. */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    if (this.used + bytes.length > BUFFER) {
      await this.flush();
      if (bytes.length > BUFFER) {
        this.bytes += bytes.length;
        let at = 0;
        while (at < bytes.length) at += (await this.handle.write(bytes, at, bytes.length - at)).bytesWritten;
        return;
      }
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  private async flush(): Promise<void> {
    if (this.used === 0) return;
    const length = this.used;
    this.used = 0;
    this.bytes += length;
    let at = 0;
    while (at < length) at += (await this.handle.write(this.buffer, at, length - at)).bytesWritten;
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
    this.used = 0;
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
