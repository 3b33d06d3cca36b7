/**
 * Tokens and sentences for the CoNLL export, in code points.
 *
 * Tokens: UAX #29 word segments as Intl.Segmenter gives them (shared/text/words.ts finds the
 * same segments faster), so an emoji with its skin tone, a flag, a letter with its combining
 * accents stay whole and punctuation is a token of its own; cut at
 * whitespace, whitespace itself dropped. "Whitespace" is what JavaScript's \s and Python's
 * str.isspace()/str.split() both count, so no token holds a character a reader of the file
 * would split on (NLTK splits CoNLL lines on any whitespace).
 *
 * Sentences: a blank line is written
 * - where the text has a line break between two tokens, and
 * - in 'segmenter' mode (the default) also at the sentence boundaries of
 *   Intl.Segmenter(granularity 'sentence'), except after a title abbreviation ("Mr.", "Gen."),
 *   where ICU's rules break but a reader would not;
 * and never inside a span that is written (export.ts).
 * Segmentation follows the ICU data of the running engine: the same Node version gives the same
 * bytes.
 */
import { CodePointIndex } from '../../text/codePoints';
import { wordBoundaries } from '../../text/words';

/** A token: its text and code-point offsets [start, end) into the document text. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

export type SentenceMode = 'lines' | 'segmenter';

/** Whitespace for both JavaScript (\s) and Python (str.isspace): never inside a token. */
// eslint-disable-next-line no-control-regex -- \x1c–\x1f are whitespace to Python's str.split(), which NLTK splits with
export const SPACE = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
/** SPACE, by code unit (every such character is in the BMP). */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Line breaks (Python's str.splitlines): between two tokens, a sentence break. */
// eslint-disable-next-line no-control-regex -- \x1c–\x1e end a line for Python's splitlines()
const LINE_BREAK = /[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/** Titles after which ICU ends a sentence and a reader does not ("Mr. Smith"). */
const TITLES = new Set(['Mr', 'Mrs', 'Ms', 'Dr', 'Prof', 'Gen', 'Lt', 'Col', 'Maj', 'Capt', 'Sgt', 'Cpl', 'Adm', 'Gov', 'Sen', 'Rep', 'Rev', 'St', 'Sheikh', 'Mt', 'Brig']);

let sentences: Intl.Segmenter | undefined;

export function tokenize(text: string, _index?: CodePointIndex): Token[] {
  const tokens: Token[] = [];
  // Code points are counted as the text is walked (no search per token).
  let cp = 0;
  let u = 0;
  for (const end of wordBoundaries(text)) {
    let runStart = -1;
    let runCp = 0;
    for (; u <= end; u++) {
      const space = u === end || isSpace(text.charCodeAt(u));
      if (!space && runStart < 0) {
        runStart = u;
        runCp = cp;
      } else if (space && runStart >= 0) {
        tokens.push({ text: text.slice(runStart, u), start: runCp, end: cp });
        runStart = -1;
      }
      if (u === end) break;
      const c = text.charCodeAt(u);
      // The second half of a surrogate pair adds no code point.
      if (!(c >= 0xdc00 && c <= 0xdfff && u > 0 && isHigh(text.charCodeAt(u - 1)))) cp++;
    }
  }
  return tokens;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;

/**
 * For each token, whether a sentence starts at it (the first token: true). Breaks only; the
 * exporter then takes back those inside written spans.
 */
export function sentenceStarts(text: string, tokens: readonly Token[], mode: SentenceMode, index: CodePointIndex = new CodePointIndex(text)): boolean[] {
  const starts = tokens.map((_, i) => i === 0);
  let boundaries: number[] = [];
  if (mode === 'segmenter') {
    sentences ??= new Intl.Segmenter('en', { granularity: 'sentence' });
    // Paragraph by paragraph: a sentence always ends at a line break (UAX #29 rule SB4), and
    // ICU's segmenting slows down on long texts (each step costs more the longer the string).
    boundaries = [];
    const paragraph = /\r\n|[\n\r\u0085\u2028\u2029]/g;
    let from = 0;
    for (let m = paragraph.exec(text); ; m = paragraph.exec(text)) {
      const to = m ? m.index + m[0].length : text.length;
      if (to > from) for (const s of sentences.segment(text.slice(from, to))) boundaries.push(index.toCodePoint(from + s.index));
      if (!m) break;
      from = to;
    }
  }
  let b = 0;
  for (let i = 1; i < tokens.length; i++) {
    const prev = tokens[i - 1] as Token;
    const tok = tokens[i] as Token;
    const gap = index.slice(prev.end, tok.start);
    if (LINE_BREAK.test(gap)) starts[i] = true;
    while (b < boundaries.length && (boundaries[b] as number) <= prev.end) b++;
    if (b < boundaries.length && (boundaries[b] as number) <= tok.start) {
      const title = prev.text === '.' && i >= 2 && TITLES.has((tokens[i - 2] as Token).text) && (tokens[i - 2] as Token).end === prev.start;
      if (!title) starts[i] = true;
    }
  }
  return starts;
}
