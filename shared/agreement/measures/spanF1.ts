/**
 * Pairwise span F1 (docs/AGREEMENT.md §3; Hripcsak & Rothschild 2005): F1 = 2·TP / (|A| + |B|) over
 * a one-to-one matching. Both layers empty: n/a; one empty: 0. Per label, overall (micro: pooled
 * counts), per document and per corpus, where counts are pooled over documents and never averaged,
 * as a matrix of annotator pairs with its mean.
 */
import { Interner, LabelNumbering, pairNumber } from '../matching/columns';
import { DocumentMatcher } from '../matching/documentMatcher';
import { available, notAvailable } from '../estimate';
import { compareStrings, labelOrder } from '../input/check';
import { matchSpans, type SpanMatching } from '../matching/spanMatching';
import type {
  AgreementDocument,
  CorpusSpanF1,
  DocumentSpanF1,
  F1Counts,
  LabelSpanF1,
  MatchCriterion,
  MeanSpanF1,
  PairSpanF1,
  SpanF1,
  SpanF1Matrix,
  SpanLike,
} from '../types';

export interface SpanF1Options {
  /** Labels always listed per label (the project's schema), in this order; labels seen besides follow, sorted. */
  labels?: readonly string[];
}

/** The F1 of some counts. */
export function spanF1FromCounts(counts: F1Counts, match: MatchCriterion): SpanF1 {
  const base = { coefficient: 'span-f1' as const, unit: 'spans' as const, counts: { ...counts }, match };
  const denominator = counts.spansA + counts.spansB;
  if (denominator === 0) return { ...base, ...notAvailable('no-spans', 'neither annotator marked a span') };
  return { ...base, ...available((2 * counts.truePositives) / denominator) };
}

export interface SpanF1Comparison<S extends SpanLike = SpanLike> {
  match: MatchCriterion;
  overall: SpanF1;
  /** null for unlabelled criteria. */
  byLabel: LabelSpanF1[] | null;
  matching: SpanMatching<S>;
}

/** Span F1 of two layers of one document, with the matching behind it. */
export function spanF1<S extends SpanLike>(a: readonly S[], b: readonly S[], match: MatchCriterion, options: SpanF1Options = {}): SpanF1Comparison<S> {
  const matching = matchSpans(a, b, match);
  const labels = new LabelNumbering();
  const tally = new PairTally();
  tally.addMatching(matching, labels);
  const { overall, byLabel } = tally.results(match, options.labels, labels.names);
  return { match, overall, byLabel, matching };
}

/** Span F1 of every pair of annotators on one document. */
export function documentSpanF1<S extends SpanLike>(
  document: AgreementDocument<S> | DocumentMatcher<S>,
  match: MatchCriterion,
  options: SpanF1Options = {},
): DocumentSpanF1 {
  const acc = new SpanF1Accumulator(match, options);
  acc.add(document);
  return acc.result().byDocument[0]!;
}

/**
 * Corpus span F1, a document at a time (so a caller can show progress, stop, or read files one by
 * one). Each pair's counts are pooled over the documents both annotated.
 */
export class SpanF1Accumulator {
  /** By pair of annotator numbers (`pairNumber`, a's name before b's). */
  private readonly tallies = new Map<number, PairTally>();
  private readonly annotators = new Interner();
  private readonly labels = new LabelNumbering();
  private readonly byDocument: DocumentSpanF1[] = [];
  private documents = 0;

  constructor(
    readonly match: MatchCriterion,
    private readonly options: SpanF1Options & { keepDocuments?: boolean } = {},
  ) {}

  /** Adds one document's matchings to each pair's counts (and keeps its own matrix unless `keepDocuments: false`). */
  add<S extends SpanLike>(document: AgreementDocument<S> | DocumentMatcher<S>): void {
    const matcher = document instanceof DocumentMatcher ? document : new DocumentMatcher(document);
    const R = matcher.annotators.length;
    const ids: number[] = [];
    for (const a of matcher.annotators) ids.push(this.annotators.code(a));
    const ours = this.labels.translate(matcher.columns.labels);
    const local = this.options.keepDocuments === false ? null : new Map<number, PairTally>();
    for (let ra = 0; ra < R; ra++) {
      for (let rb = ra + 1; rb < R; rb++) {
        // The matching as indices: no pair objects are made for counting.
        const partner = matcher.partnersAt(ra, rb, this.match);
        const key = pairNumber(ids[ra]!, ids[rb]!);
        let total = this.tallies.get(key);
        if (!total) this.tallies.set(key, (total = new PairTally()));
        total.add(matcher, ra, rb, partner, this.match, ours);
        if (local) {
          const one = new PairTally();
          one.add(matcher, ra, rb, partner, this.match, ours);
          local.set(key, one);
        }
      }
    }
    this.documents++;
    if (local) this.byDocument.push({ documentId: matcher.documentId, ...this.matrix(matcher.annotators, local) });
  }

  result(): CorpusSpanF1 {
    const annotators = [...this.annotators.names].sort(compareStrings);
    return { documents: this.documents, ...this.matrix(annotators, this.tallies), byDocument: [...this.byDocument] };
  }

  private matrix(annotators: string[], tallies: ReadonlyMap<number, PairTally>): SpanF1Matrix {
    return matrix(annotators, (a, b) => tallies.get(pairNumber(this.annotators.code(a), this.annotators.code(b))), this.match, this.options.labels, this.labels.names);
  }
}

/** Span F1 over a corpus: pooled counts per pair of annotators, their matrix and mean, and each document's. */
export function corpusSpanF1<S extends SpanLike>(
  documents: Iterable<AgreementDocument<S>>,
  match: MatchCriterion,
  options: SpanF1Options = {},
): CorpusSpanF1 {
  const acc = new SpanF1Accumulator(match, options);
  for (const doc of documents) acc.add(doc);
  return acc.result();
}

/** The counts of one pair of annotators, overall and per label, over one or more documents. */
class PairTally {
  documents = 0;
  readonly overall: F1Counts = { truePositives: 0, spansA: 0, spansB: 0 };
  /** By label number (the accumulator's): the label's counts, for labelled criteria. */
  readonly byLabel: (F1Counts | undefined)[] = [];

  /** One document's matching of layers ra and rb of a matcher (partner[i] = j or −1); ours[code] numbers a label code. */
  add(matcher: DocumentMatcher, ra: number, rb: number, partner: readonly number[], criterion: MatchCriterion, ours: Int32Array): void {
    this.documents++;
    const sizeA = matcher.size(ra);
    const sizeB = matcher.size(rb);
    this.overall.truePositives += matcher.matchedAt(ra, rb, criterion);
    this.overall.spansA += sizeA;
    this.overall.spansB += sizeB;
    if (criterion.labels !== 'labelled') return;
    // Per label: every span counts for its annotator; a matched pair (same label) is one TP.
    const label = matcher.columns.label;
    const fromA = matcher.first[ra]!;
    const fromB = matcher.first[rb]!;
    let lastLabel = -1;
    let last: F1Counts | undefined;
    for (let i = 0; i < sizeA; i++) {
      const l = ours[label[fromA + i]!]!;
      const c = l === lastLabel ? last! : (last = this.label((lastLabel = l)));
      c.spansA++;
      if (partner[i]! >= 0) c.truePositives++;
    }
    for (let j = 0; j < sizeB; j++) {
      const l = ours[label[fromB + j]!]!;
      const c = l === lastLabel ? last! : (last = this.label((lastLabel = l)));
      c.spansB++;
    }
  }

  /** A matching of span objects; `labels` numbers their labels. */
  addMatching(matching: SpanMatching, labels: LabelNumbering): void {
    this.documents++;
    const tp = matching.pairs.length;
    this.overall.truePositives += tp;
    this.overall.spansA += tp + matching.unmatchedA.length;
    this.overall.spansB += tp + matching.unmatchedB.length;
    if (matching.criterion.labels !== 'labelled') return;
    for (const p of matching.pairs) {
      const c = this.label(labels.code(p.a.label));
      c.spansA++;
      c.truePositives++;
    }
    for (const s of matching.unmatchedA) this.label(labels.code(s.label)).spansA++;
    for (const p of matching.pairs) this.label(labels.code(p.b.label)).spansB++;
    for (const s of matching.unmatchedB) this.label(labels.code(s.label)).spansB++;
  }

  private label(l: number): F1Counts {
    let c = this.byLabel[l];
    if (!c) {
      while (this.byLabel.length < l) this.byLabel.push(undefined);
      this.byLabel[l] = c = { truePositives: 0, spansA: 0, spansB: 0 };
    }
    return c;
  }

  /** `names[l]` is the label numbered l. */
  results(match: MatchCriterion, labels: readonly string[] | undefined, names: readonly string[]): { overall: SpanF1; byLabel: LabelSpanF1[] | null } {
    const overall = spanF1FromCounts(this.overall, match);
    if (match.labels !== 'labelled') return { overall, byLabel: null };
    const seen = new Map<string, F1Counts>();
    this.byLabel.forEach((c, l) => c && seen.set(names[l]!, c));
    const byLabel = labelOrder(labels, seen.keys()).map((label) => ({
      label,
      ...spanF1FromCounts(seen.get(label) ?? { truePositives: 0, spansA: 0, spansB: 0 }, match),
    }));
    return { overall, byLabel };
  }
}

/** The pair matrix over `annotators` (sorted), its mean and the pooled F1. */
function matrix(
  annotators: string[],
  tallyOf: (a: string, b: string) => PairTally | undefined,
  match: MatchCriterion,
  labels: readonly string[] | undefined,
  names: readonly string[],
): SpanF1Matrix {
  const pairs: PairSpanF1[] = [];
  const pooled: F1Counts = { truePositives: 0, spansA: 0, spansB: 0 };
  annotators.forEach((annotatorA, i) => {
    for (const annotatorB of annotators.slice(i + 1)) {
      const tally = tallyOf(annotatorA, annotatorB);
      if (!tally) {
        const counts = { truePositives: 0, spansA: 0, spansB: 0 };
        const overall: SpanF1 = {
          coefficient: 'span-f1',
          unit: 'spans',
          counts,
          match,
          ...notAvailable('no-shared-documents', 'no document was annotated by both'),
        };
        pairs.push({ annotatorA, annotatorB, documents: 0, overall, byLabel: match.labels === 'labelled' ? [] : null });
        continue;
      }
      pooled.truePositives += tally.overall.truePositives;
      pooled.spansA += tally.overall.spansA;
      pooled.spansB += tally.overall.spansB;
      pairs.push({ annotatorA, annotatorB, documents: tally.documents, ...tally.results(match, labels, names) });
    }
  });
  return { match, annotators, pairs, mean: meanOfPairs(pairs, match), pooled: pooledF1(pooled, pairs.length, match) };
}

function meanOfPairs(pairs: readonly PairSpanF1[], match: MatchCriterion): MeanSpanF1 {
  let sum = 0;
  let defined = 0;
  for (const p of pairs) {
    if (p.overall.value === null) continue;
    sum += p.overall.value;
    defined++;
  }
  const base = { coefficient: 'mean-span-f1' as const, unit: 'spans' as const, counts: { pairs: pairs.length, pairsWithValue: defined }, match };
  if (pairs.length === 0) return { ...base, ...notAvailable('too-few-annotators', 'fewer than two annotators') };
  if (defined === 0) return { ...base, ...notAvailable('no-defined-pairs', 'no pair of annotators has an F1 value') };
  return { ...base, ...available(sum / defined) };
}

function pooledF1(counts: F1Counts, pairs: number, match: MatchCriterion): SpanF1 {
  if (pairs > 0) return spanF1FromCounts(counts, match);
  return { coefficient: 'span-f1', unit: 'spans', counts, match, ...notAvailable('too-few-annotators', 'fewer than two annotators') };
}
