/**
 * brat's text field cannot hold a line break: an .ann file is read line by line (Python's
 * str.splitlines, which also ends a line at \v \f \x1c–\x1e \x85 U+2028 U+2029), and brat
 * checks the text field against the document. brat itself writes a selection that crosses lines
 * as a discontinuous span, one fragment per line, and so does Standoff:
 *
 *     "al-Ashrin\nBrigades" (0–19)  →  T1	actor 0 9;10 19	al-Ashrin Brigades
 *
 * The fragments are the span's maximal runs without line breaks; brat's text field joins them
 * with one space. When a span begins or ends with a line break, a zero-width fragment marks
 * the exact edge (`0 0;1 4`), so that the span comes back with exactly its offsets; a span that
 * is nothing but line breaks is two zero-width fragments. On import, fragments separated only by
 * whitespace are joined back into one span (see import.ts).
 */
import type { CodePointIndex } from '../../text/codePoints';

/** Line ends as brat (Python's splitlines) sees them. All are one UTF-16 unit. */
// eslint-disable-next-line no-control-regex -- \x1c–\x1e end a line for Python's splitlines(), which brat reads with
export const LINE_BREAK = /[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

export type Fragment = [start: number, end: number];

/** The fragments brat writes for [start, end) (code points). */
export function fragmentsOf(index: CodePointIndex, start: number, end: number): Fragment[] {
  if (start === end) return [[start, start]];
  const text = index.text;
  const from = index.toUtf16(start);
  const to = index.toUtf16(end);
  const runs: Fragment[] = [];
  let runStart = -1;
  for (let u = from; u <= to; u++) {
    const isBreak = u === to || LINE_BREAK.test(text[u] as string);
    if (!isBreak && runStart < 0) runStart = u;
    else if (isBreak && runStart >= 0) {
      runs.push([index.toCodePoint(runStart), index.toCodePoint(u)]);
      runStart = -1;
    }
  }
  if (runs.length === 0) return [[start, start], [end, end]];
  if ((runs[0] as Fragment)[0] > start) runs.unshift([start, start]);
  if ((runs[runs.length - 1] as Fragment)[1] < end) runs.push([end, end]);
  return runs;
}

/** brat's text field for fragments: their texts joined by one space. */
export function fragmentText(index: CodePointIndex, fragments: readonly Fragment[]): string {
  return fragments.map(([s, e]) => index.slice(s, e)).join(' ');
}
