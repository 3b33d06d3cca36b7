/**
 * Pairwise span F1 (AGREEMENT.md §1; Hripcsak & Rothschild 2005): F1 = 2·TP / (|A| + |B|) over
 * a one-to-one matching. Both layers empty: n/a; one empty: 0. Per label, overall (micro: pooled
 * counts), per document and per corpus, where counts are pooled over documents and never averaged,
 * as a matrix of annotator pairs with its mean.
 */
import { DocumentMatcher } from './documentMatcher';
import { available, notAvailable } from './estimate';
import { compareStrings, labelOrder } from './input';
import { matchSpans, type SpanMatching } from './spanMatching';
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
} from './types';

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
  const tally = new PairTally();
  tally.addMatching(matching);
  const { overall, byLabel } = tally.results(match, options.labels);
  return { match, overall, byLabel, matching };
}

/** Span F1 of every pair of annotators on one document. */
export function documentSpanF1<S extends SpanLike>(
  document: AgreementDocument<S> | DocumentMatcher<S>,
  match: MatchCriterion,
  options: SpanF1Options = {},
): DocumentSpanF1 {
  const matcher = document instanceof DocumentMatcher ? document : new DocumentMatcher(document);
  const tallies = new Map<string, PairTally>();
  for (const [a, b] of matcher.pairs()) {
    const tally = new PairTally();
    tally.add(matcher.spans(a), matcher.spans(b), matcher.partners(a, b, match), match);
    tallies.set(pairKey(a, b), tally);
  }
  return { documentId: matcher.documentId, ...matrix(matcher.annotators, tallies, match, options.labels) };
}

/**
 * Corpus span F1, a document at a time (so a caller can show progress, stop, or read files one by
 * one). Each pair's counts are pooled over the documents both annotated.
 */
export class SpanF1Accumulator {
  private readonly tallies = new Map<string, PairTally>();
  private readonly annotators = new Set<string>();
  private readonly byDocument: DocumentSpanF1[] = [];
  private documents = 0;

  constructor(
    readonly match: MatchCriterion,
    private readonly options: SpanF1Options & { keepDocuments?: boolean } = {},
  ) {}

  /** Adds one document's matchings to each pair's counts (and keeps its own matrix unless `keepDocuments: false`). */
  add<S extends SpanLike>(document: AgreementDocument<S> | DocumentMatcher<S>): void {
    const matcher = document instanceof DocumentMatcher ? document : new DocumentMatcher(document);
    for (const a of matcher.annotators) this.annotators.add(a);
    const local = this.options.keepDocuments === false ? null : new Map<string, PairTally>();
    for (const [a, b] of matcher.pairs()) {
      // The matching as indices: no pair objects are made for counting.
      const spansA = matcher.spans(a);
      const spansB = matcher.spans(b);
      const partner = matcher.partners(a, b, this.match);
      const key = pairKey(a, b);
      let total = this.tallies.get(key);
      if (!total) this.tallies.set(key, (total = new PairTally()));
      total.add(spansA, spansB, partner, this.match);
      if (local) {
        const one = new PairTally();
        one.add(spansA, spansB, partner, this.match);
        local.set(key, one);
      }
    }
    this.documents++;
    if (local) this.byDocument.push({ documentId: matcher.documentId, ...matrix(matcher.annotators, local, this.match, this.options.labels) });
  }

  result(): CorpusSpanF1 {
    const annotators = [...this.annotators].sort(compareStrings);
    return {
      documents: this.documents,
      ...matrix(annotators, this.tallies, this.match, this.options.labels),
      byDocument: [...this.byDocument],
    };
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

/** Key of an unordered pair, a before b. */
function pairKey(a: string, b: string): string {
  return `${a}\u0000${b}`;
}

/** The counts of one pair of annotators, overall and per label, over one or more documents. */
class PairTally {
  documents = 0;
  readonly overall: F1Counts = { truePositives: 0, spansA: 0, spansB: 0 };
  readonly byLabel = new Map<string, F1Counts>();

  addMatching(matching: SpanMatching): void {
    const partner: number[] = [];
    const a = [...matching.pairs.map((p) => p.a), ...matching.unmatchedA];
    const b = [...matching.pairs.map((p) => p.b), ...matching.unmatchedB];
    matching.pairs.forEach((_, k) => (partner[k] = k));
    for (let k = matching.pairs.length; k < a.length; k++) partner[k] = -1;
    this.add(a, b, partner, matching.criterion);
  }

  /** One document's matching of a's spans with b's, as `partner[i]` = index in b of a[i]'s match, or −1. */
  add(a: readonly SpanLike[], b: readonly SpanLike[], partner: readonly number[], criterion: MatchCriterion): void {
    this.documents++;
    let tp = 0;
    for (let i = 0; i < partner.length; i++) if (partner[i]! >= 0) tp++;
    this.overall.truePositives += tp;
    this.overall.spansA += a.length;
    this.overall.spansB += b.length;
    if (criterion.labels !== 'labelled') return;
    // Per label: every span counts for its annotator; a matched pair (same label) is one TP.
    let last: F1Counts | undefined;
    let lastLabel: string | undefined;
    for (let i = 0; i < a.length; i++) {
      const label = a[i]!.label;
      const c = label === lastLabel ? last! : (last = this.label((lastLabel = label)));
      c.spansA++;
      if (partner[i]! >= 0) c.truePositives++;
    }
    for (let j = 0; j < b.length; j++) {
      const label = b[j]!.label;
      const c = label === lastLabel ? last! : (last = this.label((lastLabel = label)));
      c.spansB++;
    }
  }

  private label(label: string): F1Counts {
    let c = this.byLabel.get(label);
    if (!c) this.byLabel.set(label, (c = { truePositives: 0, spansA: 0, spansB: 0 }));
    return c;
  }

  results(match: MatchCriterion, labels: readonly string[] | undefined): { overall: SpanF1; byLabel: LabelSpanF1[] | null } {
    const overall = spanF1FromCounts(this.overall, match);
    if (match.labels !== 'labelled') return { overall, byLabel: null };
    const byLabel = labelOrder(labels, this.byLabel.keys()).map((label) => ({
      label,
      ...spanF1FromCounts(this.byLabel.get(label) ?? { truePositives: 0, spansA: 0, spansB: 0 }, match),
    }));
    return { overall, byLabel };
  }
}

/** The pair matrix over `annotators` (sorted), its mean and the pooled F1. */
function matrix(annotators: string[], tallies: ReadonlyMap<string, PairTally>, match: MatchCriterion, labels: readonly string[] | undefined): SpanF1Matrix {
  const pairs: PairSpanF1[] = [];
  const pooled: F1Counts = { truePositives: 0, spansA: 0, spansB: 0 };
  annotators.forEach((annotatorA, i) => {
    for (const annotatorB of annotators.slice(i + 1)) {
      const tally = tallies.get(pairKey(annotatorA, annotatorB));
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
      pairs.push({ annotatorA, annotatorB, documents: tally.documents, ...tally.results(match, labels) });
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
