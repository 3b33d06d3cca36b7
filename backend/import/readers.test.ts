import { describe, expect, it } from 'vitest';
import { kindOf, readArticle, SkipFile } from './readers';

const bytes = (s: string) => Buffer.from(s, 'utf8');

function skipReason(b: Uint8Array, name: string): string {
  try {
    readArticle(b, name);
  } catch (e) {
    expect(e).toBeInstanceOf(SkipFile);
    return (e as Error).message;
  }
  throw new Error('expected the file to be skipped');
}

describe('kindOf', () => {
  it('knows text, Markdown and HTML by extension, in any case', () => {
    expect(['a.txt', 'b.TEXT', 'c.md', 'd.Markdown', 'e.html', 'f.HTM', 'g.pdf', 'noext'].map(kindOf)).toEqual([
      'text',
      'text',
      'markdown',
      'markdown',
      'html',
      'html',
      null,
      null,
    ]);
  });
});

describe('readArticle', () => {
  it('names the first bad byte of invalid UTF-8 without the file name prefix', () => {
    expect(skipReason(Buffer.from([0x41, 0x42, 0xe2, 0x82]), 'x.txt')).toBe('not valid UTF-8 (first bad byte at 2)');
    expect(skipReason(Buffer.from([0xed, 0xa0, 0x80]), 'x.md')).toMatch(/^not valid UTF-8/); // an encoded surrogate
  });

  it('refuses NUL bytes before trying to decode, even in UTF-16 text', () => {
    expect(skipReason(Buffer.from('\uFEFFHi', 'utf16le'), 'x.txt')).toBe('binary file (it contains NUL bytes)');
  });

  it('takes the HTML <title> when there is no h1, and reads the body when there is no article element', () => {
    const a = readArticle(bytes('<html><head><title> Attack on convoy </title></head><body><p>First.</p><p>Second.</p></body></html>'), 'x.html');
    expect(a.title).toBe('Attack on convoy');
    expect(a.text).toBe('First.\n\nSecond.');
  });

  it('keeps emoji and Arabic in HTML and Markdown', () => {
    expect(readArticle(bytes('<p>سرايا ثورة العشرين 👍🏽</p>'), 'x.html').text).toBe('سرايا ثورة العشرين 👍🏽');
    expect(readArticle(bytes('**سرايا** 🇮🇶'), 'x.md').text).toBe('سرايا 🇮🇶');
  });

  it('gives Markdown without a heading the plain-text title rule', () => {
    expect(readArticle(bytes('Short headline\n\nBody text.'), 'x.md').title).toBe('Short headline');
    expect(readArticle(bytes('A sentence.\n\nBody text.'), 'x.md').title).toBeNull();
  });
});
