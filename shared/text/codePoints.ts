/**
 * Conversion between Unicode code-point offsets (what Standoff stores) and UTF-16 indices
 * (what JavaScript strings use). Astral characters (emoji, many CJK extensions) take one code
 * point but two UTF-16 units; everything else is one of each.
 *
 * Built once per text in O(n); each conversion is a binary search over the astral characters,
 * so converting 20,000 spans of a 1 MB article costs milliseconds, not a rescan per span.
 */
export class CodePointIndex {
  /** Code-point offsets of the astral characters, ascending. */
  private readonly astralCodePoints: number[] = [];
  /** Length of the text in code points. */
  readonly length: number;
  /** Length of the text in UTF-16 units. */
  readonly utf16Length: number;

  constructor(readonly text: string) {
    let astral = 0;
    for (let u = 0; u < text.length; u++) {
      const c = text.charCodeAt(u);
      if (c >= 0xd800 && c <= 0xdbff && u + 1 < text.length) {
        const d = text.charCodeAt(u + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          this.astralCodePoints.push(u - astral);
          astral++;
          u++;
        }
      }
    }
    this.utf16Length = text.length;
    this.length = text.length - astral;
  }

  /** UTF-16 index of a code-point offset (0 ≤ offset ≤ length). */
  toUtf16(codePointOffset: number): number {
    // Every astral character starting before the offset adds one extra unit.
    return codePointOffset + countBelow(this.astralCodePoints, codePointOffset);
  }

  /**
   * Code-point offset of a UTF-16 index. An index inside a surrogate pair rounds down to the
   * start of that character.
   */
  toCodePoint(utf16Index: number): number {
    // astral k sits at UTF-16 index astralCodePoints[k] + k; count those strictly below the index.
    let lo = 0;
    let hi = this.astralCodePoints.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.astralCodePoints[mid] as number) + mid < utf16Index) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) {
      const last = lo - 1;
      const lastUtf16 = (this.astralCodePoints[last] as number) + last;
      if (lastUtf16 + 1 === utf16Index) return utf16Index - lo; // inside the pair
    }
    return utf16Index - lo;
  }

  /** The text between two code-point offsets. */
  slice(startOffset: number, endOffset: number): string {
    return this.text.slice(this.toUtf16(startOffset), this.toUtf16(endOffset));
  }
}

/** Number of entries of an ascending array strictly below a value. */
function countBelow(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Length of a string in code points. */
export function codePointLength(s: string): number {
  let n = 0;
  for (let u = 0; u < s.length; u++) {
    const c = s.charCodeAt(u);
    if (c >= 0xd800 && c <= 0xdbff && u + 1 < s.length) {
      const d = s.charCodeAt(u + 1);
      if (d >= 0xdc00 && d <= 0xdfff) u++;
    }
    n++;
  }
  return n;
}
