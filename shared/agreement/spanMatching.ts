/**
 * One-to-one matching of two annotators' spans (AGREEMENT.md §1): a span matches at most one
 * span of the other annotator, the matching has maximum cardinality, and among matchings of that
 * size the one with the largest total overlap wins (then, among those, the one with the most
 * same-label pairs, so an unlabelled matching pairs claim with claim where it can).
 *
 * Overlap: the candidate pairs come from one sweep over both layers sorted by start; the overlap
 * graph splits into connected components (usually a span and its one or two counterparts), and
 * each component is solved exactly, by the Hungarian method where it is not trivial. Exact:
 * spans with the same boundaries form complete groups, matched directly.
 */
import { hungarian } from './assignment';
import { inDocumentOrder } from './input';
import type { MatchCriterion, SpanLike } from './types';
import { UnionFind } from './unionFind';

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
  const labelled = criterion.labels === 'labelled';
  return criterion.boundary === 'exact' ? matchExact(sa, sb, labelled) : matchScratch(sa, sb, overlapEdges(sa, sb, labelled));
}

/**
 * Both overlap matchings of two layers (sorted by start) at once, from one sweep for the pairs of
 * spans that share a code point: what `matchPartners` gives for overlap-labelled and for
 * overlap-unlabelled. For callers that want both (the agreement report always does).
 */
export function matchOverlapBoth(sa: readonly SpanLike[], sb: readonly SpanLike[]): { labelled: number[]; unlabelled: number[] } {
  const count = overlapEdges(sa, sb, false);
  const unlabelled = matchScratch(sa, sb, count);
  // The same-label edges, kept in place and in order: what a labelled sweep would have found.
  let kept = 0;
  for (let e = 0; e < count; e++) {
    if (scratch.same[e] !== 1) continue;
    if (kept !== e) {
      scratch.i[kept] = scratch.i[e]!;
      scratch.j[kept] = scratch.j[e]!;
      scratch.overlap[kept] = scratch.overlap[e]!;
      scratch.same[kept] = 1;
    }
    kept++;
  }
  return { labelled: matchScratch(sa, sb, kept), unlabelled };
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

/**
 * partner[i] = index in b of a[i]'s match, or −1. In `compareSpanLike` order, spans with the same
 * boundaries are contiguous (and sorted by label), so one merge-like walk finds each group; a group
 * is complete bipartite. Unlabelled: equal labels are paired first, then the rest in order.
 */
function matchExact(a: readonly SpanLike[], b: readonly SpanLike[], labelled: boolean): number[] {
  const partner = minusOnes(a.length);
  const sameBounds = (x: SpanLike, y: SpanLike) => x.startOffset === y.startOffset && x.endOffset === y.endOffset;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const order = x.startOffset - y.startOffset || y.endOffset - x.endOffset;
    if (order < 0) i++;
    else if (order > 0) j++;
    else {
      let i1 = i + 1;
      while (i1 < a.length && sameBounds(a[i1]!, x)) i1++;
      let j1 = j + 1;
      while (j1 < b.length && sameBounds(b[j1]!, y)) j1++;
      const takenB: boolean[] = [];
      for (let p = i, q = j; p < i1 && q < j1; ) {
        const la = a[p]!.label;
        const lb = b[q]!.label;
        if (la === lb) {
          partner[p++] = q;
          takenB[q++ - j] = true;
        } else if (la < lb) p++;
        else q++;
      }
      if (!labelled) {
        let q = j;
        for (let p = i; p < i1; p++) {
          if (partner[p] !== -1) continue;
          while (q < j1 && takenB[q - j]) q++;
          if (q === j1) break;
          partner[p] = q;
          takenB[q++ - j] = true;
        }
      }
      i = i1;
      j = j1;
    }
  }
  return partner;
}

function minusOnes(n: number): number[] {
  return new Array<number>(n).fill(-1);
}

interface Edge {
  i: number;
  j: number;
  overlap: number;
  sameLabel: boolean;
}

/** partner[i] = index in b of a[i]'s match, or −1, from the `count` candidate pairs in `scratch`. Both lists sorted by start. */
function matchScratch(a: readonly SpanLike[], b: readonly SpanLike[], count: number): number[] {
  const partner = minusOnes(a.length);
  if (count === 0) return partner;
  const { i: EI, j: EJ } = scratch;

  // An edge whose two spans have no other edge is a component of its own: matched as it is.
  if (degrees.a.length < a.length) degrees.a = new Int32Array(2 * a.length);
  if (degrees.b.length < b.length) degrees.b = new Int32Array(2 * b.length);
  const degreeA = degrees.a;
  const degreeB = degrees.b;
  degreeA.fill(0, 0, a.length);
  degreeB.fill(0, 0, b.length);
  for (let e = 0; e < count; e++) {
    degreeA[EI[e]!]!++;
    degreeB[EJ[e]!]!++;
  }
  const rest: Edge[] = [];
  for (let e = 0; e < count; e++) {
    const i = EI[e]!;
    const j = EJ[e]!;
    if (degreeA[i] === 1 && degreeB[j] === 1) partner[i] = j;
    else rest.push({ i, j, overlap: scratch.overlap[e]!, sameLabel: scratch.same[e] === 1 });
  }
  if (rest.length === 0) return partner;

  // Connected components of the rest (A nodes 0..|a|−1, B nodes |a|..).
  const sets = new UnionFind(a.length + b.length);
  for (const e of rest) sets.union(a.length + e.j, e.i);
  const components = new Map<number, Edge[]>();
  for (const e of rest) {
    const root = sets.find(e.i);
    const list = components.get(root);
    if (list) list.push(e);
    else components.set(root, [e]);
  }
  const rowOf = new Array<number>(a.length).fill(-1);
  const colOf = new Array<number>(b.length).fill(-1);
  for (const component of components.values()) solveComponent(component, partner, rowOf, colOf);
  return partner;
}

/** Scratch for matchOverlap's degree counts, grown as needed. */
const degrees = { a: new Int32Array(256), b: new Int32Array(256) };

/**
 * The candidate pairs of the last `overlapEdges` call, as parallel arrays (reused: the work is
 * synchronous, and most edges are matched at once without ever becoming objects).
 */
const scratch = { i: new Int32Array(256), j: new Int32Array(256), overlap: new Float64Array(256), same: new Uint8Array(256) };

function pushEdge(at: number, i: number, j: number, overlap: number, same: boolean): void {
  if (at === scratch.i.length) {
    const grow = <T extends Int32Array | Float64Array | Uint8Array>(xs: T): T => {
      const bigger = new (xs.constructor as new (n: number) => T)(xs.length * 2);
      bigger.set(xs);
      return bigger;
    };
    scratch.i = grow(scratch.i);
    scratch.j = grow(scratch.j);
    scratch.overlap = grow(scratch.overlap);
    scratch.same = grow(scratch.same);
  }
  scratch.i[at] = i;
  scratch.j[at] = j;
  scratch.overlap[at] = overlap;
  scratch.same[at] = same ? 1 : 0;
}

/** Candidate pairs: every (i, j) whose spans share a code point (and label, when labelled), into `scratch`; returns their number. */
function overlapEdges(a: readonly SpanLike[], b: readonly SpanLike[], labelled: boolean): number {
  let count = 0;
  // Spans begun so far that may still overlap what comes next, pruned in place.
  const activeA: number[] = [];
  const activeB: number[] = [];
  let sizeA = 0;
  let sizeB = 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const nextA = a[i];
    const nextB = b[j];
    if (nextA !== undefined && (nextB === undefined || nextA.startOffset <= nextB.startOffset)) {
      const start = nextA.startOffset;
      let kept = 0;
      for (let r = 0; r < sizeB; r++) {
        const k = activeB[r]!;
        const other = b[k]!;
        if (other.endOffset <= start) continue;
        activeB[kept++] = k;
        const overlap = Math.min(nextA.endOffset, other.endOffset) - start;
        const sameLabel = nextA.label === other.label;
        if (overlap > 0 && (sameLabel || !labelled)) pushEdge(count++, i, k, overlap, sameLabel);
      }
      sizeB = kept;
      activeA[sizeA++] = i++;
    } else {
      const span = nextB!;
      const start = span.startOffset;
      let kept = 0;
      for (let r = 0; r < sizeA; r++) {
        const k = activeA[r]!;
        const other = a[k]!;
        if (other.endOffset <= start) continue;
        activeA[kept++] = k;
        const overlap = Math.min(span.endOffset, other.endOffset) - start;
        const sameLabel = span.label === other.label;
        if (overlap > 0 && (sameLabel || !labelled)) pushEdge(count++, k, j, overlap, sameLabel);
      }
      sizeA = kept;
      activeB[sizeB++] = j++;
    }
  }
  return count;
}

/**
 * The best matching of one component, by the Hungarian method. Weights are lexicographic, in
 * integers: cardinality first (a constant larger than all the rest), then total overlap, then
 * same-label pairs. `rowOf` / `colOf` are scratch (all −1 on entry and on return).
 */
function solveComponent(component: readonly Edge[], partner: number[], rowOf: number[], colOf: number[]): void {
  const rows: number[] = [];
  const cols: number[] = [];
  for (const e of component) {
    if (rowOf[e.i] === -1) {
      rowOf[e.i] = rows.length;
      rows.push(e.i);
    }
    if (colOf[e.j] === -1) {
      colOf[e.j] = cols.length;
      cols.push(e.j);
    }
  }
  if (rows.length === 1 || cols.length === 1) {
    // One span against several: the best single pair (largest overlap, then same label, then first).
    let best = component[0]!;
    for (const e of component) {
      if (e.overlap > best.overlap || (e.overlap === best.overlap && e.sameLabel && !best.sameLabel)) best = e;
    }
    partner[best.i] = best.j;
  } else {
    const size = Math.min(rows.length, cols.length);
    let cardinality = 1;
    for (const e of component) cardinality += e.overlap * (size + 1) + (e.sameLabel ? 1 : 0);
    // Rows of the cost matrix are the smaller side.
    const transpose = rows.length > cols.length;
    const n = transpose ? cols.length : rows.length;
    const m = transpose ? rows.length : cols.length;
    const cost = new Array<number>(n * m).fill(0);
    for (const e of component) {
      const r = rowOf[e.i]!;
      const c = colOf[e.j]!;
      cost[transpose ? c * m + r : r * m + c] = -(cardinality + e.overlap * (size + 1) + (e.sameLabel ? 1 : 0));
    }
    const assigned = hungarian(cost, n, m);
    for (let x = 0; x < n; x++) {
      const y = assigned[x]!;
      if (y < 0 || cost[x * m + y] === 0) continue;
      partner[rows[transpose ? y : x]!] = cols[transpose ? x : y]!;
    }
  }
  for (const i of rows) rowOf[i] = -1;
  for (const j of cols) colOf[j] = -1;
}
