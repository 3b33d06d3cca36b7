import search from 'approx-string-match';
import type { CodePointIndex } from '../text/codePoints';
import { quoteOf } from '../model/quote';
import type { Span } from '../model/span';

/**
 * Re-anchoring, after the Hypothesis client: a span's selectors are tried in order of trust.
 * 1. position: the stored offsets still hold the stored quote;
 * 2. quote: the exact quote occurs elsewhere; the occurrence whose context and place fit best wins;
 * 3. fuzzy: an approximate match of the quote (up to a quarter of its length in edits);
 * otherwise the span is an orphan: reported with the reason, never dropped or silently moved.
 */
export type AnchorOutcome =
  | { kind: 'position'; span: Span }
  | { kind: 'quote' | 'fuzzy'; span: Span }
  | { kind: 'orphan'; span: Span; reason: string };

/** Shortest quote that may be matched approximately. */
const MIN_FUZZY = 10;

export function anchorSpan(span: Span, index: CodePointIndex): AnchorOutcome {
  const { startOffset, endOffset, quote } = span;
  // The position holds only if the quote and its context are still there: the same words
  // elsewhere in a changed text must not keep a span in the wrong place.
  if (
    endOffset <= index.length &&
    index.slice(startOffset, endOffset) === quote.exact &&
    index.slice(Math.max(0, startOffset - quote.prefix.length), startOffset) === quote.prefix &&
    index.slice(endOffset, endOffset + quote.suffix.length) === quote.suffix
  ) {
    return { kind: 'position', span };
  }
  if (quote.exact.length === 0) return { kind: 'orphan', span, reason: 'empty quote no longer at its position' };

  const text = index.text;
  const expectedU = index.toUtf16(Math.min(startOffset, index.length));
  const candidates: Array<{ from: number; to: number; errors: number }> = [];
  for (let u = text.indexOf(quote.exact); u !== -1; u = text.indexOf(quote.exact, u + 1)) {
    candidates.push({ from: u, to: u + quote.exact.length, errors: 0 });
  }
  let kind: 'quote' | 'fuzzy' = 'quote';
  if (candidates.length === 0) {
    kind = 'fuzzy';
    // Too short a quote matches anything approximately: only quotes of MIN_FUZZY or more.
    const maxErrors = Math.floor(quote.exact.length / 4);
    if (quote.exact.length >= MIN_FUZZY && quote.exact.length <= 256) {
      for (const m of search(text, quote.exact, maxErrors)) candidates.push({ from: m.start, to: m.end, errors: m.errors });
    }
  }
  if (candidates.length === 0) {
    return { kind: 'orphan', span, reason: `quote "${shorten(quote.exact)}" not found in the changed text` };
  }
  const scored = candidates.map((c) => ({
    c,
    score:
      c.errors * 10 -
      contextMatch(text.slice(Math.max(0, c.from - quote.prefix.length), c.from), quote.prefix, true) -
      contextMatch(text.slice(c.to, c.to + quote.suffix.length), quote.suffix, false) +
      Math.abs(c.from - expectedU) / Math.max(1, text.length),
  }));
  scored.sort((a, b) => a.score - b.score);
  const best = (scored[0] as (typeof scored)[number]).c;
  const newStart = index.toCodePoint(best.from);
  const newEnd = index.toCodePoint(best.to);
  return {
    kind,
    span: { ...span, startOffset: newStart, endOffset: newEnd, quote: quoteOf(index, newStart, newEnd) },
  };
}

/** Number of characters of context that agree, read outward from the span. */
function contextMatch(actual: string, expected: string, beforeSpan: boolean): number {
  let n = 0;
  const len = Math.min(actual.length, expected.length);
  for (let i = 1; i <= len; i++) {
    const a = beforeSpan ? actual[actual.length - i] : actual[i - 1];
    const e = beforeSpan ? expected[expected.length - i] : expected[i - 1];
    if (a !== e) break;
    n++;
  }
  return n;
}

function shorten(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}
