/**
 * Agreement on the labels of span positions (docs/AGREEMENT.md §6). A position is a place where one
 * or more annotators marked a span, found by the unlabelled overlap matching:
 *
 * - Two annotators: each matched pair is a position, and so is each unmatched span.
 * - More: the pairwise matchings are joined into clusters, strongest overlap first, never putting
 *   two spans of one annotator in one cluster (a matched pair that would is counted as a conflict
 *   and left apart). With two annotators this is exactly the pairwise matching.
 *
 * Krippendorff's α (nominal) is reported twice over these positions: with "no annotation" as a
 * missing value (do they agree on the label of what they both marked?) and as a category of its
 * own (detection counts too). An annotator without a layer on a document is missing there either
 * way. Cohen's κ is pairwise only, on positions both marked, with the others counted as excluded.
 * Over a corpus, positions of all documents pool into one coincidence matrix / contingency table.
 */
import { cohenKappa } from './cohenKappa';
import { CONFUSION_CRITERION } from './confusion';
import { Interner, LabelNumbering, pairNumber } from '../matching/columns';
import { DocumentMatcher } from '../matching/documentMatcher';
import { notAvailable } from '../estimate';
import { compareStrings, labelOrder } from '../input/check';
import { NominalAlphaAccumulator } from './nominalAlpha';
import { NO_ANNOTATION, type AgreementDocument, type PairCohenKappa, type SpanLike, type SpanPositionAgreement } from '../types';
import { UnionFind } from '../matching/unionFind';

export interface SpanPositionOptions {
  /** Labels always listed as κ categories (the project's schema), in this order; others seen follow, sorted. */
  labels?: readonly string[];
}

/** One position: each annotator's span there (by `annotators` index), or null. */
export interface SpanPosition<S extends SpanLike = SpanLike> {
  spans: (S | null)[];
}

export interface DocumentSpanPositions<S extends SpanLike = SpanLike> {
  documentId: string;
  annotators: string[];
  positions: SpanPosition<S>[];
  conflicts: number;
}

/** The positions of one document: clusters of spans joined by the pairwise unlabelled overlap matchings. */
export function spanPositions<S extends SpanLike>(document: AgreementDocument<S> | DocumentMatcher<S>): DocumentSpanPositions<S> {
  const matcher = document instanceof DocumentMatcher ? document : new DocumentMatcher(document);
  const R = matcher.annotators.length;
  const found = positionIndex(matcher);
  const positions: SpanPosition<S>[] = [];
  for (let p = 0; p < found.count; p++) {
    const spans = new Array<S | null>(R).fill(null);
    for (let r = 0; r < R; r++) {
      const i = found.span[p * R + r]!;
      if (i >= 0) spans[r] = matcher.spansAt(r)[i]!;
    }
    positions.push({ spans });
  }
  return { documentId: matcher.documentId, annotators: matcher.annotators, positions, conflicts: found.conflicts };
}

/**
 * The positions of a document as span indices: position p holds, for layer r, span[p · R + r]
 * (its index in document order, or −1), positions in the order of their first span (layer by
 * layer, in document order). `span` is reused by the next call.
 */
interface PositionIndex {
  count: number;
  span: Int32Array;
  conflicts: number;
}

/**
 * Nodes are every span of every layer, layer after layer (node = column position − first[0]);
 * edges the matched pairs of the unlabelled overlap matchings, pair by pair and in document order.
 */
function positionIndex(matcher: DocumentMatcher): PositionIndex {
  const R = matcher.annotators.length;
  const base = matcher.first[0]!;
  const nodes = matcher.first[R]! - base;
  if (owner.length < nodes) {
    owner = new Int32Array(2 * nodes);
    positionOf = new Int32Array(2 * nodes);
  }
  for (let r = 0; r < R; r++) owner.fill(r, matcher.first[r]! - base, matcher.first[r + 1]! - base);
  const { start, end } = matcher.columns;
  let count = 0;
  for (let r = 0; r < R; r++) {
    for (let t = r + 1; t < R; t++) {
      const partner = matcher.partnersAt(r, t, CONFUSION_CRITERION);
      for (let i = 0; i < partner.length; i++) {
        const j = partner[i]!;
        if (j < 0) continue;
        const x = matcher.first[r]! + i;
        const y = matcher.first[t]! + j;
        if (count === edgeX.length) growEdges();
        edgeX[count] = x - base;
        edgeY[count] = y - base;
        edgeOverlap[count++] = Math.max(0, Math.min(end[x]!, end[y]!) - Math.max(start[x]!, start[y]!));
      }
    }
  }
  // Join along the matched pairs, never putting two spans of one annotator in one cluster. Where a
  // connected component of the matched pairs holds no two spans of one annotator, it is the
  // cluster; elsewhere the pairs are joined strongest overlap first (a stable sort, so ties keep
  // pair-then-document order) and a pair that would break the rule is left apart and counted.
  const { sets, conflicts } = cluster(count, nodes, R);

  if (span.length < nodes * R) span = new Int32Array(2 * nodes * R);
  positionOf.fill(-1, 0, nodes);
  let positions = 0;
  for (let k = 0; k < nodes; k++) {
    const root = sets.find(k);
    let p = positionOf[root]!;
    if (p === -1) {
      p = positionOf[root] = positions++;
      span.fill(-1, p * R, p * R + R);
    }
    const r = owner[k]!;
    span[p * R + r] = base + k - matcher.first[r]!;
  }
  return { count: positions, span, conflicts };
}

/** Working space of positionIndex and cluster, grown as needed (the work is synchronous). */
let owner = new Int32Array(256);
let positionOf = new Int32Array(256);
let span = new Int32Array(1024);
let edgeX = new Int32Array(256);
let edgeY = new Int32Array(256);
let edgeOverlap = new Float64Array(256);
let seen = new Uint8Array(1024);
let crowded = new Uint8Array(256);

function growEdges(): void {
  const x = new Int32Array(2 * edgeX.length);
  const y = new Int32Array(2 * edgeY.length);
  const o = new Float64Array(2 * edgeOverlap.length);
  x.set(edgeX);
  y.set(edgeY);
  o.set(edgeOverlap);
  edgeX = x;
  edgeY = y;
  edgeOverlap = o;
}

/** The clusters (as disjoint sets of the nodes) and the number of matched pairs left apart, from the `count` edges in edgeX/edgeY/edgeOverlap. */
function cluster(count: number, nodes: number, annotators: number): { sets: UnionFind; conflicts: number } {
  const sets = new UnionFind(nodes);
  const components = new UnionFind(nodes);
  for (let e = 0; e < count; e++) components.union(edgeX[e]!, edgeY[e]!);
  // Components holding two spans of one annotator need care; the others are clusters as they are.
  if (seen.length < nodes * annotators) seen = new Uint8Array(2 * nodes * annotators);
  if (crowded.length < nodes) crowded = new Uint8Array(2 * nodes);
  seen.fill(0, 0, nodes * annotators);
  crowded.fill(0, 0, nodes);
  let anyCrowded = false;
  for (let k = 0; k < nodes; k++) {
    const key = components.find(k) * annotators + owner[k]!;
    if (seen[key]) crowded[components.find(k)] = 1;
    else seen[key] = 1;
  }
  for (let k = 0; k < nodes; k++) if (crowded[k]) anyCrowded = true;
  const careful: number[] = [];
  for (let e = 0; e < count; e++) {
    if (anyCrowded && crowded[components.find(edgeX[e]!)]) careful.push(e);
    else sets.union(edgeX[e]!, edgeY[e]!);
  }
  if (careful.length === 0) return { sets, conflicts: 0 };

  careful.sort((e, f) => edgeOverlap[f]! - edgeOverlap[e]!);
  // members[root]: the annotators (indices) whose spans the cluster holds.
  const members = new Map<number, number[]>();
  let conflicts = 0;
  for (const e of careful) {
    const rx = sets.find(edgeX[e]!);
    const ry = sets.find(edgeY[e]!);
    if (rx === ry) continue;
    const mx = membersOf(members, rx);
    const my = membersOf(members, ry);
    if (my.some((r) => mx.includes(r))) {
      conflicts++;
      continue;
    }
    sets.union(rx, ry);
    for (const r of my) mx.push(r);
  }
  return { sets, conflicts };
}

function membersOf(members: Map<number, number[]>, root: number): number[] {
  let list = members.get(root);
  if (!list) members.set(root, (list = [owner[root]!]));
  return list;
}

/** One pair's contingency counts: cells[labelA][labelB] = matched pairs, labels by the accumulator's numbers. */
interface PairCells {
  documents: number;
  cells: number[][];
  excludedA: number;
  excludedB: number;
}

/** α on positions and κ per pair over a corpus, a document at a time. */
export class SpanPositionAccumulator {
  private readonly missing = new NominalAlphaAccumulator();
  private readonly category = new NominalAlphaAccumulator();
  /** By pair of annotator numbers (`pairNumber`, a's name before b's). */
  private readonly pairs = new Map<number, PairCells>();
  private readonly annotators = new Interner();
  private readonly labels = new LabelNumbering();
  private documents = 0;
  private positions = 0;
  private conflicts = 0;

  constructor(private readonly options: SpanPositionOptions = {}) {}

  add<S extends SpanLike>(document: AgreementDocument<S> | DocumentMatcher<S>): void {
    const matcher = document instanceof DocumentMatcher ? document : new DocumentMatcher(document);
    const R = matcher.annotators.length;
    const found = positionIndex(matcher);
    this.documents++;
    this.positions += found.count;
    this.conflicts += found.conflicts;
    const ids: number[] = [];
    for (const a of matcher.annotators) ids.push(this.annotators.code(a));
    // Each position's values: the label codes of its spans (−1: none; DocumentMatcher has refused the label NO_ANNOTATION).
    const { label, labels } = matcher.columns;
    if (values.length < R) values = new Int32Array(2 * R);
    for (let p = 0; p < found.count; p++) {
      for (let r = 0; r < R; r++) {
        const i = found.span[p * R + r]!;
        values[r] = i < 0 ? -1 : label[matcher.first[r]! + i]!;
      }
      this.missing.addCodes(values, 0, R, labels);
      this.category.addCodes(values, 0, R, labels, NO_ANNOTATION);
    }
    const ours = this.labels.translate(labels);
    for (let ra = 0; ra < R; ra++) {
      for (let rb = ra + 1; rb < R; rb++) {
        const key = pairNumber(ids[ra]!, ids[rb]!);
        let pair = this.pairs.get(key);
        if (!pair) this.pairs.set(key, (pair = { documents: 0, cells: [], excludedA: 0, excludedB: 0 }));
        const fromA = matcher.first[ra]!;
        const fromB = matcher.first[rb]!;
        const partner = matcher.partnersAt(ra, rb, CONFUSION_CRITERION);
        pair.documents++;
        let matched = 0;
        for (let i = 0; i < partner.length; i++) {
          const j = partner[i]!;
          if (j < 0) continue;
          matched++;
          const la = ours[label[fromA + i]!]!;
          const lb = ours[label[fromB + j]!]!;
          const row = (pair.cells[la] ??= []);
          row[lb] = (row[lb] ?? 0) + 1;
        }
        pair.excludedA += matcher.size(ra) - matched;
        pair.excludedB += matcher.size(rb) - matched;
      }
    }
  }

  result(): SpanPositionAgreement {
    const names = this.labels.names;
    const annotators = [...this.annotators.names].sort(compareStrings);
    const kappa: PairCohenKappa[] = [];
    annotators.forEach((annotatorA, i) => {
      for (const annotatorB of annotators.slice(i + 1)) {
        const pair: PairCells = this.pairs.get(pairNumber(this.annotators.code(annotatorA), this.annotators.code(annotatorB))) ?? { documents: 0, cells: [], excludedA: 0, excludedB: 0 };
        const seen: string[] = [];
        pair.cells.forEach((row, la) => {
          if (!row) return;
          seen.push(names[la]!);
          row.forEach((n, lb) => n && seen.push(names[lb]!));
        });
        const categories = labelOrder(this.options.labels, seen);
        const number = new Map(names.map((l, k) => [l, k]));
        const table = categories.map((ca) => categories.map((cb) => pair.cells[number.get(ca) ?? -1]?.[number.get(cb) ?? -1] ?? 0));
        const excluded = pair.excludedA + pair.excludedB;
        const k = cohenKappa(table, { categories, unit: 'matched spans', excluded });
        const result: PairCohenKappa = { ...k, annotatorA, annotatorB, documents: pair.documents, excludedA: pair.excludedA, excludedB: pair.excludedB };
        kappa.push(pair.documents === 0 ? { ...result, ...notAvailable('no-shared-documents', 'no document was annotated by both') } : result);
      }
    });
    return {
      annotators,
      noneAsMissing: this.missing.result('matched spans'),
      noneAsCategory: this.category.result('matched spans'),
      kappa,
      counts: { documents: this.documents, positions: this.positions, conflicts: this.conflicts },
    };
  }
}

/** A position's values (reused). */
let values = new Int32Array(8);

/** α (twice) and pairwise κ on the span positions of a corpus (or of one document). */
export function spanPositionAgreement<S extends SpanLike>(documents: Iterable<AgreementDocument<S>>, options: SpanPositionOptions = {}): SpanPositionAgreement {
  const acc = new SpanPositionAccumulator(options);
  for (const doc of documents) acc.add(doc);
  return acc.result();
}
