/**
 * Spans as columns: what the measures read in their inner loops instead of span objects (no
 * property lookups, no string comparisons of labels, nothing allocated per span). A document's
 * layers share one set of arrays, each layer a contiguous run of them in document order
 * (`compareSpanLike`); a label is a small integer, its index in a table of names.
 */
import { compareSpanLike } from '../input/check';
import type { SpanLike } from '../types';

import type { SpanColumns } from '../input/shapes';
export type { SpanColumns } from '../input/shapes';

/** Strings as small integers, in first-seen order. */
export class Interner {
  readonly names: string[] = [];
  private readonly codes = new Map<string, number>();

  code(name: string): number {
    let k = this.codes.get(name);
    if (k === undefined) {
      k = this.names.length;
      this.names.push(name);
      this.codes.set(name, k);
    }
    return k;
  }
}

/**
 * An accumulator's own label numbering, and the translation of a document's label codes into
 * it: an array indexed by the document's code (a few Map lookups per document, not one per span).
 * Documents sent together share one table, so its translation is kept while the table stays the same.
 */
export class LabelNumbering extends Interner {
  private table: readonly string[] | null = null;
  private translated = new Int32Array(0);
  private translatedSize = 0;

  /** ours[code] = our number of the label `table[code]`. */
  translate(table: readonly string[]): Int32Array {
    if (table !== this.table || table.length !== this.translatedSize) {
      if (this.translated.length < table.length) this.translated = new Int32Array(Math.max(8, 2 * table.length));
      for (let k = 0; k < table.length; k++) this.translated[k] = this.code(table[k]!);
      this.table = table;
      this.translatedSize = table.length;
    }
    return this.translated;
  }
}

/** The spans of some layers as columns; `first[r]` is where layer r begins (and `first[R]` the end). */
export function layersToColumns(layers: readonly (readonly SpanLike[])[]): { columns: SpanColumns; first: Int32Array } {
  let total = 0;
  for (const spans of layers) total += spans.length;
  const start = new Float64Array(total);
  const end = new Float64Array(total);
  const label = new Int32Array(total);
  const first = new Int32Array(layers.length + 1);
  const labels = new Interner();
  let k = 0;
  let lastName: string | undefined;
  let lastCode = -1;
  layers.forEach((spans, r) => {
    first[r] = k;
    for (const span of spans) {
      start[k] = span.startOffset;
      end[k] = span.endOffset;
      // Neighbouring spans often share a label.
      label[k++] = span.label === lastName ? lastCode : (lastCode = labels.code((lastName = span.label)));
    }
  });
  first[layers.length] = k;
  return { columns: { start, end, label, labels: labels.names }, first };
}

/**
 * The order of `spans` by `compareSpanLike` as positions (a stable sort: equal spans keep their
 * order), or null when they are in that order already (stored layers are).
 */
export function documentOrder(spans: readonly SpanLike[]): Int32Array | null {
  let sorted = true;
  for (let k = 1; k < spans.length && sorted; k++) if (compareSpanLike(spans[k - 1]!, spans[k]!) > 0) sorted = false;
  if (sorted) return null;
  const order = Array.from(spans.keys()).sort((x, y) => compareSpanLike(spans[x]!, spans[y]!));
  return Int32Array.from(order);
}

/** A key for an ordered pair of small numbers (such as annotators numbered by an Interner). */
export function pairNumber(a: number, b: number): number {
  return a * 2 ** 26 + b;
}
