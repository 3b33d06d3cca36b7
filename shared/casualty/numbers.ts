import { lowerAt, phraseAt, type Token } from './tokens';

const UNITS: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const SCALES: Readonly<Record<string, number>> = { hundred: 100, thousand: 1000, million: 1_000_000, billion: 1_000_000_000 };

export interface NumberRead {
  value: number;
  /** Index of the first token after the number. */
  end: number;
  /** Written in words ("twenty-five") rather than digits. */
  words: boolean;
}

/** Is `word` a number word (one … ninety, hundred, thousand, million, dozen)? */
export function isNumberWord(word: string): boolean {
  return word in UNITS || word in TENS || word in SCALES || word === 'dozen';
}

/** Digits as written ("2,500", "13 500", "1.5") → number. */
export function digitsValue(text: string): number {
  return Number(text.replace(/[,\u00a0\u202f\u2009]/g, ''));
}

/**
 * Reads a number at token `i`: digits ("2,500", "1.5 million", "2 dozen") or words ("eight",
 * "twenty-five", "twenty five", "one hundred and twenty", "a hundred", "a dozen", "half a dozen").
 * Plurals that only say "many" ("hundreds", "dozens") are not numbers: see quantity.ts.
 */
export function readNumber(tokens: readonly Token[], i: number): NumberRead | null {
  const token = tokens[i];
  if (!token) return null;
  if (token.kind === 'number') {
    if (token.attached && tokens[i - 1]?.kind === 'word') return null; // "H2", "M91"
    let value = digitsValue(token.lower);
    let end = i + 1;
    const next = lowerAt(tokens, end);
    const scale = SCALES[next] ?? (next === 'dozen' ? 12 : undefined);
    if (scale !== undefined) {
      value *= scale;
      end++;
    }
    return Number.isFinite(value) ? { value: Math.round(value * 1000) / 1000, end, words: false } : null;
  }
  if (token.kind !== 'word') return null;
  if (phraseAt(tokens, i, ['half', 'a', 'dozen'])) return { value: 6, end: i + 3, words: true };

  let k = i;
  let total = 0;
  let current = 0;
  let any = false;
  let end = i;
  // "a hundred", "an estimated"… only "a"/"an" before a scale word or "dozen" is the number one.
  if (token.lower === 'a' || token.lower === 'an') {
    const next = lowerAt(tokens, i + 1);
    if (!(next in SCALES) && next !== 'dozen') return null;
    current = 1;
    k = i + 1;
  }
  let lastKind: 'unit' | 'ten' | 'scale' | null = null;
  for (; k < tokens.length; k++) {
    const t = tokens[k];
    if (!t || t.kind !== 'word') break;
    if (t.lower === 'and') {
      // "one hundred and twenty": only after a hundred/thousand and before a unit or ten.
      const nextParts = lowerAt(tokens, k + 1).split('-');
      const nextFirst = nextParts[0] ?? '';
      if (any && (current >= 100 || total > 0) && (nextFirst in UNITS || nextFirst in TENS)) continue;
      break;
    }
    const parts = t.lower.split('-');
    if (!parts.every(isNumberWord)) break;
    // Work on copies: a token is taken whole or not at all.
    let c: number = current;
    let tot: number = total;
    let last: 'unit' | 'ten' | 'scale' | null = lastKind;
    let ok = true;
    for (const part of parts) {
      const unit = UNITS[part];
      const ten = TENS[part];
      const scale = SCALES[part];
      if (unit !== undefined) {
        if (last === 'unit' || last === 'ten' && unit >= 10) { ok = false; break; }
        c += unit;
        last = 'unit';
      } else if (ten !== undefined) {
        if (last === 'unit' || last === 'ten') { ok = false; break; }
        c += ten;
        last = 'ten';
      } else if (part === 'dozen') {
        c = (c || 1) * 12;
        last = 'scale';
      } else if (scale === 100) {
        c = (c || 1) * 100;
        last = 'scale';
      } else if (scale !== undefined) {
        tot += (c || 1) * scale;
        c = 0;
        last = 'scale';
      }
    }
    if (!ok) break;
    current = c;
    total = tot;
    lastKind = last;
    any = true;
    end = k + 1;
  }
  if (!any) return null;
  return { value: total + current, end, words: true };
}
