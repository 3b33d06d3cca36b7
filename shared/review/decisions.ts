import type { Attributes } from '../model/labels';
import type { Relation, Span, SpanEdit } from '../model/span';
import { differingAttributes, isDisagreement, type ReviewLayer, type ReviewUnit } from './units';

/** The gold layer as a decision sees it. */
export interface GoldState {
  spans: ReadonlyMap<string, Span>;
  relations: ReadonlyMap<string, Relation>;
  settled: ReadonlySet<string>;
}

/** The annotators' layers with their relations, for carrying relations into gold. */
export interface SourceLayer extends ReviewLayer {
  relations: readonly Relation[];
}

export interface IdMaker {
  span(): string;
  relation(): string;
}

const samePlace = (a: Pick<Span, 'startOffset' | 'endOffset' | 'label'>, b: Pick<Span, 'startOffset' | 'endOffset' | 'label'>) =>
  a.startOffset === b.startOffset && a.endOffset === b.endOffset && a.label === b.label;

/** The gold span at the same place and with the same label as a version, if any. */
export function goldCounterpart(gold: GoldState, span: Pick<Span, 'startOffset' | 'endOffset' | 'label'>): Span | undefined {
  for (const g of gold.spans.values()) if (samePlace(g, span)) return g;
  return undefined;
}

/** A copy of an annotator's span for gold: a gold id, the same place, label, quote and attributes (not the annotator's note: gold's notes are the curator's). */
function goldCopy(span: Span, id: string, attributes: Attributes | undefined = span.attributes): Span {
  const { attributes: _drop, note: _note, ...rest } = span;
  return attributes && Object.keys(attributes).length ? { ...rest, id, attributes: { ...attributes } } : { ...rest, id };
}

/**
 * Relations of the accepted annotators' spans whose two ends now both have a gold counterpart:
 * carried into gold (once), so accepting a claim and its actor keeps "claimant".
 */
function carriedRelations(sources: readonly SourceLayer[], gold: GoldState, added: ReadonlyMap<string, Span>, ids: IdMaker): SpanEdit[] {
  const edits: SpanEdit[] = [];
  const goldAt = (span: Span): Span | undefined => {
    for (const g of added.values()) if (samePlace(g, span)) return g;
    return goldCounterpart(gold, span);
  };
  const have = new Set([...gold.relations.values()].map((r) => `${r.type}|${r.from}|${r.to}`));
  for (const layer of sources) {
    const byId = new Map(layer.spans.map((s) => [s.id, s]));
    for (const r of layer.relations) {
      const from = byId.get(r.from);
      const to = byId.get(r.to);
      if (!from || !to) continue;
      const gf = goldAt(from);
      const gt = goldAt(to);
      if (!gf || !gt || (!added.has(gf.id) && !added.has(gt.id))) continue;
      const key = `${r.type}|${gf.id}|${gt.id}`;
      if (have.has(key)) continue;
      have.add(key);
      edits.push({ op: 'addRelation', relation: { id: ids.relation(), type: r.type, from: gf.id, to: gt.id } });
    }
  }
  return edits;
}

/** Removes from gold what an earlier decision on this unit put there (spans at a version's place, with their relations). */
function undoEarlier(unit: ReviewUnit, gold: GoldState): SpanEdit[] {
  const edits: SpanEdit[] = [];
  const removed = new Set<string>();
  for (const v of unit.versions) {
    const g = goldCounterpart(gold, v.span);
    if (!g || removed.has(g.id)) continue;
    removed.add(g.id);
    for (const r of gold.relations.values()) if (r.from === g.id || r.to === g.id) edits.push({ op: 'removeRelation', id: r.id });
    edits.push({ op: 'remove', id: g.id });
  }
  // A relation joining two removed spans would be listed twice: keep its first removal only.
  const seen = new Set<string>();
  return edits.filter((e) => e.op !== 'removeRelation' || (!seen.has(e.id) && (seen.add(e.id), true)));
}

export type Decision = { kind: 'accept'; annotators: readonly string[] } | { kind: 'neither' };

/**
 * The gold edits that settle a unit: what an earlier decision put in gold is taken out, then
 * the accepted annotators' versions go in (identical versions once), with their attributes and
 * the relations whose other end is in gold too; and the unit is marked settled. One undo step.
 */
export function decide(unit: ReviewUnit, decision: Decision, gold: GoldState, sources: readonly SourceLayer[], ids: IdMaker): SpanEdit[] {
  const edits = undoEarlier(unit, gold);
  const removedIds = new Set(edits.flatMap((e) => (e.op === 'remove' ? [e.id] : [])));
  const remaining: GoldState = {
    spans: new Map([...gold.spans].filter(([id]) => !removedIds.has(id))),
    relations: new Map([...gold.relations].filter(([, r]) => !removedIds.has(r.from) && !removedIds.has(r.to))),
    settled: gold.settled,
  };
  const added = new Map<string, Span>();
  if (decision.kind === 'accept') {
    for (const v of unit.versions) {
      if (!decision.annotators.includes(v.annotator)) continue;
      if ([...added.values()].some((g) => samePlace(g, v.span))) continue;
      const copy = goldCopy(v.span, ids.span());
      added.set(copy.id, copy);
      edits.push({ op: 'add', span: copy });
    }
    edits.push(...carriedRelations(sources, remaining, added, ids));
  }
  if (!gold.settled.has(unit.key)) edits.push({ op: 'settle', unit: unit.key });
  return edits;
}

/** Reopens a settled unit: what it put in gold is taken out. */
export function reopen(unit: ReviewUnit, gold: GoldState): SpanEdit[] {
  const edits = undoEarlier(unit, gold);
  if (gold.settled.has(unit.key)) edits.push({ op: 'unsettle', unit: unit.key });
  return edits;
}

export interface MergeOptions {
  /**
   * Majority merge: a unit where at least this many annotators have the very same span (place
   * and label) takes that span into gold, with the attributes they all give it, and counts as
   * settled unless those annotators differ on an attribute. Absent: only full agreement.
   */
  majority?: number;
}

/**
 * Automatic merge into gold: every span all annotators agree on (with the attributes they all
 * give it, and the relations they all make between such spans); with `majority`, also the
 * version a majority shares. Spans already in gold at that place are left as they are.
 */
export function autoMerge(units: readonly ReviewUnit[], gold: GoldState, sources: readonly SourceLayer[], ids: IdMaker, options: MergeOptions = {}): SpanEdit[] {
  const edits: SpanEdit[] = [];
  const added = new Map<string, Span>();
  const annotators = sources.length;
  for (const unit of units) {
    if (unit.status === 'agreed') {
      const first = unit.versions[0]!.span;
      // Settled (an attribute disagreement the curator decided, maybe as "neither"): theirs to keep.
      if (gold.settled.has(unit.key) || goldCounterpart(gold, first)) continue;
      const all = unit.versions.map((v) => v.span.attributes);
      const differ = new Set(differingAttributes(all));
      const common = Object.fromEntries(Object.entries(first.attributes ?? {}).filter(([id]) => !differ.has(id)));
      const copy = goldCopy(first, ids.span(), common);
      added.set(copy.id, copy);
      edits.push({ op: 'add', span: copy });
      continue;
    }
    if (!options.majority || gold.settled.has(unit.key)) continue;
    // The most common version (place and label), and the annotators who share it.
    const counts = new Map<string, { spans: Span[]; annotators: Set<string> }>();
    for (const v of unit.versions) {
      const k = `${v.span.startOffset}:${v.span.endOffset}:${v.span.label}`;
      const entry = counts.get(k) ?? { spans: [], annotators: new Set<string>() };
      entry.spans.push(v.span);
      entry.annotators.add(v.annotator);
      counts.set(k, entry);
    }
    const best = [...counts.values()].sort((a, b) => b.annotators.size - a.annotators.size)[0];
    if (!best || best.annotators.size < options.majority || best.annotators.size <= annotators / 2) continue;
    // The attributes the majority agrees on go into gold. If the majority itself differs on one,
    // that is still a question for the curator: the span goes in, the unit stays open.
    const differ = new Set(differingAttributes(best.spans.map((x) => x.attributes)));
    const first = best.spans[0]!;
    if (!goldCounterpart(gold, first)) {
      const common = Object.fromEntries(Object.entries(first.attributes ?? {}).filter(([id]) => !differ.has(id)));
      const copy = goldCopy(first, ids.span(), common);
      added.set(copy.id, copy);
      edits.push({ op: 'add', span: copy });
    }
    if (differ.size === 0) edits.push({ op: 'settle', unit: unit.key });
  }
  // Relations every annotator made between spans now in gold.
  const candidates = carriedRelations(sources, gold, added, ids);
  for (const e of candidates) {
    if (e.op !== 'addRelation') continue;
    const { from, to, type } = e.relation;
    const fromSpan = added.get(from) ?? gold.spans.get(from);
    const toSpan = added.get(to) ?? gold.spans.get(to);
    if (!fromSpan || !toSpan) continue;
    const everyone = sources.every((layer) => {
      const byId = new Map(layer.spans.map((s) => [s.id, s]));
      return layer.relations.some((r) => r.type === type && byId.get(r.from) && byId.get(r.to) && samePlace(byId.get(r.from)!, fromSpan) && samePlace(byId.get(r.to)!, toSpan));
    });
    if (everyone) edits.push(e);
  }
  return edits;
}

/** Counts for progress: disagreements in a document and how many the gold layer has settled. */
export function progressOf(units: readonly ReviewUnit[], settled: ReadonlySet<string>): { disagreements: number; settled: number } {
  let disagreements = 0;
  let done = 0;
  for (const u of units) {
    if (!isDisagreement(u)) continue;
    disagreements++;
    if (settled.has(u.key)) done++;
  }
  return { disagreements, settled: done };
}
