/**
 * What an edit to a layer may do, checked before anything changes: each edit of a batch against
 * the layer as the edits before it leave it (labels, attributes, the text under each span, the
 * relations each touched span keeps), and, when another program changed the file meanwhile,
 * which edits meet a change of theirs to the same span or relation (a conflict, in words).
 * Pure: the layer store (layers.ts) reads and writes the files.
 */
import type { SpanEditInput } from '../../shared/api/contract';
import type { EditConflict } from '../../shared/api/live';
import { ApiError } from '../../shared/api/errors';
import { GOLD, type Orphan } from '../../shared/format/annotationFile';
import type { RelationIndex } from '../../shared/layers/relationIndex';
import type { LabelSchema } from '../../shared/model/labels';
import { quoteOf } from '../../shared/model/quote';
import { cleanNote, type Note, type Relation, type Span } from '../../shared/model/span';
import { attributeProblems, relationProblem } from '../../shared/schema/conformance';
import type { LoadedDocument } from './documents';

/** What the checks read of a layer: its spans by id, its relations, and its orphans (kept apart). */
export interface LayerView {
  byId: ReadonlyMap<string, Span>;
  relations: RelationIndex;
  orphans: readonly Orphan[];
}

/** The changes a checked batch makes. */
export interface Changes {
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

/** A span in words, for messages: "Claim “three people were killed”". */
export function spanWords(span: Span | undefined, schema: LabelSchema): string {
  if (!span) return 'a span';
  const label = schema.labels.find((l) => l.id === span.label)?.name ?? span.label;
  const quote = span.quote.exact.length > 40 ? `${span.quote.exact.slice(0, 40)}…` : span.quote.exact;
  return `${label} “${quote}”`;
}

export function relationWords(r: Relation | undefined, spans: (id: string) => Span | undefined, schema: LabelSchema): string {
  if (!r) return 'a relation';
  const type = schema.relations.find((t) => t.id === r.type)?.name ?? r.type;
  return `the ${type} relation from ${spanWords(spans(r.from), schema)} to ${spanWords(spans(r.to), schema)}`;
}

export const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
function sameSpan(a: Span | undefined, b: Span | undefined): boolean {
  if (!a || !b) return a === b;
  return a.label === b.label && a.startOffset === b.startOffset && a.endOffset === b.endOffset && sameJson(a.attributes, b.attributes) && sameJson(a.note, b.note);
}
function sameRelation(a: Relation | undefined, b: Relation | undefined): boolean {
  if (!a || !b) return a === b;
  return a.type === b.type && a.from === b.from && a.to === b.to;
}

export interface Base {
  spans: Map<string, Span>;
  relations: Map<string, Relation>;
}

/**
 * Whether an edit, made on `base`, meets a change the other program made to the same span or
 * relation (now in `layer`): a conflict with both versions; 'done' when their version already
 * is what the edit makes; null when the edit can be applied onto theirs.
 */
export function editConflict(edit: SpanEditInput, base: Base, layer: LayerView, schema: LabelSchema): EditConflict | 'done' | null {
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
export function describeRefused(edit: SpanEditInput, base: Base, layer: LayerView, schema: LabelSchema, why: string): EditConflict | null {
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
export function checkEdits(edits: SpanEditInput[], layer: LayerView, doc: LoadedDocument, schema: LabelSchema, key: string): Changes {
  const changes: Changes = { spans: new Map(), relations: new Map(), settled: new Map() };
  const gold = key.endsWith(`/${GOLD}`);
  const labels = new Map(schema.labels.map((l) => [l.id, l]));
  const orphanIds = new Set(layer.orphans.map((o) => o.span.id));
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
  for (const id of touched) for (const r of layer.relations.idsAt(id)) toCheck.add(r);
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
