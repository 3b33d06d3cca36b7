/**
 * One document's layers, checked once, with each pairwise matching computed at most once however
 * many measures (F1, confusion, α and κ on positions) ask for it.
 */
import { checkDocument, compareStrings, inDocumentOrder } from './input';
import { matchingFromPartners, matchPartners, type SpanMatching } from './spanMatching';
import type { AgreementDocument, MatchCriterion, SpanLike } from './types';

export class DocumentMatcher<S extends SpanLike = SpanLike> {
  readonly documentId: string;
  /** Annotators with a layer on this document, sorted. */
  readonly annotators: string[];
  /** Each annotator's spans in document order (`compareSpanLike`), sorted once. */
  private readonly layers = new Map<string, readonly S[]>();
  /** cache.get(a).get(b)[criterion index] */
  private readonly cache = new Map<string, Map<string, ({ partner: number[]; matching?: SpanMatching<S> } | undefined)[]>>();

  constructor(readonly document: AgreementDocument<S>) {
    checkDocument(document);
    this.documentId = document.documentId;
    for (const layer of document.layers) this.layers.set(layer.annotator, inDocumentOrder(layer.spans));
    this.annotators = [...this.layers.keys()].sort(compareStrings);
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
    let byB = this.cache.get(a);
    if (!byB) this.cache.set(a, (byB = new Map()));
    let slots = byB.get(b);
    if (!slots) byB.set(b, (slots = []));
    const slot = (criterion.boundary === 'exact' ? 0 : 2) + (criterion.labels === 'labelled' ? 0 : 1);
    let found = slots[slot];
    if (!found) slots[slot] = found = { partner: matchPartners(this.spans(a), this.spans(b), criterion) };
    return found;
  }
}
