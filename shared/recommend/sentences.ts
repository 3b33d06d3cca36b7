/**
 * Sentences of an article, for the rule recommenders: a span never runs past the end of a
 * sentence (the guidelines' first rule), so each rule reads one sentence at a time. A line
 * break always ends a sentence (headlines, captions, paragraphs); so does ".", "!" or "?"
 * (with any closing quotes or brackets) followed by a space and a capital, a digit or an opening
 * quote, unless the word before is a title or abbreviation ("Maj. Gen. Pat Ryder", "U.S. troops").
 * Ranges are UTF-16 indices (the rules work on JavaScript strings; the recommenders convert to
 * code points at the end), trimmed of spaces.
 */

export interface TextRange {
  /** UTF-16 index, inclusive. */
  from: number;
  /** UTF-16 index, exclusive. */
  to: number;
}

/** Words after which a full stop does not end a sentence (lower case, without the stop). */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'maj', 'col', 'lt', 'sgt', 'capt', 'cpt', 'cmdr', 'adm', 'brig', 'cpl', 'pvt',
  'gov', 'sen', 'rep', 'pres', 'st', 'sr', 'jr', 'no', 'nos', 'vs', 'etc', 'approx', 'est', 'dept', 'co', 'corp', 'inc',
  'ltd', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mt', 'ft', 'fig', 'al',
]);

const END = /[.!?…]+["'”’»)\]]*(?=\s+["'“‘«([]?[\p{Lu}\p{N}])/gu;

export function sentenceRanges(text: string): TextRange[] {
  const out: TextRange[] = [];
  const push = (from: number, to: number) => {
    while (from < to && /\s/u.test(text[from] as string)) from++;
    while (to > from && /\s/u.test(text[to - 1] as string)) to--;
    if (to > from) out.push({ from, to });
  };
  let lineStart = 0;
  for (const line of text.split(/(\r\n|\n|\r|\u2028|\u2029)/u)) {
    if (/^(?:\r\n|\n|\r|\u2028|\u2029)$/u.test(line)) {
      lineStart += line.length;
      continue;
    }
    let from = 0;
    for (const m of line.matchAll(END)) {
      const stop = m.index;
      if (m[0].startsWith('.') && !endsSentence(line, stop)) continue;
      push(lineStart + from, lineStart + stop + m[0].length);
      from = stop + m[0].length;
    }
    push(lineStart + from, lineStart + line.length);
    lineStart += line.length;
  }
  return out;
}

/** A full stop at `dot` ends a sentence unless it closes an abbreviation or an initial. */
function endsSentence(line: string, dot: number): boolean {
  const before = /([\p{L}.]+)$/u.exec(line.slice(Math.max(0, dot - 12), dot))?.[1] ?? '';
  if (before === '') return true;
  if (/^(?:\p{L}\.)+\p{L}$/u.test(before)) return false; // "U.S", "U.N": a dotted abbreviation
  if (/^\p{Lu}$/u.test(before)) return false; // an initial: "George W. Bush"
  return !ABBREVIATIONS.has(before.toLowerCase());
}

/** The index of the sentence holding UTF-16 index `at`, or -1. */
export function sentenceIndexAt(sentences: readonly TextRange[], at: number): number {
  let lo = 0;
  let hi = sentences.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sentences[mid] as TextRange).to <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo < sentences.length && (sentences[lo] as TextRange).from <= at ? lo : -1;
}
