/**
 * Tokens for the formats that need them (Prodigy's "tokens", Hugging Face's "tokens"), made so
 * that every span is a whole number of tokens and the text can be rebuilt from them exactly.
 *
 * - Words are Intl.Segmenter word segments with the locale fixed to "en" (not the machine's:
 *   ICU tailors word breaks for a few locales, and the same project must give the same bytes
 *   everywhere): a word, a number, one punctuation mark, an emoji with its modifiers, a flag.
 *   Runs of whitespace are kept together. These are not spaCy's own tokens (spaCy splits
 *   "Iraq's" as "Iraq" "'s", Intl.Segmenter keeps it whole unless a span edge cuts it).
 * - Every segment is cut again at each span edge (`cuts`), so a span that starts or ends
 *   inside a word ("Iraq" in "Iraq's") still starts and ends on token edges: offsets stay exact
 *   and spaCy's `doc.char_span(start, end)` finds the span without any alignment mode.
 * - Whitespace follows spaCy: one plain space after a token is that token's `ws` (its
 *   `whitespace_`), and any other whitespace (a newline, a second space, a tab) is a token of
 *   its own. So `"".join(t.text + (" " if t.ws else "") for t in tokens)` is the text, exactly
 *   what `spacy.tokens.Doc(vocab, words, spaces)` rebuilds. A space is not folded into the
 *   token before it when a span starts at it or ends just after it (a span with whitespace at
 *   its edge): it stays a token, so that span's edges remain token edges too.
 *
 * Offsets are code points, as everywhere in Standoff (and as Python, spaCy and Prodigy count).
 */
import { CodePointIndex, codePointLength } from '../../text/codePoints';

export interface Token {
  text: string;
  /** Code points, start inclusive. */
  start: number;
  /** Code points, end exclusive. */
  end: number;
  /** Position in the token list. */
  id: number;
  /** Followed by one plain space that belongs to no token (spaCy's whitespace_). */
  ws: boolean;
  /** Made only of whitespace (a token that spaCy's own tokenizer would also make). */
  space: boolean;
}

let words: Intl.Segmenter | undefined;
const SPACE = /^\s+$/u;

interface Piece {
  start: number;
  end: number;
  u16Start: number;
  u16End: number;
  space: boolean;
}

/**
 * The tokens of a text. `cuts` are the code-point edges every token must respect: the starts
 * and ends of the spans that will be expressed in tokens (zero-width spans need none).
 */
export function tokenize(text: string, cuts: { starts: readonly number[]; ends: readonly number[] } = { starts: [], ends: [] }): Token[] {
  const index = new CodePointIndex(text);
  const spanStarts = new Set(cuts.starts);
  const spanEnds = new Set(cuts.ends);
  const edges = [...new Set([...cuts.starts, ...cuts.ends])].filter((c) => c > 0 && c < index.length).sort((a, b) => a - b);

  // Segments, whitespace runs merged.
  const runs: Piece[] = [];
  let cp = 0;
  for (const seg of wordSegments(text)) {
    const length = codePointLength(seg.segment);
    const space = SPACE.test(seg.segment);
    const last = runs[runs.length - 1];
    if (space && last?.space) {
      last.end += length;
      last.u16End += seg.segment.length;
    } else {
      runs.push({ start: cp, end: cp + length, u16Start: seg.index, u16End: seg.index + seg.segment.length, space });
    }
    cp += length;
  }

  // Cut at span edges.
  const pieces: Piece[] = [];
  let e = 0;
  for (const run of runs) {
    while (e < edges.length && (edges[e] as number) <= run.start) e++;
    let from = run.start;
    let u16From = run.u16Start;
    while (e < edges.length && (edges[e] as number) < run.end) {
      const at = edges[e] as number;
      const u16At = index.toUtf16(at);
      pieces.push({ start: from, end: at, u16Start: u16From, u16End: u16At, space: run.space });
      from = at;
      u16From = u16At;
      e++;
    }
    pieces.push({ start: from, end: run.end, u16Start: u16From, u16End: run.u16End, space: run.space });
  }

  const tokens: Token[] = [];
  const push = (start: number, end: number, u16Start: number, u16End: number, space: boolean) => {
    tokens.push({ text: text.slice(u16Start, u16End), start, end, id: tokens.length, ws: false, space });
  };
  for (const p of pieces) {
    const previous = tokens[tokens.length - 1];
    if (
      p.space &&
      previous &&
      !previous.space &&
      !previous.ws &&
      previous.end === p.start &&
      text.charCodeAt(p.u16Start) === 0x20 &&
      !spanStarts.has(p.start) &&
      !spanEnds.has(p.start + 1)
    ) {
      previous.ws = true;
      if (p.end > p.start + 1) push(p.start + 1, p.end, p.u16Start + 1, p.u16End, true);
    } else {
      push(p.start, p.end, p.u16Start, p.u16End, p.space);
    }
  }
  return tokens;
}

/**
 * How long a piece of text is segmented at once. V8's segment iterator slows down as the text
 * grows (each step costs more the longer the string: 0.6 µs a word in 1,000 characters, 5 µs
 * in 30,000), so a long text is segmented in pieces cut where no word-break rule looks across.
 */
const CHUNK = 512;
/** Marks that cling to the character before them (UAX #29 Extend, Format, ZWJ): never cut before one. */
const CLINGS = /^[\p{M}\p{Cf}\p{Emoji_Modifier}]/u;

/**
 * Intl.Segmenter's word segments of a text (UTF-16 indices), the same as segmenting it whole,
 * but segmented in pieces of about `chunk` units, cut only after a line feed or after
 * whitespace followed by a character that starts a word-break unit of its own (no rule of
 * UAX #29 joins across such a point).
 */
export function* wordSegments(text: string, chunk = CHUNK): Generator<{ index: number; segment: string }> {
  words ??= new Intl.Segmenter('en', { granularity: 'word' });
  let from = 0;
  while (from < text.length) {
    let to = text.length;
    if (text.length - from > chunk) {
      to = -1;
      const target = from + chunk;
      for (let p = target; p > from + (chunk >> 1) && to < 0; p--) if (safeCut(text, p)) to = p;
      for (let p = target + 1; p < text.length && to < 0; p++) if (safeCut(text, p)) to = p;
      if (to < 0) to = text.length;
    }
    const piece = from === 0 && to === text.length ? text : text.slice(from, to);
    for (const seg of words.segment(piece)) yield { index: from + seg.index, segment: seg.segment };
    from = to;
  }
}

function safeCut(text: string, p: number): boolean {
  const before = text.charCodeAt(p - 1);
  if (before === 0x0a) return true;
  if (!SPACE.test(text[p - 1] as string)) return false;
  const next = String.fromCodePoint(text.codePointAt(p) as number);
  return !SPACE.test(next) && !CLINGS.test(next) && !(next.charCodeAt(0) >= 0xdc00 && next.charCodeAt(0) <= 0xdfff);
}

/**
 * The first and last token (inclusive, as Prodigy counts) lying inside [start, end), or null
 * when none does (a zero-width span). With tokens cut at the span's edges (tokenize), these
 * tokens cover the span exactly.
 */
export function tokenRange(tokens: readonly Token[], start: number, end: number): { first: number; last: number } | null {
  // First token starting at or after `start`.
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid] as Token).start < start) lo = mid + 1;
    else hi = mid;
  }
  const first = lo;
  // Last token ending at or before `end`.
  lo = first;
  hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid] as Token).end <= end) lo = mid + 1;
    else hi = mid;
  }
  const last = lo - 1;
  return last >= first ? { first, last } : null;
}
