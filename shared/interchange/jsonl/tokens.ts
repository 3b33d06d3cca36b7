/**
 * Tokens for the formats that need them (Prodigy's "tokens", Hugging Face's "tokens"), made so
 * that every span is a whole number of tokens and the text can be rebuilt from them exactly.
 *
 * - Words are UAX #29 word segments as Intl.Segmenter gives them with the locale fixed to "en"
 *   (not the machine's: ICU tailors word breaks for a few locales, and the same project must
 *   give the same bytes everywhere), found by shared/text/words.ts, which gives the same
 *   segments twenty times faster: a word, a number, one punctuation mark, an emoji with its
 *   modifiers, a flag. Runs of whitespace are kept together. These are not spaCy's own tokens
 *   (spaCy splits "Iraq's" as "Iraq" "'s", UAX #29 keeps it whole unless a span edge cuts it).
 * - Whitespace is never part of a word token: a segment that holds some (the marks UAX #29 lets
 *   cling to a space, " \u0301"; a narrow no-break space inside "1\u202f000") is cut around it.
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
import { wordBoundaries } from '../../text/words';

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

/** Is the UTF-16 unit a high surrogate (the first half of an astral character)? */
const high = (c: number) => c >= 0xd800 && c <= 0xdbff;
const low = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * The tokens of a text. `cuts` are the code-point edges every token must respect: the starts
 * and ends of the spans that will be expressed in tokens (zero-width spans need none).
 */
export function tokenize(text: string, cuts: { starts: readonly number[]; ends: readonly number[] } = { starts: [], ends: [] }): Token[] {
  const index = new CodePointIndex(text);
  const spanStarts = new Set(cuts.starts);
  const spanEnds = new Set(cuts.ends);
  const edges = [...new Set([...cuts.starts, ...cuts.ends])].filter((c) => c > 0 && c < index.length).sort((a, b) => a - b);
  const tokens: Token[] = [];
  let e = 0;

  /** A piece cut at span edges becomes a token, or the `ws` of the token before it (one plain space). */
  const piece = (start: number, end: number, u16Start: number, u16End: number, space: boolean) => {
    const previous = tokens[tokens.length - 1];
    if (
      space &&
      previous &&
      !previous.space &&
      !previous.ws &&
      previous.end === start &&
      text.charCodeAt(u16Start) === 0x20 &&
      !spanStarts.has(start) &&
      !spanEnds.has(start + 1)
    ) {
      previous.ws = true;
      if (end > start + 1) tokens.push({ text: text.slice(u16Start + 1, u16End), start: start + 1, end, id: tokens.length, ws: false, space: true });
    } else {
      tokens.push({ text: text.slice(u16Start, u16End), start, end, id: tokens.length, ws: false, space });
    }
  };
  /** A run (a word segment, or whitespace segments merged) cut at the span edges inside it. */
  const run = (start: number, end: number, u16Start: number, u16End: number, space: boolean) => {
    while (e < edges.length && (edges[e] as number) <= start) e++;
    while (e < edges.length && (edges[e] as number) < end) {
      const at = edges[e++] as number;
      const u16At = index.toUtf16(at);
      piece(start, at, u16Start, u16At, space);
      start = at;
      u16Start = u16At;
    }
    piece(start, end, u16Start, u16End, space);
  };

  // Segments in order; whitespace segments are merged until something else comes.
  let cp = 0;
  let u16 = 0;
  let pending: { start: number; end: number; u16Start: number; u16End: number } | null = null;
  /** The segment text[u16, u16End), of `length` code points, all whitespace or none. */
  const add = (u16End: number, length: number, space: boolean) => {
    if (space && pending) {
      pending.end += length;
      pending.u16End = u16End;
    } else {
      if (pending) run(pending.start, pending.end, pending.u16Start, pending.u16End, true);
      pending = null;
      if (space) pending = { start: cp, end: cp + length, u16Start: u16, u16End };
      else run(cp, cp + length, u16, u16End, false);
    }
    cp += length;
    u16 = u16End;
  };
  for (const end of wordBoundaries(text)) {
    // One look at each character: its length in code points, and whether it is whitespace.
    let pairs = 0;
    let spaces = 0;
    for (let u = u16; u < end; u++) {
      const c = text.charCodeAt(u);
      if (c < 0x80 ? c === 0x20 || (c >= 0x09 && c <= 0x0d) : isWhitespace(c)) spaces++;
      else if (high(c) && u + 1 < end && low(text.charCodeAt(u + 1))) pairs++;
    }
    if (spaces === 0 || spaces === end - u16) add(end, end - u16 - pairs, spaces > 0);
    else {
      // Marks clinging to a space (" \u0301"), or a narrow no-break space inside a number: whitespace is never in a word token.
      let from = u16;
      let inSpace = isWhitespace(text.charCodeAt(from));
      for (let u = from + 1; u <= end; u++) {
        const now = u < end && isWhitespace(text.charCodeAt(u));
        if (u === end || now !== inSpace) {
          add(u, codePointLength(text.slice(from, u)), inSpace);
          from = u;
          inSpace = now;
        }
      }
    }
  }
  const last = pending as { start: number; end: number; u16Start: number; u16End: number } | null;
  if (last) run(last.start, last.end, last.u16Start, last.u16End, true);
  return tokens;
}

/** JavaScript's \s (what /\s/u matches), by code unit: every such character is in the BMP. */
export function isWhitespace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
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
