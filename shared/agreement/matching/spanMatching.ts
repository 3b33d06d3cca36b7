/**
 * One-to-one matching of two annotators' spans (docs/AGREEMENT.md §2): a span matches at most one
 * span of the other annotator, the matching has maximum cardinality, and among matchings of that
 * size the one with the largest total overlap wins (then, among those, the one with the most
 * same-label pairs, so an unlabelled matching pairs claim with claim where it can).
 *
 * Overlap: the candidate pairs come from one sweep over both layers sorted by start; the overlap
 * graph splits into connected components (usually a span and its one or two counterparts), and
 * each component is solved exactly, by the Hungarian method where it is not trivial. Exact:
 * spans with the same boundaries form complete groups, matched directly. The work is done on
 * spans as columns (columnMatching.ts); these are its entries for span objects.
 */
import { matchColumns, matchOverlapBothColumns } from './columnMatching';
import { layersToColumns } from './columns';
import { inDocumentOrder } from '../input/check';
import type { MatchCriterion, SpanLike } from '../types';

export interface MatchedPair<S extends SpanLike = SpanLike> {
  a: S;
  b: S;
  /** Code points both spans cover. */
  overlap: number;
}

export interface SpanMatching<S extends SpanLike = SpanLike> {
  criterion: MatchCriterion;
  /** In document order of `a`. */
  pairs: MatchedPair<S>[];
  unmatchedA: S[];
  unmatchedB: S[];
}

/** The four predicates, exact before overlap, labelled before unlabelled. */
export const MATCH_CRITERIA: readonly MatchCriterion[] = [
  { boundary: 'exact', labels: 'labelled' },
  { boundary: 'exact', labels: 'unlabelled' },
  { boundary: 'overlap', labels: 'labelled' },
  { boundary: 'overlap', labels: 'unlabelled' },
];

/** Code points in both spans (0 when they are disjoint or merely touch). */
export function overlapLength(a: SpanLike, b: SpanLike): number {
  return Math.max(0, Math.min(a.endOffset, b.endOffset) - Math.max(a.startOffset, b.startOffset));
}

/** Whether two spans may be matched under the criterion. */
export function spansMatch(a: SpanLike, b: SpanLike, criterion: MatchCriterion): boolean {
  if (criterion.labels === 'labelled' && a.label !== b.label) return false;
  return criterion.boundary === 'exact'
    ? a.startOffset === b.startOffset && a.endOffset === b.endOffset
    : overlapLength(a, b) > 0;
}

/** The one-to-one matching of `a` with `b` under the criterion. Offsets are assumed checked. */
export function matchSpans<S extends SpanLike>(a: readonly S[], b: readonly S[], criterion: MatchCriterion): SpanMatching<S> {
  return matchSortedSpans(inDocumentOrder(a), inDocumentOrder(b), criterion);
}

/** `matchSpans` for layers already in `compareSpanLike` order (as `DocumentMatcher` keeps them). */
export function matchSortedSpans<S extends SpanLike>(sa: readonly S[], sb: readonly S[], criterion: MatchCriterion): SpanMatching<S> {
  return matchingFromPartners(sa, sb, matchPartners(sa, sb, criterion), criterion);
}

/** The matching as indices: partner[i] = the index in `sb` of `sa[i]`'s match, or −1 (both in document order). */
export function matchPartners(sa: readonly SpanLike[], sb: readonly SpanLike[], criterion: MatchCriterion): number[] {
  const { columns, first } = layersToColumns([sa, sb]);
  return matchColumns(columns, 0, sa.length, columns, first[1]!, sb.length, criterion);
}

/**
 * Both overlap matchings of two layers (in document order) at once, from one sweep for the pairs
 * of spans that share a code point: what `matchPartners` gives for overlap-labelled and for
 * overlap-unlabelled. For callers that want both (the agreement report always does).
 */
export function matchOverlapBoth(sa: readonly SpanLike[], sb: readonly SpanLike[]): { labelled: number[]; unlabelled: number[] } {
  const { columns, first } = layersToColumns([sa, sb]);
  return matchOverlapBothColumns(columns, 0, sa.length, columns, first[1]!, sb.length);
}

/** The pairs and leftovers of a `matchPartners` result. */
export function matchingFromPartners<S extends SpanLike>(sa: readonly S[], sb: readonly S[], partner: readonly number[], criterion: MatchCriterion): SpanMatching<S> {
  const pairs: MatchedPair<S>[] = [];
  const unmatchedA: S[] = [];
  const takenB = new Array<boolean>(sb.length).fill(false);
  for (let i = 0; i < sa.length; i++) {
    const span = sa[i]!;
    const j = partner[i]!;
    if (j < 0) {
      unmatchedA.push(span);
      continue;
    }
    const other = sb[j]!;
    takenB[j] = true;
    pairs.push({ a: span, b: other, overlap: overlapLength(span, other) });
  }
  const unmatchedB: S[] = [];
  for (let j = 0; j < sb.length; j++) if (!takenB[j]) unmatchedB.push(sb[j]!);
  return { criterion, pairs, unmatchedA, unmatchedB };
}
