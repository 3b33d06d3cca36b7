/**
 * The label-confusion matrix (AGREEMENT.md §1): spans matched by unlabelled overlap, counted by
 * the label each annotator gave. Off the diagonal are the mix-ups (a claim one annotator saw as a
 * denial); the unmatched counts are what only one annotator marked.
 */
import { DocumentMatcher } from './documentMatcher';
import { compareStrings, labelOrder } from './input';
import { matchSpans, type SpanMatching } from './spanMatching';
import type { AgreementDocument, CorpusLabelConfusion, LabelConfusion, MatchCriterion, PairLabelConfusion, SpanLike } from './types';

/** The matching the confusion matrix is built on. */
export const CONFUSION_CRITERION: MatchCriterion = { boundary: 'overlap', labels: 'unlabelled' };

export interface ConfusionOptions {
  /** Labels always listed (the project's schema), in this order; labels seen besides follow, sorted. */
  labels?: readonly string[];
}

/** The confusion matrix of two layers of one document. */
export function labelConfusion(a: readonly SpanLike[], b: readonly SpanLike[], options: ConfusionOptions = {}): LabelConfusion {
  const tally = new ConfusionTally();
  tally.add(matchSpans(a, b, CONFUSION_CRITERION));
  return tally.result(options.labels);
}

/** Confusion per pair of annotators over a corpus, a document at a time. */
export class LabelConfusionAccumulator {
  private readonly tallies = new Map<string, ConfusionTally>();
  private readonly annotators = new Set<string>();

  constructor(private readonly options: ConfusionOptions = {}) {}

  add<S extends SpanLike>(document: AgreementDocument<S> | DocumentMatcher<S>): void {
    const matcher = document instanceof DocumentMatcher ? document : new DocumentMatcher(document);
    for (const a of matcher.annotators) this.annotators.add(a);
    for (const [a, b] of matcher.pairs()) {
      const key = `${a}\u0000${b}`;
      let tally = this.tallies.get(key);
      if (!tally) this.tallies.set(key, (tally = new ConfusionTally()));
      tally.addPartners(matcher.spans(a), matcher.spans(b), matcher.partners(a, b, CONFUSION_CRITERION));
    }
  }

  result(): CorpusLabelConfusion {
    const annotators = [...this.annotators].sort(compareStrings);
    const pooledTally = new ConfusionTally();
    const seen = new Set<string>();
    for (const t of this.tallies.values()) {
      pooledTally.merge(t);
      for (const l of t.labels()) seen.add(l);
    }
    const labels = labelOrder(this.options.labels, seen);
    const pairs: PairLabelConfusion[] = [];
    annotators.forEach((annotatorA, i) => {
      for (const annotatorB of annotators.slice(i + 1)) {
        const tally = this.tallies.get(`${annotatorA}\u0000${annotatorB}`);
        if (tally) pairs.push({ annotatorA, annotatorB, documents: tally.documents, ...tally.result(labels) });
      }
    });
    return { annotators, pairs, pooled: pooledTally.result(labels) };
  }
}

export function corpusLabelConfusion<S extends SpanLike>(documents: Iterable<AgreementDocument<S>>, options: ConfusionOptions = {}): CorpusLabelConfusion {
  const acc = new LabelConfusionAccumulator(options);
  for (const doc of documents) acc.add(doc);
  return acc.result();
}

class ConfusionTally {
  documents = 0;
  /** matched.get(labelA).get(labelB) = matched pairs. */
  private readonly matched = new Map<string, Map<string, number>>();
  private readonly unmatchedA = new Map<string, number>();
  private readonly unmatchedB = new Map<string, number>();

  add(matching: SpanMatching): void {
    this.documents++;
    for (const p of matching.pairs) bump(this.row(p.a.label), p.b.label, 1);
    for (const s of matching.unmatchedA) bump(this.unmatchedA, s.label, 1);
    for (const s of matching.unmatchedB) bump(this.unmatchedB, s.label, 1);
  }

  /** The same as `add`, from the matching as indices (no pair objects made): partner[i] = index in b of a[i]'s match, or −1. */
  addPartners(a: readonly SpanLike[], b: readonly SpanLike[], partner: readonly number[]): void {
    this.documents++;
    const takenB = new Array<boolean>(b.length).fill(false);
    for (let i = 0; i < a.length; i++) {
      const j = partner[i]!;
      if (j < 0) {
        bump(this.unmatchedA, a[i]!.label, 1);
        continue;
      }
      takenB[j] = true;
      bump(this.row(a[i]!.label), b[j]!.label, 1);
    }
    for (let j = 0; j < b.length; j++) if (!takenB[j]) bump(this.unmatchedB, b[j]!.label, 1);
  }

  merge(other: ConfusionTally): void {
    this.documents += other.documents;
    for (const [la, cells] of other.matched) {
      const row = this.row(la);
      for (const [lb, n] of cells) bump(row, lb, n);
    }
    for (const [k, n] of other.unmatchedA) bump(this.unmatchedA, k, n);
    for (const [k, n] of other.unmatchedB) bump(this.unmatchedB, k, n);
  }

  private row(label: string): Map<string, number> {
    let row = this.matched.get(label);
    if (!row) this.matched.set(label, (row = new Map()));
    return row;
  }

  *labels(): Iterable<string> {
    for (const [la, cells] of this.matched) {
      yield la;
      yield* cells.keys();
    }
    yield* this.unmatchedA.keys();
    yield* this.unmatchedB.keys();
  }

  /** With `labels` given as a complete list, or the given ones extended by those seen. */
  result(given: readonly string[] | undefined): LabelConfusion {
    const labels = labelOrder(given, this.labels());
    const index = new Map(labels.map((l, i) => [l, i]));
    const matched = labels.map(() => labels.map(() => 0));
    let pairs = 0;
    let sameLabel = 0;
    for (const [la, cells] of this.matched) {
      const row = matched[index.get(la)!]!;
      for (const [lb, n] of cells) {
        row[index.get(lb)!] = n;
        pairs += n;
        if (la === lb) sameLabel += n;
      }
    }
    const unmatchedA = labels.map((l) => this.unmatchedA.get(l) ?? 0);
    const unmatchedB = labels.map((l) => this.unmatchedB.get(l) ?? 0);
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    return {
      labels,
      matched,
      unmatchedA,
      unmatchedB,
      counts: { pairs, sameLabel, differentLabel: pairs - sameLabel, spansA: pairs + sum(unmatchedA), spansB: pairs + sum(unmatchedB) },
    };
  }
}

function bump(map: Map<string, number>, key: string, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}
