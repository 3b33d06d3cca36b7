import { quoteOf } from '../../shared/model/quote';
import type { Span } from '../../shared/model/span';
import { CodePointIndex } from '../../shared/text/codePoints';

/** A span over the n-th occurrence of `exact` in a text, with code-point offsets and its real quote. */
export function spanOver(text: string, exact: string, id: string, label = 'claim', occurrence = 0): Span {
  const index = new CodePointIndex(text);
  let u = -1;
  for (let i = 0; i <= occurrence; i++) u = text.indexOf(exact, u + 1);
  if (u < 0) throw new Error(`${exact} not in text`);
  const start = index.toCodePoint(u);
  const end = index.toCodePoint(u + exact.length);
  return { id, label, startOffset: start, endOffset: end, quote: quoteOf(index, start, end) };
}
