/**
 * Tokens for the learned tagger: the word segments of shared/text/words (UAX #29, as the editor's
 * word snapping sees them) without the spaces, each with its offsets in code points, and the
 * sentence it belongs to.
 */
import { wordBoundaries } from '../../text/words';

export interface Token {
  text: string;
  /** Code points into the text, start inclusive, end exclusive (as Span). */
  startOffset: number;
  endOffset: number;
  /** Index of the sentence the token is in (0-based, in document order). */
  sentence: number;
}

const SPACE = /^\s+$/u;
const SENTENCE_END = new Set(['.', '!', '?', '…']);
const CLOSING = new Set(['"', '”', "'", '’', ')']);

/** Is the segment white space? (Segments are never mixed: spaces are segments of their own.) */
function isSpace(segment: string): boolean {
  const c = segment.charCodeAt(0);
  if (c === 32 || c === 10 || c === 9 || c === 13) return true;
  return c >= 128 && SPACE.test(segment);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // Code points: without surrogate pairs in the text, one per UTF-16 unit.
  const pairs = /[\uD800-\uDBFF]/.test(text);
  let at = 0; // code points before the segment
  let sentence = 0;
  let ended = false;
  let start = 0;
  for (const end of wordBoundaries(text)) {
    const segment = text.slice(start, end);
    let length = end - start;
    if (pairs) for (let i = start; i < end; i++) if (text.charCodeAt(i) >= 0xdc00 && text.charCodeAt(i) <= 0xdfff) length--; // a low surrogate finishes a code point already counted
    start = end;
    if (isSpace(segment)) {
      // A line break always ends a sentence (titles, list items); a full stop ends it before a space.
      if (ended || segment.includes('\n')) {
        if (tokens.length && tokens[tokens.length - 1]!.sentence === sentence) sentence++;
        ended = false;
      }
    } else {
      if (ended) ended = SENTENCE_END.has(segment) || CLOSING.has(segment);
      tokens.push({ text: segment, startOffset: at, endOffset: at + length, sentence });
      if (SENTENCE_END.has(segment)) ended = true;
    }
    at += length;
  }
  return tokens;
}
