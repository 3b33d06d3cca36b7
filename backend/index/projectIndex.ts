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
import type { DocumentSummary, Layer } from '../../shared/api/contract';
import type { DocumentPage, DocumentQuery, IndexProgress } from '../../shared/api/corpus';
import { DOCUMENT_ID } from '../../shared/format/documentMeta';
import { layout } from '../../shared/format/layout';
import { fileStamp, insideProject, readUtf8, sameStamp, type Stamp } from '../project/files';
import { basisAfterSave, documentStamp, entryOf, readEntryAndBasis, stampOf, stampParts, type EntryBasis, type IndexEntry } from './entry';
import { queryEntries, summaryAt, type AnswerCache } from './query';
import { appendJournal, readIndex, writeIndex } from './store';
import { EntryTable, IndexRows, LazyEntries, TableBuilder } from './table';

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
/** Documents read at a time when the index is built from nothing: their entries are then let go. */
const BUILD_CHUNK = 1024;
/** Documents whose basis is kept (those being worked on): a save then reads none of their files. */
const BASES = 8;

export interface IndexOpening {
  /** How the index was had: read from disk, or built (it was missing, of another version, or corrupt). */
  source: 'disk' | 'built';
  /** Documents read from their files while opening. */
  read: number;
  ms: number;
}

/** A layer the service saved, as it holds it (LayerStore), fetched when the index takes the save in. */
export type SavedLayer = () => Promise<Layer>;

export class ProjectIndex {
  /** The entries as last written whole (columns), and those changed since, by id (null: removed). */
  private table: EntryTable = EntryTable.empty();
  private changed = new Map<string, IndexEntry | null>();
  private rowsNow: IndexRows | null = null;
  /** What the entries of documents being worked on are made of, least recently used first. */
  private readonly bases = new Map<string, EntryBasis>();
  /** Layers saved by the service since the last flush, by document and annotator. */
  private readonly saves = new Map<string, Map<string, SavedLayer>>();
  private assignment: Record<string, string[]> = {};
  private assignmentStamp: Stamp = null;
  private opening: Promise<IndexOpening> | null = null;
  /** Documents read while opening (building, or taking in new ones), for the window's progress. */
  private reading = { done: 0, total: 0 };
  private opened = false;
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
  /** Documents whose files were read to make their entry, since the index was made (the benchmark and the tests). */
  documentsRead = 0;

  constructor(
    readonly root: string,
    /** Told of documents whose entry changed when something other than the service changed them. */
    private readonly onChanged: (docIds: string[]) => void = () => {},
  ) {}

  /** Opens the index once: read from disk (then checked in the background) or built. */
  ready(): Promise<IndexOpening> {
    this.opening ??= this.open().then((o) => {
      this.opened = true;
      return (this.lastOpening = o);
    });
    return this.opening;
  }

  /** How far the opening is; starts it if nobody has yet. */
  progress(): IndexProgress {
    void this.ready().catch(() => undefined);
    return this.opened ? { state: 'ready', done: 0, total: 0 } : { state: 'building', ...this.reading };
  }

  private async open(): Promise<IndexOpening> {
    const started = performance.now();
    const ids = await this.listFolder();
    const stored = await readIndex(this.root);
    let read = 0;
    if (stored) {
      this.table = stored.table;
      this.changed = stored.changed;
      // The folder's listing is the truth: new documents read now, removed ones dropped.
      const present = new Set(ids);
      const rows = this.rows();
      let removed = 0;
      for (let i = 0; i < rows.size; i++) {
        const id = rows.id(i);
        if (!present.has(id)) {
          this.changed.set(id, null);
          removed++;
        }
      }
      this.rowsNow = null;
      const known = this.rows();
      const missing = ids.filter((id) => known.find(id) < 0);
      await this.readAll(missing);
      read = missing.length;
      if (missing.length || removed) this.schedulePersist();
      // After the opening and the window's first page: the check only competes with them.
      this.firstCheck = new Promise((resolve) => setTimeout(resolve, CHECK_DELAY_MS)).then(() => this.check());
    } else {
      await this.build(ids);
      read = ids.length;
      this.schedulePersist();
    }
    this.answers.generation++;
    await this.readAssignment();
    return { source: stored ? 'disk' : 'built', read, ms: performance.now() - started };
  }

  /** The entries in id order: the table with the changes since put in. */
  private rows(): IndexRows {
    return (this.rowsNow ??= new IndexRows(this.table, this.changed));
  }

  /** An entry changed (null: its document removed). */
  private put(id: string, entry: IndexEntry | null): void {
    this.changed.set(id, entry);
    this.rowsNow = null;
    this.answers.generation++;
  }

  /** Builds the table from every document's files, a chunk at a time: memory holds a chunk of entries, not all. */
  private async build(ids: readonly string[]): Promise<void> {
    const builder = new TableBuilder();
    this.reading = { done: 0, total: ids.length };
    for (let from = 0; from < ids.length && !this.closed; from += BUILD_CHUNK) {
      const chunk = ids.slice(from, from + BUILD_CHUNK);
      const entries = new Array<IndexEntry>(chunk.length);
      let next = 0;
      const worker = async () => {
        while (next < chunk.length) {
          const k = next++;
          entries[k] = (await this.read(chunk[k]!)).entry;
          this.reading.done++;
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, worker));
      for (const e of entries) builder.add(e);
    }
    this.table = builder.finish();
    this.changed = new Map();
    this.rowsNow = null;
  }

  /** Document folders, sorted: names tested with the documentId schema's own pattern (zod's cost per name adds up at 100,000). */
  private async listFolder(): Promise<string[]> {
    try {
      return (await readdir(insideProject(this.root, layout.documentsDir))).filter((n) => DOCUMENT_ID.test(n)).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  /** Reads documents' entries, PARALLEL at a time. */
  private async readAll(ids: readonly string[]): Promise<void> {
    let next = 0;
    this.reading = { done: 0, total: ids.length };
    const worker = async () => {
      while (next < ids.length && !this.closed) {
        const id = ids[next++]!;
        this.put(id, (await this.read(id)).entry);
        this.reading.done++;
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
      const rows = this.rows();
      const changed: string[] = [];
      const documentsDir = insideProject(this.root, layout.documentsDir);
      // In slices of a few milliseconds, yielding between them: the windows' calls are answered while this runs.
      for (let i = 0; i < rows.size && !this.closed; ) {
        const until = performance.now() + CHECK_SLICE_MS;
        for (; i < rows.size && performance.now() < until; i++) {
          const id = rows.id(i);
          // An entry changed since the check began is compared as it is now.
          const now = this.changed.get(id);
          if (now === null) continue;
          if (documentStamp(this.root, id, documentsDir) !== (now ? now.stamp : rows.stamp(i))) changed.push(id);
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

  /**
   * The service wrote one of the document's files: its entry is made again (soon, once for a
   * burst of saves). `saved`: the file was this annotator's layer, given as the service holds it:
   * the entry is then made from it and what the index kept of the document's other files, none
   * of them read, unless one of them changed meanwhile (then the document is read again).
   */
  touch(docId: string, saved?: { annotator: string; layer: SavedLayer }): void {
    if (saved) {
      let layers = this.saves.get(docId);
      if (!layers) this.saves.set(docId, (layers = new Map()));
      layers.set(saved.annotator, saved.layer);
    } else {
      this.dirty.add(docId);
    }
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
    if (parts[0] !== layout.documentsDir || parts.length < 2 || !DOCUMENT_ID.test(parts[1]!)) return;
    this.touch(parts[1]!);
  }

  /** Makes the changed documents' entries again (removing those whose folder is gone) and records them. */
  private flush(): Promise<void> {
    const run = this.refreshing.then(async () => {
      if (!this.opening || this.closed) return;
      await this.opening;
      const saves = new Map(this.saves);
      this.saves.clear();
      const ids = [...new Set([...this.dirty, ...saves.keys()])];
      this.dirty.clear();
      if (!ids.length) return;
      const lines: Array<{ put: IndexEntry } | { remove: string }> = [];
      for (const id of ids) {
        // One stat a document, never a listing of the whole folder: this runs after every save.
        if (!(await isFolder(insideProject(this.root, layout.documentDir(id))))) {
          this.bases.delete(id);
          if (this.rows().find(id) >= 0) {
            this.put(id, null);
            lines.push({ remove: id });
          }
          continue;
        }
        const kept = await this.fromBasis(id, saves.get(id));
        // The watcher telling of the service's own save: its files are as the entry has them.
        if (kept === 'unchanged') continue;
        const entry = kept ?? (await this.readDocument(id));
        this.put(id, entry);
        lines.push({ put: entry });
      }
      this.journal(lines);
    });
    this.refreshing = run.catch((e: unknown) => console.error(`Standoff: the project index could not be updated: ${(e as Error).message}`));
    return this.refreshing;
  }

  private read(id: string): ReturnType<typeof readEntryAndBasis> {
    this.documentsRead++;
    return readEntryAndBasis(this.root, id);
  }

  /** Reads a document's files, and keeps what its entry is made of for the saves that follow. */
  private async readDocument(id: string): Promise<IndexEntry> {
    const { entry, basis } = await this.read(id);
    this.bases.delete(id);
    if (basis) {
      this.bases.set(id, basis);
      if (this.bases.size > BASES) this.bases.delete(this.bases.keys().next().value!);
    }
    return entry;
  }

  /**
   * The entry after the service's saves, made from the saved layers as the service holds them and
   * the kept basis, no file read: null when it cannot be (nothing kept, or one of the document's
   * other files changed), "unchanged" when nothing was saved and every file is as it was read.
   */
  private async fromBasis(id: string, saved: Map<string, SavedLayer> | undefined): Promise<IndexEntry | 'unchanged' | null> {
    let basis = this.bases.get(id);
    if (!basis) return null;
    const partsNow = stampParts(this.root, id);
    const names = [...(saved?.keys() ?? [])];
    for (const layer of saved?.values() ?? []) {
      const next = basisAfterSave(basis, partsNow, await layer().catch(() => null), names);
      if (!next) return null;
      basis = next;
    }
    if (basis.parts.join('|') !== partsNow.join('|')) return null;
    if (!saved) return 'unchanged';
    this.bases.delete(id);
    this.bases.set(id, basis);
    return entryOf(basis, stampOf(partsNow));
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
    if (this.journalLines > JOURNAL_LIMIT) return this.schedulePersist();
    this.persisting = this.persisting.then(() => appendJournal(this.root, lines)).catch(logWriteFailure);
  }

  /**
   * Writes the whole index, after what is already being written: the changes are first put into
   * the table (the entries as they are now: later changes go to the journal, written after this).
   */
  private schedulePersist(): void {
    this.journalLines = 0;
    if (this.changed.size) {
      this.table = EntryTable.from(this.rows());
      this.changed = new Map();
      this.rowsNow = null;
      this.answers.generation++;
    }
    const table = this.table;
    this.persisting = this.persisting.then(() => writeIndex(this.root, table)).catch(logWriteFailure);
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
      const lists = new Map<string, string[]>();
      if (data.documents && typeof data.documents === 'object') {
        for (const [doc, who] of Object.entries(data.documents as Record<string, unknown>)) {
          if (!Array.isArray(who)) continue;
          // One array per distinct list of annotators (a handful in a project), not one per document.
          const list = who.filter((w): w is string => typeof w === 'string').sort();
          const key = list.join('\n');
          let shared = lists.get(key);
          if (!shared) lists.set(key, (shared = list));
          this.assignment[doc] = shared;
        }
      }
    } catch {
      // A file that cannot be read assigns nothing here; the assignment feature reports it.
    }
  }

  /** Opened, with every change told so far taken in (a window asks right after an event). */
  private async current(): Promise<void> {
    await this.ready();
    if (this.dirty.size || this.saves.size) {
      if (this.flushTimer) clearTimeout(this.flushTimer);
      this.flushTimer = null;
      await this.flush();
    }
    await this.refreshing;
  }

  /** Every document's summary, in id order (listDocuments). */
  async summaries(): Promise<DocumentSummary[]> {
    await this.current();
    const rows = this.rows();
    return Array.from({ length: rows.size }, (_, i) => summaryAt(rows, i));
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
    const page = await queryEntries(this.root, this.rows(), this.assignment, q, this.answers, this.uncertainty);
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
    return new LazyEntries(this.rows(), this.answers.generation);
  }

  /**
   * A number that changes whenever an entry or the index's reading of the assignment does (the
   * same counter the list's kept answer is checked against): what is made from the entries can be
   * kept while it stays the same (backend/assignment keeps its walk of every entry).
   */
  get version(): number {
    return this.answers.generation;
  }

  /** Writes what is pending and stops: the next opening reads the index from disk. */
  async close(): Promise<void> {
    if (this.opening) await this.opening.catch(() => undefined);
    await this.settled();
    if (this.journalLines > 0) this.schedulePersist();
    this.closed = true;
    await this.checking?.catch(() => undefined);
    await this.persisting;
  }

  get size(): number {
    return this.rows().size;
  }

  /** An entry as held (tests). */
  entry(docId: string): IndexEntry | undefined {
    const rows = this.rows();
    const i = rows.find(docId);
    return i < 0 ? undefined : rows.entry(i);
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
