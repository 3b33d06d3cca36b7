import type { CodePointIndex } from '../text/codePoints';
import { QUOTE_CONTEXT, type Quote } from './span';

/** The quote of [startOffset, endOffset) with QUOTE_CONTEXT code points of context either side. */
export function quoteOf(index: CodePointIndex, startOffset: number, endOffset: number): Quote {
  return {
    prefix: index.slice(Math.max(0, startOffset - QUOTE_CONTEXT), startOffset),
    exact: index.slice(startOffset, endOffset),
    suffix: index.slice(endOffset, Math.min(index.length, endOffset + QUOTE_CONTEXT)),
  };
}
