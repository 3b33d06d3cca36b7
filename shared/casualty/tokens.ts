/** A word, number or punctuation mark of a span, with its place in the span (UTF-16 indices). */
export interface Token {
  text: string;
  /** Lower-cased; dots of abbreviations dropped ("U.S." → "us"); curly apostrophes made straight. */
  lower: string;
  kind: 'word' | 'number' | 'punct';
  start: number;
  end: number;
  /** Starts with a capital letter. */
  capital: boolean;
  /** Follows the previous token with no space ("81mm", "20+", "10-15"). */
  attached: boolean;
}

// Abbreviations with dots (U.S.), numbers with thousands separators or decimals, words (letters,
// then letters/digits, joined by apostrophes or hyphens), any other single non-space character.
const TOKEN =
  /(?:\p{L}\.){2,}|\d{1,3}(?:[,\u00a0\u202f\u2009]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\p{L}[\p{L}\p{M}\p{N}]*(?:['’\-‐][\p{L}\p{M}\p{N}]+)*|\S/gu;

/** Quotation marks carry no meaning for a count: «“several” members» reads as «several members». */
const QUOTES = new Set(['"', '“', '”', '„', '«', '»', '‘', '’', "'", '‹', '›', '`']);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = -1;
  for (const match of text.matchAll(TOKEN)) {
    const raw = match[0];
    const start = match.index;
    const end = start + raw.length;
    if (QUOTES.has(raw)) {
      previousEnd = -1;
      continue;
    }
    const first = raw.codePointAt(0) ?? 0;
    const isDigit = first >= 0x30 && first <= 0x39;
    const isLetter = /\p{L}/u.test(raw[0] ?? '');
    const kind: Token['kind'] = isDigit ? 'number' : isLetter ? 'word' : 'punct';
    let lower = raw.toLowerCase().replace(/’/g, "'").replace(/‐/g, '-');
    if (/^(?:\p{L}\.){2,}$/u.test(raw)) lower = lower.replace(/\./g, '');
    tokens.push({ text: raw, lower, kind, start, end, capital: /^\p{Lu}/u.test(raw), attached: start === previousEnd });
    previousEnd = end;
  }
  return tokens;
}

/** The lower-cased text of token `i`, or '' past either end. */
export function lowerAt(tokens: readonly Token[], i: number): string {
  return tokens[i]?.lower ?? '';
}

/** Does the phrase (lower-case words) start at token `i`? */
export function phraseAt(tokens: readonly Token[], i: number, words: readonly string[]): boolean {
  for (let k = 0; k < words.length; k++) if (lowerAt(tokens, i + k) !== words[k]) return false;
  return words.length > 0;
}

/** The longest phrase of `phrases` that starts at token `i`, as its number of tokens (0: none). */
export function longestPhraseAt(tokens: readonly Token[], i: number, phrases: readonly (readonly string[])[]): number {
  let best = 0;
  for (const p of phrases) if (p.length > best && phraseAt(tokens, i, p)) best = p.length;
  return best;
}

/** The text of the span from token `from` to token `to` (exclusive), as written. */
export function sliceText(source: string, tokens: readonly Token[], from: number, to: number): string {
  const a = tokens[from];
  const b = tokens[to - 1];
  if (!a || !b || to <= from) return '';
  return source.slice(a.start, b.end);
}

/** Tokens [from, to) joined as written, without the quotation marks: "100+", "about 62", "10-15". */
export function joinTokens(tokens: readonly Token[], from: number, to: number): string {
  let out = '';
  for (let k = from; k < to; k++) {
    const t = tokens[k];
    if (!t) break;
    out += (k > from && !t.attached ? ' ' : '') + t.text;
  }
  return out;
}
