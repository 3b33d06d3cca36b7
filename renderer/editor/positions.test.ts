import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../shared/text/normalize';
import { LINES_PER_BLOCK, TextPositions } from '../../shared/text/positions';
import { articleDoc } from './schema';

const cps = (s: string): string[] => Array.from(s);

/** Every check of the contract between stored offsets and the editor document, for one text. */
function checkText(text: string): void {
  const positions = new TextPositions(text);
  const doc = articleDoc(positions);
  const ref = cps(text);
  expect(positions.length).toBe(ref.length);
  // The editor shows exactly the stored text, one paragraph per line.
  const paragraphs: number[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === 'paragraph') paragraphs.push(pos + 1);
    return node.type.name !== 'paragraph';
  });
  const lines = text.split('\n');
  expect(paragraphs).toHaveLength(lines.length);
  expect(doc.textBetween(0, doc.content.size, '\n')).toBe(text);
  let line = 0;
  let column = 0; // UTF-16 column within the line
  for (let x = 0; x <= ref.length; x++) {
    const pos = positions.toPos(x);
    // Every offset lands inside its own line's paragraph, at its UTF-16 column.
    const $pos = doc.resolve(pos);
    expect($pos.parent.type.name).toBe('paragraph');
    expect(pos - $pos.parentOffset).toBe(paragraphs[line]);
    expect($pos.parentOffset).toBe(column);
    expect(positions.toOffset(pos)).toBe(x);
    const ch = ref[x];
    if (ch === '\n') {
      line++;
      column = 0;
    } else if (ch !== undefined) column += ch.length;
  }
}

/** A text of n lines, with emoji, combining marks and empty lines around the block boundaries. */
function manyLines(n: number): string {
  return Array.from({ length: n }, (_, i) => (i % 5 === 0 ? '' : i % 3 === 0 ? `line ${i} 👍🏽 🇮🇶` : `cafe\u0301 ${i} سرايا`)).join('\n');
}

describe('TextPositions', () => {
  it('puts each character in its line’s paragraph, and reads back what it holds', () => {
    const positions = new TextPositions('ab\ncd');
    const doc = articleDoc(positions);
    expect(doc.textBetween(positions.toPos(3), positions.toPos(5))).toBe('cd');
    expect(doc.textBetween(positions.toPos(1), positions.toPos(4), '\n')).toBe('b\nc');
    expect(doc.textBetween(positions.toPos(0), positions.toPos(2))).toBe('ab');
    checkText('ab\ncd');
  });

  it('clamps positions between and around paragraphs to the nearest line end', () => {
    const positions = new TextPositions('ab\ncd');
    const doc = articleDoc(positions);
    const seen: number[] = [];
    for (let pos = 0; pos <= doc.content.size; pos++) {
      const $pos = doc.resolve(pos);
      const offset = positions.toOffset(pos);
      seen.push(offset);
      if ($pos.parent.type.name !== 'paragraph') {
        // Not a text position: it maps to the end of the line before, or the start of the text.
        expect([0, 2, 5]).toContain(offset);
      }
    }
    // Monotonic: moving right never moves the offset back.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(positions.toOffset(0)).toBe(0);
    expect(positions.toOffset(doc.content.size)).toBe(5);
  });

  it('keeps positions right across the editor’s blocks of lines', () => {
    for (const n of [LINES_PER_BLOCK - 1, LINES_PER_BLOCK, LINES_PER_BLOCK + 1, 2 * LINES_PER_BLOCK, 2 * LINES_PER_BLOCK + 3]) {
      checkText(manyLines(n));
      checkText(`${manyLines(n)}\n`);
    }
    const text = manyLines(3 * LINES_PER_BLOCK);
    const positions = new TextPositions(text);
    const doc = articleDoc(positions);
    const cps = Array.from(text);
    // A range that starts in the first block and ends in the third.
    const start = cps.indexOf('👍');
    const end = cps.length - 4;
    expect(doc.textBetween(positions.toPos(start), positions.toPos(end), '\n')).toBe(cps.slice(start, end).join(''));
  });

  it('maps offsets after emoji, flags and combining marks to the right characters', () => {
    const text = 'He said 👍🏽 then 🇮🇶 flag\ncafe\u0301 noir';
    const positions = new TextPositions(text);
    const doc = articleDoc(positions);
    const ref = cps(text);
    const start = ref.indexOf('t'); // "then"
    expect(doc.textBetween(positions.toPos(start), positions.toPos(start + 4))).toBe('then');
    const line2 = ref.indexOf('\n') + 1;
    expect(doc.textBetween(positions.toPos(line2), positions.toPos(line2 + 5))).toBe('cafe\u0301');
    checkText(text);
  });

  it('handles Arabic text', () => {
    checkText('سرايا ثورة العشرين\nتبنت الهجوم');
  });

  it('handles empty lines, leading and trailing newlines, and the empty text', () => {
    for (const text of ['', '\n', '\n\n', '\nstart', 'end\n', 'a\n\n\nb', '\n👍\n', '\n\n🇮🇶\n\n']) checkText(text);
  });

  it('handles CRLF input once normalised as import stores it', () => {
    const raw = 'Title\r\n\r\nBody 👍🏽 line\r\nlast\rold-mac';
    const text = normalizeText(raw);
    expect(text).toBe('Title\n\nBody 👍🏽 line\nlast\nold-mac');
    checkText(text);
    const positions = new TextPositions(text);
    expect(positions.lines()).toEqual(['Title', '', 'Body 👍🏽 line', 'last', 'old-mac']);
  });

  it('round-trips and reads back the code-point slice for random texts and ranges (property)', () => {
    const alphabet = fc.constantFrom('a', 'b', ' ', '\n', '\n', 'é', 'e\u0301', 'ع', 'ر', '👍🏽', '🇮🇶', '😀', '𝔸', '.');
    const manyNewlines = fc.constantFrom('\n', '\n', '\n', 'x', '👍🏽');
    const sample = fc
      .oneof(fc.array(alphabet, { maxLength: 40 }), fc.array(manyNewlines, { minLength: 60, maxLength: 400 }))
      .map((parts) => parts.join(''))
      .chain((text) => {
        const n = cps(text).length;
        return fc.tuple(fc.constant(text), fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: n }));
      });
    fc.assert(
      fc.property(sample, ([text, a, b]) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        const positions = new TextPositions(text);
        const doc = articleDoc(positions);
        const expected = cps(text).slice(start, end).join('');
        expect(doc.textBetween(positions.toPos(start), positions.toPos(end), '\n')).toBe(expected);
        expect(positions.toOffset(positions.toPos(start))).toBe(start);
        expect(positions.toOffset(positions.toPos(end))).toBe(end);
        expect(positions.slice(start, end)).toBe(expected);
      }),
      { numRuns: 600 },
    );
  });

  it('maps every ProseMirror text position back to an offset whose position is itself (property)', () => {
    const alphabet = fc.constantFrom('x', '\n', '👍🏽', 'é', 'ش');
    fc.assert(
      fc.property(fc.oneof(fc.array(alphabet, { maxLength: 30 }), fc.array(fc.constantFrom('\n', '\n', '👍🏽'), { minLength: 60, maxLength: 200 })), (parts) => {
        const text = parts.join('');
        const positions = new TextPositions(text);
        const doc = articleDoc(positions);
        for (let pos = 0; pos <= doc.content.size; pos++) {
          const $pos = doc.resolve(pos);
          if ($pos.parent.type.name !== 'paragraph') continue;
          const offset = positions.toOffset(pos);
          const back = positions.toPos(offset);
          // A position inside a surrogate pair rounds down to the character's start.
          expect(back).toBeLessThanOrEqual(pos);
          expect(pos - back).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 200 },
    );
  });
});
