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
import type { DocumentMatcher } from '../matching/documentMatcher';
import { available, notAvailable, withEstimate } from '../estimate';
import { Interner, LabelNumbering, pairNumber } from '../matching/columns';
import { compareStrings, labelOrder } from '../input/check';
import type { MatchCriterion, PairRelationF1, RelationAgreement, RelationCounts, RelationF1, RelationLike, SpanLike, TypeRelationF1 } from '../types';

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
 * such span), and an index of them by their first endpoint (made when first needed). Made once per
 * document and annotator, whatever the number of pairs the annotator is in.
 */
interface IndexedLayer {
  size: number;
  type: ArrayLike<number>;
  from: ArrayLike<number>;
  to: ArrayLike<number>;
  /** The relations with both endpoints, by first endpoint: those from span f are order[byFrom[f]..byFrom[f + 1]). */
  byFrom: Int32Array | null;
  order: Int32Array | null;
  /** Two relations with the same type and endpoints (the format allows such twins). */
  twins: boolean;
}

function indexLayer(spans: readonly SpanLike[], relations: readonly RelationLike[], types: Interner): IndexedLayer {
  const n = relations.length;
  const type = new Int32Array(n);
  const from = new Int32Array(n);
  const to = new Int32Array(n);
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

/** A layer of `size` spans with these relations (endpoints as span indices, −1: none). */
function indexedLayer(size: number, type: ArrayLike<number>, from: ArrayLike<number>, to: ArrayLike<number>): IndexedLayer {
  return { size, type, from, to, byFrom: null, order: null, twins: false };
}

function emptyLayer(size: number): IndexedLayer {
  return indexedLayer(size, [], [], []);
}

/** Makes `byFrom` and `order` (a counting sort by first endpoint, keeping the relations' order), and finds twins. */
function indexByFrom(layer: IndexedLayer): void {
  if (layer.byFrom) return;
  const byFrom = new Int32Array(layer.size + 1);
  const n = layer.type.length;
  for (let r = 0; r < n; r++) if (layer.from[r]! >= 0 && layer.to[r]! >= 0) byFrom[layer.from[r]! + 1]!++;
  for (let f = 0; f < layer.size; f++) byFrom[f + 1]! += byFrom[f]!;
  const order = new Int32Array(byFrom[layer.size]!);
  const next = byFrom.slice(0, layer.size);
  for (let r = 0; r < n; r++) if (layer.from[r]! >= 0 && layer.to[r]! >= 0) order[next[layer.from[r]!]!++] = r;
  for (let f = 0; f < layer.size && !layer.twins; f++) {
    for (let x = byFrom[f]!; x < byFrom[f + 1]!; x++) {
      for (let y = x + 1; y < byFrom[f + 1]!; y++) {
        if (layer.type[order[x]!] === layer.type[order[y]!] && layer.to[order[x]!] === layer.to[order[y]!]) layer.twins = true;
      }
    }
  }
  layer.byFrom = byFrom;
  layer.order = order;
}

/** How many of the layer's relations have this type and endpoints. */
function countOf(layer: IndexedLayer, type: number, from: number, to: number): number {
  const byFrom = layer.byFrom!;
  const order = layer.order!;
  let n = 0;
  for (let x = byFrom[from]!; x < byFrom[from + 1]!; x++) if (layer.type[order[x]!] === type && layer.to[order[x]!] === to) n++;
  return n;
}

/** Which of B's spans are matched (reused: the work is synchronous). */
let matchedB = new Uint8Array(64);

/**
 * Adds one pair of layers to `counts`: A's relation matches when B has a relation of its type
 * between the spans A's endpoints are matched to (a lookup in B's index), each of B's at most once.
 */
function countPair(a: IndexedLayer, b: IndexedLayer, partner: readonly number[], counts: PairCounts): void {
  // B's spans that are matched, for B's relations whose endpoints are not.
  if (matchedB.length < b.size) matchedB = new Uint8Array(2 * b.size);
  matchedB.fill(0, 0, b.size);
  for (let i = 0; i < partner.length; i++) if (partner[i]! >= 0) matchedB[partner[i]!] = 1;
  indexByFrom(a);
  indexByFrom(b);
  // Twins in A could take one relation of B twice: then what is taken is counted (by B's (type, from, to)).
  const taken = a.twins ? new Map<number, number>() : null;
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
    const available = countOf(b, t, from, to);
    if (available === 0) continue;
    if (taken) {
      const k = (t * b.size + from) * b.size + to;
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
    const indexed: (IndexedLayer | null)[] = [];
    for (let r = 0; r < layers.length; r++) {
      const layer = layers[r];
      if (!layer) {
        indexed.push(null);
        continue;
      }
      const type = new Int32Array(layer.type.length);
      for (let k = 0; k < type.length; k++) type[k] = ours[layer.type[k]!]!;
      indexed.push(indexedLayer(matcher.size(r), type, layer.from, layer.to));
    }
    this.addLayers(matcher, indexed);
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
