/**
 * Tokens for the learned tagger: the word segments of shared/text/words (UAX #29, as the editor's
 * word snapping sees them) without the spaces, each with its offsets in code points, and the
 * sentence it belongs to.
 */
import { wordSegments } from '../../text/words';

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

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0; // code points before the segment
  let sentence = 0;
  let ended = false;
  for (const { segment } of wordSegments(text)) {
    let length = 0;
    for (let i = 0; i < segment.length; i++) {
      const c = segment.charCodeAt(i);
      if (c < 0xdc00 || c > 0xdfff) length++; // a low surrogate finishes a code point already counted
    }
    if (SPACE.test(segment)) {
      // A line break always ends a sentence (titles, list items); a full stop ends it before a space.
      if (segment.includes('\n') || ended) {
        if (tokens.length && tokens[tokens.length - 1]!.sentence === sentence) sentence++;
        ended = false;
      }
    } else {
      if (ended) ended = SENTENCE_END.has(segment) || segment === '"' || segment === '”' || segment === "'";
      tokens.push({ text: segment, startOffset: at, endOffset: at + length, sentence });
      if (SENTENCE_END.has(segment)) ended = true;
    }
    at += length;
  }
  return tokens;
}
