import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/support/random';
import { generateDocument, generateText } from './generate';
import { tokenize, tokenRange, wordSegments, type Token } from './tokens';

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
        const doc = generateDocument(random, n);
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

describe('wordSegments', () => {
  it('gives the segments of the whole text however small the pieces it segments', () => {
    const whole = new Intl.Segmenter('en', { granularity: 'word' });
    for (let seed = 1; seed <= 200; seed++) {
      const text = generateText(seededRandom(seed), 200);
      const expected = [...whole.segment(text)].map((s) => [s.index, s.segment]);
      for (const chunk of [8, 16, 64]) expect([...wordSegments(text, chunk)].map((s) => [s.index, s.segment]), `seed ${seed}, chunk ${chunk}`).toEqual(expected);
    }
  });

  it('never cuts before a mark that clings to the whitespace before it', () => {
    const whole = new Intl.Segmenter('en', { granularity: 'word' });
    const text = 'a \u0301b \u{1F3FD}c \u200dd \u200fe  \n\n f\r\ng \u{1F1EE}\u{1F1F6} h'.repeat(20);
    const expected = [...whole.segment(text)].map((s) => [s.index, s.segment]);
    for (const chunk of [2, 3, 4, 5, 7, 16]) expect([...wordSegments(text, chunk)].map((s) => [s.index, s.segment]), `chunk ${chunk}`).toEqual(expected);
  });
});
