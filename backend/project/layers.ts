import type { Stats } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { Low } from 'lowdb';
import type { FileProblem, Layer, SpanEditInput } from '../../shared/api/contract';
import type { EditConflict, MergeOutcome } from '../../shared/api/live';
import { ApiError } from '../../shared/api/errors';
import { GOLD, emptyAnnotationFile, parseAnnotationFile, serializeAnnotationFileChunks, type AnnotationFile } from '../../shared/format/annotationFile';
import { FormatError } from '../../shared/format/errors';
import { layout } from '../../shared/format/layout';
import { RelationIndex } from '../../shared/layers/relationIndex';
import type { LabelSchema } from '../../shared/model/labels';
import { cleanNote, compareSpans, type Note, type Relation, type Span } from '../../shared/model/span';
import { finishedLayers } from '../../shared/review/finished';
import type { LoadedDocument } from './documents';
import { ChangedOnDisk, readWithHash, removeDeadTemporaries } from './durableFile';
import { decodeUtf8, fileStamp, insideProject } from './files';
import { StandoffJsonAdapter } from './jsonFileAdapter';
import { checkEdits, describeRefused, editConflict, sameJson, type Changes, type LayerView } from './layerChecks';
import { anchorLayer, annotatorsOf, checkPlace, describeIoError, documentExists, gone, layerOf, readLayerOnce, sameFile } from './layerFiles';

interface OpenLayer {
  db: Low<AnnotationFile>;
  /** The file's reader and writer; knows the content hash of the version this process has. */
  adapter: StandoffJsonAdapter<AnnotationFile>;
  /** Spans by id, for edits in O(1). */
  byId: Map<string, Span>;
  /** Relations by id and by the spans they join, so checking an edit looks only at what it touches. */
  relations: RelationIndex;
  reanchored: number;
  /** The file was changed by another program: the next read of the layer takes that version. */
  stale?: boolean;
  /** Temporary files left beside it by a killed process have been looked for (once per opening). */
  swept?: boolean;
  /** The file as this process's last write left it, so that the watcher knows its own write without reading it. */
  written?: Stats | null;
  /**
   * The file as this process last read or wrote it (null: there was none; undefined: not known).
   * A read of the layer compares it with the file now: a change the watcher has not told yet
   * (it may be slow, or not watching this document: backend/live) is taken in all the same.
   */
  seen?: Stats | null;
  /** Saves of this layer run one after another; this is the last one queued. */
  queue: Promise<unknown>;
}

/**
 * The annotation layers of a project: one lowdb database per (document, annotator) file.
 * An edit touches only its annotator's file; a file that could not be read is remembered as
 * broken and is never written until it is fixed on disk and the project reopened.
 */
export class LayerStore {
  /**
   * Layers opened or being opened, by key. The promise is kept (not the result) so that
   * concurrent first calls share one layer: one lowdb instance and one writer per file.
   */
  private readonly open = new Map<string, Promise<OpenLayer>>();
  private readonly broken = new Map<string, FileProblem>();

  constructor(
    private readonly root: string,
    private readonly schema: () => LabelSchema,
  ) {}

  /** Annotators that have a file for this document, sorted. */
  annotatorsOf(docId: string): Promise<string[]> {
    return annotatorsOf(this.root, docId);
  }

  /** Loads (once) one annotator's layer of a document and returns it, or its problem. */
  async layer(doc: LoadedDocument, annotator: string): Promise<Layer> {
    const key = `${doc.meta.id}/${annotator}`;
    const problem = this.broken.get(key);
    if (problem) return { annotator, spans: [], relations: [], orphans: [], reanchored: 0, error: problem };
    try {
      const layer = await this.ensure(doc, annotator);
      if (!layer.stale && !(await this.sameAsSeen(doc.meta.id, annotator, layer))) layer.stale = true;
      if (layer.stale) await this.refreshStale(doc, annotator, layer);
      return layerOf(layer.db.data, layer.reanchored, [...layer.byId.values()], [...layer.relations.values()]);
    } catch (e) {
      if (e instanceof FormatError) {
        const fileProblem = { file: e.file, problems: e.problems };
        if (!e.transient) this.broken.set(key, fileProblem);
        return { annotator, spans: [], relations: [], orphans: [], reanchored: 0, error: fileProblem };
      }
      if (e instanceof ApiError && e.problem) return { annotator, spans: [], relations: [], orphans: [], reanchored: 0, error: e.problem };
      throw e;
    }
  }

  /** Span count of a layer, or the problem that keeps it from being read. */
  async count(doc: LoadedDocument, annotator: string): Promise<number | FileProblem> {
    const layer = await this.layer(doc, annotator);
    return layer.error ?? layer.spans.length;
  }

  /**
   * The layers of a document that are finished, sorted, "gold" last: an annotator's when its
   * file says so; the gold layer when gold.json says so, or when the review is done (every
   * disagreement between two or more annotators settled in a gold layer that holds something:
   * shared/review/finished.ts). `annotators`: the document's, when they were just listed.
   * `storedChoice`: the annotators the curator chose to compare (read only where gold exists).
   */
  async finished(doc: LoadedDocument, annotators?: readonly string[], storedChoice?: () => Promise<readonly string[] | null>): Promise<string[]> {
    const layers = await Promise.all((annotators ?? (await this.annotatorsOf(doc.meta.id))).map((a) => this.layer(doc, a)));
    // Gold is opened (and kept, as review mode would) only where there is a file: most documents have none.
    const key = `${doc.meta.id}/${GOLD}`;
    const goldFile = insideProject(this.root, layout.annotation(doc.meta.id, GOLD));
    const hasGold = this.open.has(key) || this.broken.has(key) || (await fileStamp(goldFile)) !== null;
    if (!hasGold) return finishedLayers(layers, { annotator: GOLD, spans: [], relations: [], orphans: [], reanchored: 0 });
    return finishedLayers(layers, await this.layer(doc, GOLD), storedChoice ? await storedChoice() : null);
  }

  /**
   * A layer as stored, read without keeping it open when it is not open already (an export reads
   * every layer of a corpus once: memory stays flat). `exists` is false when there is no file.
   */
  async snapshot(doc: LoadedDocument, annotator: string): Promise<{ layer: Layer; exists: boolean }> {
    const key = `${doc.meta.id}/${annotator}`;
    if (this.open.has(key) || this.broken.has(key)) {
      const layer = await this.layer(doc, annotator);
      const open = this.open.get(key);
      return { layer, exists: layer.error !== undefined || (open ? (await open).adapter.diskHash !== null : false) };
    }
    return readLayerOnce(this.root, doc, annotator);
  }

  /**
   * Marks a layer finished or not, writing only that mark (atomically, in turn with the
   * layer's other saves, and never over a change made on disk meanwhile). Marking a layer that
   * has no file creates it, empty; unmarking one that has none does nothing.
   */
  async setFinished(doc: LoadedDocument, annotator: string, finished: boolean): Promise<void> {
    const layer = await this.writable(doc, annotator);
    // No file and nothing to mark: nothing to write (unmarking never makes a file).
    const done = () => (!finished && layer.adapter.diskHash === null) || Boolean(layer.db.data.finished) === finished;
    return this.writeField(doc, annotator, layer, { spans: new Map(), relations: new Map(), settled: new Map(), finished }, done);
  }

  /**
   * Sets (or, with null, removes) the layer's note on the document, or, with `unit`, the gold
   * layer's note on a disagreement: only that note is written, in turn with the layer's other
   * saves and never over a change made on disk meanwhile (theirs is taken, and the note set on
   * it). Setting a note on a layer that has no file creates it.
   */
  async setNote(doc: LoadedDocument, annotator: string, unit: string | null, note: Note | null): Promise<void> {
    if (unit !== null && annotator !== GOLD) throw new ApiError('bad-request', 'only the gold layer holds notes on disagreements');
    const wanted = cleanNote(note);
    const layer = await this.writable(doc, annotator);
    const done = () => sameJson(unit === null ? layer.db.data.note : layer.db.data.unitNotes?.[unit], wanted);
    return this.writeField(doc, annotator, layer, { spans: new Map(), relations: new Map(), settled: new Map(), notes: new Map([[unit, wanted ?? null]]) }, done);
  }

  /**
   * Writes one field of a layer (its finished mark, a note) in turn with the layer's other saves,
   * unless `done` says the layer has it already. A file changed on disk meanwhile is never
   * written over: their version is taken, and the field set on it if it still needs to be.
   */
  private writeField(doc: LoadedDocument, annotator: string, layer: OpenLayer, change: Changes, done: () => boolean): Promise<void> {
    const run = layer.queue.then(async () => {
      if (done()) return;
      try {
        await this.write(doc, annotator, layer, change);
      } catch (e) {
        if (!(e instanceof ChangedOnDisk)) throw e;
        await this.takeTheirs(doc, annotator, layer, e.now);
        if (!done()) await this.write(doc, annotator, layer, change);
      }
    });
    layer.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Forgets open layers so that they are read again from disk: after something other than an
   * edit (an import) has written their files.
   */
  forget(docId: string, annotator: string): void {
    const key = `${docId}/${annotator}`;
    this.open.delete(key);
    this.broken.delete(key);
  }

  /** Waits for the saves queued on a layer, if it is open. */
  async settle(docId: string, annotator: string): Promise<void> {
    const open = this.open.get(`${docId}/${annotator}`);
    if (!open) return;
    try {
      await (await open).queue;
    } catch {
      // a layer that failed to open has nothing queued
    }
  }

  /**
   * Applies edits to one annotator's layer and saves it. Resolves when the file on disk holds
   * these edits, whole; a refused or failed save leaves the layer as it was. Saves of one file
   * run in turn, each after the one before has been written. When the file was changed by
   * another program since it was read, the edits are merged onto that version (`merged`).
   */
  async apply(doc: LoadedDocument, annotator: string, edits: SpanEditInput[]): Promise<{ spanCount: number; merged?: MergeOutcome }> {
    const layer = await this.writable(doc, annotator);
    const run = layer.queue.then(() => this.applyNow(doc, annotator, layer, edits));
    layer.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The watcher saw the layer's file change. True when it is not this process's own write (the
   * windows are then told). An open layer is not replaced here: a save still queued in a window
   * was made on the version this process has, and is merged onto the new one as a three-way
   * merge (apply). The layer is marked stale instead, and the next read takes the new version.
   */
  async noticeChange(docId: string, annotator: string): Promise<boolean> {
    const key = `${docId}/${annotator}`;
    const opening = this.open.get(key);
    if (!opening) {
      this.broken.delete(key); // read again next time: it may have been fixed
      return true;
    }
    let layer: OpenLayer;
    try {
      layer = await opening;
    } catch {
      return true;
    }
    // In turn with the saves: a save's own write is known (its hash) only once it has returned.
    const run = layer.queue.then(async () => {
      const full = insideProject(this.root, layout.annotation(docId, annotator));
      // The file as this process left it (same inode, size and times; a ctime no program can
      // set back): our own write, told without reading it again. Anything else is compared by
      // content, and what this misses on a coarse-time drive the next save's check still finds.
      if (layer.written && sameFile(layer.written, await stat(full).catch(() => null))) return false;
      let now;
      try {
        now = await readWithHash(full);
      } catch {
        return true;
      }
      if ((now?.hash ?? null) === layer.adapter.diskHash) return false; // our own write
      layer.stale = true;
      return true;
    });
    layer.queue = run.catch(() => undefined);
    return run;
  }

  /** Whether the layer's file is as this process last read or wrote it (one stat). */
  private async sameAsSeen(docId: string, annotator: string, layer: OpenLayer): Promise<boolean> {
    if (layer.seen === undefined) return false;
    const now = await stat(insideProject(this.root, layout.annotation(docId, annotator))).catch(() => null);
    return layer.seen === null ? now === null : sameFile(layer.seen, now);
  }

  /** A stale layer (changed on disk by another program) takes the version on disk, in turn with its saves. */
  private refreshStale(doc: LoadedDocument, annotator: string, layer: OpenLayer): Promise<void> {
    const run = layer.queue.then(async () => {
      if (!layer.stale) return;
      layer.stale = false;
      const full = insideProject(this.root, layout.annotation(doc.meta.id, annotator));
      // Looked at before reading: a change made in between is found by the next read.
      const seen = await stat(full).catch(() => null);
      const now = await readWithHash(full);
      if ((now?.hash ?? null) !== layer.adapter.diskHash) await this.takeTheirs(doc, annotator, layer, now);
      layer.seen = seen;
    });
    layer.queue = run.catch(() => undefined);
    return run;
  }

  /** Forgets every layer of a document (its text changed, or it was removed). */
  forgetDocument(docId: string): void {
    for (const key of [...this.open.keys(), ...this.broken.keys()]) {
      if (key.startsWith(`${docId}/`)) {
        this.open.delete(key);
        this.broken.delete(key);
      }
    }
  }

  /** The open layer, to change it; an ApiError when its file cannot be read (it is then never written). */
  private async writable(doc: LoadedDocument, annotator: string): Promise<OpenLayer> {
    const key = `${doc.meta.id}/${annotator}`;
    const problem = this.broken.get(key);
    if (problem) {
      throw new ApiError('unreadable-file', `${problem.file} could not be read, so it is not being changed: ${problem.problems.join('; ')}`, problem);
    }
    try {
      return await this.ensure(doc, annotator);
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      const fileProblem = { file: e.file, problems: e.problems };
      if (e.transient) throw new ApiError('io', `${e.file}: ${e.problems.join('; ')}`, fileProblem);
      this.broken.set(key, fileProblem);
      throw new ApiError('unreadable-file', `${e.file} could not be read, so it is not being changed: ${e.problems.join('; ')}`, fileProblem);
    }
  }

  private async applyNow(doc: LoadedDocument, annotator: string, layer: OpenLayer, edits: SpanEditInput[]): Promise<{ spanCount: number; merged?: MergeOutcome }> {
    const key = `${doc.meta.id}/${annotator}`;
    // Check every edit before changing anything: a batch applies whole or not at all.
    const changes = checkEdits(edits, viewOf(layer), doc, this.schema(), key);
    try {
      await this.write(doc, annotator, layer, changes);
      return { spanCount: layer.byId.size };
    } catch (e) {
      if (!(e instanceof ChangedOnDisk)) throw e;
      const merged = await this.merge(doc, annotator, layer, edits, e.now);
      return { spanCount: layer.byId.size, merged };
    }
  }

  /**
   * The file was written by another program since this process read it: their version becomes
   * the layer, and each edit of the batch is applied onto it unless the other program changed
   * the same span or relation too (a conflict, returned with both versions) or it no longer
   * fits their version (a conflict too, saying why). Tried again if the file changes meanwhile.
   */
  private async merge(doc: LoadedDocument, annotator: string, layer: OpenLayer, edits: SpanEditInput[], now: ChangedOnDisk['now']): Promise<MergeOutcome> {
    const key = `${doc.meta.id}/${annotator}`;
    for (let attempt = 0; attempt < 5; attempt++) {
      const base = { spans: new Map(layer.byId), relations: layer.relations.toMap() };
      await this.takeTheirs(doc, annotator, layer, now);
      const conflicts: EditConflict[] = [];
      const accepted: SpanEditInput[] = [];
      for (const edit of edits) {
        const conflict = editConflict(edit, base, viewOf(layer), this.schema());
        if (conflict === 'done') continue;
        if (conflict) {
          conflicts.push(conflict);
          continue;
        }
        try {
          checkEdits([...accepted, edit], viewOf(layer), doc, this.schema(), key);
          accepted.push(edit);
        } catch (e) {
          const c = describeRefused(edit, base, viewOf(layer), this.schema(), (e as Error).message);
          if (c) conflicts.push(c);
        }
      }
      if (accepted.length === 0) return { applied: 0, conflicts };
      try {
        await this.write(doc, annotator, layer, checkEdits(accepted, viewOf(layer), doc, this.schema(), key));
        return { applied: accepted.length, conflicts };
      } catch (e) {
        if (!(e instanceof ChangedOnDisk)) throw e;
        now = e.now;
      }
    }
    throw new ApiError('conflict', `${layout.annotation(doc.meta.id, annotator)} keeps being changed by another program; your edit was not saved. Retry when it has finished.`);
  }

  /** Makes the file's current version (written by someone else) the layer's, or refuses it if it cannot be read. */
  private async takeTheirs(doc: LoadedDocument, annotator: string, layer: OpenLayer, now: ChangedOnDisk['now']): Promise<void> {
    const key = `${doc.meta.id}/${annotator}`;
    layer.seen = undefined; // their version's stat is not known: the next read looks again
    const file = layout.annotation(doc.meta.id, annotator);
    let data: AnnotationFile;
    if (now === null) {
      if (!(await documentExists(this.root, doc.meta.id))) throw gone(doc.meta.id);
      data = emptyAnnotationFile(doc.meta.id, annotator, doc.hash);
    } else {
      try {
        data = parseAnnotationFile(decodeUtf8(now.bytes, file), file);
        checkPlace(data, doc, annotator, file);
        layer.reanchored = anchorLayer(data, doc, file);
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        this.open.delete(key);
        this.broken.set(key, { file: e.file, problems: e.problems });
        throw new ApiError('unreadable-file', `${file} was changed by another program and can no longer be read (${e.problems.join('; ')}); Standoff will not write over it, so your edit was not saved.`, { file: e.file, problems: e.problems });
      }
    }
    layer.db.data = data;
    layer.adapter.diskHash = now?.hash ?? null;
    layer.stale = false;
    layer.byId.clear();
    for (const span of data.spans) layer.byId.set(span.id, span);
    layer.relations.clear();
    for (const r of data.relations) layer.relations.set(r);
  }

  /**
   * Applies checked changes to the layer and writes its file, durably and only over the version
   * this process has. If the write fails, the layer is put back as it was: nothing is applied
   * that is not on disk, and the next save starts from what is.
   */
  private async write(doc: LoadedDocument, annotator: string, layer: OpenLayer, changes: Changes): Promise<void> {
    const file = layout.annotation(doc.meta.id, annotator);
    const undo = applyChanges(layer, changes);
    const textHashBefore = layer.db.data.textHash;
    layer.db.data.textHash = doc.hash;
    try {
      // A document removed meanwhile is not made again by a save.
      if (!(await documentExists(this.root, doc.meta.id))) throw gone(doc.meta.id);
      // The annotations folder is made when this process has not written the file yet; after
      // that it is there, unless another program removed it: the write then finds it missing.
      const folder = insideProject(this.root, layout.annotationsDir(doc.meta.id));
      if (!layer.written) await mkdir(folder, { recursive: true });
      if (!layer.swept) {
        layer.swept = true;
        void removeDeadTemporaries(insideProject(this.root, file));
      }
      try {
        await layer.db.write();
      } catch (e) {
        if (!layer.written || (e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        await mkdir(folder, { recursive: true });
        await layer.db.write();
      }
      layer.written = await stat(insideProject(this.root, file)).catch(() => null);
      layer.seen = layer.written;
    } catch (e) {
      undo();
      layer.db.data.textHash = textHashBefore;
      if (e instanceof ChangedOnDisk || e instanceof ApiError) throw e;
      throw new ApiError('io', `could not save ${file}: ${describeIoError(e)}. Nothing was lost: the edit is kept in this window; Retry saves it.`);
    }
  }


  private ensure(doc: LoadedDocument, annotator: string): Promise<OpenLayer> {
    const key = `${doc.meta.id}/${annotator}`;
    const existing = this.open.get(key);
    if (existing) return existing;
    const opening = this.load(doc, annotator);
    this.open.set(key, opening);
    // A file that failed to read is not cached here (layer() remembers it as broken).
    opening.catch(() => {
      if (this.open.get(key) === opening) this.open.delete(key);
    });
    return opening;
  }

  private async load(doc: LoadedDocument, annotator: string): Promise<OpenLayer> {
    const file = layout.annotation(doc.meta.id, annotator);
    const fullPath = insideProject(this.root, file);
    const adapter = new StandoffJsonAdapter(fullPath, file, parseAnnotationFile, serializeAnnotationFileChunks);
    const db = new Low<AnnotationFile>(adapter, emptyAnnotationFile(doc.meta.id, annotator, doc.hash));
    // Looked at before reading: a change made in between is found by the next read (sameAsSeen).
    const seen = await stat(fullPath).catch(() => null);
    await db.read();
    checkPlace(db.data, doc, annotator, file);
    const reanchored = anchorLayer(db.data, doc, file);
    const relations = new RelationIndex(db.data.relations);
    return { db, adapter, byId: new Map(db.data.spans.map((s) => [s.id, s])), relations, reanchored, seen, queue: Promise.resolve() };
  }
}

/** What the checks read of an open layer. */
function viewOf(layer: OpenLayer): LayerView {
  return { byId: layer.byId, relations: layer.relations, orphans: layer.db.data.orphans };
}

/** Applies checked changes to an open layer; returns what puts it back as it was. */
function applyChanges(layer: OpenLayer, changes: Changes): () => void {
  const data = layer.db.data;
  const before = { spans: data.spans, relations: data.relations, settled: data.settled, finished: data.finished, note: data.note, unitNotes: data.unitNotes };
  for (const [unit, note] of changes.notes ?? []) {
    if (unit === null) {
      if (note) data.note = note;
      else delete data.note;
      continue;
    }
    const notes = { ...(data.unitNotes ?? {}) };
    if (note) notes[unit] = note;
    else delete notes[unit];
    if (Object.keys(notes).length) data.unitNotes = notes;
    else delete data.unitNotes;
  }
  const oldSpans = new Map<string, Span | undefined>();
  const oldRelations = new Map<string, Relation | undefined>();
  for (const [id, span] of changes.spans) {
    oldSpans.set(id, layer.byId.get(id));
    if (span) layer.byId.set(id, span);
    else layer.byId.delete(id);
  }
  for (const [id, relation] of changes.relations) {
    const old = layer.relations.get(id);
    oldRelations.set(id, old);
    if (relation) layer.relations.set(relation);
    else layer.relations.delete(id);
  }
  if (changes.relations.size) data.relations = [...layer.relations.values()];
  if (changes.settled.size) {
    const settled = new Set(data.settled ?? []);
    for (const [unit, on] of changes.settled) {
      if (on) settled.add(unit);
      else settled.delete(unit);
    }
    data.settled = [...settled];
  }
  if (changes.spans.size) data.spans = spansAfter(data.spans, changes.spans, oldSpans);
  if (changes.finished === true) data.finished = true;
  else if (changes.finished === false) delete data.finished;
  return () => {
    for (const [id, span] of oldSpans) {
      if (span) layer.byId.set(id, span);
      else layer.byId.delete(id);
    }
    for (const [id, relation] of oldRelations) {
      if (relation) layer.relations.set(relation);
      else layer.relations.delete(id);
    }
    data.spans = before.spans;
    data.relations = before.relations;
    if (before.settled === undefined) delete data.settled;
    else data.settled = before.settled;
    if (before.finished === undefined) delete data.finished;
    else data.finished = before.finished;
    if (before.note === undefined) delete data.note;
    else data.note = before.note;
    if (before.unitNotes === undefined) delete data.unitNotes;
    else data.unitNotes = before.unitNotes;
  };
}

/** Span lists this module made, known to be in file order (compareSpans) and to match the layer's spans by id. */
const inFileOrder = new WeakSet<readonly Span[]>();
/** Past this many changed spans, the list is made again whole (filter and sort). */
const FEW_CHANGES = 64;

/**
 * The layer's spans after changes, in file order. A list this module made (kept in order from
 * one save to the next) changes in place of a copy: each old version is found and each new one
 * placed by binary search, so a one-span edit of a 20,000-span layer costs a copy of the list,
 * not 20,000 comparisons. Any other list (as read from disk, where another program may have
 * left it in any order) is filtered and sorted whole. Both give the same list: file order is a
 * total order over spans with distinct ids.
 */
function spansAfter(spans: readonly Span[], changed: ReadonlyMap<string, Span | null>, before: ReadonlyMap<string, Span | undefined>): Span[] {
  const next = inFileOrder.has(spans) && changed.size <= FEW_CHANGES ? placeChanges(spans, changed, before) : null;
  const out = next ?? wholeAfter(spans, changed);
  inFileOrder.add(out);
  return out;
}

/** The changes placed by binary search into a copy of a list in file order; null if an old version is not where it should be. */
function placeChanges(spans: readonly Span[], changed: ReadonlyMap<string, Span | null>, before: ReadonlyMap<string, Span | undefined>): Span[] | null {
  const next = spans.slice();
  for (const id of changed.keys()) {
    const old = before.get(id);
    if (!old) continue;
    const at = firstNotBefore(next, old);
    if (next[at] !== old) return null;
    next.splice(at, 1);
  }
  for (const span of changed.values()) if (span) next.splice(firstNotBefore(next, span), 0, span);
  return next;
}

/** The first index of a list in file order whose span does not come before `span`. */
function firstNotBefore(spans: readonly Span[], span: Span): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareSpans(spans[mid]!, span) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The spans kept (in the order they had), the new versions added, then sorted. */
function wholeAfter(spans: readonly Span[], changed: ReadonlyMap<string, Span | null>): Span[] {
  const next = spans.filter((s) => !changed.has(s.id));
  for (const span of changed.values()) if (span) next.push(span);
  return next.sort(compareSpans);
}
