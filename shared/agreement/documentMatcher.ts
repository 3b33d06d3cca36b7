/**
 * One document's layers, checked once, with each pairwise matching computed at most once however
 * many measures (F1, confusion, α and κ on positions) ask for it.
 */
import { checkDocument, compareStrings, inDocumentOrder } from './input';
import { matchingFromPartners, matchOverlapBoth, matchPartners, type SpanMatching } from './spanMatching';
import type { AgreementDocument, MatchCriterion, SpanLike } from './types';

export class DocumentMatcher<S extends SpanLike = SpanLike> {
  readonly documentId: string;
  /** Annotators with a layer on this document, sorted. */
  readonly annotators: string[];
  /** Each annotator's spans in document order (`compareSpanLike`), sorted once. */
  private readonly layers = new Map<string, readonly S[]>();
  /** Annotator → its index in `annotators`. */
  private readonly index = new Map<string, number>();
  /** cache[(index of a · R + index of b) · 4 + criterion slot] */
  private readonly cache: ({ partner: number[]; matching?: SpanMatching<S> } | undefined)[] = [];


  /**
   * `bothOverlap`: when one overlap matching of a pair is asked for, make the other too, from the
   * same sweep (for callers that use both, as the agreement report does).
   */
  constructor(
    readonly document: AgreementDocument<S>,
    private readonly options: { bothOverlap?: boolean } = {},
  ) {
    checkDocument(document);
    this.documentId = document.documentId;
    for (const layer of document.layers) this.layers.set(layer.annotator, inDocumentOrder(layer.spans));
    this.annotators = [...this.layers.keys()].sort(compareStrings);
    this.annotators.forEach((a, i) => this.index.set(a, i));
  }

  /** The annotator's spans, in document order. */
  spans(annotator: string): readonly S[] {
    const spans = this.layers.get(annotator);
    if (!spans) throw new RangeError(`agreement: document "${this.documentId}" has no layer for annotator "${annotator}"`);
    return spans;
  }

  /** Unordered pairs (a before b in sorted order) of annotators with a layer here. */
  pairs(): [string, string][] {
    const out: [string, string][] = [];
    this.annotators.forEach((a, i) => this.annotators.slice(i + 1).forEach((b) => out.push([a, b])));
    return out;
  }

  /** The matching of a's spans with b's. */
  match(a: string, b: string, criterion: MatchCriterion): SpanMatching<S> {
    const entry = this.entry(a, b, criterion);
    return (entry.matching ??= matchingFromPartners(this.spans(a), this.spans(b), entry.partner, criterion));
  }

  /** The same matching as indices into `spans(a)` and `spans(b)`: partner[i] = j, or −1. */
  partners(a: string, b: string, criterion: MatchCriterion): readonly number[] {
    return this.entry(a, b, criterion).partner;
  }

  private entry(a: string, b: string, criterion: MatchCriterion): { partner: number[]; matching?: SpanMatching<S> } {
    const ia = this.index.get(a);
    const ib = this.index.get(b);
    if (ia === undefined || ib === undefined) throw new RangeError(`agreement: document "${this.documentId}" has no layer for annotator "${ia === undefined ? a : b}"`);
    const pair = ia * this.annotators.length + ib;
    const slot = (pair << 2) + (criterion.boundary === 'exact' ? 0 : 2) + (criterion.labels === 'labelled' ? 0 : 1);
    let found = this.cache[slot];
    if (!found) {
      const sa = this.spans(a);
      const sb = this.spans(b);
      if (criterion.boundary === 'overlap' && this.options.bothOverlap) {
        // Both overlap matchings from one sweep; the other one is kept for when it is asked for.
        const both = matchOverlapBoth(sa, sb);
        this.cache[(pair << 2) + 2] ??= { partner: both.labelled };
        this.cache[(pair << 2) + 3] ??= { partner: both.unlabelled };
        found = this.cache[slot]!;
      } else {
        this.cache[slot] = found = { partner: matchPartners(sa, sb, criterion) };
      }
    }
    return found;
  }
}
