import { describe, expect, it } from 'vitest';
import { CodePointIndex } from './codePoints';
import { snapSelection, trimRange } from './wordSnap';

/** The text a selection covers after snapping (UTF-16 indices, as the function works in). */
function snapped(text: string, from: number, to: number, snap = true): string {
  const r = snapSelection(text, from, to, snap);
  return text.slice(r.from, r.to);
}
/** UTF-16 range of the first occurrence of `part` (optionally cut by `cutStart`/`cutEnd` units). */
function rangeOf(text: string, part: string, cutStart = 0, cutEnd = 0): [number, number] {
  const at = text.indexOf(part);
  if (at < 0) throw new Error(`${part} not in text`);
  return [at + cutStart, at + part.length - cutEnd];
}

const TEXT = 'The militia “claimed responsibility” for the attack, officials said. One fighter was killed.';

describe('snapSelection', () => {
  it('widens a start in the middle of a word to the whole word', () => {
    expect(snapped(TEXT, ...rangeOf(TEXT, 'militia', 2))).toBe('militia');
  });

  it('widens an end in the middle of a word to the whole word', () => {
    expect(snapped(TEXT, ...rangeOf(TEXT, 'responsibility', 0, 5))).toBe('responsibility');
  });

  it('widens both ends across several words', () => {
    const from = TEXT.indexOf('ilitia');
    const to = TEXT.indexOf('aimed') + 2;
    expect(snapped(TEXT, from, to)).toBe('militia “claimed');
  });

  it('leaves a selection that already holds whole words as it is', () => {
    expect(snapped(TEXT, ...rangeOf(TEXT, 'the attack'))).toBe('the attack');
  });

  it('trims whitespace at both edges', () => {
    expect(snapped(TEXT, ...rangeOf(TEXT, ' militia '))).toBe('militia');
    expect(snapped('one\n  two\t', 3, 10)).toBe('two');
  });

  it('does not swallow punctuation next to the word', () => {
    expect(snapped(TEXT, ...rangeOf(TEXT, 'attack', 1, 1))).toBe('attack'); // not "attack,"
    expect(snapped(TEXT, ...rangeOf(TEXT, 'laimed'))).toBe('claimed'); // not "“claimed"
    expect(snapped(TEXT, ...rangeOf(TEXT, 'killed', 2))).toBe('killed'); // not "killed."
  });

  it('keeps punctuation the analyst selected', () => {
    expect(snapped(TEXT, ...rangeOf(TEXT, '“claimed responsibility”'))).toBe('“claimed responsibility”');
  });

  it('with snap=false only trims whitespace', () => {
    expect(snapped(TEXT, ...rangeOf(TEXT, ' militia “c'), false)).toBe('militia “c');
    expect(snapped(TEXT, ...rangeOf(TEXT, 'ilit'), false)).toBe('ilit');
    expect(snapped(TEXT, ...rangeOf(TEXT, 'he militia '), false)).toBe('he militia');
  });

  it('accepts a backwards selection', () => {
    const [from, to] = rangeOf(TEXT, 'ilitia');
    expect(snapSelection(TEXT, to, from)).toEqual(snapSelection(TEXT, from, to));
    expect(snapped(TEXT, to, from)).toBe('militia');
  });

  it('collapses an all-whitespace selection', () => {
    const r = snapSelection('a    b', 1, 5);
    expect(r.from).toBe(r.to);
  });

  it('works after emoji and flags, and gives the right code-point offsets', () => {
    const text = 'Great 👍🏽 attack by 🇮🇶 forces, cafe\u0301 owner said';
    const r = snapSelection(text, ...rangeOf(text, 'ttac'));
    expect(text.slice(r.from, r.to)).toBe('attack');
    const index = new CodePointIndex(text);
    const start = index.toCodePoint(r.from);
    const end = index.toCodePoint(r.to);
    expect(Array.from(text).slice(start, end).join('')).toBe('attack');
    expect(start).toBe(9); // "Great " (6) + 👍🏽 (2 code points) + " " (1)
    expect(snapped(text, ...rangeOf(text, 'orce'))).toBe('forces');
    // From the middle of "Great" to the middle of "attack": the emoji between stays whole.
    expect(snapped(text, 2, text.indexOf('attack') + 3)).toBe('Great 👍🏽 attack');
    // A word with a combining accent is one word.
    expect(snapped(text, ...rangeOf(text, 'caf'))).toBe('cafe\u0301');
  });

  it('works in Arabic', () => {
    const text = 'تبنت سرايا ثورة العشرين الهجوم';
    expect(snapped(text, text.indexOf('ثورة') + 1, text.indexOf('ثورة') + 3)).toBe('ثورة');
  });

  it('looks only at a window around each end, so a word far away is not involved', () => {
    const text = `${'word '.repeat(2000)}target${' word'.repeat(2000)}`;
    expect(snapped(text, ...rangeOf(text, 'target', 2, 2))).toBe('target');
  });
});

describe('trimRange', () => {
  it('moves the ends off whitespace', () => {
    expect(trimRange('  ab  ', 0, 6)).toEqual({ from: 2, to: 4 });
    expect(trimRange('    ', 0, 4)).toEqual({ from: 4, to: 4 });
  });

  it('never cuts an emoji, a flag or a combining accent, even when tagging exactly', () => {
    const text = 'Praise 👍🏽 from 🇮🇶 for the cafe\u0301 owner';
    const thumb = text.indexOf('👍🏽');
    // Only the 👍 of 👍🏽 (no skin tone) is selected: the whole emoji is taken.
    expect(snapSelection(text, thumb, thumb + 2, false)).toEqual({ from: thumb, to: thumb + 4 });
    const flag = text.indexOf('🇮🇶');
    // Half a flag (one regional indicator) → the whole flag.
    expect(snapSelection(text, flag + 2, flag + 4, false)).toEqual({ from: flag, to: flag + 4 });
    const accent = text.indexOf('cafe\u0301');
    // "cafe" without its combining accent → the accent comes along.
    expect(snapSelection(text, accent, accent + 4, false)).toEqual({ from: accent, to: accent + 5 });
  });
});
