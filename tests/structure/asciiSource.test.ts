/**
 * bin/asciiSource.mjs: the bundles Node runs are made one-byte (ASCII) without changing what
 * they do. Each case is a piece of code as esbuild leaves it with `charset: 'ascii'`: run before
 * and after, it must give the same answers.
 */
import { describe, expect, it } from 'vitest';
import { asciiSource } from '../../bin/asciiSource.mjs';

const run = (source: string): unknown => new Function(`return (${source});`)();

// Strings spelled with escapes, as esbuild writes them; regular expressions as written.
const CASES: Array<[string, string]> = [
  ['a class of dashes', String.raw`"a\u2013b\u2014c-d".replace(/[\-\–\—]/g, "_")`],
  ['an identity escape outside a class', String.raw`/^x\’s$/.test("x\u2019s")`],
  ['non-ASCII in a class range', String.raw`"\xC0\xE9\xFF\u0100".replace(/[à-ÿ]/gi, "*")`],
  ['an astral character without the u flag (two units)', String.raw`"\u{1F1EE}\u{1F1F6}x".replace(/🇮/g, "!")`],
  ['an astral character with the u flag (one code point)', String.raw`"a\u{1F525}b".split(/[🔥💥]/u)`],
  ['an escaped backslash before a character', String.raw`/\\–/.test("\\\u2013")`],
  ['Unicode properties and quotes', String.raw`"l\u2019\xC9tat d\u2019Irak".match(/[\p{L}’]+/gu)`],
];

describe('asciiSource', () => {
  for (const [what, source] of CASES) {
    it(`escapes ${what} and keeps its meaning`, async () => {
      const ascii = await asciiSource(source);
      expect([...ascii].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
      expect(run(ascii)).toEqual(run(source));
    });
  }

  it('escapes comments and leaves strings (already escaped by esbuild) alone', async () => {
    const source = 'const a = "\\u2013"; // a dash — here\n/* … */ export { a };';
    const ascii = await asciiSource(source);
    expect(ascii).toBe('const a = "\\u2013"; // a dash \\u2014 here\n/* \\u2026 */ export { a };');
  });

  it('leaves a source whose tagged template holds non-ASCII as it is (its raw text would change)', async () => {
    const source = 'export const t = String.raw`a–b`; const r = /–/;';
    expect(await asciiSource(source)).toBe(source);
  });

  it('leaves a source it cannot read as it is', async () => {
    const source = 'this is not ( JavaScript –';
    expect(await asciiSource(source)).toBe(source);
  });
});
