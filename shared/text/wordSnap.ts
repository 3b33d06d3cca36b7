/**
 * Snapping a selection to word boundaries, as an analyst expects when a drag starts or ends
 * in the middle of a word. Works on UTF-16 indices (the units of Intl.Segmenter) and looks
 * only at a window around each end, so it costs the same in a 1 MB article as in a tweet.
 */
import { graphemeStep } from './motion';

const WINDOW = 256;
let segmenter: Intl.Segmenter | undefined;

function words(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  return segmenter;
}

/** The word-like segment that strictly contains UTF-16 index u (not at its start), if any. */
function wordAround(text: string, u: number): { start: number; end: number } | undefined {
  const from = Math.max(0, u - WINDOW);
  const to = Math.min(text.length, u + WINDOW);
  const windowText = text.slice(from, to);
  const seg = words().segment(windowText).containing(u - from);
  if (!seg || !seg.isWordLike) return undefined;
  return { start: from + seg.index, end: from + seg.index + seg.segment.length };
}

const isSpace = (ch: string): boolean => /\s/u.test(ch);

/** Moves the ends off surrounding whitespace; an all-space range collapses to its start. */
export function trimRange(text: string, from: number, to: number): { from: number; to: number } {
  while (from < to && isSpace(text[from] as string)) from++;
  while (to > from && isSpace(text[to - 1] as string)) to--;
  return { from, to };
}

/**
 * Widens [from, to) so that neither end cuts a word, then trims whitespace at the edges.
 * `snap: false` (a modifier held) only trims.
 */
export function snapSelection(text: string, from: number, to: number, snap = true): { from: number; to: number } {
  if (to < from) [from, to] = [to, from];
  ({ from, to } = trimRange(text, from, to));
  if (from === to) return { from, to };
  // Never cut a character: an emoji with its skin tone, a flag, a letter and its accent.
  if (graphemeStep(text, from, 1) !== from && graphemeStep(text, graphemeStep(text, from, 1), -1) !== from) from = graphemeStep(text, from, -1);
  if (graphemeStep(text, to, -1) !== to && graphemeStep(text, graphemeStep(text, to, -1), 1) !== to) to = graphemeStep(text, to, 1);
  if (!snap) return { from, to };
  const startWord = wordAround(text, from);
  if (startWord && startWord.start < from) from = startWord.start;
  const endWord = wordAround(text, to - 1);
  if (endWord && endWord.end > to) to = endWord.end;
  return { from, to };
}
