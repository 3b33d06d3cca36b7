/**
 * Caret motion over the stored text, in UTF-16 indices: one user-perceived character (a
 * grapheme: an emoji with its skin tone, a flag, a letter with its combining accent) or one
 * word at a time. The editor moves the caret with these instead of the browser's own motion,
 * whose steps depend on how decorations split the text into elements.
 */
const WINDOW = 128;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/** The next grapheme boundary after u (direction 1) or before it (-1). */
export function graphemeStep(text: string, u: number, direction: 1 | -1): number {
  if (direction === 1 ? u >= text.length : u <= 0) return u;
  const from = Math.max(0, u - WINDOW);
  const to = Math.min(text.length, u + WINDOW);
  const slice = text.slice(from, to);
  if (direction === 1) {
    const seg = graphemes.segment(slice).containing(u - from);
    return seg ? from + seg.index + seg.segment.length : u;
  }
  const seg = graphemes.segment(slice).containing(u - from - 1);
  return seg ? from + seg.index : u;
}

/**
 * Word motion as editors do it: forward to the end of the next word, backward to the start of
 * the previous one; line ends stop the caret like words do.
 */
export function wordStep(text: string, u: number, direction: 1 | -1): number {
  if (direction === 1 ? u >= text.length : u <= 0) return u;
  const from = Math.max(0, u - 4 * WINDOW);
  const to = Math.min(text.length, u + 4 * WINDOW);
  const segments = [...words.segment(text.slice(from, to))].map((s) => ({
    start: from + s.index,
    end: from + s.index + s.segment.length,
    word: s.isWordLike === true || s.segment.includes('\n'),
  }));
  if (direction === 1) {
    const next = segments.find((s) => s.word && s.end > u);
    return next ? next.end : to;
  }
  const prev = segments.filter((s) => s.word && s.start < u).pop();
  return prev ? prev.start : from;
}

/** Word-like segments around u, with their UTF-16 bounds. */
function wordsAround(text: string, u: number): Array<{ start: number; end: number }> {
  const from = Math.max(0, u - 4 * WINDOW);
  const to = Math.min(text.length, u + 4 * WINDOW);
  return [...words.segment(text.slice(from, to))]
    .filter((s) => s.isWordLike)
    .map((s) => ({ start: from + s.index, end: from + s.index + s.segment.length }));
}

/** Where a span's start goes when moved one word: the start of the next (1) or previous (-1) word. */
export function wordStartStep(text: string, u: number, direction: 1 | -1): number {
  const list = wordsAround(text, u);
  const found = direction === 1 ? list.find((w) => w.start > u) : list.filter((w) => w.start < u).pop();
  return found ? found.start : u;
}

/** Where a span's end goes when moved one word: the end of the next (1) or previous (-1) word. */
export function wordEndStep(text: string, u: number, direction: 1 | -1): number {
  const list = wordsAround(text, u);
  const found = direction === 1 ? list.find((w) => w.end > u) : list.filter((w) => w.end < u).pop();
  return found ? found.end : u;
}
