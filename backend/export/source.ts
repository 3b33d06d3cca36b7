/**
 * What an export reads: the chosen documents, in id order, one at a time (a few read ahead),
 * through the project's stores without keeping them (DocumentStore.peek, LayerStore.snapshot),
 * so memory does not grow with the corpus. For each document, the chosen layers as
 * interchange documents with the chosen labels, and every reason something was left out.
 */
import type { ExportDocuments, ExportLayer, ExportLoss } from '../../shared/api/contract';
import type { Entity, EntityRegistry } from '../../shared/entities';
import { ApiError } from '../../shared/api/errors';
import { GOLD } from '../../shared/format/annotationFile';
import { FormatError } from '../../shared/format/errors';
import type { InterchangeDocument } from '../../shared/interchange/model';
import type { Label, LabelSchema } from '../../shared/model/labels';
import type { Relation, Span } from '../../shared/model/span';
import { finishedLayers } from '../../shared/review/finished';
import { readChoice } from '../review/choice';
import type { Layer } from '../../shared/api/contract';
import { throwIfCancelled } from '../jobs/context';
import type { LoadedDocument } from '../project/documents';
import type { Project } from '../project/project';
import { readAhead } from '../project/readAhead';

/** Documents read at once ahead of the one being written. */
const READ_AHEAD = 16;

export interface Selection {
  layer: ExportLayer;
  /** The documents to look at, sorted by id. */
  docIds: string[];
  documentsInProject: number;
  finishedOnly: boolean;
  /** The labels exported, in schema order, and the schema cut down to them. */
  labels: Label[];
  schema: LabelSchema;
  /** Whether a label filter was asked for (else every label of the schema). */
  labelFilter: boolean;
}

/** Whether reading a document needs the list of its annotators (a directory listing per document). */
function needsAnnotators(selection: Selection): boolean {
  return selection.layer.kind === 'all' || (selection.finishedOnly && selection.layer.kind === 'gold');
}

/** Checks the choices against the project; throws an ApiError naming what does not exist. */
export async function select(project: Project, layer: ExportLayer, documents: ExportDocuments, labels: readonly string[] | undefined): Promise<Selection> {
  const schema = project.manifest;
  const all = await project.documents.ids();
  let docIds = all;
  if (documents.kind === 'list') {
    const known = new Set(all);
    const unknown = [...new Set(documents.docIds)].filter((d) => !known.has(d));
    if (unknown.length) throw new ApiError('not-found', `no document ${unknown.slice(0, 5).map((d) => `"${d}"`).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''} in this project`);
    const wanted = new Set(documents.docIds);
    docIds = all.filter((d) => wanted.has(d));
  }
  let chosen = schema.labels;
  if (labels) {
    const known = new Set(schema.labels.map((l) => l.id));
    const unknown = labels.filter((l) => !known.has(l));
    if (unknown.length) throw new ApiError('not-found', `no label ${unknown.map((l) => `"${l}"`).join(', ')} in the project's schema (labels: ${[...known].join(', ')})`);
    const wanted = new Set(labels);
    chosen = schema.labels.filter((l) => wanted.has(l.id));
  }
  const ids = new Set(chosen.map((l) => l.id));
  // Relation types keep the label lists cut to the exported labels; a type with an empty end is left out.
  const relations = schema.relations
    .map((r) => ({ ...r, from: r.from.filter((l) => ids.has(l)), to: r.to.filter((l) => ids.has(l)) }))
    .filter((r) => r.from.length > 0 && r.to.length > 0);
  return {
    layer,
    docIds,
    documentsInProject: all.length,
    finishedOnly: documents.kind === 'finished',
    labels: chosen,
    schema: { labels: chosen, relations },
    labelFilter: labels !== undefined,
  };
}

/** One document as read for the export. */
export interface SourceItem {
  docId: string;
  /** The layers exported, as interchange documents (in layer order: annotators sorted, or gold). */
  layers: InterchangeDocument[];
  /** What was left out of this document, and why. */
  losses: ExportLoss[];
  /** Layers left out because they are not finished. */
  notFinished: number;
  /** Annotators with a layer on the document, when they were listed (every annotator, or finished gold). */
  annotators: string[];
}

/** The chosen documents in id order, read a few ahead; checks `signal` between documents. */
export async function* readSelection(project: Project, selection: Selection, signal?: AbortSignal): AsyncGenerator<SourceItem> {
  for await (const item of readAhead(selection.docIds, READ_AHEAD, (docId) => readDocument(project, docId, selection))) {
    throwIfCancelled(signal);
    yield item;
  }
}

export async function readDocument(project: Project, docId: string, selection: Selection): Promise<SourceItem> {
  const losses: ExportLoss[] = [];
  const loss = (annotator: string | null, item: string | null, kind: ExportLoss['kind'], reason: string, detail: string) => losses.push({ docId, annotator, item, kind, reason, detail });
  let doc: LoadedDocument;
  try {
    doc = await project.documents.peek(docId);
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    loss(null, null, 'document', 'unreadable', `${e.file}: ${e.problems.join('; ')}`);
    return { docId, layers: [], losses, notFinished: 0, annotators: [] };
  }
  // Listing the annotators is a directory read per document: only when the choice needs them.
  const annotators = needsAnnotators(selection) ? await project.layers.annotatorsOf(docId) : [];
  const { layer } = selection;
  const wanted = layer.kind === 'gold' ? [GOLD] : layer.kind === 'annotator' ? [layer.annotator] : annotators;
  if (wanted.length === 0) loss(null, null, 'document', 'no-layer', 'no annotator has a layer on it');

  // Which layers are finished needs every annotator's layer for gold (a review done), else only the layer's own mark.
  let finished: Set<string> | null = null;
  const snapshots = new Map<string, { layer: Layer; exists: boolean }>();
  const snap = async (a: string) => {
    let s = snapshots.get(a);
    if (!s) snapshots.set(a, (s = await project.layers.snapshot(doc, a)));
    return s;
  };
  if (selection.finishedOnly) {
    const needed = wanted.includes(GOLD) ? [...annotators, GOLD] : wanted;
    await Promise.all(needed.map(snap));
    const layers = [...snapshots].filter(([a, s]) => a !== GOLD && s.exists).map(([, s]) => s.layer);
    const gold = snapshots.get(GOLD)?.layer ?? { annotator: GOLD, spans: [], relations: [], orphans: [], reanchored: 0 };
    const stored = snapshots.get(GOLD)?.exists ? (await readChoice(project.root, doc.meta.id)).annotators : null;
    finished = new Set(finishedLayers(layers, gold, stored));
  }

  const out: InterchangeDocument[] = [];
  let notFinished = 0;
  for (const annotator of wanted) {
    const { layer: read, exists } = await snap(annotator);
    if (!exists) {
      loss(annotator, null, 'document', 'no-layer', annotator === GOLD ? 'it has no gold layer (not adjudicated)' : `${annotator} has no layer on it`);
      continue;
    }
    if (read.error) {
      loss(annotator, null, 'layer', 'unreadable', `${read.error.file}: ${read.error.problems.join('; ')}`);
      continue;
    }
    if (finished && !finished.has(annotator)) {
      notFinished++;
      continue;
    }
    out.push(filtered(doc, read, selection, (item, kind, reason, detail) => loss(annotator, item, kind, reason, detail)));
  }
  return { docId, layers: out, losses, notFinished, annotators };
}

/** A layer with the exported labels only; orphans, unknown labels and relations that lose an end are losses. */
function filtered(
  doc: LoadedDocument,
  layer: Layer,
  selection: Selection,
  loss: (item: string | null, kind: ExportLoss['kind'], reason: string, detail: string) => void,
): InterchangeDocument {
  const exported = new Set(selection.labels.map((l) => l.id));
  const spans: Span[] = [];
  const kept = new Set<string>();
  for (const s of layer.spans) {
    if (exported.has(s.label)) {
      spans.push(s);
      kept.add(s.id);
    } else if (!selection.labelFilter) {
      // Every label of the schema is exported: this one is not in it (the schema was changed by hand).
      loss(s.id, 'span', 'label-not-in-schema', `label "${s.label}" is not in the project's schema (${s.startOffset}–${s.endOffset})`);
    }
  }
  const orphaned = new Set<string>();
  for (const o of layer.orphans) {
    orphaned.add(o.span.id);
    if (exported.has(o.span.label)) loss(o.span.id, 'span', 'orphan', `an orphan (${o.span.label} "${short(o.span.quote.exact)}"): ${o.reason}`);
  }
  const relations: Relation[] = [];
  for (const r of layer.relations) {
    if (kept.has(r.from) && kept.has(r.to)) relations.push(r);
    else if (orphaned.has(r.from) || orphaned.has(r.to)) loss(r.id, 'relation', 'end-not-exported', `${r.type}: ${orphaned.has(r.from) ? r.from : r.to} is an orphan`);
    else if (kept.has(r.from) || kept.has(r.to)) loss(r.id, 'relation', 'end-not-exported', `${r.type}: span ${kept.has(r.from) ? r.to : r.from} has a label that is not exported`);
  }
  return { id: doc.meta.id, text: doc.text, title: doc.meta.title, source: doc.meta.source, annotator: layer.annotator, spans, relations, ...(layer.note ? { note: layer.note } : {}) };
}

function short(text: string): string {
  const cps = Array.from(text.replace(/\s+/gu, ' '));
  return cps.length > 40 ? `${cps.slice(0, 39).join('')}…` : cps.join('');
}

/** The registry's entities by any id they are known by, each resolved through merges. */
export function resolvingEntities(registry: EntityRegistry): ReadonlyMap<string, Entity> {
  const map = new Map<string, Entity>();
  const get = (id: string): Entity | undefined => {
    let e = map.get(id);
    if (e === undefined && registry.has(id)) map.set(id, (e = registry.resolve(id)));
    return e;
  };
  return new Proxy(map, {
    get(target, prop) {
      if (prop === 'get') return get;
      if (prop === 'has') return (id: string) => get(id) !== undefined;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
