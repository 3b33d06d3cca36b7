import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { anchorSpan } from '../../shared/anchoring/reanchor';
import type { FileProblem, Layer, SpanEditInput } from '../../shared/api/contract';
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
import type { Relation, Span } from '../../shared/model/span';
import { attributeProblems, relationProblem } from '../../shared/schema/conformance';
import type { LoadedDocument } from './documents';
import { finishedLayers } from '../../shared/review/finished';
import { fileStamp, insideProject, readUtf8, sameStamp } from './files';
import { StandoffJsonAdapter } from './jsonFileAdapter';

interface OpenLayer {
  db: Low<AnnotationFile>;
  /** Spans by id, for edits in O(1). */
  byId: Map<string, Span>;
  relations: Map<string, Relation>;
  /** Relation ids by the span ids they join, so checking an edit looks only at what it touches. */
  relationsOf: Map<string, Set<string>>;
  reanchored: number;
  /** The file as this process last read or wrote it (null: there was none). */
  onDisk: { mtimeMs: number; size: number } | null;
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
   * concurrent first calls share one layer: one lowdb instance and one steno writer per file.
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
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
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
      return {
        annotator,
        spans: [...layer.byId.values()],
        relations: [...layer.relations.values()],
        orphans: layer.db.data.orphans,
        ...(annotator === GOLD ? { settled: layer.db.data.settled ?? [] } : {}),
        ...(layer.db.data.finished ? { finished: true } : {}),
        reanchored: layer.reanchored,
      };
    } catch (e) {
      if (e instanceof FormatError) {
        const fileProblem = { file: e.file, problems: e.problems };
        if (!e.transient) this.broken.set(key, fileProblem);
        return { annotator, spans: [], relations: [], orphans: [], reanchored: 0, error: fileProblem };
      }
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
   */
  async finished(doc: LoadedDocument, annotators?: readonly string[]): Promise<string[]> {
    const layers = await Promise.all((annotators ?? (await this.annotatorsOf(doc.meta.id))).map((a) => this.layer(doc, a)));
    // Gold is opened (and kept, as review mode would) only where there is a file: most documents have none.
    const key = `${doc.meta.id}/${GOLD}`;
    const goldFile = insideProject(this.root, layout.annotation(doc.meta.id, GOLD));
    const gold = this.open.has(key) || this.broken.has(key) || (await fileStamp(goldFile)) !== null ? await this.layer(doc, GOLD) : { annotator: GOLD, spans: [], relations: [], orphans: [], reanchored: 0 };
    return finishedLayers(layers, gold);
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
      return { layer, exists: layer.error !== undefined || (open ? (await open).onDisk !== null : false) };
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
      if (!finished && layer.onDisk === null) return;
      if (Boolean(layer.db.data.finished) === finished) return;
      await this.save(doc, annotator, layer, 'mark', () => {
        if (finished) layer.db.data.finished = true;
        else delete layer.db.data.finished;
      });
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
   * these edits. Saves of one file run in turn, each after the one before has been written.
   */
  async apply(doc: LoadedDocument, annotator: string, edits: SpanEditInput[]): Promise<number> {
    const layer = await this.writable(doc, annotator);
    const run = layer.queue.then(() => this.applyNow(doc, annotator, layer, edits));
    layer.queue = run.catch(() => undefined);
    return run;
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

  private async applyNow(doc: LoadedDocument, annotator: string, layer: OpenLayer, edits: SpanEditInput[]): Promise<number> {
    const key = `${doc.meta.id}/${annotator}`;
    await this.save(doc, annotator, layer, 'edit', () => {
      // Check every edit before changing anything: a batch applies whole or not at all.
      const changes = checkEdits(edits, layer, doc, this.schema(), key);
      for (const [id, span] of changes.spans) {
        if (span) layer.byId.set(id, span);
        else layer.byId.delete(id);
      }
      for (const [id, relation] of changes.relations) {
        const old = layer.relations.get(id);
        if (old) unindex(layer.relationsOf, old);
        if (relation) {
          layer.relations.set(id, relation);
          index(layer.relationsOf, relation);
        } else layer.relations.delete(id);
      }
      layer.db.data.relations = [...layer.relations.values()];
      if (changes.settled.size) {
        const settled = new Set(layer.db.data.settled ?? []);
        for (const [unit, on] of changes.settled) {
          if (on) settled.add(unit);
          else settled.delete(unit);
        }
        layer.db.data.settled = [...settled];
      }
      layer.db.data.spans = [...layer.byId.values()];
    });
    return layer.byId.size;
  }

  /**
   * Changes an open layer and writes its file: refused when the file was changed on disk by
   * something else since it was read (that change is not overwritten); `change` may throw to
   * refuse the change, before anything is touched. `what` names the change in the message.
   */
  private async save(doc: LoadedDocument, annotator: string, layer: OpenLayer, what: string, change: () => void): Promise<void> {
    const key = `${doc.meta.id}/${annotator}`;
    const file = layout.annotation(doc.meta.id, annotator);
    const fullPath = insideProject(this.root, file);
    // Never overwrite what someone else put there (a sync, a git pull, another copy of Standoff).
    const now = await fileStamp(fullPath);
    if (!sameStamp(now, layer.onDisk)) {
      this.open.delete(key); // the next call reads the file afresh
      throw new ApiError(
        'conflict',
        `${file} was changed on disk by something other than this window since it was opened; this ${what} was not saved, so that change is not overwritten. Retry applies the ${what} to the file as it is now.`,
      );
    }
    change();
    layer.db.data.textHash = doc.hash;
    try {
      await mkdir(path.dirname(fullPath), { recursive: true });
      await layer.db.write();
      layer.onDisk = await fileStamp(fullPath);
    } catch (e) {
      throw new ApiError('io', `could not save ${file}: ${(e as Error).message}`);
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
    const onDisk = await fileStamp(fullPath);
    await db.read();
    checkPlace(db.data, doc, annotator, file);
    const reanchored = this.anchor(db.data, doc, file);
    const relations = new Map(db.data.relations.map((r) => [r.id, r]));
    const relationsOf = new Map<string, Set<string>>();
    for (const r of relations.values()) index(relationsOf, r);
    return { db, byId: new Map(db.data.spans.map((s) => [s.id, s])), relations, relationsOf, reanchored, onDisk, queue: Promise.resolve() };
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
      if (!spanNow(edit.id)) throw new ApiError('conflict', `no span "${edit.id}" to remove in ${key}`);
      changes.spans.set(edit.id, null);
      touched.add(edit.id);
      continue;
    }
    if (edit.op === 'addRelation') {
      const r = edit.relation;
      if (relationNow(r.id)) throw new ApiError('conflict', `relation "${r.id}" already exists in ${key}`);
      changes.relations.set(r.id, { id: r.id, type: r.type, from: r.from, to: r.to });
      touched.add(r.from).add(r.to);
      continue;
    }
    if (edit.op === 'removeRelation') {
      if (!relationNow(edit.id)) throw new ApiError('conflict', `no relation "${edit.id}" to remove in ${key}`);
      changes.relations.set(edit.id, null);
      continue;
    }
    if (edit.op === 'settle' || edit.op === 'unsettle') {
      if (!gold) throw new ApiError('bad-request', `only the gold layer records settled disagreements, not ${key}`);
      changes.settled.set(edit.unit, edit.op === 'settle');
      continue;
    }
    const s = edit.span;
    if (edit.op === 'add' && (spanNow(s.id) || orphanIds.has(s.id))) throw new ApiError('conflict', `span "${s.id}" already exists in ${key}`);
    if (edit.op === 'update' && !spanNow(s.id)) throw new ApiError('conflict', `no span "${s.id}" to update in ${key}`);
    const label = labels.get(s.label);
    if (!label) throw new ApiError('bad-request', `label "${s.label}" is not in the project's schema`);
    const problems = attributeProblems(s, label);
    if (problems.length) throw new ApiError('bad-request', `span "${s.id}": ${problems.join('; ')}`);
    if (s.endOffset > doc.index.length) {
      throw new ApiError('bad-request', `span "${s.id}" ends at ${s.endOffset}, past the end of the text (${doc.index.length} code points)`);
    }
    if (doc.index.slice(s.startOffset, s.endOffset) !== s.quote.exact) {
      throw new ApiError('bad-request', `span "${s.id}": its quote does not match the text at ${s.startOffset}–${s.endOffset}`);
    }
    // The context around the quote is the service's to compute, not the caller's to claim.
    const { attributes, ...rest } = s;
    const kept = attributes && Object.keys(attributes).length > 0 ? { attributes } : {};
    changes.spans.set(s.id, { ...rest, quote: quoteOf(doc.index, s.startOffset, s.endOffset), ...kept });
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
    if (problem) throw new ApiError('bad-request', `relation "${r.id}" (${r.type}): ${problem}`);
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
