import { CodePointIndex } from './codePoints';

/**
 * How many lines the editor groups into one block. Blocks keep the editor fast on long texts:
 * ProseMirror compares decorations child by child, so a flat list of 5,000 paragraphs costs
 * 5,000² steps per redraw, while blocks of 16 cost a few hundred; and the browser can skip
 * laying out blocks that are off screen.
 */
export const LINES_PER_BLOCK = 16;

/**
 * The one place that converts between stored offsets (Unicode code points into the document
 * text, start inclusive, end exclusive) and ProseMirror positions.
 *
 * The editor shows a text as one paragraph per line: the text is split on "\n" (texts are
 * stored with LF line ends), every line, empty or not, becomes a paragraph, and every
 * LINES_PER_BLOCK paragraphs are wrapped in a block. In that document the character at UTF-16
 * index u of line k sits at position u + k + 2·⌊k / LINES_PER_BLOCK⌋ + 2: the "\n" before
 * a line (one UTF-16 unit) stands where the previous paragraph's closing token is, each
 * paragraph adds an opening token, each earlier block an opening and a closing token, and the
 * line's own block its opening token.
 */
export class TextPositions {
  readonly codePoints: CodePointIndex;
  /** UTF-16 index at which each line starts. */
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    this.codePoints = new CodePointIndex(text);
    const starts = [0];
    for (let u = text.indexOf('\n'); u !== -1; u = text.indexOf('\n', u + 1)) starts.push(u + 1);
    this.lineStarts = starts;
  }

  /** Lines of the text, as the editor's paragraphs. */
  lines(): string[] {
    return this.text.split('\n');
  }

  /** Length of the text in code points. */
  get length(): number {
    return this.codePoints.length;
  }

  /** ProseMirror position of a code-point offset. */
  toPos(offset: number): number {
    const u = this.codePoints.toUtf16(offset);
    const line = this.lineOf(u);
    return u - (this.lineStarts[line] as number) + this.lineContentPos(line);
  }

  /** ProseMirror position where line k's text starts. */
  lineContentPos(k: number): number {
    return (this.lineStarts[k] as number) + k + 2 * Math.floor(k / LINES_PER_BLOCK) + 2;
  }

  /** Code-point offset of a ProseMirror position (positions between paragraphs clamp). */
  toOffset(pos: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.lineContentPos(mid) <= pos) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = this.lineStarts[lo] as number;
    const lineEnd = lo + 1 < this.lineStarts.length ? (this.lineStarts[lo + 1] as number) - 1 : this.text.length;
    const u = Math.min(Math.max(lineStart + pos - this.lineContentPos(lo), lineStart), lineEnd);
    return this.codePoints.toCodePoint(u);
  }

  /** Index of the line holding UTF-16 index u (a "\n" belongs to the line it ends). */
  lineOf(u: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.lineStarts[mid] as number) <= u) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Text between two code-point offsets. */
  slice(startOffset: number, endOffset: number): string {
    return this.codePoints.slice(startOffset, endOffset);
  }
}
