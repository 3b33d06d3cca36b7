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
  const types = new TypeIndex();
  const counts = new PairCounts();
  countPair(indexLayer(spansA, relationsA, types), indexLayer(spansB, relationsB, types), partner, counts);
  const out = new Map<string, RelationCounts>();
  types.names.forEach((type, t) => {
    const c = counts.get(t);
    if (c) out.set(type, c);
  });
  return out;
}

/** Relation types as small integers. */
class TypeIndex {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  id(type: string): number {
    let t = this.ids.get(type);
    if (t === undefined) {
      t = this.names.length;
      this.names.push(type);
      this.ids.set(type, t);
    }
    return t;
  }
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

function indexLayer(spans: readonly SpanLike[], relations: readonly RelationLike[], types: TypeIndex): IndexedLayer {
  const size = spans.length;
  const n = relations.length;
  const out: IndexedLayer = { size, type: new Array<number>(n), from: new Array<number>(n), to: new Array<number>(n), keys: new Map(), twins: false };
  if (n === 0) return out;
  const index = new Map<string, number>();
  for (let i = 0; i < size; i++) index.set(spans[i]!.id, i);
  for (let r = 0; r < n; r++) {
    const rel = relations[r]!;
    const t = types.id(rel.type);
    const from = index.get(rel.from) ?? -1;
    const to = index.get(rel.to) ?? -1;
    out.type[r] = t;
    out.from[r] = from;
    out.to[r] = to;
    if (from >= 0 && to >= 0) {
      const k = key(t, from, to, size);
      const seen = out.keys.get(k) ?? 0;
      if (seen > 0) out.twins = true;
      out.keys.set(k, seen + 1);
    }
  }
  return out;
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
  private readonly pairs = new Map<string, PairCounts>();
  private readonly annotators = new Set<string>();
  private readonly types = new TypeIndex();

  constructor(private readonly options: RelationAgreementOptions = {}) {
    for (const t of options.types ?? []) this.types.id(t);
  }

  /** Adds a document: its matcher, and each annotator's relations (an annotator missing from the map drew none). */
  add<S extends SpanLike>(matcher: DocumentMatcher<S>, relations: ReadonlyMap<string, readonly RelationLike[]>): void {
    for (const a of matcher.annotators) this.annotators.add(a);
    const layers = new Map<string, IndexedLayer>();
    const layerOf = (annotator: string) => {
      let m = layers.get(annotator);
      if (!m) layers.set(annotator, (m = indexLayer(matcher.spans(annotator), relations.get(annotator) ?? [], this.types)));
      return m;
    };
    for (const [a, b] of matcher.pairs()) {
      const key = `${a}\u0000${b}`;
      let pair = this.pairs.get(key);
      if (!pair) this.pairs.set(key, (pair = new PairCounts()));
      pair.documents++;
      if (!relations.get(a)?.length && !relations.get(b)?.length) continue;
      countPair(layerOf(a), layerOf(b), matcher.partners(a, b, RELATION_CRITERION), pair);
    }
  }

  result(): RelationAgreement {
    const annotators = [...this.annotators].sort(compareStrings);
    const seen = new Set<string>();
    for (const p of this.pairs.values()) this.types.names.forEach((type, t) => p.get(t) && seen.add(type));
    const types = labelOrder(this.options.types, seen);
    const overall = emptyCounts();
    const byType = new Map(types.map((t) => [t, emptyCounts()]));
    const pairs: PairRelationF1[] = [];
    annotators.forEach((annotatorA, i) => {
      for (const annotatorB of annotators.slice(i + 1)) {
        const pair = this.pairs.get(`${annotatorA}\u0000${annotatorB}`);
        const pairOverall = emptyCounts();
        const pairByType: TypeRelationF1[] = types.map((type) => {
          const c = pair?.get(this.types.id(type)) ?? emptyCounts();
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
