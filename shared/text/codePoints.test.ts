import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodePointIndex, codePointLength } from './codePoints';

/** Reference: the text as an array of code points (what Python's str indexes). */
const cps = (s: string): string[] => Array.from(s);

const THUMB = '👍🏽'; // U+1F44D U+1F3FD: two code points, four UTF-16 units
const FLAG = '🇮🇶'; // two regional indicators: two code points, four UTF-16 units
const E_ACUTE = 'e\u0301'; // e + combining acute: two code points, two UTF-16 units
const ARABIC = 'سرايا ثورة العشرين'; // BMP only: one unit per code point

describe('CodePointIndex', () => {
  it('counts emoji as one code point per scalar, not per UTF-16 unit', () => {
    const text = `Thumbs ${THUMB} and flag ${FLAG}.`;
    const index = new CodePointIndex(text);
    expect(text.length).toBe(7 + 4 + 10 + 4 + 1);
    expect(index.utf16Length).toBe(text.length);
    expect(index.length).toBe(7 + 2 + 10 + 2 + 1);
    expect(index.length).toBe(cps(text).length);
    expect(codePointLength(text)).toBe(index.length);
  });

  it('converts offsets after astral characters both ways', () => {
    const text = `${THUMB}a${FLAG}b`;
    const index = new CodePointIndex(text);
    // code points: 👍 🏽 a 🇮 🇶 b
    expect([0, 1, 2, 3, 4, 5, 6].map((o) => index.toUtf16(o))).toEqual([0, 2, 4, 5, 7, 9, 10]);
    expect([0, 2, 4, 5, 7, 9, 10].map((u) => index.toCodePoint(u))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(index.slice(2, 3)).toBe('a');
    expect(index.slice(5, 6)).toBe('b');
    expect(index.slice(0, 2)).toBe(THUMB);
    expect(index.slice(3, 5)).toBe(FLAG);
  });

  it('rounds a UTF-16 index inside a surrogate pair down to the start of that character', () => {
    const index = new CodePointIndex(`x${THUMB}y`);
    expect(index.toCodePoint(2)).toBe(1); // between the two units of U+1F44D
    expect(index.toCodePoint(4)).toBe(2); // between the two units of U+1F3FD
  });

  it('treats combining marks and Arabic as ordinary code points (one unit each)', () => {
    const text = `caf${E_ACUTE} ${ARABIC}`;
    const index = new CodePointIndex(text);
    expect(index.length).toBe(text.length);
    expect(index.slice(3, 5)).toBe(E_ACUTE);
    expect(index.slice(6, 11)).toBe('سرايا');
    for (let o = 0; o <= index.length; o++) expect(index.toCodePoint(index.toUtf16(o))).toBe(o);
  });

  it('handles the empty text', () => {
    const index = new CodePointIndex('');
    expect(index.length).toBe(0);
    expect(index.toUtf16(0)).toBe(0);
    expect(index.toCodePoint(0)).toBe(0);
    expect(index.slice(0, 0)).toBe('');
  });

  it('counts a lone surrogate as one code point, like the iterator does', () => {
    const text = `a\ud83db${THUMB}\udc4dc`;
    const index = new CodePointIndex(text);
    expect(index.length).toBe(cps(text).length);
    expect(index.slice(3, 5)).toBe(THUMB);
  });

  it('agrees with an array of code points for any text and any range (property)', () => {
    const alphabet = fc.constantFrom('a', 'Z', ' ', '\n', 'é', '\u0301', 'ك', 'ش', '😀', '👍', '🏽', '🇮', '🇶', '𝔸', '中', '—');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 60 }),
        fc.nat(),
        fc.nat(),
        (chars, a, b) => {
          const text = chars.join('');
          const ref = cps(text);
          const index = new CodePointIndex(text);
          expect(index.length).toBe(ref.length);
          const start = a % (ref.length + 1);
          const end = start + (b % (ref.length - start + 1));
          expect(index.slice(start, end)).toBe(ref.slice(start, end).join(''));
          expect(index.toUtf16(start)).toBe(ref.slice(0, start).join('').length);
          expect(index.toCodePoint(index.toUtf16(start))).toBe(start);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('means by an offset what Python means by a str index (len and slices match CPython)', () => {
    const sample =
      `Hachd al-Chaabi ${THUMB} said “several dead” ${FLAG} in ${ARABIC}; caf${E_ACUTE} 𝔸 ok\nSecond line 😀 end`;
    const ranges: Array<[number, number]> = [
      [0, 5],
      [15, 18],
      [16, 18],
      [18, 30],
      [30, 36],
      [36, 60],
      [55, 70],
      [0, 999],
    ];
    const script = [
      'import sys, json',
      's = sys.stdin.buffer.read().decode("utf-8")',
      'ranges = json.loads(sys.argv[1])',
      'print(json.dumps({"len": len(s), "slices": [s[a:b] for a, b in ranges]}))',
    ].join('\n');
    const out = execFileSync('/usr/bin/python3', ['-c', script, JSON.stringify(ranges)], { input: Buffer.from(sample, 'utf8') });
    const py = JSON.parse(out.toString('utf8')) as { len: number; slices: string[] };
    const index = new CodePointIndex(sample);
    expect(index.length).toBe(py.len);
    expect(index.length).toBeLessThan(sample.length); // the sample really has astral characters
    ranges.forEach(([a, b], i) => {
      expect(index.slice(Math.min(a, index.length), Math.min(b, index.length))).toBe(py.slices[i]);
    });
  });
});
