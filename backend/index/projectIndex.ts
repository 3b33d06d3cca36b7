/**
 * The project index (issue 14): per document, what the document list shows and filters by
 * (title, source, per-annotator span and label counts, finished marks, disagreements, a stamp of
 * its files), so that a project of 100,000 documents opens without reading them.
 *
 * Derived, never the source of truth: built from the files when missing, of another version or
 * corrupt; kept up to date from the service's own writes (`touch`) and the folder watcher
 * (`fileChanged`); and checked against the files each time it is opened: the folder's listing at
 * once (documents added or removed), then every document's stamp (a listing and a few stats, no
 * read) in the background, while the list is already shown. A document whose stamp differs is
 * read again and the windows told. Opening one document never goes through the index.
 *
 * The assignment is read from `assignment.json` directly (its `documents` map), again whenever
 * the file's stamp changes.
 */
import { readdir, stat } from 'node:fs/promises';
import type { DocumentSummary } from '../../shared/api/contract';
import type { DocumentPage, DocumentQuery } from '../../shared/api/corpus';
import { documentId } from '../../shared/format/documentMeta';
import { layout } from '../../shared/format/layout';
import { fileStamp, insideProject, readUtf8, sameStamp, type Stamp } from '../project/files';
import { documentStamp, readEntry, type IndexEntry } from './entry';
import { queryEntries, summaryOf, type AnswerCache } from './query';
import { appendJournal, compact, readIndex, writeIndex } from './store';

/** The assignment file (backend/sync/paths.ts ASSIGNMENT_FILE; its format: shared/format/assignmentFile.ts). */
const ASSIGNMENT_FILE = 'assignment.json';
/** Documents read or checked at once: enough to keep the disk busy, few enough to keep memory flat. */
const PARALLEL = 16;
/** Journal lines after which the whole index is written again. */
const JOURNAL_LIMIT = 5000;
/** How long the check of every stamp runs before it lets the event loop answer calls. */
const CHECK_SLICE_MS = 8;
/** The check starts this long after an opening from disk. */
const CHECK_DELAY_MS = 500;

export interface IndexOpening {
  /** How the index was had: read from disk, or built (it was missing, of another version, or corrupt). */
  source: 'disk' | 'built';
  /** Documents read from their files while opening. */
  read: number;
  ms: number;
}

export class ProjectIndex {
  private entries = new Map<string, IndexEntry>();
  private assignment: Record<string, string[]> = {};
  private assignmentStamp: Stamp = null;
  private opening: Promise<IndexOpening> | null = null;
  private checking: Promise<number> | null = null;
  private firstCheck: Promise<number> = Promise.resolve(0);
  /** Documents waiting to be read again, and the timer that reads them. */
  private readonly dirty = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> = Promise.resolve();
  /** Index writes, one after another. */
  private persisting: Promise<void> = Promise.resolve();
  private journalLines = 0;
  /** Bumped whenever an entry or the assignment changes: the query's kept answer is then made again. */
  private readonly answers: AnswerCache = { last: null, generation: 0 };
  private closed = false;
  /** What the last opening did (for the benchmark and the tests). */
  lastOpening: IndexOpening | null = null;

  constructor(
    private readonly root: string,
    /** Told of documents whose entry changed when something other than the service changed them. */
    private readonly onChanged: (docIds: string[]) => void = () => {},
  ) {}

  /** Opens the index once: read from disk (then checked in the background) or built. */
  ready(): Promise<IndexOpening> {
    this.opening ??= this.open().then((o) => (this.lastOpening = o));
    return this.opening;
  }

  private async open(): Promise<IndexOpening> {
    const started = performance.now();
    const ids = await this.listFolder();
    const stored = await readIndex(this.root);
    let read = 0;
    if (stored) {
      this.entries = stored;
      // The folder's listing is the truth: new documents read now, removed ones dropped.
      const missing = ids.filter((id) => !stored.has(id));
      const present = new Set(ids);
      for (const id of [...stored.keys()]) if (!present.has(id)) stored.delete(id);
      await this.readAll(missing);
      read = missing.length;
      this.sortEntries(ids);
      if (missing.length || stored.size !== ids.length) this.schedulePersist(true);
      // After the opening and the window's first page: the check only competes with them.
      this.firstCheck = new Promise((resolve) => setTimeout(resolve, CHECK_DELAY_MS)).then(() => this.check());
    } else {
      await this.readAll(ids);
      read = ids.length;
      this.sortEntries(ids);
      this.schedulePersist(true);
    }
    await this.readAssignment();
    return { source: stored ? 'disk' : 'built', read, ms: performance.now() - started };
  }

  /** Keeps entries in the folder's (sorted) order, so that "sort by id" is the order held. */
  private sortEntries(ids: string[]): void {
    const sorted = new Map<string, IndexEntry>();
    for (const id of ids) {
      const e = this.entries.get(id);
      if (e) sorted.set(id, e);
    }
    this.entries = sorted;
    this.answers.generation++;
  }

  private async listFolder(): Promise<string[]> {
    try {
      return (await readdir(insideProject(this.root, layout.documentsDir))).filter((n) => documentId.safeParse(n).success).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  /** Reads documents' entries, PARALLEL at a time. */
  private async readAll(ids: readonly string[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < ids.length && !this.closed) {
        const id = ids[next++]!;
        this.entries.set(id, compact(await readEntry(this.root, id)));
        this.answers.generation++;
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
  }

  /**
   * Compares every document's stamp with its files and reads again those that differ; returns
   * how many did. Runs in the background after an opening from disk; callable any time.
   */
  check(): Promise<number> {
    this.checking ??= (async () => {
      const ids = [...this.entries.keys()];
      const changed: string[] = [];
      const documentsDir = insideProject(this.root, layout.documentsDir);
      // In slices of a few milliseconds, yielding between them: the windows' calls are answered while this runs.
      for (let i = 0; i < ids.length && !this.closed; ) {
        const until = performance.now() + CHECK_SLICE_MS;
        for (; i < ids.length && performance.now() < until; i++) {
          const id = ids[i]!;
          const entry = this.entries.get(id);
          if (entry && documentStamp(this.root, id, documentsDir) !== entry.stamp) changed.push(id);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      for (const id of changed) this.dirty.add(id);
      await this.flush();
      if (changed.length) this.onChanged(changed);
      return changed.length;
    })().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  /** The check made after opening from disk: how many documents it found changed (0 when the index was built). */
  async checkedAfterOpening(): Promise<number> {
    await this.ready();
    return this.firstCheck;
  }

  /** The service wrote one of the document's files: its entry is read again (soon, once for a burst of saves). */
  touch(docId: string): void {
    this.dirty.add(docId);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, 150);
  }

  /** The watcher saw a path change (relative, with "/"). */
  fileChanged(rel: string): void {
    if (rel === ASSIGNMENT_FILE) {
      this.assignmentStamp = null;
      return;
    }
    const parts = rel.split('/');
    if (parts[0] !== layout.documentsDir || parts.length < 2 || !documentId.safeParse(parts[1]).success) return;
    this.touch(parts[1]!);
  }

  /** Reads the dirty documents again (removing those whose folder is gone) and records them. */
  private flush(): Promise<void> {
    const run = this.refreshing.then(async () => {
      if (!this.opening || this.closed) return;
      await this.opening;
      const ids = [...this.dirty];
      this.dirty.clear();
      if (!ids.length) return;
      const lines: Array<{ put: IndexEntry } | { remove: string }> = [];
      let added = false;
      for (const id of ids) {
        // One stat a document, never a listing of the whole folder: this runs after every save.
        if (!(await isFolder(insideProject(this.root, layout.documentDir(id))))) {
          if (this.entries.delete(id)) lines.push({ remove: id });
          continue;
        }
        if (!this.entries.has(id)) added = true;
        const entry = compact(await readEntry(this.root, id));
        this.entries.set(id, entry);
        lines.push({ put: entry });
      }
      if (added) this.sortEntries([...this.entries.keys()].sort());
      this.answers.generation++;
      this.journal(lines);
    });
    this.refreshing = run.catch((e: unknown) => console.error(`Standoff: the project index could not be updated: ${(e as Error).message}`));
    return this.refreshing;
  }

  /** Waits until every change told so far is in the index (tests, the benchmark, closing). */
  async settled(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    await this.flush();
    await this.persisting;
  }

  private journal(lines: Array<{ put: IndexEntry } | { remove: string }>): void {
    if (!lines.length) return;
    this.journalLines += lines.length;
    if (this.journalLines > JOURNAL_LIMIT) return this.schedulePersist(true);
    this.persisting = this.persisting.then(() => appendJournal(this.root, lines)).catch(logWriteFailure);
  }

  /** Writes the whole index, after what is already being written. */
  private schedulePersist(full: boolean): void {
    if (!full) return;
    this.journalLines = 0;
    // The entries as they are now: later changes go to the journal, written after this.
    const snapshot = [...this.entries.values()];
    this.persisting = this.persisting.then(() => writeIndex(this.root, snapshot, snapshot.length)).catch(logWriteFailure);
  }

  private async readAssignment(): Promise<void> {
    const full = insideProject(this.root, ASSIGNMENT_FILE);
    const stamp = await fileStamp(full);
    if (stamp !== null && this.assignmentStamp !== null && sameStamp(stamp, this.assignmentStamp)) return;
    this.assignmentStamp = stamp;
    this.assignment = {};
    this.answers.generation++;
    if (stamp === null) return;
    try {
      const data = JSON.parse((await readUtf8(full, ASSIGNMENT_FILE)) ?? '{}') as { documents?: unknown };
      if (data.documents && typeof data.documents === 'object') {
        for (const [doc, who] of Object.entries(data.documents as Record<string, unknown>)) {
          if (Array.isArray(who)) this.assignment[doc] = who.filter((w): w is string => typeof w === 'string').sort();
        }
      }
    } catch {
      // A file that cannot be read assigns nothing here; the assignment feature reports it.
    }
  }

  /** Opened, with every change told so far taken in (a window asks right after an event). */
  private async current(): Promise<void> {
    await this.ready();
    if (this.dirty.size) {
      if (this.flushTimer) clearTimeout(this.flushTimer);
      this.flushTimer = null;
      await this.flush();
    }
    await this.refreshing;
  }

  /** Every document's summary, in id order (listDocuments). */
  async summaries(): Promise<DocumentSummary[]> {
    await this.current();
    return [...this.entries.values()].map(summaryOf);
  }

  /** The learned recommender's per-document uncertainty, for the sort "uncertainty" (given again after each training). */
  private uncertainty: ReadonlyMap<string, number> = new Map();

  useUncertainty(figures: ReadonlyMap<string, number>): void {
    this.uncertainty = figures;
  }

  /** One page of the list, filtered and sorted (queryDocuments). */
  async query(q: DocumentQuery): Promise<DocumentPage> {
    await this.current();
    await this.readAssignment();
    const page = await queryEntries(this.root, this.entries, this.assignment, q, this.answers, this.uncertainty);
    return { ...page, checking: this.checking !== null };
  }

  /**
   * Every entry, in id order, current as the document list is: every change told so far taken
   * in, and the check made after an opening from disk finished (so that a command run once, such
   * as `standoff status`, sees what changed while the project was closed). Team progress and the
   * queues are made from this (backend/assignment) instead of reading every layer file.
   */
  async currentEntries(): Promise<ReadonlyMap<string, IndexEntry>> {
    await this.ready();
    await this.firstCheck;
    await this.current();
    return this.entries;
  }

  /** Writes what is pending and stops: the next opening reads the index from disk. */
  async close(): Promise<void> {
    if (this.opening) await this.opening.catch(() => undefined);
    await this.settled();
    if (this.journalLines > 0) this.schedulePersist(true);
    this.closed = true;
    await this.checking?.catch(() => undefined);
    await this.persisting;
  }

  get size(): number {
    return this.entries.size;
  }

  /** An entry as held (tests). */
  entry(docId: string): IndexEntry | undefined {
    return this.entries.get(docId);
  }
}

async function isFolder(full: string): Promise<boolean> {
  try {
    return (await stat(full)).isDirectory();
  } catch {
    return false;
  }
}

function logWriteFailure(e: unknown): void {
  // The index is derived: failing to write it costs the next opening time, never data.
  console.error(`Standoff: the project index could not be written: ${(e as Error).message}`);
}
