/**
 * From proposals to suggestions: what `suggest` does with what each recommender returned. Pure,
 * so the service and the evaluation share it: checks each proposal against the text and the
 * schema, gives it its id (suggestionKey), turns relations to other proposals into relations
 * to suggestions, and leaves out what the layer already holds and what the annotator rejected.
 */
import type { SuggestedRelation, Suggestion } from '../../shared/api/recommend';
import type { LabelSchema } from '../../shared/model/labels';
import type { Span } from '../../shared/model/span';
import { suggestionKey } from '../../shared/recommend/key';
import type { Proposal } from '../../shared/recommend/types';
import type { CodePointIndex } from '../../shared/text/codePoints';

/** The same place and label: what "the layer already holds it" means. */
export const placeKey = (p: { label: string; startOffset: number; endOffset: number }) => `${p.label}:${p.startOffset}-${p.endOffset}`;

/** A rejection matches a proposal of the same recommender, label and offsets over the same text. */
export const rejectionKey = (r: { recommender: string; label: string; startOffset: number; endOffset: number; exact: string }) =>
  `${suggestionKey(r)}\u0000${r.exact}`;

export interface Made {
  suggestions: Suggestion[];
  /** Proposals left out as malformed (outside the text, unknown label), in words. */
  dropped: string[];
}

/**
 * The suggestions of one recommender's proposals. `held`: the layer's spans by place key;
 * `rejected`: rejection keys of the annotator's decisions on this document.
 */
export function suggestionsOf(
  recommender: string,
  proposals: readonly Proposal[],
  text: CodePointIndex,
  schema: LabelSchema,
  held: ReadonlyMap<string, string>,
  rejected: ReadonlySet<string>,
): Made {
  const labels = new Set(schema.labels.map((l) => l.id));
  const dropped: string[] = [];
  // Index of each proposal → its suggestion id (or null when it was left out as malformed).
  const ids: Array<string | null> = [];
  // Index of each proposal → the layer span at its place, when the layer holds it already.
  const spanAt: Array<string | undefined> = [];
  const out: Suggestion[] = [];
  const seen = new Set<string>();
  for (const p of proposals) {
    const ok = Number.isInteger(p.startOffset) && Number.isInteger(p.endOffset) && p.startOffset >= 0 && p.endOffset > p.startOffset && p.endOffset <= text.length;
    if (!ok || !labels.has(p.label)) {
      dropped.push(ok ? `no label "${p.label}" in the schema` : `${p.startOffset}–${p.endOffset} is not a place in the text`);
      ids.push(null);
      continue;
    }
    const id = suggestionKey({ recommender, label: p.label, startOffset: p.startOffset, endOffset: p.endOffset });
    ids.push(id);
    spanAt[ids.length - 1] = held.get(placeKey(p));
    if (seen.has(id)) continue;
    seen.add(id);
    const exact = text.slice(p.startOffset, p.endOffset);
    if (held.has(placeKey(p))) continue;
    if (rejected.has(rejectionKey({ recommender, label: p.label, startOffset: p.startOffset, endOffset: p.endOffset, exact }))) continue;
    const s: Suggestion = { id, recommender, label: p.label, startOffset: p.startOffset, endOffset: p.endOffset, exact, score: clampScore(p.score) };
    if (p.attributes && Object.keys(p.attributes).length) s.attributes = p.attributes;
    if (p.why) s.why = p.why;
    out.push(s);
  }
  // Relations, once every proposal has its id: to a layer span, or to another (kept) suggestion.
  const kept = new Map(out.map((s) => [s.id, s]));
  proposals.forEach((p, i) => {
    const s = ids[i] ? kept.get(ids[i]!) : undefined;
    if (!s || !p.relations?.length) return;
    const relations = p.relations.flatMap((r): SuggestedRelation[] => {
      if (r.spanId) return [{ type: r.type, end: r.end, spanId: r.spanId }];
      if (r.proposalIndex === undefined) return [];
      // The other end is already in the layer: the relation goes to that span; rejected or malformed: none.
      const inLayer = spanAt[r.proposalIndex];
      if (inLayer) return [{ type: r.type, end: r.end, spanId: inLayer }];
      const other = ids[r.proposalIndex];
      return other && kept.has(other) && other !== s.id ? [{ type: r.type, end: r.end, suggestionId: other }] : [];
    });
    if (relations.length) s.relations = [...(s.relations ?? []), ...relations];
  });
  // A proposal the layer already holds passes its relations on to the other end, turned round:
  // "denied" accepted, its denier "the US" still proposed, now proposes the relation itself.
  proposals.forEach((p, i) => {
    const inLayer = spanAt[i];
    if (!inLayer || !p.relations?.length) return;
    for (const r of p.relations) {
      const other = r.proposalIndex === undefined ? null : ids[r.proposalIndex];
      const s = other ? kept.get(other) : undefined;
      if (s) s.relations = [...(s.relations ?? []), { type: r.type, end: r.end === 'from' ? 'to' : 'from', spanId: inLayer }];
    }
  });
  return { suggestions: out, dropped };
}

/**
 * One suggestion per label and place: when two recommenders propose the same (the claims rule
 * proposes the claimant it links to, which the actors rule proposes too), the surer one is kept,
 * with the other's attributes and relations added and its name in `alsoBy`; relations that
 * pointed to the one left out point to the one kept.
 */
export function mergeSamePlace(all: readonly Suggestion[]): Suggestion[] {
  const byPlace = new Map<string, Suggestion>();
  const movedTo = new Map<string, string>();
  for (const s of all) {
    const key = placeKey(s);
    const first = byPlace.get(key);
    if (!first) {
      byPlace.set(key, { ...s });
      continue;
    }
    const [keep, drop] = s.score > first.score ? [{ ...s }, first] : [first, s];
    const attributes = { ...drop.attributes, ...keep.attributes };
    if (Object.keys(attributes).length) keep.attributes = attributes;
    const relations = [...(keep.relations ?? []), ...(drop.relations ?? [])];
    if (relations.length) keep.relations = relations;
    keep.alsoBy = [...new Set([...(keep.alsoBy ?? []), drop.recommender, ...(drop.alsoBy ?? [])])].filter((r) => r !== keep.recommender);
    keep.why ??= drop.why;
    if (keep.why === undefined) delete keep.why;
    movedTo.set(drop.id, keep.id);
    byPlace.set(key, keep);
  }
  if (movedTo.size === 0) return [...byPlace.values()];
  const final = (id: string) => {
    for (let i = 0; movedTo.has(id) && i < 100; i++) id = movedTo.get(id)!;
    return id;
  };
  return [...byPlace.values()].map((s) => {
    if (!s.relations) return s;
    const seen = new Set<string>();
    const relations = s.relations.flatMap((r) => {
      const to = r.suggestionId === undefined ? r : { ...r, suggestionId: final(r.suggestionId) };
      const key = `${to.type}\u0000${to.end}\u0000${to.spanId ?? ''}\u0000${to.suggestionId ?? ''}`;
      if (to.suggestionId === s.id || seen.has(key)) return [];
      seen.add(key);
      return [to];
    });
    const out = { ...s, relations };
    if (!relations.length) delete (out as Partial<Suggestion>).relations;
    return out;
  });
}

function clampScore(score: number): number {
  return Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
}

/** Document order: start, longer first, then label and recommender. */
export function compareSuggestions(a: Suggestion, b: Suggestion): number {
  return a.startOffset - b.startOffset || b.endOffset - a.endOffset || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || (a.recommender < b.recommender ? -1 : a.recommender > b.recommender ? 1 : 0);
}

/** A layer's spans by place key. */
export function heldPlaces(spans: readonly Pick<Span, 'id' | 'label' | 'startOffset' | 'endOffset'>[]): Map<string, string> {
  return new Map(spans.map((s) => [placeKey(s), s.id]));
}
