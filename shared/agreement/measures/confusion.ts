/**
 * The label-confusion matrix (docs/AGREEMENT.md §4): spans matched by unlabelled overlap, counted by
 * the label each annotator gave. Off the diagonal are the mix-ups (a claim one annotator saw as a
 * denial); the unmatched counts are what only one annotator marked.
 */
import { Interner, LabelNumbering, pairNumber } from '../matching/columns';
import { DocumentMatcher } from '../matching/documentMatcher';
import { compareStrings, labelOrder } from '../input/check';
import { matchSpans, type SpanMatching } from '../matching/spanMatching';
import type { AgreementDocument, CorpusLabelConfusion, LabelConfusion, MatchCriterion, PairLabelConfusion, SpanLike } from '../types';

/** The matching the confusion matrix is built on. */
export const CONFUSION_CRITERION: MatchCriterion = { boundary: 'overlap', labels: 'unlabelled' };

export interface ConfusionOptions {
  /** Labels always listed (the project's schema), in this order; labels seen besides follow, sorted. */
  labels?: readonly string[];
}

/** The confusion matrix of two layers of one document. */
export function labelConfusion(a: readonly SpanLike[], b: readonly SpanLike[], options: ConfusionOptions = {}): LabelConfusion {
  const labels = new LabelNumbering();
  const tally = new ConfusionTally();
  tally.addMatching(matchSpans(a, b, CONFUSION_CRITERION), labels);
  return tally.result(options.labels, labels.names);
}

/** Confusion per pair of annotators over a corpus, a document at a time. */
export class LabelConfusionAccumulator {
  /** By pair of annotator numbers (`pairNumber`, a's name before b's). */
  private readonly tallies = new Map<number, ConfusionTally>();
  private readonly annotators = new Interner();
  private readonly labels = new LabelNumbering();

  constructor(private readonly options: ConfusionOptions = {}) {}

  add<S extends SpanLike>(document: AgreementDocument<S> | DocumentMatcher<S>): void {
    const matcher = document instanceof DocumentMatcher ? document : new DocumentMatcher(document);
    const R = matcher.annotators.length;
    const ids: number[] = [];
    for (const a of matcher.annotators) ids.push(this.annotators.code(a));
    const ours = this.labels.translate(matcher.columns.labels);
    for (let ra = 0; ra < R; ra++) {
      for (let rb = ra + 1; rb < R; rb++) {
        const key = pairNumber(ids[ra]!, ids[rb]!);
        let tally = this.tallies.get(key);
        if (!tally) this.tallies.set(key, (tally = new ConfusionTally()));
        tally.add(matcher, ra, rb, matcher.partnersAt(ra, rb, CONFUSION_CRITERION), ours);
      }
    }
  }

  result(): CorpusLabelConfusion {
    const names = this.labels.names;
    const annotators = [...this.annotators.names].sort(compareStrings);
    const pooledTally = new ConfusionTally();
    const seen = new Set<string>();
    for (const t of this.tallies.values()) {
      pooledTally.merge(t);
      for (const l of t.labels(names)) seen.add(l);
    }
    const labels = labelOrder(this.options.labels, seen);
    const pairs: PairLabelConfusion[] = [];
    annotators.forEach((annotatorA, i) => {
      for (const annotatorB of annotators.slice(i + 1)) {
        const tally = this.tallies.get(pairNumber(this.annotators.code(annotatorA), this.annotators.code(annotatorB)));
        if (tally) pairs.push({ annotatorA, annotatorB, documents: tally.documents, ...tally.result(labels, names) });
      }
    });
    return { annotators, pairs, pooled: pooledTally.result(labels, names) };
  }
}

export function corpusLabelConfusion<S extends SpanLike>(documents: Iterable<AgreementDocument<S>>, options: ConfusionOptions = {}): CorpusLabelConfusion {
  const acc = new LabelConfusionAccumulator(options);
  for (const doc of documents) acc.add(doc);
  return acc.result();
}

/** Counts by label number (an accumulator's numbering). */
class ConfusionTally {
  documents = 0;
  /** matched[la][lb] = matched pairs. */
  private readonly matched: number[][] = [];
  private readonly unmatchedA: number[] = [];
  private readonly unmatchedB: number[] = [];

  /** Layers ra and rb of a matcher, matched as partner[i] = j or −1; ours[code] numbers a label code. */
  add(matcher: DocumentMatcher, ra: number, rb: number, partner: readonly number[], ours: Int32Array): void {
    this.documents++;
    const label = matcher.columns.label;
    const fromA = matcher.first[ra]!;
    const fromB = matcher.first[rb]!;
    const sizeB = matcher.size(rb);
    if (taken.length < sizeB) taken = new Uint8Array(2 * sizeB);
    taken.fill(0, 0, sizeB);
    for (let i = 0; i < partner.length; i++) {
      const j = partner[i]!;
      if (j < 0) {
        bump(this.unmatchedA, ours[label[fromA + i]!]!, 1);
        continue;
      }
      taken[j] = 1;
      bump(this.row(ours[label[fromA + i]!]!), ours[label[fromB + j]!]!, 1);
    }
    for (let j = 0; j < sizeB; j++) if (!taken[j]) bump(this.unmatchedB, ours[label[fromB + j]!]!, 1);
  }

  /** A matching of span objects; `labels` numbers their labels. */
  addMatching(matching: SpanMatching, labels: LabelNumbering): void {
    this.documents++;
    for (const p of matching.pairs) bump(this.row(labels.code(p.a.label)), labels.code(p.b.label), 1);
    for (const s of matching.unmatchedA) bump(this.unmatchedA, labels.code(s.label), 1);
    for (const s of matching.unmatchedB) bump(this.unmatchedB, labels.code(s.label), 1);
  }

  merge(other: ConfusionTally): void {
    this.documents += other.documents;
    other.matched.forEach((cells, la) => cells?.forEach((n, lb) => n && bump(this.row(la), lb, n)));
    other.unmatchedA.forEach((n, l) => n && bump(this.unmatchedA, l, n));
    other.unmatchedB.forEach((n, l) => n && bump(this.unmatchedB, l, n));
  }

  private row(l: number): number[] {
    let row = this.matched[l];
    if (!row) {
      while (this.matched.length < l) this.matched.push(undefined as unknown as number[]);
      this.matched[l] = row = [];
    }
    return row;
  }

  /** The labels counted at all (`names[l]` is label number l). */
  *labels(names: readonly string[]): Iterable<string> {
    for (let la = 0; la < this.matched.length; la++) {
      const cells = this.matched[la];
      if (!cells) continue;
      let any = false;
      for (let lb = 0; lb < cells.length; lb++) {
        if (!cells[lb]) continue;
        any = true;
        yield names[lb]!;
      }
      if (any) yield names[la]!;
    }
    for (let l = 0; l < this.unmatchedA.length; l++) if (this.unmatchedA[l]) yield names[l]!;
    for (let l = 0; l < this.unmatchedB.length; l++) if (this.unmatchedB[l]) yield names[l]!;
  }

  /** With `given` a complete list of labels, or the given ones extended by those seen. */
  result(given: readonly string[] | undefined, names: readonly string[]): LabelConfusion {
    const labels = labelOrder(given, this.labels(names));
    const number = new Map(names.map((l, k) => [l, k]));
    const at = labels.map((l) => number.get(l) ?? -1);
    const matched = at.map((la) => at.map((lb) => (la < 0 || lb < 0 ? 0 : (this.matched[la]?.[lb] ?? 0))));
    let pairs = 0;
    let sameLabel = 0;
    for (const row of this.matched) {
      row?.forEach((n) => (pairs += n ?? 0));
    }
    this.matched.forEach((row, l) => (sameLabel += row?.[l] ?? 0));
    const unmatchedA = at.map((l) => (l < 0 ? 0 : (this.unmatchedA[l] ?? 0)));
    const unmatchedB = at.map((l) => (l < 0 ? 0 : (this.unmatchedB[l] ?? 0)));
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

function bump(xs: number[], at: number, n: number): void {
  while (xs.length < at) xs.push(0);
  xs[at] = (xs[at] ?? 0) + n;
}

/** Which of B's spans are matched (reused: the work is synchronous). */
let taken = new Uint8Array(64);
