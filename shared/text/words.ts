/**
 * Word segments of a text, as Intl.Segmenter(…, { granularity: 'word' }) gives them (UAX #29
 * word boundaries with ICU's data), found by one sticky regular expression instead: about
 * twenty times faster, which is what lets a spaCy or Hugging Face export of 10,000 articles
 * take seconds instead of a minute.
 *
 * What is the same as Intl.Segmenter (shared/text/words.test.ts compares the two on every
 * generated corpus of the tests, on the sample articles and on the benchmark's articles):
 * - letters, digits and connectors make one word: `Iraq's`, `it’s`, `U.S` (then `.`), `1,200`,
 *   `3.5`, `A1`, `a_b`, `a:b`, `example.org`; a hyphen, a dash, brackets and quotes are
 *   segments of their own (`al` `-` `Ashrin`);
 * - combining marks, format characters (ZWJ, ZWNJ, bidi marks, soft hyphen), skin tones and
 *   variation selectors stay with the character before them (`cafe\u0301`, `قال\u200f`,
 *   `👍🏽`), except after a line break;
 * - emoji ZWJ sequences (`👨‍👩‍👧`) and flags (two regional indicators) are one segment;
 * - runs of spaces (Unicode Zs, but not the no-break spaces U+00A0, U+2007, U+202F) are one
 *   segment; CR LF is one segment; every other line break, tab or no-break space is a segment of
 *   its own (with the marks that follow it);
 * - Katakana runs are one word.
 * Where ICU segments with dictionaries (Han ideographs, Hiragana, Thai, Lao, Khmer, Myanmar and
 * the other scripts written without spaces), each run of such characters is handed to
 * Intl.Segmenter itself, so the result is still ICU's; only texts in those scripts pay its cost.
 *
 * Known differences (none occurs in the corpora the tests compare; each is a rare sequence):
 * Hebrew letters with ' and " (UAX #29 rules WB7a–c) are treated as other letters; a word
 * joined to Katakana by an underscore splits there; combining marks between a letter and a
 * connector (`a.\u0301b`) end the word.
 */

/** Characters that cling to the one before them (UAX #29 Extend, Format, ZWJ), U+200B aside. */
/** Prepended concatenation marks (Arabic number signs, end of ayah…): ICU joins them as it joins digits. */
const PREPEND = String.raw`\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u{110BD}\u{110CD}`;
const EXT = String.raw`[[\p{M}\p{Cf}\p{Emoji_Modifier}]--[\u200B${PREPEND}]]`;
/** Scripts ICU segments with a dictionary, or one character at a time (no spaces between words). */
const DICTIONARY = String.raw`\p{Ideographic}\p{sc=Hiragana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\p{sc=Tai_Le}\p{sc=New_Tai_Lue}\p{sc=Tai_Tham}\p{sc=Tai_Viet}\p{sc=Ahom}\p{sc=Bopomofo}\u3005\u3007\u303B\u30FC`;
const LETTER = String.raw`[[\p{Alphabetic}\u00B8\u02C2-\u02C5\u02D2-\u02D7\u02DE\u02DF\u02E5-\u02EB\u02ED\u02EF-\u02FF\u055A-\u055C\u055E\u058A\uA720\uA721\uA789\uA78A\uAB5B]--[\p{M}\p{sc=Katakana}${DICTIONARY}]]`;
const DIGIT = String.raw`[\p{Nd}\u066B${PREPEND}]`;
const CONNECTOR = String.raw`[\p{Pc}\u202F]`;
const KATAKANA = String.raw`[\p{sc=Katakana}\u3031-\u3035\u309B\u309C\u30A0\u30FC\uFF70]`;
/** Between two letters (MidLetter, MidNumLet, Single_Quote). */
const MID_LETTER = String.raw`[:\u00B7\u0387\u055F\u05F4\u2027\uFE13\uFE55\uFF1A.\u2018\u2019\u2024\uFE52\uFF07\uFF0E']`;
/** Between two digits (MidNum, MidNumLet, Single_Quote). */
const MID_NUMBER = String.raw`[,;\u037E\u0589\u060C\u060D\u066C\u07F8\u2044\uFE10\uFE14\uFE50\uFE54\uFF0C\uFF1B.\u2018\u2019\u2024\uFE52\uFF07\uFF0E']`;
const SPACES = String.raw`[\p{Zs}--[\u00A0\u2007\u202F]]`;
const PICTOGRAPH = String.raw`\p{Extended_Pictographic}`;
const REGIONAL = String.raw`[\u{1F1E6}-\u{1F1FF}]`;
/** After anything that ends in a ZWJ, a pictograph joins it (WB3c). */
const ZWJ_TAIL = String.raw`(?:(?<=\u200D)${PICTOGRAPH}${EXT}*)*`;

const L = `${LETTER}${EXT}*`;
const N = `${DIGIT}${EXT}*`;
const C = `${CONNECTOR}${EXT}*`;
const WORD =
  `(?:${L}|${N}|${C})` +
  `(?:${L}|${N}|${C}` +
  `|(?<=${LETTER}${EXT}*)${MID_LETTER}${EXT}*(?=${LETTER})` +
  `|(?<=${DIGIT}${EXT}*)${MID_NUMBER}${EXT}*(?=${DIGIT}))*`;

const SEGMENT = new RegExp(
  [
    String.raw`\r\n|[\n\r\v\f\u0085\u2028\u2029]`, // a line break, alone
    `${SPACES}+${EXT}*${ZWJ_TAIL}`, // a run of spaces
    `(?:${WORD}|${REGIONAL}${EXT}*${REGIONAL}${EXT}*|[^]${EXT}*)${ZWJ_TAIL}`,
  ].join('|'),
  'vy',
);
/** Characters whose lines are left to ICU: dictionary scripts, Katakana, and Hebrew (rules WB7a–c). */
const ICU_ONLY = new RegExp(`[${DICTIONARY}${KATAKANA}\\p{sc=Hebrew}\\p{sc=Hangul}]`, 'v');
/**
 * Whether text[from, to) has a character of ICU_ONLY. Apart from two Bopomofo tone marks
 * (U+02EA, U+02EB) those all lie at U+0590 and above, outside the Arabic-to-Sinhala blocks and
 * general punctuation, so most characters are passed over by their code alone.
 */
function needsIcu(text: string, from = 0, to = text.length): boolean {
  for (let u = from; u < to; u++) {
    const c = text.charCodeAt(u);
    if (c < 0x02ea || (c > 0x02eb && c < 0x0590) || (c >= 0x0600 && c < 0x0e00) || (c >= 0x2000 && c < 0x2e80)) continue;
    if (ICU_ONLY.test(String.fromCodePoint(text.codePointAt(u) as number))) return true;
  }
  return false;
}

/** Line breaks: UAX #29 always breaks before and after one (WB3a, WB3b), so lines are segmented apart. */
const LINE_END = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;

let icu: Intl.Segmenter | undefined;

/**
 * The UTF-16 end of each word segment of `text`, in order (the first segment starts at 0, each
 * other where the one before ends). The same boundaries as Intl.Segmenter('en', word).
 */
export function wordBoundaries(text: string): number[] {
  const ends: number[] = [];
  if (!needsIcu(text)) {
    scan(text, 0, text.length, ends);
    return ends;
  }
  // Lines with a character of a dictionary script are segmented by ICU itself, line by line.
  let from = 0;
  LINE_END.lastIndex = 0;
  for (let m = LINE_END.exec(text); ; m = LINE_END.exec(text)) {
    const to = m ? m.index : text.length;
    if (needsIcu(text, from, to)) {
      icu ??= new Intl.Segmenter('en', { granularity: 'word' });
      for (const seg of icu.segment(text.slice(from, to))) ends.push(from + seg.index + seg.segment.length);
    } else scan(text, from, to, ends);
    if (!m) break;
    ends.push(LINE_END.lastIndex);
    from = LINE_END.lastIndex;
  }
  return ends;
}

/**
 * What each ASCII character is to the fast path: 1 letter, 2 digit, 3 "_", 4 space, 5 line
 * break, 6 ":" (between letters), 7 "." and "'" (between letters or digits), 8 "," and ";"
 * (between digits), 0 anything else.
 */
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  ASCII[c] = /[A-Za-z]/.test(ch) ? 1 : /[0-9]/.test(ch) ? 2 : ch === '_' ? 3 : ch === ' ' ? 4 : /[\n\r\v\f]/.test(ch) ? 5 : ch === ':' ? 6 : ch === '.' || ch === "'" ? 7 : ch === ',' || ch === ';' ? 8 : 0;
}

/**
 * The end of the segment starting at `at` when it and the character after it are ASCII (no
 * combining mark or other non-ASCII character can change it), else -1: the regular expression
 * decides. The same rules as SEGMENT, for the characters most news text is made of.
 */
function asciiSegment(text: string, at: number, to: number): number {
  const c = text.charCodeAt(at);
  const kind = ASCII[c] as number;
  let i = at + 1;
  if (kind === 5) return c === 0x0d && i < to && text.charCodeAt(i) === 0x0a ? i + 1 : i; // a line break takes no mark
  if (kind === 4) while (i < to && text.charCodeAt(i) === 0x20) i++;
  else if (kind >= 1 && kind <= 3) {
    let last = kind; // letter 1, digit 2, "_" 3
    while (i < to) {
      const d = text.charCodeAt(i);
      if (d >= 0x80) return -1;
      const k = ASCII[d] as number;
      if (k >= 1 && k <= 3) {
        last = k;
        i++;
        continue;
      }
      if (k < 6) break;
      // A connector joins when the characters either side are letters (":", ".", "'") or digits (".", "'", ",", ";").
      if (i + 1 >= to) break;
      const e = text.charCodeAt(i + 1);
      if (e >= 0x80) return -1;
      const next = ASCII[e] as number;
      if ((last === 1 && next === 1 && (k === 6 || k === 7)) || (last === 2 && next === 2 && (k === 7 || k === 8))) {
        i += 2;
        last = next;
        continue;
      }
      break;
    }
  }
  return i < to && text.charCodeAt(i) >= 0x80 ? -1 : i;
}

/** The segments of text[from, to), their ends pushed to `ends`. */
function scan(text: string, from: number, to: number, ends: number[]): void {
  let at = from;
  while (at < to) {
    if (text.charCodeAt(at) < 0x80) {
      const end = asciiSegment(text, at, to);
      if (end >= 0) {
        ends.push(end);
        at = end;
        continue;
      }
    }
    SEGMENT.lastIndex = at;
    // [^] matches anything, so there is always a segment; `to` is a line end or the text's end, where SEGMENT stops too.
    if (!SEGMENT.test(text)) throw new Error(`wordBoundaries: no segment at ${at}`);
    at = SEGMENT.lastIndex;
    ends.push(at);
  }
}

/** The word segments of a text with their UTF-16 index, as Intl.Segmenter's iterator gives them. */
export function* wordSegments(text: string): Generator<{ index: number; segment: string }> {
  let start = 0;
  for (const end of wordBoundaries(text)) {
    yield { index: start, segment: text.slice(start, end) };
    start = end;
  }
}
