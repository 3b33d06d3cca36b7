import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/support/random';
import { generateDocument } from '../../../tests/interchange/generate';
import { isWhitespace, tokenize, tokenRange, type Token } from './tokens';

const texts = (tokens: Token[]) => tokens.map((t) => t.text);
/** What spaCy's Doc(vocab, words, spaces) makes of the tokens. */
const rebuilt = (tokens: Token[]) => tokens.map((t) => t.text + (t.ws ? ' ' : '')).join('');

describe('tokenize', () => {
  it('follows spaCy on whitespace: one space is the token before it, other whitespace a token', () => {
    const tokens = tokenize('said  Hashd\n\nal-Ashrin ');
    expect(texts(tokens)).toEqual(['said', ' ', 'Hashd', '\n\n', 'al', '-', 'Ashrin']);
    expect(tokens.map((t) => t.ws)).toEqual([true, false, false, false, false, false, true]);
    expect(tokens.map((t) => t.space)).toEqual([false, true, false, true, false, false, false]);
    expect(tokens.map((t) => t.id)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(rebuilt(tokens)).toBe('said  Hashd\n\nal-Ashrin ');
  });

  it('counts offsets in code points and keeps an emoji with its skin tone, a flag, a letter with its accent', () => {
    const tokens = tokenize('👍🏽 🇮🇶 cafe\u0301 قال');
    expect(texts(tokens)).toEqual(['👍🏽', '🇮🇶', 'cafe\u0301', 'قال']);
    expect(tokens.map((t) => [t.start, t.end])).toEqual([
      [0, 2],
      [3, 5],
      [6, 11],
      [12, 15],
    ]);
  });

  it('cuts a word at a span edge, so the span is whole tokens', () => {
    const tokens = tokenize("Iraq's forces", { starts: [0], ends: [4] });
    expect(texts(tokens)).toEqual(['Iraq', "'s", 'forces']);
    expect(tokenRange(tokens, 0, 4)).toEqual({ first: 0, last: 0 });
  });

  it('keeps a space that starts or ends a span as a token of its own', () => {
    // " Hashd" (4–10) and "said " (0–5): the space at 4 may not hide in "said"'s ws.
    const starting = tokenize('said Hashd', { starts: [4], ends: [10] });
    expect(texts(starting)).toEqual(['said', ' ', 'Hashd']);
    expect(tokenRange(starting, 4, 10)).toEqual({ first: 1, last: 2 });
    const ending = tokenize('said Hashd', { starts: [0], ends: [5] });
    expect(texts(ending)).toEqual(['said', ' ', 'Hashd']);
    expect(tokenRange(ending, 0, 5)).toEqual({ first: 0, last: 1 });
    // Without such a span the space is "said"'s ws, as spaCy has it.
    expect(texts(tokenize('said Hashd', { starts: [5], ends: [10] }))).toEqual(['said', 'Hashd']);
  });

  it('keeps whitespace out of word tokens, even where UAX #29 joins a mark to a space', () => {
    // " \u0301" is one word segment for Intl.Segmenter, "1\u202f000" another.
    const tokens = tokenize('said \u0301b 1\u202f000');
    expect(texts(tokens)).toEqual(['said', '\u0301', 'b', '1', '\u202f', '000']);
    expect(tokens.map((t) => [t.start, t.end])).toEqual([
      [0, 4],
      [5, 6],
      [6, 7],
      [8, 9],
      [9, 10],
      [10, 13],
    ]);
    expect(tokens[0]!.ws).toBe(true);
    expect(rebuilt(tokens)).toBe('said \u0301b 1\u202f000');
  });

  it('counts as whitespace exactly what /\\s/u does', () => {
    for (let c = 0; c < 0x10000; c++) expect(isWhitespace(c), `U+${c.toString(16)}`).toBe(/\s/u.test(String.fromCharCode(c)));
  });

  it('gives no token range to a zero-width span', () => {
    const tokens = tokenize('a b');
    expect(tokenRange(tokens, 1, 1)).toBeNull();
    expect(tokenRange(tokens, 0, 0)).toBeNull();
    expect(tokenRange(tokens, 3, 3)).toBeNull();
  });

  it('on generated documents: the text rebuilds, tokens select their text, and every span is exactly its tokens', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededRandom(seed);
      for (let n = 0; n < 4; n++) {
        const doc = generateDocument(random, n, { zeroWidth: true });
        const cps = Array.from(doc.text);
        const solid = doc.spans.filter((s) => s.endOffset > s.startOffset);
        const tokens = tokenize(doc.text, { starts: solid.map((s) => s.startOffset), ends: solid.map((s) => s.endOffset) });
        expect(rebuilt(tokens), `seed ${seed}`).toBe(doc.text);
        for (const t of tokens) expect(cps.slice(t.start, t.end).join('')).toBe(t.text);
        for (const s of solid) {
          const range = tokenRange(tokens, s.startOffset, s.endOffset);
          expect(range, `seed ${seed} span ${s.id}`).not.toBeNull();
          expect((tokens[range!.first] as Token).start).toBe(s.startOffset);
          expect((tokens[range!.last] as Token).end).toBe(s.endOffset);
        }
      }
    }
  });
});
