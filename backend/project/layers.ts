import type { Stats } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { Low } from 'lowdb';
import { anchorSpan } from '../../shared/anchoring/reanchor';
import type { FileProblem, Layer, SpanEditInput } from '../../shared/api/contract';
import type { EditConflict, MergeOutcome } from '../../shared/api/live';
import { ApiError } from '../../shared/api/errors';
import {
  annotatorId,
  GOLD,
  emptyAnnotationFile,
  parseAnnotationFile,
  serializeAnnotationFile,
  type AnnotationFile,
} from '../../shared/format/annotationFile';
import { FormatError } from '../../shared/format/errors';
import { layout } from '../../shared/format/layout';
import type { LabelSchema } from '../../shared/model/labels';
import { quoteOf } from '../../shared/model/quote';
import { cleanNote, type Note, type Relation, type Span } from '../../shared/model/span';
import { attributeProblems, relationProblem } from '../../shared/schema/conformance';
import type { LoadedDocument } from './documents';
import { finishedLayers } from '../../shared/review/finished';
import { ChangedOnDisk, readWithHash, removeDeadTemporaries } from './durableFile';
import { decodeUtf8, fileStamp, insideProject, readUtf8 } from './files';
import { StandoffJsonAdapter } from './jsonFileAdapter';

interface OpenLayer {
  db: Low<AnnotationFile>;
  /** The file's reader and writer; knows the content hash of the version this process has. */
  adapter: StandoffJsonAdapter<AnnotationFile>;
  /** Spans by id, for edits in O(1). */
  byId: Map<string, Span>;
  relations: Map<string, Relation>;
  /** Relation ids by the span ids they join, so checking an edit looks only at what it touches. */
  relationsOf: Map<string, Set<string>>;
  reanchored: number;
  /** The file was changed by another program: the next read of the layer takes that version. */
  stale?: boolean;
  /** Temporary files left beside it by a killed process have been looked for (once per opening). */
  swept?: boolean;
  /** The file as this process's last write left it, so that the watcher knows its own write without reading it. */
  written?: Stats | null;
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
  async annotatorsOf(docId: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(insideProject(this.root, layout.annotationsDir(docId)));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw e;
    }
    return names
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -5))
      .filter((n) => annotatorId.safeParse(n).success)
      .sort();
  }

  /** Loads (once) one annotator's layer of a document and returns it, or its problem. */
  async layer(doc: LoadedDocument, annotator: string): Promise<Layer> {
    const key = `${doc.meta.id}/${annotator}`;
    const problem = this.broken.get(key);
    if (problem) return { annotator, spans: [], relations: [], orphans: [], reanchored: 0, error: problem };
    try {
      const layer = await this.ensure(doc, annotator);
      if (layer.stale) await this.refreshStale(doc, annotator, layer);
      return {
        annotator,
        spans: [...layer.byId.values()],
        relations: [...layer.relations.values()],
        orphans: layer.db.data.orphans,
        ...(annotator === GOLD ? { settled: layer.db.data.settled ?? [] } : {}),
        ...(layer.db.data.finished ? { finished: true } : {}),
        ...notesOf(layer.db.data),
        reanchored: layer.reanchored,
      };
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
    const file = layout.annotation(doc.meta.id, annotator);
    try {
      const raw = await readUtf8(insideProject(this.root, file), file);
      if (raw === null) return { layer: { annotator, spans: [], relations: [], orphans: [], reanchored: 0 }, exists: false };
      const data = parseAnnotationFile(raw, file);
      checkPlace(data, doc, annotator, file);
      const reanchored = this.anchor(data, doc, file);
      return {
        layer: {
          annotator,
          spans: data.spans,
          relations: data.relations,
          orphans: data.orphans,
          ...(annotator === GOLD ? { settled: data.settled ?? [] } : {}),
          ...(data.finished ? { finished: true } : {}),
          ...notesOf(data),
          reanchored,
        },
        exists: true,
      };
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      return { layer: { annotator, spans: [], relations: [], orphans: [], reanchored: 0, error: { file: e.file, problems: e.problems } }, exists: true };
    }
  }

  /**
   * Marks a layer finished or not, writing only that mark (atomically, in turn with the
   * layer's other saves, and never over a change made on disk meanwhile). Marking a layer that
   * has no file creates it, empty; unmarking one that has none does nothing.
   */
  async setFinished(doc: LoadedDocument, annotator: string, finished: boolean): Promise<void> {
    const layer = await this.writable(doc, annotator);
    const run = layer.queue.then(async () => {
      if (!finished && layer.adapter.diskHash === null) return;
      if (Boolean(layer.db.data.finished) === finished) return;
      const change = { spans: new Map(), relations: new Map(), settled: new Map(), finished };
      try {
        await this.write(doc, annotator, layer, change);
      } catch (e) {
        if (!(e instanceof ChangedOnDisk)) throw e;
        // Someone else wrote the file: take their version, and mark it.
        await this.takeTheirs(doc, annotator, layer, e.now);
        await this.write(doc, annotator, layer, change);
      }
    });
    layer.queue = run.catch(() => undefined);
    return run;
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
    const run = layer.queue.then(async () => {
      const now = () => (unit === null ? layer.db.data.note : layer.db.data.unitNotes?.[unit]);
      const change: Changes = { spans: new Map(), relations: new Map(), settled: new Map(), notes: new Map([[unit, wanted ?? null]]) };
      if (sameJson(now(), wanted)) return;
      try {
        await this.write(doc, annotator, layer, change);
      } catch (e) {
        if (!(e instanceof ChangedOnDisk)) throw e;
        await this.takeTheirs(doc, annotator, layer, e.now);
        if (!sameJson(now(), wanted)) await this.write(doc, annotator, layer, change);
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

  /** A stale layer (changed on disk by another program) takes the version on disk, in turn with its saves. */
  private refreshStale(doc: LoadedDocument, annotator: string, layer: OpenLayer): Promise<void> {
    const run = layer.queue.then(async () => {
      if (!layer.stale) return;
      layer.stale = false;
      const now = await readWithHash(insideProject(this.root, layout.annotation(doc.meta.id, annotator)));
      if ((now?.hash ?? null) !== layer.adapter.diskHash) await this.takeTheirs(doc, annotator, layer, now);
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
    const changes = checkEdits(edits, layer, doc, this.schema(), key);
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
      const base = { spans: new Map(layer.byId), relations: new Map(layer.relations) };
      await this.takeTheirs(doc, annotator, layer, now);
      const conflicts: EditConflict[] = [];
      const accepted: SpanEditInput[] = [];
      for (const edit of edits) {
        const conflict = editConflict(edit, base, layer, this.schema());
        if (conflict === 'done') continue;
        if (conflict) {
          conflicts.push(conflict);
          continue;
        }
        try {
          checkEdits([...accepted, edit], layer, doc, this.schema(), key);
          accepted.push(edit);
        } catch (e) {
          const c = describeRefused(edit, base, layer, this.schema(), (e as Error).message);
          if (c) conflicts.push(c);
        }
      }
      if (accepted.length === 0) return { applied: 0, conflicts };
      try {
        await this.write(doc, annotator, layer, checkEdits(accepted, layer, doc, this.schema(), key));
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
    const file = layout.annotation(doc.meta.id, annotator);
    let data: AnnotationFile;
    if (now === null) {
      if (!(await this.documentExists(doc.meta.id))) throw gone(doc.meta.id);
      data = emptyAnnotationFile(doc.meta.id, annotator, doc.hash);
    } else {
      try {
        data = parseAnnotationFile(decodeUtf8(now.bytes, file), file);
        checkPlace(data, doc, annotator, file);
        layer.reanchored = this.anchor(data, doc, file);
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
    layer.relationsOf.clear();
    for (const r of data.relations) {
      layer.relations.set(r.id, r);
      index(layer.relationsOf, r);
    }
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
      if (!(await this.documentExists(doc.meta.id))) throw gone(doc.meta.id);
      await mkdir(insideProject(this.root, layout.annotationsDir(doc.meta.id)), { recursive: true });
      if (!layer.swept) {
        layer.swept = true;
        void removeDeadTemporaries(insideProject(this.root, file));
      }
      await layer.db.write();
      layer.written = await stat(insideProject(this.root, file)).catch(() => null);
    } catch (e) {
      undo();
      layer.db.data.textHash = textHashBefore;
      if (e instanceof ChangedOnDisk || e instanceof ApiError) throw e;
      throw new ApiError('io', `could not save ${file}: ${describeIoError(e)}. Nothing was lost: the edit is kept in this window; Retry saves it.`);
    }
  }

  private async documentExists(docId: string): Promise<boolean> {
    try {
      return (await stat(insideProject(this.root, layout.documentDir(docId)))).isDirectory();
    } catch {
      return false;
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
    const adapter = new StandoffJsonAdapter(fullPath, file, parseAnnotationFile, serializeAnnotationFile);
    const db = new Low<AnnotationFile>(adapter, emptyAnnotationFile(doc.meta.id, annotator, doc.hash));
    await db.read();
    checkPlace(db.data, doc, annotator, file);
    const reanchored = this.anchor(db.data, doc, file);
    const relations = new Map(db.data.relations.map((r) => [r.id, r]));
    const relationsOf = new Map<string, Set<string>>();
    for (const r of relations.values()) index(relationsOf, r);
    return { db, adapter, byId: new Map(db.data.spans.map((s) => [s.id, s])), relations, relationsOf, reanchored, queue: Promise.resolve() };
  }

  /**
   * Checks the spans against the text. Made on this very text (same hash): every span must
   * fit, or the file is reported. Made on an earlier version: each span is re-anchored, and
   * what cannot be found is kept as an orphan with its reason.
   */
  private anchor(data: AnnotationFile, doc: LoadedDocument, file: string): number {
    if (data.textHash === doc.hash) {
      const problems: string[] = [];
      data.spans.forEach((s, i) => {
        if (s.endOffset > doc.index.length) problems.push(`spans[${i}]: ends at ${s.endOffset}, past the end of the text (${doc.index.length} code points)`);
        else if (doc.index.slice(s.startOffset, s.endOffset) !== s.quote.exact) problems.push(`spans[${i}]: quote does not match the text at ${s.startOffset}–${s.endOffset}`);
      });
      if (problems.length) throw new FormatError(file, problems.slice(0, 8));
      return 0;
    }
    let moved = 0;
    const kept: Span[] = [];
    for (const span of data.spans) {
      const outcome = anchorSpan(span, doc.index);
      if (outcome.kind === 'orphan') data.orphans.push({ span, reason: outcome.reason });
      else {
        if (outcome.kind !== 'position') moved++;
        kept.push(outcome.span);
      }
    }
    data.spans = kept;
    return moved;
  }
}

/** A file must hold the document and layer of the place it lies in. */
function checkPlace(data: AnnotationFile, doc: LoadedDocument, annotator: string, file: string): void {
  if (data.document !== doc.meta.id || data.annotator !== annotator) {
    throw new FormatError(file, [`says it holds "${data.document}" by "${data.annotator}", which is not where it lies`]);
  }
}

interface Changes {
  /** New state of each span or relation the batch touches (null: removed). */
  spans: Map<string, Span | null>;
  relations: Map<string, Relation | null>;
  /** Gold only: units settled (true) or unsettled (false). */
  settled: Map<string, boolean>;
  /** The layer's finished mark, when the change sets it. */
  finished?: boolean;
  /** Notes set (null: removed): the document's under the key null, a disagreement's (gold) under its unit key. */
  notes?: Map<string | null, Note | null>;
}

/** The notes of a layer as the service hands them out. */
function notesOf(data: AnnotationFile): Pick<Layer, 'note' | 'unitNotes'> {
  return {
    ...(data.note ? { note: data.note } : {}),
    ...(data.annotator === GOLD && data.unitNotes ? { unitNotes: data.unitNotes } : {}),
  };
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
    if (old) unindex(layer.relationsOf, old);
    if (relation) {
      layer.relations.set(id, relation);
      index(layer.relationsOf, relation);
    } else layer.relations.delete(id);
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
  if (changes.spans.size) data.spans = [...layer.byId.values()];
  if (changes.finished === true) data.finished = true;
  else if (changes.finished === false) delete data.finished;
  return () => {
    for (const [id, span] of oldSpans) {
      if (span) layer.byId.set(id, span);
      else layer.byId.delete(id);
    }
    for (const [id, relation] of oldRelations) {
      const now = layer.relations.get(id);
      if (now) unindex(layer.relationsOf, now);
      if (relation) {
        layer.relations.set(id, relation);
        index(layer.relationsOf, relation);
      } else layer.relations.delete(id);
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

function sameFile(a: Stats, b: Stats | null): boolean {
  return b !== null && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

function gone(docId: string): ApiError {
  return new ApiError('not-found', `This document (${docId}) is no longer in the project: its folder was removed, perhaps by another program. The edit was not saved, and the document is not made again.`);
}

/** A file system error in words: "the disk is full", not "ENOSPC: no space left on device, write". */
function describeIoError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'your disk quota is used up';
    case 'EACCES':
    case 'EPERM':
      return 'Standoff is not allowed to write there (a permission)';
    case 'EROFS':
      return 'the disk is read-only';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'something that is not a folder stands where the annotations folder should be';
    case 'EIO':
      return 'the disk reported an error';
    default:
      return (e as Error).message;
  }
}

/** A span in words, for messages: "Claim “three people were killed”". */
export function spanWords(span: Span | undefined, schema: LabelSchema): string {
  if (!span) return 'a span';
  const label = schema.labels.find((l) => l.id === span.label)?.name ?? span.label;
  const quote = span.quote.exact.length > 40 ? `${span.quote.exact.slice(0, 40)}…` : span.quote.exact;
  return `${label} “${quote}”`;
}

function relationWords(r: Relation | undefined, spans: (id: string) => Span | undefined, schema: LabelSchema): string {
  if (!r) return 'a relation';
  const type = schema.relations.find((t) => t.id === r.type)?.name ?? r.type;
  return `the ${type} relation from ${spanWords(spans(r.from), schema)} to ${spanWords(spans(r.to), schema)}`;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
function sameSpan(a: Span | undefined, b: Span | undefined): boolean {
  if (!a || !b) return a === b;
  return a.label === b.label && a.startOffset === b.startOffset && a.endOffset === b.endOffset && sameJson(a.attributes, b.attributes) && sameJson(a.note, b.note);
}
function sameRelation(a: Relation | undefined, b: Relation | undefined): boolean {
  if (!a || !b) return a === b;
  return a.type === b.type && a.from === b.from && a.to === b.to;
}

interface Base {
  spans: Map<string, Span>;
  relations: Map<string, Relation>;
}

/**
 * Whether an edit, made on `base`, meets a change the other program made to the same span or
 * relation (now in `layer`): a conflict with both versions; 'done' when their version already
 * is what the edit makes; null when the edit can be applied onto theirs.
 */
function editConflict(edit: SpanEditInput, base: Base, layer: OpenLayer, schema: LabelSchema): EditConflict | 'done' | null {
  const spanAt = (id: string) => layer.byId.get(id) ?? base.spans.get(id);
  if (edit.op === 'settle' || edit.op === 'unsettle') return null;
  if (edit.op === 'addRelation' || edit.op === 'removeRelation') {
    const id = edit.op === 'addRelation' ? edit.relation.id : edit.id;
    const was = base.relations.get(id);
    const theirs = layer.relations.get(id);
    const mine = edit.op === 'addRelation' ? edit.relation : null;
    if (sameRelation(theirs, mine ?? undefined)) return 'done';
    if (sameRelation(was, theirs)) return null;
    return {
      kind: 'relation',
      id,
      mine,
      theirs: theirs ?? null,
      message: `You ${mine ? 'added' : 'removed'} ${relationWords(mine ?? was, spanAt, schema)}; another program ${theirs ? (was ? 'changed' : 'added') : 'removed'} it meanwhile.`,
    };
  }
  const id = edit.op === 'remove' ? edit.id : edit.span.id;
  const was = base.spans.get(id);
  const theirs = layer.byId.get(id);
  const mine = edit.op === 'remove' ? undefined : edit.span;
  if (sameSpan(theirs, mine)) return 'done';
  if (sameSpan(was, theirs)) return null;
  const did = edit.op === 'add' ? 'tagged' : edit.op === 'remove' ? 'deleted' : was && mine && was.label !== mine.label ? `relabelled as ${schema.labels.find((l) => l.id === mine.label)?.name ?? mine.label}` : 'changed';
  const they = !theirs ? 'deleted it' : !was ? 'tagged the same span' : theirs.label !== was.label ? `relabelled it as ${schema.labels.find((l) => l.id === theirs.label)?.name ?? theirs.label}` : 'changed it';
  return { kind: 'span', id, mine: mine ?? null, theirs: theirs ?? null, message: `You ${did} ${spanWords(was ?? mine, schema)}; another program ${they} meanwhile.` };
}

/** An edit that does not fit the other program's version (a relation to a span they deleted): a conflict saying why. */
function describeRefused(edit: SpanEditInput, base: Base, layer: OpenLayer, schema: LabelSchema, why: string): EditConflict | null {
  if (edit.op === 'settle' || edit.op === 'unsettle') return null;
  const spanAt = (id: string) => layer.byId.get(id) ?? base.spans.get(id);
  if (edit.op === 'addRelation' || edit.op === 'removeRelation') {
    const id = edit.op === 'addRelation' ? edit.relation.id : edit.id;
    const mine = edit.op === 'addRelation' ? edit.relation : null;
    return { kind: 'relation', id, mine, theirs: layer.relations.get(id) ?? null, message: `${relationWords(mine ?? base.relations.get(id), spanAt, schema)} no longer fits the version another program wrote: ${why}` };
  }
  const id = edit.op === 'remove' ? edit.id : edit.span.id;
  const mine = edit.op === 'remove' ? null : edit.span;
  return { kind: 'span', id, mine, theirs: layer.byId.get(id) ?? null, message: `${spanWords(mine ?? base.spans.get(id), schema)} no longer fits the version another program wrote: ${why}` };
}

/**
 * Checks a batch of edits against the layer as it would be after each one, looking only at
 * what the batch touches: the spans and relations it names, and the relations of those spans.
 * Throws an ApiError naming the first problem; returns the changes to make.
 */
function checkEdits(edits: SpanEditInput[], layer: OpenLayer, doc: LoadedDocument, schema: LabelSchema, key: string): Changes {
  const changes: Changes = { spans: new Map(), relations: new Map(), settled: new Map() };
  const gold = key.endsWith(`/${GOLD}`);
  const labels = new Map(schema.labels.map((l) => [l.id, l]));
  const orphanIds = new Set(layer.db.data.orphans.map((o) => o.span.id));
  const spanNow = (id: string): Span | undefined => (changes.spans.has(id) ? (changes.spans.get(id) ?? undefined) : layer.byId.get(id));
  const relationNow = (id: string): Relation | undefined => (changes.relations.has(id) ? (changes.relations.get(id) ?? undefined) : layer.relations.get(id));
  const touched = new Set<string>();
  for (const edit of edits) {
    if (edit.op === 'remove') {
      if (!spanNow(edit.id)) throw new ApiError('conflict', `the span to delete is no longer in ${key}'s layer (deleted already, perhaps in another window)`);
      changes.spans.set(edit.id, null);
      touched.add(edit.id);
      continue;
    }
    if (edit.op === 'addRelation') {
      const r = edit.relation;
      if (relationNow(r.id)) throw new ApiError('conflict', `${relationWords(r, spanNow, schema)} is already there`);
      changes.relations.set(r.id, { id: r.id, type: r.type, from: r.from, to: r.to });
      touched.add(r.from).add(r.to);
      continue;
    }
    if (edit.op === 'removeRelation') {
      if (!relationNow(edit.id)) throw new ApiError('conflict', `the relation to remove is no longer there (removed already, perhaps in another window)`);
      changes.relations.set(edit.id, null);
      continue;
    }
    if (edit.op === 'settle' || edit.op === 'unsettle') {
      if (!gold) throw new ApiError('bad-request', `only the gold layer records settled disagreements, not ${key}`);
      changes.settled.set(edit.unit, edit.op === 'settle');
      continue;
    }
    const s = edit.span;
    if (edit.op === 'add' && (spanNow(s.id) || orphanIds.has(s.id))) throw new ApiError('conflict', `${spanWords(s, schema)} is already in the layer (saved before, perhaps in another window)`);
    if (edit.op === 'update' && !spanNow(s.id)) throw new ApiError('conflict', `${spanWords(s, schema)} is no longer in the layer (deleted, perhaps in another window), so it cannot be changed`);
    const label = labels.get(s.label);
    if (!label) throw new ApiError('bad-request', `the label “${s.label}” is not in the project's labels (it was removed or renamed): ${spanWords(s, schema)} cannot be saved with it`);
    const problems = attributeProblems(s, label);
    if (problems.length) throw new ApiError('bad-request', `${spanWords(s, schema)}: ${problems.join('; ')}`);
    if (s.endOffset > doc.index.length) {
      throw new ApiError('bad-request', `${spanWords(s, schema)} ends past the end of the text (the text is shorter than when the span was made: it changed)`);
    }
    if (doc.index.slice(s.startOffset, s.endOffset) !== s.quote.exact) {
      throw new ApiError('bad-request', `${spanWords(s, schema)} no longer matches the text at its place (the text changed since the document was opened); open the document again`);
    }
    // The context around the quote is the service's to compute, not the caller's to claim.
    const { attributes, note, ...rest } = s;
    const kept = attributes && Object.keys(attributes).length > 0 ? { attributes } : {};
    const noted = cleanNote(note);
    changes.spans.set(s.id, { ...rest, quote: quoteOf(doc.index, s.startOffset, s.endOffset), ...kept, ...(noted ? { note: noted } : {}) });
    touched.add(s.id);
  }
  // Every relation that starts or ends at a touched span must still join two spans it may join.
  const toCheck = new Set<string>();
  for (const id of touched) for (const r of layer.relationsOf.get(id) ?? []) toCheck.add(r);
  for (const [id, r] of changes.relations) if (r) toCheck.add(id);
  for (const id of toCheck) {
    const r = relationNow(id);
    if (!r) continue;
    const from = spanNow(r.from) ?? (orphanIds.has(r.from) ? undefined : null);
    const to = spanNow(r.to) ?? (orphanIds.has(r.to) ? undefined : null);
    if (from === undefined || to === undefined) continue; // an orphan's relations wait for it to be placed again
    const problem = relationProblem(r, from ?? undefined, to ?? undefined, schema);
    if (problem) throw new ApiError('bad-request', `${relationWords(r, (x) => spanNow(x) ?? undefined, schema)}: ${problem}`);
  }
  return changes;
}

function index(relationsOf: Map<string, Set<string>>, r: Relation): void {
  for (const end of [r.from, r.to]) {
    let set = relationsOf.get(end);
    if (!set) relationsOf.set(end, (set = new Set()));
    set.add(r.id);
  }
}

function unindex(relationsOf: Map<string, Set<string>>, r: Relation): void {
  for (const end of [r.from, r.to]) relationsOf.get(end)?.delete(r.id);
}
