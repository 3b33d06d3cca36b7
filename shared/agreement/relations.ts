/**
 * Agreement on relations. Two annotators' relations match when their types are equal and both
 * endpoints are matched spans: A's relation from x to y matches B's relation from x' to y' when x
 * is matched to x' and y to y' in the one-to-one labelled overlap matching of their spans (the same
 * matching attribute agreement uses). The span matching is one-to-one, so this pairs relations one
 * to one too (duplicates, which files do not hold, would count at most once each).
 *
 *   relation F1 = 2·TP / (|relations of A| + |relations of B|)
 *
 * per pair of annotators (pooled over documents), per relation type, and all pairs pooled. Both
 * without relations: n/a. The counts say how many relations could not match because an endpoint
 * of theirs matched no span of the other annotator (a span disagreement, not a relation one).
 */
import { ATTRIBUTE_CRITERION } from './attributes';
import type { DocumentMatcher } from './documentMatcher';
import { available, notAvailable, withEstimate } from './estimate';
import { Interner, LabelNumbering, pairNumber } from './columns';
import { compareStrings, labelOrder } from './input';
import type { MatchCriterion, PairRelationF1, RelationAgreement, RelationCounts, RelationF1, RelationLike, SpanLike, TypeRelationF1 } from './types';

/** Endpoints of relations must be matched under this criterion. */
export const RELATION_CRITERION: MatchCriterion = ATTRIBUTE_CRITERION;

export interface RelationAgreementOptions {
  /** Relation types always listed (the project's schema), in this order; others seen follow, sorted. */
  types?: readonly string[];
}

const emptyCounts = (): RelationCounts => ({ truePositives: 0, relationsA: 0, relationsB: 0, endpointUnmatchedA: 0, endpointUnmatchedB: 0 });

function addCounts(to: RelationCounts, from: RelationCounts): void {
  to.truePositives += from.truePositives;
  to.relationsA += from.relationsA;
  to.relationsB += from.relationsB;
  to.endpointUnmatchedA += from.endpointUnmatchedA;
  to.endpointUnmatchedB += from.endpointUnmatchedB;
}

/** The relation F1 of some counts. */
export function relationF1FromCounts(counts: RelationCounts, what = 'a relation'): RelationF1 {
  const base = { coefficient: 'relation-f1' as const, unit: 'relations' as const, counts: { ...counts }, match: RELATION_CRITERION };
  const denominator = counts.relationsA + counts.relationsB;
  if (denominator === 0) return { ...base, ...notAvailable('no-relations', `neither annotator drew ${what}`) };
  return { ...base, ...available((2 * counts.truePositives) / denominator) };
}

export function relationCounts(
  spansA: readonly SpanLike[],
  spansB: readonly SpanLike[],
  partner: readonly number[],
  relationsA: readonly RelationLike[],
  relationsB: readonly RelationLike[],
): Map<string, RelationCounts> {
  const types = new LabelNumbering();
  const counts = new PairCounts();
  countPair(indexLayer(spansA, relationsA, types), indexLayer(spansB, relationsB, types), partner, counts);
  const out = new Map<string, RelationCounts>();
  types.names.forEach((type, t) => {
    const c = counts.get(t);
    if (c) out.set(type, c);
  });
  return out;
}

/** Counts by type index: five numbers per type, in a flat array. */
class PairCounts {
  documents = 0;
  readonly cells: number[] = [];
  bump(type: number, field: 0 | 1 | 2 | 3 | 4): void {
    const at = type * 5 + field;
    while (this.cells.length <= type * 5 + 4) this.cells.push(0);
    this.cells[at]!++;
  }
  get(type: number): RelationCounts | null {
    if (this.cells.length <= type * 5) return null;
    const c = this.cells;
    const at = type * 5;
    return { truePositives: c[at]!, relationsA: c[at + 1]!, relationsB: c[at + 2]!, endpointUnmatchedA: c[at + 3]!, endpointUnmatchedB: c[at + 4]! };
  }
}

const TP = 0;
const RA = 1;
const RB = 2;
const UA = 3;
const UB = 4;

/**
 * One annotator's relations on one document, with endpoints as indices into its spans (−1: no
 * such span), and a count of each (type, from, to) in those indices. Made once per document and
 * annotator, whatever the number of pairs the annotator is in.
 */
interface IndexedLayer {
  size: number;
  type: number[];
  from: number[];
  to: number[];
  /** key(type, from, to) → how many relations have it. */
  keys: Map<number, number>;
  /** Two relations with the same type and endpoints (the format allows such twins). */
  twins: boolean;
}

function key(type: number, from: number, to: number, size: number): number {
  return (type * size + from) * size + to;
}

function indexLayer(spans: readonly SpanLike[], relations: readonly RelationLike[], types: Interner): IndexedLayer {
  const n = relations.length;
  const type = new Array<number>(n);
  const from = new Array<number>(n);
  const to = new Array<number>(n);
  if (n > 0) {
    const index = new Map<string, number>();
    for (let i = 0; i < spans.length; i++) index.set(spans[i]!.id, i);
    for (let r = 0; r < n; r++) {
      const rel = relations[r]!;
      type[r] = types.code(rel.type);
      from[r] = index.get(rel.from) ?? -1;
      to[r] = index.get(rel.to) ?? -1;
    }
  }
  return indexedLayer(spans.length, type, from, to);
}

/** A layer of `size` spans with these relations (endpoints as span indices, −1: none), with its keys. */
function indexedLayer(size: number, type: number[], from: number[], to: number[]): IndexedLayer {
  const out: IndexedLayer = { size, type, from, to, keys: new Map(), twins: false };
  for (let r = 0; r < type.length; r++) {
    if (from[r]! >= 0 && to[r]! >= 0) {
      const k = key(type[r]!, from[r]!, to[r]!, size);
      const seen = out.keys.get(k) ?? 0;
      if (seen > 0) out.twins = true;
      out.keys.set(k, seen + 1);
    }
  }
  return out;
}

function emptyLayer(size: number): IndexedLayer {
  return { size, type: [], from: [], to: [], keys: new Map(), twins: false };
}

/**
 * Adds one pair of layers to `counts`: A's relation matches when B has a relation of its type
 * between the spans A's endpoints are matched to (a lookup in B's keys), each of B's at most once.
 */
function countPair(a: IndexedLayer, b: IndexedLayer, partner: readonly number[], counts: PairCounts): void {
  // B's spans that are matched, for B's relations whose endpoints are not.
  const matchedB = new Array<boolean>(b.size).fill(false);
  for (const j of partner) if (j >= 0) matchedB[j] = true;
  // Twins in A could take one relation of B twice: then what is taken is counted.
  const taken = a.twins ? new Map<number, number>() : null;
  const keysB = b.keys;
  for (let r = 0; r < a.type.length; r++) {
    const t = a.type[r]!;
    counts.bump(t, RA);
    const fi = a.from[r]!;
    const ti = a.to[r]!;
    const from = fi < 0 ? -1 : partner[fi]!;
    const to = ti < 0 ? -1 : partner[ti]!;
    if (from < 0 || to < 0) {
      counts.bump(t, UA);
      continue;
    }
    const k = key(t, from, to, b.size);
    const available = keysB.get(k) ?? 0;
    if (available === 0) continue;
    if (taken) {
      const used = taken.get(k) ?? 0;
      if (used >= available) continue;
      taken.set(k, used + 1);
    }
    counts.bump(t, TP);
  }
  for (let r = 0; r < b.type.length; r++) {
    const t = b.type[r]!;
    counts.bump(t, RB);
    const from = b.from[r]!;
    const to = b.to[r]!;
    if (from < 0 || to < 0 || !matchedB[from] || !matchedB[to]) counts.bump(t, UB);
  }
}

/** Relation agreement over a corpus, a document at a time. */
export class RelationAgreementAccumulator {
  /** By pair of annotator numbers (`pairNumber`, a's name before b's). */
  private readonly pairs = new Map<number, PairCounts>();
  private readonly annotatorIds = new Interner();
  private readonly types = new LabelNumbering();

  constructor(private readonly options: RelationAgreementOptions = {}) {
    for (const t of options.types ?? []) this.types.code(t);
  }

  /** Adds a document: its matcher, and each annotator's relations (an annotator missing from the map drew none). */
  add<S extends SpanLike>(matcher: DocumentMatcher<S>, relations: ReadonlyMap<string, readonly RelationLike[]>): void {
    this.addLayers(matcher, matcher.annotators.map((a, r) => {
      const own = relations.get(a);
      return own?.length ? indexLayer(matcher.spansAt(r), own, this.types) : null;
    }));
  }

  /**
   * Adds a document whose relations are indexed already: for each layer r of the matcher, null
   * (no relations) or its relations with endpoints as span indices of the layer in document
   * order (−1: no such span) and types as codes into `types`.
   */
  addIndexed<S extends SpanLike>(matcher: DocumentMatcher<S>, layers: readonly ({ type: ArrayLike<number>; from: ArrayLike<number>; to: ArrayLike<number> } | null)[], types: readonly string[]): void {
    const ours = this.types.translate(types);
    this.addLayers(matcher, layers.map((layer, r) => {
      if (!layer) return null;
      const n = layer.type.length;
      const type = new Array<number>(n);
      for (let k = 0; k < n; k++) type[k] = ours[layer.type[k]!]!;
      return indexedLayer(matcher.size(r), type, Array.from(layer.from), Array.from(layer.to));
    }));
  }

  private addLayers<S extends SpanLike>(matcher: DocumentMatcher<S>, layers: readonly (IndexedLayer | null)[]): void {
    const R = matcher.annotators.length;
    const ids: number[] = [];
    for (const a of matcher.annotators) ids.push(this.annotatorIds.code(a));
    for (let ra = 0; ra < R; ra++) {
      for (let rb = ra + 1; rb < R; rb++) {
        const key = pairNumber(ids[ra]!, ids[rb]!);
        let pair = this.pairs.get(key);
        if (!pair) this.pairs.set(key, (pair = new PairCounts()));
        pair.documents++;
        const a = layers[ra];
        const b = layers[rb];
        if (!a && !b) continue;
        countPair(a ?? emptyLayer(matcher.size(ra)), b ?? emptyLayer(matcher.size(rb)), matcher.partnersAt(ra, rb, RELATION_CRITERION), pair);
      }
    }
  }

  result(): RelationAgreement {
    const annotators = [...this.annotatorIds.names].sort(compareStrings);
    const idOfAnnotator = new Map(this.annotatorIds.names.map((a, k) => [a, k]));
    const seen = new Set<string>();
    for (const p of this.pairs.values()) this.types.names.forEach((type, t) => p.get(t) && seen.add(type));
    const types = labelOrder(this.options.types, seen);
    const overall = emptyCounts();
    const byType = new Map(types.map((t) => [t, emptyCounts()]));
    const pairs: PairRelationF1[] = [];
    annotators.forEach((annotatorA, i) => {
      for (const annotatorB of annotators.slice(i + 1)) {
        const pair = this.pairs.get(pairNumber(idOfAnnotator.get(annotatorA)!, idOfAnnotator.get(annotatorB)!));
        const pairOverall = emptyCounts();
        const pairByType: TypeRelationF1[] = types.map((type) => {
          const c = pair?.get(this.types.code(type)) ?? emptyCounts();
          addCounts(pairOverall, c);
          addCounts(byType.get(type)!, c);
          return { type, ...relationF1FromCounts(c, `a "${type}" relation`) };
        });
        addCounts(overall, pairOverall);
        const noShared = notAvailable('no-shared-documents', 'no document was annotated by both');
        pairs.push({
          annotatorA,
          annotatorB,
          documents: pair?.documents ?? 0,
          overall: pair ? relationF1FromCounts(pairOverall) : withEstimate(relationF1FromCounts(pairOverall), noShared),
          byType: pair ? pairByType : pairByType.map((t) => withEstimate(t, noShared)),
        });
      }
    });
    const tooFew = annotators.length < 2 ? notAvailable('too-few-annotators', 'fewer than two annotators') : null;
    return {
      match: RELATION_CRITERION,
      overall: tooFew ? withEstimate(relationF1FromCounts(overall), tooFew) : relationF1FromCounts(overall),
      byType: types.map((type) => {
        const f1: TypeRelationF1 = { type, ...relationF1FromCounts(byType.get(type)!, `a "${type}" relation`) };
        return tooFew ? withEstimate(f1, tooFew) : f1;
      }),
      pairs,
    };
  }
}
