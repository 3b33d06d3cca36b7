/**
 * Agreement on the labels of span positions (AGREEMENT.md §3). A position is a place where one
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
import { DocumentMatcher } from './documentMatcher';
import { notAvailable } from './estimate';
import { compareStrings, labelOrder } from './input';
import { overlapLength } from './spanMatching';
import { NominalAlphaAccumulator } from './nominalAlpha';
import { NO_ANNOTATION, type AgreementDocument, type PairCohenKappa, type SpanLike, type SpanPositionAgreement } from './types';
import { UnionFind } from './unionFind';

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
  const annotators = matcher.annotators;
  // Nodes: every span of every annotator, layer after layer; owner[node] = annotator index.
  const nodes: S[] = [];
  const owner: number[] = [];
  const first: number[] = [];
  annotators.forEach((a, r) => {
    first.push(nodes.length);
    for (const span of matcher.spans(a)) {
      nodes.push(span);
      owner.push(r);
    }
  });

  const edges: Edge[] = [];
  for (let r = 0; r < annotators.length; r++) {
    for (let t = r + 1; t < annotators.length; t++) {
      const partner = matcher.partners(annotators[r]!, annotators[t]!, CONFUSION_CRITERION);
      for (let i = 0; i < partner.length; i++) {
        const j = partner[i]!;
        if (j < 0) continue;
        const x = first[r]! + i;
        const y = first[t]! + j;
        edges.push({ x, y, overlap: overlapLength(nodes[x]!, nodes[y]!) });
      }
    }
  }
  // Join along the matched pairs, never putting two spans of one annotator in one cluster. Where a
  // connected component of the matched pairs holds no two spans of one annotator, it is the
  // cluster; elsewhere the pairs are joined strongest overlap first (a stable sort, so ties keep
  // pair-then-document order) and a pair that would break the rule is left apart and counted.
  const { sets, conflicts } = cluster(edges, owner, annotators.length);

  const byRoot: (SpanPosition<S> | undefined)[] = new Array(nodes.length);
  const positions: SpanPosition<S>[] = [];
  for (let k = 0; k < nodes.length; k++) {
    const root = sets.find(k);
    let position = byRoot[root];
    if (!position) {
      position = { spans: new Array<S | null>(annotators.length).fill(null) };
      byRoot[root] = position;
      positions.push(position);
    }
    position.spans[owner[k]!] = nodes[k]!;
  }
  return { documentId: matcher.documentId, annotators, positions, conflicts };
}

interface Edge {
  x: number;
  y: number;
  overlap: number;
}

/** The clusters (as disjoint sets of span nodes) and the number of matched pairs left apart. */
function cluster(edges: readonly Edge[], owner: readonly number[], annotators: number): { sets: UnionFind; conflicts: number } {
  const sets = new UnionFind(owner.length);
  const components = new UnionFind(owner.length);
  for (const e of edges) components.union(e.x, e.y);
  // Components holding two spans of one annotator need care; the others are clusters as they are.
  const seen = new Array<boolean>(owner.length * annotators).fill(false);
  const crowded = new Array<boolean>(owner.length).fill(false);
  let anyCrowded = false;
  for (let k = 0; k < owner.length; k++) {
    const root = components.find(k);
    const key = root * annotators + owner[k]!;
    if (seen[key]) crowded[root] = anyCrowded = true;
    else seen[key] = true;
  }
  const careful: Edge[] = [];
  for (const e of edges) {
    if (anyCrowded && crowded[components.find(e.x)]) careful.push(e);
    else sets.union(e.x, e.y);
  }
  if (careful.length === 0) return { sets, conflicts: 0 };

  careful.sort((e, f) => f.overlap - e.overlap);
  // members[root]: the annotators (indices) whose spans the cluster holds.
  const members = new Map<number, number[]>();
  const membersOf = (root: number): number[] => {
    let list = members.get(root);
    if (!list) members.set(root, (list = [owner[root]!]));
    return list;
  };
  let conflicts = 0;
  for (const e of careful) {
    const rx = sets.find(e.x);
    const ry = sets.find(e.y);
    if (rx === ry) continue;
    const mx = membersOf(rx);
    const my = membersOf(ry);
    if (my.some((r) => mx.includes(r))) {
      conflicts++;
      continue;
    }
    sets.union(rx, ry);
    for (const r of my) mx.push(r);
  }
  return { sets, conflicts };
}

/** One pair's contingency counts: cells.get(labelA).get(labelB) = matched pairs. */
interface PairCells {
  documents: number;
  cells: Map<string, Map<string, number>>;
  excludedA: number;
  excludedB: number;
}

/** α on positions and κ per pair over a corpus, a document at a time. */
export class SpanPositionAccumulator {
  private readonly missing = new NominalAlphaAccumulator();
  private readonly category = new NominalAlphaAccumulator();
  private readonly pairs = new Map<string, PairCells>();
  private readonly annotators = new Set<string>();
  private documents = 0;
  private positions = 0;
  private conflicts = 0;

  constructor(private readonly options: SpanPositionOptions = {}) {}

  add<S extends SpanLike>(document: AgreementDocument<S> | DocumentMatcher<S>): DocumentSpanPositions<S> {
    const matcher = document instanceof DocumentMatcher ? document : new DocumentMatcher(document);
    const found = spanPositions(matcher);
    this.documents++;
    this.positions += found.positions.length;
    this.conflicts += found.conflicts;
    for (const a of matcher.annotators) this.annotators.add(a);
    // One pair of arrays for every position's values (DocumentMatcher has refused the label NO_ANNOTATION).
    const labels: (string | null)[] = new Array<string | null>(matcher.annotators.length);
    const withNone: string[] = new Array<string>(matcher.annotators.length);
    for (const p of found.positions) {
      for (let r = 0; r < p.spans.length; r++) {
        const label = p.spans[r]?.label ?? null;
        labels[r] = label;
        withNone[r] = label ?? NO_ANNOTATION;
      }
      this.missing.addUnit(labels);
      this.category.addUnit(withNone);
    }
    for (const [a, b] of matcher.pairs()) {
      const key = `${a}\u0000${b}`;
      let pair = this.pairs.get(key);
      if (!pair) this.pairs.set(key, (pair = { documents: 0, cells: new Map(), excludedA: 0, excludedB: 0 }));
      const spansA = matcher.spans(a);
      const spansB = matcher.spans(b);
      const partner = matcher.partners(a, b, CONFUSION_CRITERION);
      pair.documents++;
      let matched = 0;
      for (let i = 0; i < partner.length; i++) {
        const j = partner[i]!;
        if (j < 0) continue;
        matched++;
        const la = spansA[i]!.label;
        const lb = spansB[j]!.label;
        let row = pair.cells.get(la);
        if (!row) pair.cells.set(la, (row = new Map()));
        row.set(lb, (row.get(lb) ?? 0) + 1);
      }
      pair.excludedA += spansA.length - matched;
      pair.excludedB += spansB.length - matched;
    }
    return found;
  }

  result(): SpanPositionAgreement {
    const annotators = [...this.annotators].sort(compareStrings);
    const kappa: PairCohenKappa[] = [];
    annotators.forEach((annotatorA, i) => {
      for (const annotatorB of annotators.slice(i + 1)) {
        const pair: PairCells = this.pairs.get(`${annotatorA}\u0000${annotatorB}`) ?? { documents: 0, cells: new Map(), excludedA: 0, excludedB: 0 };
        const seen: string[] = [];
        for (const [la, row] of pair.cells) seen.push(la, ...row.keys());
        const categories = labelOrder(this.options.labels, seen);
        const index = new Map(categories.map((c, k) => [c, k]));
        const table = categories.map(() => categories.map(() => 0));
        for (const [la, cells] of pair.cells) {
          const row = table[index.get(la)!]!;
          for (const [lb, count] of cells) row[index.get(lb)!] = count;
        }
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

/** α (twice) and pairwise κ on the span positions of a corpus (or of one document). */
export function spanPositionAgreement<S extends SpanLike>(documents: Iterable<AgreementDocument<S>>, options: SpanPositionOptions = {}): SpanPositionAgreement {
  const acc = new SpanPositionAccumulator(options);
  for (const doc of documents) acc.add(doc);
  return acc.result();
}
