/**
 * The project index on disk: `.standoff/index/documents.jsonl` (this machine's working folder,
 * which git and the watcher leave out: backend/sync/paths.ts, backend/live/watcher.ts).
 *
 * JSON Lines: a head line (format, version, how many entries), one line per document, and an end
 * line with the count and a SHA-256 of the lines between: a file cut short or changed by hand is
 * seen, and the index rebuilt from the files. Between two full writes, changed entries are
 * appended to `journal.jsonl`, each line led by the SHA-256 of the rest; a line that does not
 * match (cut short by a crash, changed) is ignored: the document's stamp then no longer matches
 * its files, and it is read again.
 *
 * Chosen over an embedded SQLite database by measurement (bench/corpus.ts, docs/ARCHITECTURE.md):
 * loading and querying 100,000 entries in memory is well inside the targets, without a native
 * module to build for Node and for Electron.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { IndexEntry } from './entry';

export const INDEX_DIR = '.standoff/index';
export const INDEX_FORMAT = 'standoff/index';
/** Bump when an entry's shape or meaning changes: an index of another version is rebuilt. */
export const INDEX_VERSION = 4;

export const indexFile = (root: string) => path.join(root, INDEX_DIR, 'documents.jsonl');
export const journalFile = (root: string) => path.join(root, INDEX_DIR, 'journal.jsonl');

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
    typeof e.stamp === 'string' &&
    typeof e.disagreements === 'number' &&
    typeof e.settled === 'number' &&
    Array.isArray(e.finished) &&
    Array.isArray(e.problems) &&
    !!e.layers &&
    typeof e.layers === 'object'
  );
}

const EMPTY: never[] = [];
const finishedLists = new Map<string, string[]>();

/**
 * One shared array for every entry without problems, and one per distinct list of finished
 * layers (a handful in a project): 100,000 entries held in memory, a few megabytes saved.
 */
export function compact(e: IndexEntry): IndexEntry {
  if (e.problems.length === 0) e.problems = EMPTY;
  const key = e.finished.join('\n');
  let shared = finishedLists.get(key);
  if (!shared) finishedLists.set(key, (shared = e.finished));
  e.finished = shared;
  return e;
}

/**
 * Reads the index: its entries by id, or null when there is none or it cannot be trusted (another
 * version, cut short, a line that does not parse or is not an entry): the caller rebuilds it.
 */
export async function readIndex(root: string): Promise<Map<string, IndexEntry> | null> {
  const entries = new Map<string, IndexEntry>();
  type Head = { format?: unknown; version?: unknown; count?: unknown };
  let head = null as Head | null;
  type End = { end?: unknown; sha256?: unknown };
  let end = null as End | null;
  const hash = createHash('sha256');
  try {
    const lines = createInterface({ input: createReadStream(indexFile(root), { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (end !== null) return null; // something after the end line
      const value: unknown = JSON.parse(line);
      if (head === null) {
        head = (value ?? {}) as Head;
        if (head.format !== INDEX_FORMAT || head.version !== INDEX_VERSION) return null;
        continue;
      }
      if (value && typeof value === 'object' && 'end' in value) {
        end = value as End;
        continue;
      }
      hash.update(line).update('\n');
      if (!isEntry(value)) return null;
      entries.set(value.id, compact(value));
    }
  } catch {
    return null; // missing, unreadable, or a line that is not JSON
  }
  if (head === null || end === null || end.end !== entries.size || head.count !== entries.size || end.sha256 !== hash.digest('hex')) return null;
  await applyJournal(root, entries);
  return entries;
}

async function applyJournal(root: string, entries: Map<string, IndexEntry>): Promise<void> {
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
      if ('put' in value && isEntry(value.put)) entries.set(value.put.id, compact(value.put));
      else if ('remove' in value && typeof value.remove === 'string') entries.delete(value.remove);
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
 * new one, whole) and empties the journal. Written in chunks, so a large index does not hold the
 * event loop for long.
 */
export async function writeIndex(root: string, entries: Iterable<IndexEntry>, count: number): Promise<void> {
  const file = indexFile(root);
  await ensureDir(root);
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    let chunk = `${JSON.stringify({ format: INDEX_FORMAT, version: INDEX_VERSION, count })}\n`;
    let written = 0;
    const hash = createHash('sha256');
    for (const e of entries) {
      const line = `${JSON.stringify(e)}\n`;
      hash.update(line);
      chunk += line;
      written++;
      if (chunk.length > 1 << 20) {
        await handle.write(chunk);
        chunk = '';
      }
    }
    chunk += `${JSON.stringify({ end: written, sha256: hash.digest('hex') })}\n`;
    await handle.write(chunk);
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  await rm(journalFile(root), { force: true });
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
