import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize';

describe('normalizeText', () => {
  it('turns CRLF and lone CR line ends into LF', () => {
    expect(normalizeText('one\r\ntwo\rthree\nfour\r\n')).toBe('one\ntwo\nthree\nfour\n');
    expect(normalizeText('\r\n\r\n')).toBe('\n\n');
  });

  it('drops a leading byte-order mark but not one inside the text', () => {
    expect(normalizeText('\uFEFFTitle\uFEFF')).toBe('Title\uFEFF');
  });

  it('rewrites nothing else: no Unicode normalisation, no trimming, emoji intact', () => {
    const text = 'cafe\u0301  \t\n 👍🏽 🇮🇶 سرايا\u2028x ';
    expect(normalizeText(text)).toBe(text);
    expect(normalizeText(text).normalize('NFC')).not.toBe(text);
  });
});
