/**
 * The project index on disk: `.standoff/index/documents.idx` (this machine's working folder,
 * which git and the watcher leave out: backend/sync/paths.ts, backend/live/watcher.ts).
 *
 * One head line of JSON (format, version, how many entries, the sizes of the parts that follow
 * and a SHA-256 of them), then the table's columns (backend/index/table.ts): JSON parts (ids,
 * titles, sources, excerpts; the names of annotators and labels and what is rare) and a binary part (text
 * hashes, stamps, and the numbers as 32-bit integers: counts, marks, each document's layers and
 * their label counts). A file cut short or changed by hand is seen, and the index rebuilt from
 * the files. Between two full writes, changed entries are appended to `journal.jsonl`, each line
 * led by the SHA-256 of the rest; a line that does not match (cut short by a crash, changed) is
 * ignored: the document's stamp then no longer matches its files, and it is read again.
 *
 * Chosen over JSON Lines and over an embedded SQLite database by measurement (bench/corpus.ts,
 * docs/ARCHITECTURE.md "The project index"): at 100,000 documents one JSON object per entry took
 * seconds to parse and about 110 MB of heap; the columns load in a fraction of that, as they lie
 * on disk, with no native module to build for Node and for Electron.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { IndexEntry } from './entry';
import { EntryTable } from './table';

export const INDEX_DIR = '.standoff/index';
export const INDEX_FORMAT = 'standoff/index';
/** Bump when an entry's shape or meaning changes, or the file's layout: an index of another version is rebuilt. */
export const INDEX_VERSION = 6;

export const indexFile = (root: string) => path.join(root, INDEX_DIR, 'documents.idx');
export const journalFile = (root: string) => path.join(root, INDEX_DIR, 'journal.jsonl');
/** Where version 4 and before kept the index (JSON Lines): removed when the new one is written. */
const oldIndexFile = (root: string) => path.join(root, INDEX_DIR, 'documents.jsonl');

type JournalLine = { put: IndexEntry } | { remove: string };

/** Whether a parsed line has an entry's shape: what the index holds is checked, never trusted. */
function isEntry(x: unknown): x is IndexEntry {
  if (!x || typeof x !== 'object') return false;
  const e = x as Record<string, unknown>;
  return (
    typeof e.id === 'string' &&
    (e.title === null || typeof e.title === 'string') &&
    (e.source === null || typeof e.source === 'string') &&
    typeof e.excerpt === 'string' &&
    typeof e.length === 'number' &&
    (e.textHash === null || typeof e.textHash === 'string') &&
    typeof e.stamp === 'string' &&
    /^[0-9a-f]{16}$/.test(e.stamp) &&
    typeof e.disagreements === 'number' &&
    typeof e.settled === 'number' &&
    Array.isArray(e.finished) &&
    Array.isArray(e.problems) &&
    !!e.layers &&
    typeof e.layers === 'object'
  );
}

/** What is read from disk: the table, and the entries the journal changed since it was written (null: removed). */
export interface StoredIndex {
  table: EntryTable;
  changed: Map<string, IndexEntry | null>;
}

/**
 * Reads the index, or null when there is none or it cannot be trusted (another version, cut
 * short, a checksum that does not match, a table that does not hold together): the caller rebuilds it.
 */
export async function readIndex(root: string): Promise<StoredIndex | null> {
  let table: EntryTable | null;
  let handle;
  try {
    handle = await open(indexFile(root), 'r');
    const size = (await handle.stat()).size;
    const start = Buffer.alloc(Math.min(4096, size));
    await handle.read(start, 0, start.length, 0);
    const eol = start.indexOf(10);
    if (eol < 0) return null;
    const head = JSON.parse(start.subarray(0, eol).toString('utf8')) as { format?: unknown; version?: unknown; count?: unknown; strings?: unknown; binary?: unknown; sha256?: unknown };
    const parts = head.strings;
    if (head.format !== INDEX_FORMAT || head.version !== INDEX_VERSION || !Array.isArray(parts) || !parts.every((n) => Number.isInteger(n) && n >= 0) || typeof head.binary !== 'number') return null;
    if (size !== eol + 1 + (parts as number[]).reduce((a, b) => a + b, 0) + head.binary) return null;
    // Each part read straight into where it is kept, hashed on the way: the file is never held whole.
    const hash = createHash('sha256');
    let position = eol + 1;
    const file = handle;
    table = await EntryTable.decode(parts as number[], async (bytes) => {
      if (position + bytes > size) return null;
      const out = new Uint8Array(bytes);
      for (let done = 0; done < bytes; ) {
        const { bytesRead } = await file.read(out, done, bytes - done, position + done);
        if (bytesRead === 0) return null;
        done += bytesRead;
      }
      position += bytes;
      hash.update(out);
      return out;
    });
    if (!table || position !== size || hash.digest('hex') !== head.sha256 || table.size !== head.count) return null;
  } catch {
    return null; // missing, unreadable, or not an index
  } finally {
    await handle?.close();
  }
  const changed = new Map<string, IndexEntry | null>();
  await applyJournal(root, changed);
  return { table, changed };
}

async function applyJournal(root: string, changed: Map<string, IndexEntry | null>): Promise<void> {
  try {
    const lines = createInterface({ input: createReadStream(journalFile(root), { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      const space = line.indexOf(' ');
      const body = line.slice(space + 1);
      if (space !== 64 || createHash('sha256').update(body).digest('hex') !== line.slice(0, 64)) continue; // cut short by a crash, or changed
      let value: JournalLine;
      try {
        value = JSON.parse(body) as JournalLine;
      } catch {
        continue;
      }
      if ('put' in value && isEntry(value.put)) changed.set(value.put.id, value.put);
      else if ('remove' in value && typeof value.remove === 'string') changed.set(value.remove, null);
    }
  } catch {
    // no journal
  }
}

/** Makes `.standoff/index`, and `.standoff/.gitignore` of `*` as the seats do: the working folder never goes into git. */
async function ensureDir(root: string): Promise<void> {
  await mkdir(path.join(root, INDEX_DIR), { recursive: true });
  await writeFile(path.join(root, '.standoff', '.gitignore'), '*\n', { flag: 'wx' }).catch(() => undefined);
}

/**
 * Writes the whole index (a temporary file renamed into place: a reader sees the old index or the
 * new one, whole) and empties the journal.
 */
export async function writeIndex(root: string, table: EntryTable): Promise<void> {
  const file = indexFile(root);
  await ensureDir(root);
  const tmp = `${file}.${process.pid}.tmp`;
  // The JSON parts are made twice, a slice at a time (EntryTable.stringParts): once for the
  // head's sizes and hash, which lead the file, then into the file; never held whole (at 100,000
  // documents they were 11 MB of buffers and their strings at once, on top of the table, at close).
  const strings = table.stringParts();
  const binary = table.binaryParts();
  const hash = createHash('sha256');
  const sizes: number[] = [];
  for (const part of strings) {
    let size = 0;
    for (const b of part()) {
      hash.update(b);
      size += b.length;
    }
    sizes.push(size);
  }
  let binaryBytes = 0;
  for (const b of binary) {
    hash.update(b);
    binaryBytes += b.length;
  }
  const head = Buffer.from(`${JSON.stringify({ format: INDEX_FORMAT, version: INDEX_VERSION, count: table.size, strings: sizes, binary: binaryBytes, sha256: hash.digest('hex') })}\n`);
  const handle = await open(tmp, 'w');
  try {
    // writeFile on a handle writes all of each buffer from where the last one ended.
    await handle.writeFile(head);
    for (const part of strings) for (const b of part()) await handle.writeFile(b);
    for (const b of binary) await handle.writeFile(b);
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  await rm(journalFile(root), { force: true });
  await rm(oldIndexFile(root), { force: true });
}

/** Appends changed entries to the journal (no fsync: the index is derived; a lost line is found again by its stamp). */
export async function appendJournal(root: string, lines: JournalLine[]): Promise<void> {
  if (!lines.length) return;
  await ensureDir(root);
  const text = lines.map((l) => {
    const body = JSON.stringify(l);
    return `${createHash('sha256').update(body).digest('hex')} ${body}\n`;
  });
  await appendFile(journalFile(root), text.join(''));
}
