/** Checking agreement input, and the orders every module sorts by (so results are stable). */
import { compareSpans } from '../../model/span';
import { NO_ANNOTATION, type AgreementDocument, type SpanLike } from '../types';

/** Document order, the same as stored layers use (`compareSpans`). */
export const compareSpanLike: (a: SpanLike, b: SpanLike) => number = compareSpans;

/** The spans in `compareSpanLike` order: the array itself when it already is (stored layers are), else a sorted copy. */
export function inDocumentOrder<S extends SpanLike>(spans: readonly S[]): readonly S[] {
  for (let k = 1; k < spans.length; k++) {
    if (compareSpanLike(spans[k - 1]!, spans[k]!) > 0) return [...spans].sort(compareSpanLike);
  }
  return spans;
}

/** Plain code-unit order, the same on every machine and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Throws a RangeError naming the span when its offsets are not integers with 0 ≤ start ≤ end. */
export function checkSpan(span: SpanLike, where: string): void {
  const { startOffset: s, endOffset: e } = span;
  if (!Number.isSafeInteger(s) || !Number.isSafeInteger(e) || s < 0 || e < s) {
    throw new RangeError(`agreement: ${where}: span "${span.id}" has offsets [${s}, ${e}); need integers with 0 ≤ start ≤ end`);
  }
}

export function checkSpans(spans: readonly SpanLike[], where: string): void {
  for (const span of spans) checkSpan(span, where);
}

/** Throws when a document has a bad length, an annotator twice, a malformed span, or a span labelled NO_ANNOTATION. */
export function checkDocument(doc: AgreementDocument): void {
  if (!Number.isSafeInteger(doc.length) || doc.length < 0) {
    throw new RangeError(`agreement: document "${doc.documentId}" has length ${doc.length}; need a non-negative integer`);
  }
  const seen = new Set<string>();
  for (const layer of doc.layers) {
    if (seen.has(layer.annotator)) {
      throw new RangeError(`agreement: document "${doc.documentId}" has two layers for annotator "${layer.annotator}"`);
    }
    seen.add(layer.annotator);
    const where = `document "${doc.documentId}", annotator "${layer.annotator}"`;
    checkSpans(layer.spans, where);
    for (const span of layer.spans) {
      if (span.label === NO_ANNOTATION) throw new RangeError(`agreement: ${where}: span "${span.id}" has the reserved label "${NO_ANNOTATION}"`);
    }
  }
}

/** The labels to report: the given ones in their order, then any others seen, sorted. */
export function labelOrder(given: readonly string[] | undefined, seen: Iterable<string>): string[] {
  const out = [...(given ?? [])];
  const known = new Set(out);
  const extra = new Set<string>();
  for (const label of seen) if (!known.has(label)) extra.add(label);
  return [...out, ...[...extra].sort(compareStrings)];
}

