/**
 * A text as a file holds it (perhaps with CRLF line ends or a byte-order mark) and as Standoff
 * stores it (normalizeText: LF, no BOM), with offsets converted from the one to the other.
 * Imported offsets count code points of the file's text; stored offsets count those of the
 * normalised text. Importers of brat and W3C files use it.
 */
import { CodePointIndex } from './codePoints';
import { normalizeText } from './normalize';

export class RawText {
  /** The file's text. */
  readonly raw: CodePointIndex;
  /** The text as stored. */
  readonly stored: CodePointIndex;
  /** Code-point offsets (in the file's text) of the characters normalisation removes, ascending. */
  private readonly removed: number[] = [];

  constructor(raw: string) {
    this.raw = new CodePointIndex(raw);
    this.stored = new CodePointIndex(normalizeText(raw));
    let cp = 0;
    for (let u = 0; u < raw.length; u++, cp++) {
      const c = raw.charCodeAt(u);
      if ((u === 0 && c === 0xfeff) || (c === 0x0d && raw.charCodeAt(u + 1) === 0x0a)) this.removed.push(cp);
      else if (c >= 0xd800 && c <= 0xdbff && u + 1 < raw.length) {
        const d = raw.charCodeAt(u + 1);
        if (d >= 0xdc00 && d <= 0xdfff) u++;
      }
    }
  }

  /** Whether the file's text differs from the stored one. */
  get changed(): boolean {
    return this.removed.length > 0 || this.raw.text !== this.stored.text;
  }

  /** A code-point offset into the file's text as an offset into the stored text. */
  toStored(rawOffset: number): number {
    let lo = 0;
    let hi = this.removed.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.removed[mid] as number) < rawOffset) lo = mid + 1;
      else hi = mid;
    }
    return rawOffset - lo;
  }
}
