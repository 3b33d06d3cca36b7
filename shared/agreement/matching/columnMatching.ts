/**
 * The one-to-one matchings of spanMatching.ts (docs/AGREEMENT.md §2), on spans as columns: layer A is
 * the `sizeA` spans of `a` from `fromA`, layer B likewise, each in document order. Results are
 * partner arrays: partner[i] = the index (within B) of A's i-th span's match, or −1.
 *
 * All working space is module-level and reused (the work is synchronous): a report matches tens
 * of thousands of pairs, each with a handful of components, and objects made per edge or per
 * component (as the matching on span objects made them) were much of its cost.
 */
import { assign } from './assignment';
import type { SpanColumns } from './columns';
import type { MatchCriterion } from '../types';

/** n × −1, as a packed array (one made by `new Array(n)` has holes, which every later read checks for). */
export function minusOnes(n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(-1);
  return out;
}

// ---- Exact boundaries --------------------------------------------------------------------------

/**
 * Spans with the same boundaries are contiguous in document order (and sorted by label), so one
 * merge-like walk finds each group; a group is complete bipartite. Labelled: equal labels pair in
 * order. Unlabelled: equal labels are paired first (the labelled matching), then the rest in
 * order. `unlabelled` null: the labelled matching only.
 */
function matchExact(a: SpanColumns, fromA: number, sizeA: number, b: SpanColumns, fromB: number, sizeB: number, labelled: number[], unlabelled: number[] | null): void {
  const { start: sa, end: ea, label: la } = a;
  const { start: sb, end: eb, label: lb } = b;
  let i = 0;
  let j = 0;
  while (i < sizeA && j < sizeB) {
    const x = fromA + i;
    const y = fromB + j;
    const order = sa[x]! - sb[y]! || eb[y]! - ea[x]!;
    if (order < 0) i++;
    else if (order > 0) j++;
    else {
      let i1 = i + 1;
      while (i1 < sizeA && sa[fromA + i1] === sa[x] && ea[fromA + i1] === ea[x]) i1++;
      let j1 = j + 1;
      while (j1 < sizeB && sb[fromB + j1] === sb[y] && eb[fromB + j1] === eb[y]) j1++;
      const taken = takenScratch(j1 - j);
      for (let p = i, q = j; p < i1 && q < j1; ) {
        const ca = la[fromA + p]!;
        const cb = lb[fromB + q]!;
        if (a.labels[ca] === b.labels[cb]) {
          labelled[p] = q;
          if (unlabelled) unlabelled[p] = q;
          p++;
          taken[q++ - j] = 1;
        } else if (a.labels[ca]! < b.labels[cb]!) p++;
        else q++;
      }
      if (unlabelled) {
        let q = j;
        for (let p = i; p < i1; p++) {
          if (unlabelled[p] !== -1) continue;
          while (q < j1 && taken[q - j]) q++;
          if (q === j1) break;
          unlabelled[p] = q;
          taken[q++ - j] = 1;
        }
      }
      i = i1;
      j = j1;
    }
  }
}

/** Both exact matchings from one walk: what `matchColumns` gives for exact-labelled and for exact-unlabelled. */
export function matchExactBothColumns(a: SpanColumns, fromA: number, sizeA: number, b: SpanColumns, fromB: number, sizeB: number): { labelled: number[]; unlabelled: number[] } {
  const labelled = minusOnes(sizeA);
  const unlabelled = minusOnes(sizeA);
  matchExact(a, fromA, sizeA, b, fromB, sizeB, labelled, unlabelled);
  return { labelled, unlabelled };
}

let taken = new Uint8Array(64);
function takenScratch(n: number): Uint8Array {
  if (taken.length < n) taken = new Uint8Array(2 * n);
  taken.fill(0, 0, n);
  return taken;
}

// ---- Overlap: candidate pairs ------------------------------------------------------------------

/**
 * The candidate pairs of the last `overlapEdges` call, as parallel arrays: A's index, B's index,
 * code points shared, same label (1) or not (0).
 */
export const edges = { i: new Int32Array(256), j: new Int32Array(256), overlap: new Float64Array(256), same: new Uint8Array(256), count: 0 };

function growEdges(): void {
  const grow = <T extends Int32Array | Float64Array | Uint8Array>(xs: T): T => {
    const bigger = new (xs.constructor as new (n: number) => T)(xs.length * 2);
    bigger.set(xs);
    return bigger;
  };
  edges.i = grow(edges.i);
  edges.j = grow(edges.j);
  edges.overlap = grow(edges.overlap);
  edges.same = grow(edges.same);
}

let activeA = new Int32Array(64);
let activeB = new Int32Array(64);

/**
 * Every (i, j) whose spans share a code point (and label, when `labelled`), in the order of a
 * sweep over both layers by start, into `edges`; returns their number.
 */
export function overlapEdges(a: SpanColumns, fromA: number, sizeA: number, b: SpanColumns, fromB: number, sizeB: number, labelled: boolean): number {
  const { start: sa, end: ea, label: la } = a;
  const { start: sb, end: eb, label: lb } = b;
  if (activeA.length < sizeA) activeA = new Int32Array(2 * sizeA);
  if (activeB.length < sizeB) activeB = new Int32Array(2 * sizeB);
  // Labels compare by code when both layers use one table (a document's layers do).
  const oneTable = a.labels === b.labels;
  let count = 0;
  // Spans begun so far that may still overlap what comes next, pruned in place.
  let sizeActiveA = 0;
  let sizeActiveB = 0;
  let i = 0;
  let j = 0;
  while (i < sizeA || j < sizeB) {
    if (i < sizeA && (j >= sizeB || sa[fromA + i]! <= sb[fromB + j]!)) {
      const x = fromA + i;
      const start = sa[x]!;
      const endX = ea[x]!;
      let kept = 0;
      for (let r = 0; r < sizeActiveB; r++) {
        const k = activeB[r]!;
        const endY = eb[fromB + k]!;
        if (endY <= start) continue;
        activeB[kept++] = k;
        const overlap = Math.min(endX, endY) - start;
        const same = oneTable ? la[x] === lb[fromB + k] : a.labels[la[x]!] === b.labels[lb[fromB + k]!];
        if (overlap > 0 && (same || !labelled)) {
          if (count === edges.i.length) growEdges();
          edges.i[count] = i;
          edges.j[count] = k;
          edges.overlap[count] = overlap;
          edges.same[count++] = same ? 1 : 0;
        }
      }
      sizeActiveB = kept;
      activeA[sizeActiveA++] = i++;
    } else {
      const y = fromB + j;
      const start = sb[y]!;
      const endY = eb[y]!;
      let kept = 0;
      for (let r = 0; r < sizeActiveA; r++) {
        const k = activeA[r]!;
        const endX = ea[fromA + k]!;
        if (endX <= start) continue;
        activeA[kept++] = k;
        const overlap = Math.min(endY, endX) - start;
        const same = oneTable ? lb[y] === la[fromA + k] : b.labels[lb[y]!] === a.labels[la[fromA + k]!];
        if (overlap > 0 && (same || !labelled)) {
          if (count === edges.i.length) growEdges();
          edges.i[count] = k;
          edges.j[count] = j;
          edges.overlap[count] = overlap;
          edges.same[count++] = same ? 1 : 0;
        }
      }
      sizeActiveA = kept;
      activeB[sizeActiveB++] = j++;
    }
  }
  edges.count = count;
  return count;
}

/** Keeps only the same-label edges, in place and in order (what a labelled sweep would have found); returns their number. */
export function keepSameLabelEdges(count: number): number {
  let kept = 0;
  for (let e = 0; e < count; e++) {
    if (edges.same[e] !== 1) continue;
    if (kept !== e) {
      edges.i[kept] = edges.i[e]!;
      edges.j[kept] = edges.j[e]!;
      edges.overlap[kept] = edges.overlap[e]!;
      edges.same[kept] = 1;
    }
    kept++;
  }
  edges.count = kept;
  return kept;
}

// ---- Overlap: the best matching of the candidate pairs ----------------------------------------

let degreeA = new Int32Array(256);
let degreeB = new Int32Array(256);
/** Union-find parents over A's spans (0..sizeA−1) then B's. */
let parent = new Int32Array(512);
/** Edges not matched at once: their indices, grouped by component (see below). */
let rest = new Int32Array(256);
let grouped = new Int32Array(256);
let componentOf = new Int32Array(256);
let componentStart = new Int32Array(257);
/** Component number of each union-find root (−1: none yet). */
let rootComponent = new Int32Array(512);
/** Row / column of a span in the component being solved (−1 elsewhere: restored after each). */
let rowOf = new Int32Array(256).fill(-1);
let colOf = new Int32Array(256).fill(-1);
let rows = new Int32Array(16);
let cols = new Int32Array(16);
let cost = new Float64Array(64);
/** assignTwoByTwo's answer. */
const twoByTwo = new Int32Array(2);

function find(x: number): number {
  while (parent[x] !== x) {
    const up = parent[parent[x]!]!;
    parent[x] = up;
    x = up;
  }
  return x;
}

/**
 * The one-to-one matching of maximum cardinality, then largest total overlap, then most
 * same-label pairs, among the first `count` edges in `edges`: partner[i] = j or −1.
 *
 * An edge whose two spans have no other edge is matched as it is. The rest split into connected
 * components (usually a span and its one or two counterparts), each solved exactly: one span
 * against several takes the best single pair; anything larger goes to the Hungarian method with
 * lexicographic integer weights (cardinality first, a constant larger than all the rest; then
 * overlap; then same label). Rows and columns are numbered in the order the component's edges
 * first name them, edges in sweep order: the Hungarian method breaks ties by that order.
 */
export function matchEdges(sizeA: number, sizeB: number, count: number): number[] {
  const partner = minusOnes(sizeA);
  if (count === 0) return partner;
  const EI = edges.i;
  const EJ = edges.j;
  if (degreeA.length < sizeA) degreeA = new Int32Array(2 * sizeA);
  if (degreeB.length < sizeB) degreeB = new Int32Array(2 * sizeB);
  degreeA.fill(0, 0, sizeA);
  degreeB.fill(0, 0, sizeB);
  for (let e = 0; e < count; e++) {
    degreeA[EI[e]!]!++;
    degreeB[EJ[e]!]!++;
  }
  if (rest.length < count) {
    rest = new Int32Array(2 * count);
    grouped = new Int32Array(2 * count);
    componentOf = new Int32Array(2 * count);
    componentStart = new Int32Array(2 * count + 1);
  }
  let restCount = 0;
  for (let e = 0; e < count; e++) {
    const i = EI[e]!;
    const j = EJ[e]!;
    if (degreeA[i] === 1 && degreeB[j] === 1) partner[i] = j;
    else rest[restCount++] = e;
  }
  if (restCount === 0) return partner;

  // Connected components of the rest (A's spans 0..sizeA−1, B's from sizeA).
  const nodes = sizeA + sizeB;
  if (parent.length < nodes) {
    parent = new Int32Array(2 * nodes);
    rootComponent = new Int32Array(2 * nodes);
  }
  for (let k = 0; k < restCount; k++) {
    const e = rest[k]!;
    const i = EI[e]!;
    const jNode = sizeA + EJ[e]!;
    parent[i] = i;
    parent[jNode] = jNode;
    rootComponent[i] = -1;
    rootComponent[jNode] = -1;
  }
  for (let k = 0; k < restCount; k++) {
    const e = rest[k]!;
    const ri = find(EI[e]!);
    const rj = find(sizeA + EJ[e]!);
    if (ri !== rj) parent[rj] = ri;
  }
  // Group the edges by component, components numbered in order of their first edge, edges in order.
  let components = 0;
  for (let k = 0; k < restCount; k++) {
    const root = find(EI[rest[k]!]!);
    let c = rootComponent[root]!;
    if (c === -1) {
      c = rootComponent[root] = components++;
      componentStart[c] = 0;
    }
    componentOf[k] = c;
    componentStart[c]!++;
  }
  let total = 0;
  for (let c = 0; c < components; c++) {
    const n = componentStart[c]!;
    componentStart[c] = total;
    total += n;
  }
  componentStart[components] = total;
  // Place each edge, advancing its component's start as a cursor; then each start is where the
  // next component begins, and shifting them back by one restores them.
  for (let k = 0; k < restCount; k++) grouped[componentStart[componentOf[k]!]!++] = rest[k]!;
  for (let c = components; c > 0; c--) componentStart[c] = componentStart[c - 1]!;
  componentStart[0] = 0;

  if (rowOf.length < sizeA) rowOf = new Int32Array(2 * sizeA).fill(-1);
  if (colOf.length < sizeB) colOf = new Int32Array(2 * sizeB).fill(-1);
  for (let c = 0; c < components; c++) solveComponent(componentStart[c]!, componentStart[c + 1]!, partner);
  return partner;
}

/**
 * `assign` of the 2 × 2 matrix in `cost` (components of two spans each are the commonest): of
 * the two assignments the cheaper, which is then the unique optimum `assign` would find. A tie
 * (rare) goes to `assign`, which decides it as the Hungarian method does.
 */
function assignTwoByTwo(): Int32Array {
  const straight = cost[0]! + cost[3]!;
  const crossed = cost[1]! + cost[2]!;
  if (straight === crossed) return assign(cost, 2, 2);
  twoByTwo[0] = straight < crossed ? 0 : 1;
  twoByTwo[1] = straight < crossed ? 1 : 0;
  return twoByTwo;
}

/** The best matching of the edges grouped[from..to), into `partner`. */
function solveComponent(from: number, to: number, partner: number[]): void {
  const EI = edges.i;
  const EJ = edges.j;
  const OV = edges.overlap;
  const SAME = edges.same;
  let nRows = 0;
  let nCols = 0;
  if (rows.length < to - from + 1) {
    rows = new Int32Array(2 * (to - from + 1));
    cols = new Int32Array(2 * (to - from + 1));
  }
  for (let k = from; k < to; k++) {
    const e = grouped[k]!;
    if (rowOf[EI[e]!] === -1) {
      rowOf[EI[e]!] = nRows;
      rows[nRows++] = EI[e]!;
    }
    if (colOf[EJ[e]!] === -1) {
      colOf[EJ[e]!] = nCols;
      cols[nCols++] = EJ[e]!;
    }
  }
  if (nRows === 1 || nCols === 1) {
    // One span against several: the best single pair (largest overlap, then same label, then first).
    let best = grouped[from]!;
    for (let k = from + 1; k < to; k++) {
      const e = grouped[k]!;
      if (OV[e]! > OV[best]! || (OV[e] === OV[best] && SAME[e] === 1 && SAME[best] !== 1)) best = e;
    }
    partner[EI[best]!] = EJ[best]!;
  } else {
    const size = Math.min(nRows, nCols);
    let cardinality = 1;
    for (let k = from; k < to; k++) {
      const e = grouped[k]!;
      cardinality += OV[e]! * (size + 1) + SAME[e]!;
    }
    // Rows of the cost matrix are the smaller side.
    const transpose = nRows > nCols;
    const n = transpose ? nCols : nRows;
    const m = transpose ? nRows : nCols;
    if (cost.length < n * m) cost = new Float64Array(2 * n * m);
    for (let k = 0; k < n * m; k++) cost[k] = 0;
    for (let k = from; k < to; k++) {
      const e = grouped[k]!;
      const r = rowOf[EI[e]!]!;
      const c = colOf[EJ[e]!]!;
      cost[transpose ? c * m + r : r * m + c] = -(cardinality + OV[e]! * (size + 1) + SAME[e]!);
    }
    const assigned = n === 2 && m === 2 ? assignTwoByTwo() : assign(cost, n, m);
    for (let x = 0; x < n; x++) {
      const y = assigned[x]!;
      if (y < 0 || cost[x * m + y] === 0) continue;
      partner[rows[transpose ? y : x]!] = cols[transpose ? x : y]!;
    }
  }
  for (let k = 0; k < nRows; k++) rowOf[rows[k]!] = -1;
  for (let k = 0; k < nCols; k++) colOf[cols[k]!] = -1;
}

// ---- The matchings ------------------------------------------------------------------------------

/** The matching of layer A with layer B under the criterion, as a partner array. */
export function matchColumns(a: SpanColumns, fromA: number, sizeA: number, b: SpanColumns, fromB: number, sizeB: number, criterion: MatchCriterion): number[] {
  const labelled = criterion.labels === 'labelled';
  if (criterion.boundary === 'overlap') return matchEdges(sizeA, sizeB, overlapEdges(a, fromA, sizeA, b, fromB, sizeB, labelled));
  if (labelled) {
    const partner = minusOnes(sizeA);
    matchExact(a, fromA, sizeA, b, fromB, sizeB, partner, null);
    return partner;
  }
  return matchExactBothColumns(a, fromA, sizeA, b, fromB, sizeB).unlabelled;
}

/**
 * Both overlap matchings at once, from one sweep for the pairs of spans that share a code point:
 * what `matchColumns` gives for overlap-labelled and for overlap-unlabelled.
 */
export function matchOverlapBothColumns(a: SpanColumns, fromA: number, sizeA: number, b: SpanColumns, fromB: number, sizeB: number): { labelled: number[]; unlabelled: number[] } {
  const count = overlapEdges(a, fromA, sizeA, b, fromB, sizeB, false);
  const unlabelled = matchEdges(sizeA, sizeB, count);
  return { labelled: matchEdges(sizeA, sizeB, keepSameLabelEdges(count)), unlabelled };
}
