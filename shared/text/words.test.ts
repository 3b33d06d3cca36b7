/**
 * The fast word segmenter against Intl.Segmenter itself, on every corpus the interchange tests
 * and benchmarks use (seeded generated texts, the seed articles, the benchmark's articles), on
 * short random strings of the characters that decide word breaks, and on texts in scripts ICU
 * segments with dictionaries (whose lines it hands to ICU).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../tests/support/corpus';
import { generateText } from '../../tests/interchange/generate';
import { seededRandom } from '../../tests/support/random';
import { SAMPLE } from '../../tests/support/sample';
import { wordBoundaries, wordSegments } from './words';

const icu = new Intl.Segmenter('en', { granularity: 'word' });
const reference = (text: string) => [...icu.segment(text)].map((s) => s.index + s.segment.length);
/** The segments around the first difference, for a readable failure. */
function firstDifference(text: string): string | null {
  const fast = wordBoundaries(text);
  const ref = reference(text);
  if (fast.length === ref.length && fast.every((e, i) => e === ref[i])) return null;
  let i = 0;
  while (fast[i] === ref[i]) i++;
  const from = i > 1 ? (ref[i - 2] as number) : 0;
  const to = ref[i + 1] ?? text.length;
  return `${JSON.stringify(text.slice(from, to))}: fast ${JSON.stringify(fast.slice(Math.max(0, i - 1), i + 2))}, ICU ${JSON.stringify(ref.slice(Math.max(0, i - 1), i + 2))}`;
}

describe('wordBoundaries', () => {
  it('gives the segments Intl.Segmenter gives, on examples of every rule', () => {
    const cases: Array<[string, string[]]> = [
      ["Iraq's it’s don't", ["Iraq's", ' ', 'it’s', ' ', "don't"]],
      ['U.S. 1,200, 3.5% a_b a:b key: x', ['U.S', '.', ' ', '1,200', ',', ' ', '3.5', '%', ' ', 'a_b', ' ', 'a:b', ' ', 'key', ':', ' ', 'x']],
      ['al-Ashrin «داعش» (PMU)', ['al', '-', 'Ashrin', ' ', '«', 'داعش', '»', ' ', '(', 'PMU', ')']],
      ['cafe\u0301 قال\u200f a\u200db x\u200bx', ['cafe\u0301', ' ', 'قال\u200f', ' ', 'a\u200db', ' ', 'x', '\u200b', 'x']],
      ['👍🏽👨‍👩‍👧🇮🇶🇮🇶🇮 1️⃣', ['👍🏽', '👨‍👩‍👧', '🇮🇶', '🇮🇶', '🇮', ' ', '1️⃣']],
      ['a  \u0301b\t\u0301\n\u0301\r\n\u00a0\u00a0x', ['a', '  \u0301', 'b', '\t\u0301', '\n', '\u0301', '\r\n', '\u00a0', '\u00a0', 'x']],
      ['北京大学 カタカナ ひらがな สวัสดีครับ', ['北京', '大学', ' ', 'カタカナ', ' ', 'ひ', 'ら', 'が', 'な', ' ', 'สวัสดี', 'ครับ']],
    ];
    for (const [text, segments] of cases) {
      expect([...wordSegments(text)].map((s) => s.segment), JSON.stringify(text)).toEqual(segments);
      expect(firstDifference(text)).toBeNull();
    }
  });

  it('is Intl.Segmenter on the generated texts of the interchange tests', () => {
    for (let seed = 1; seed <= 2000; seed++) expect(firstDifference(generateText(seededRandom(seed), 200)), `seed ${seed}`).toBeNull();
  });

  it('is Intl.Segmenter on the seed articles and the benchmark articles', () => {
    const dir = `${SAMPLE}/documents`;
    for (const doc of readdirSync(dir)) expect(firstDifference(readFileSync(`${dir}/${doc}/text.txt`, 'utf8')), doc).toBeNull();
    for (let seed = 1; seed <= 10; seed++) expect(firstDifference(generateArticle(seed, 3000)), `article ${seed}`).toBeNull();
  });

  it('is Intl.Segmenter on random strings of the characters that decide word breaks', () => {
    const alphabet = [
      ...'aZé19٣\'’.,;:_-%$"«» \t\n\r',
      '  ', '\u00a0', '\u2007', '\u202f', '\u3000', '\u2028', '\u0085', '\v', '\u0301', '\u200d', '\u200c', '\u200b', '\u200f', '\u00ad', '\ufe0f',
      '\u20e3', '\ufeff', '😀', '👍', '🏽', '🇮', '🇶', '👨', '©', 'ⓐ', '²', 'Ⅻ', '\u066b', '\u066c', '·', '\u0600', '\u06dd', 'Ա', '՚', '北', 'ひ', 'カ', 'ー', 'ก', 'ำ', 'א', '한',
    ];
    const random = seededRandom(7);
    for (let k = 0; k < 50_000; k++) {
      let text = '';
      for (let n = 1 + Math.floor(random() * 6); n > 0; n--) text += alphabet[Math.floor(random() * alphabet.length)];
      expect(firstDifference(text), `case ${k}`).toBeNull();
    }
  });

  it('leaves nothing out and never splits a surrogate pair', () => {
    const text = generateText(seededRandom(3), 300);
    const ends = wordBoundaries(text);
    expect(ends.at(-1)).toBe(text.length);
    for (let i = 0; i < ends.length; i++) {
      expect(ends[i]).toBeGreaterThan(i === 0 ? 0 : (ends[i - 1] as number));
      const c = text.charCodeAt((ends[i] as number) - 1);
      expect(c >= 0xd800 && c <= 0xdbff).toBe(false);
    }
    expect(wordBoundaries('')).toEqual([]);
  });
});
