/**
 * One document's layers, checked once, as columns (columns.ts), with each pairwise matching
 * computed at most once however many measures (F1, confusion, α and κ on positions, attributes,
 * relations) ask for it.
 *
 * Layers are kept by annotator in sorted order (index r into `annotators`), each in document
 * order (`compareSpanLike`); spans are addressed by their index within their layer. Where a
 * measure depends on the order the layers and spans were given in (α_U's examples and sums), it
 * reads them through `givenOrder` and `givenRank`.
 */
import { matchColumns, matchExactBothColumns, matchOverlapBothColumns } from './columnMatching';
import { documentOrder, Interner, type SpanColumns } from './columns';
import { checkDocument, compareStrings } from '../input/check';
import { matchingFromPartners, type SpanMatching } from './spanMatching';
import { NO_ANNOTATION, type AgreementDocument, type MatchCriterion, type SpanLike } from '../types';

import type { ColumnDocument } from '../input/shapes';
export type { ColumnDocument } from '../input/shapes';

export class DocumentMatcher<S extends SpanLike = SpanLike> {
  readonly documentId: string;
  /** Length of the text in code points. */
  readonly length: number;
  /** Annotators with a layer on this document, sorted. */
  readonly annotators: string[];
  /** Every layer's spans, layer r (of `annotators`) in document order from `first[r]`. */
  readonly columns: SpanColumns;
  readonly first: Int32Array;
  /** The layers in the order given: givenOrder[g] = r. */
  readonly givenOrder: Int32Array;
  /**
   * For layer r, null when its spans were given in document order; else givenRank[r][p] = the
   * index in document order of the span given p-th.
   */
  readonly givenRank: (Int32Array | null)[];
  /** Annotator → its index in `annotators`. */
  private readonly index = new Map<string, number>();
  /** Span objects by layer in document order (given, or made from the columns when first asked for). */
  private readonly objects: (readonly S[] | undefined)[];
  /** For a matcher made from columns: the document, and where each of our spans is in its columns (null: at the same place). */
  private readonly source: ColumnDocument | null = null;
  private readonly sourceAt: Int32Array | null = null;
  /** cache[(ra · R + rb) · 4 + criterion slot] */
  private readonly cache: (number[] | undefined)[] = [];
  private readonly matchedCount: (number | undefined)[] = [];

  /**
   * From span objects, or from columns (then `spans()` makes span objects only if asked).
   * Throws a RangeError naming the document when it is malformed (see `checkDocument`).
   *
   * `both`: when one matching of a pair is asked for, make the other of the same boundary rule
   * (labelled or not) too, from the same pass (for callers that use both, as the agreement
   * report does).
   */
  constructor(
    document: AgreementDocument<S> | ColumnDocument,
    private readonly options: { both?: boolean } = {},
  ) {
    this.documentId = document.documentId;
    this.length = document.length;
    const given = 'layers' in document ? document.layers.map((l) => l.annotator) : [...document.annotators];
    if ('layers' in document) checkDocument(document);
    else checkColumnDocument(document);
    this.annotators = [...given].sort(compareStrings);
    for (let r = 0; r < this.annotators.length; r++) this.index.set(this.annotators[r]!, r);
    const R = this.annotators.length;
    this.givenOrder = new Int32Array(R);
    for (let g = 0; g < R; g++) this.givenOrder[g] = this.index.get(given[g]!)!;
    this.givenRank = new Array<Int32Array | null>(R).fill(null);
    this.objects = new Array<readonly S[] | undefined>(R);
    if ('layers' in document) {
      const built = this.fromObjects(document);
      this.columns = built.columns;
      this.first = built.first;
    } else {
      const built = this.fromColumns(document);
      this.columns = built.columns;
      this.first = built.first;
      this.source = document;
      this.sourceAt = built.sourceAt;
    }
  }

  private fromObjects(document: AgreementDocument<S>): { columns: SpanColumns; first: Int32Array } {
    const R = this.annotators.length;
    let total = 0;
    for (const layer of document.layers) total += layer.spans.length;
    const start = new Float64Array(total);
    const end = new Float64Array(total);
    const label = new Int32Array(total);
    const labels = new Interner();
    const first = new Int32Array(R + 1);
    const byAnnotator = new Array<readonly S[]>(R);
    for (let g = 0; g < R; g++) byAnnotator[this.givenOrder[g]!] = document.layers[g]!.spans;
    let k = 0;
    let lastName: string | undefined;
    let lastCode = -1;
    for (let r = 0; r < R; r++) {
      const given = byAnnotator[r]!;
      const order = documentOrder(given);
      let spans = given;
      if (order) {
        spans = Array.from(order, (p) => given[p]!);
        this.givenRank[r] = rankOf(order);
      }
      this.objects[r] = spans;
      first[r] = k;
      for (const span of spans) {
        start[k] = span.startOffset;
        end[k] = span.endOffset;
        // Neighbouring spans often share a label.
        label[k++] = span.label === lastName ? lastCode : (lastCode = labels.code((lastName = span.label)));
      }
    }
    first[R] = k;
    return { columns: { start, end, label, labels: labels.names }, first };
  }

  /**
   * Layers given in sorted order with their spans in document order (as stored layers are) are
   * used where they lie; any others are copied in order.
   */
  private fromColumns(document: ColumnDocument): { columns: SpanColumns; first: Int32Array; sourceAt: Int32Array | null } {
    const R = this.annotators.length;
    const given = document.first;
    let inPlace = true;
    for (let g = 0; g < R; g++) {
      if (this.givenOrder[g] !== g) inPlace = false;
      const order = columnOrder(document, given[g]!, given[g + 1]!);
      if (order) {
        this.givenRank[this.givenOrder[g]!] = rankOf(order);
        inPlace = false;
      }
    }
    if (inPlace) return { columns: document.columns, first: Int32Array.from(given), sourceAt: null };
    const { start: s0, end: e0, label: l0, labels } = document.columns;
    const total = given[R]! - given[0]!;
    const start = new Float64Array(total);
    const end = new Float64Array(total);
    const label = new Int32Array(total);
    const sourceAt = new Int32Array(total);
    const first = new Int32Array(R + 1);
    const layerOf = new Int32Array(R);
    for (let g = 0; g < R; g++) layerOf[this.givenOrder[g]!] = g;
    let k = 0;
    for (let r = 0; r < R; r++) {
      const g = layerOf[r]!;
      const from = given[g]!;
      const size = given[g + 1]! - from;
      const rank = this.givenRank[r];
      first[r] = k;
      for (let p = 0; p < size; p++) {
        const at = k + (rank ? rank[p]! : p);
        start[at] = s0[from + p]!;
        end[at] = e0[from + p]!;
        label[at] = l0[from + p]!;
        sourceAt[at] = from + p;
      }
      k += size;
    }
    first[R] = k;
    return { columns: { start, end, label, labels }, first, sourceAt };
  }

  /** The annotator's spans, in document order. */
  spans(annotator: string): readonly S[] {
    return this.spansAt(this.indexOf(annotator));
  }

  /** The spans of layer r, in document order. */
  spansAt(r: number): readonly S[] {
    let spans = this.objects[r];
    if (!spans) {
      const { start, end, label, labels } = this.columns;
      const from = this.first[r]!;
      const made: SpanLike[] = [];
      for (let i = 0; i < this.size(r); i++) {
        made.push({ id: this.spanId(r, i), label: labels[label[from + i]!]!, startOffset: start[from + i]!, endOffset: end[from + i]! });
      }
      this.objects[r] = spans = made as unknown as S[];
    }
    return spans;
  }

  /** How many spans layer r has. */
  size(r: number): number {
    return this.first[r + 1]! - this.first[r]!;
  }

  /** The id of span i (in document order) of layer r. */
  spanId(r: number, i: number): string {
    const objects = this.objects[r];
    return objects ? objects[i]!.id : this.source!.spanId(this.sourcePosition(r, i));
  }

  /** For a matcher made from a ColumnDocument: where span i of layer r is in that document's columns. */
  sourcePosition(r: number, i: number): number {
    const at = this.first[r]! + i;
    return this.sourceAt ? this.sourceAt[at]! : at;
  }

  indexOf(annotator: string): number {
    const r = this.index.get(annotator);
    if (r === undefined) throw new RangeError(`agreement: document "${this.documentId}" has no layer for annotator "${annotator}"`);
    return r;
  }

  /** Unordered pairs (a before b in sorted order) of annotators with a layer here. */
  pairs(): [string, string][] {
    const out: [string, string][] = [];
    for (let i = 0; i < this.annotators.length; i++) for (let j = i + 1; j < this.annotators.length; j++) out.push([this.annotators[i]!, this.annotators[j]!]);
    return out;
  }

  /** The matching of a's spans with b's. */
  match(a: string, b: string, criterion: MatchCriterion): SpanMatching<S> {
    const ra = this.indexOf(a);
    const rb = this.indexOf(b);
    return matchingFromPartners(this.spansAt(ra), this.spansAt(rb), this.partnersAt(ra, rb, criterion), criterion);
  }

  /** The same matching as indices into `spans(a)` and `spans(b)`: partner[i] = j, or −1. */
  partners(a: string, b: string, criterion: MatchCriterion): readonly number[] {
    return this.partnersAt(this.indexOf(a), this.indexOf(b), criterion);
  }

  /** How many of layer ra's spans the matching of ra with rb pairs (its true positives), counted once. */
  matchedAt(ra: number, rb: number, criterion: MatchCriterion): number {
    const slot = this.slot(ra, rb, criterion);
    let n = this.matchedCount[slot];
    if (n === undefined) {
      const partner = this.partnersAt(ra, rb, criterion);
      n = 0;
      for (let i = 0; i < partner.length; i++) if (partner[i]! >= 0) n++;
      this.matchedCount[slot] = n;
    }
    return n;
  }

  private slot(ra: number, rb: number, criterion: MatchCriterion): number {
    return ((ra * this.annotators.length + rb) << 2) + (criterion.boundary === 'exact' ? 0 : 2) + (criterion.labels === 'labelled' ? 0 : 1);
  }

  /** `partners` of layers ra and rb (indices into `annotators`). */
  partnersAt(ra: number, rb: number, criterion: MatchCriterion): readonly number[] {
    const pair = ra * this.annotators.length + rb;
    const slot = this.slot(ra, rb, criterion);
    let found = this.cache[slot];
    if (!found) {
      const c = this.columns;
      const fromA = this.first[ra]!;
      const fromB = this.first[rb]!;
      if (this.options.both) {
        // Both matchings of the boundary rule from one pass; the other one is kept for when it is asked for.
        const overlap = criterion.boundary === 'overlap';
        const both = (overlap ? matchOverlapBothColumns : matchExactBothColumns)(c, fromA, this.size(ra), c, fromB, this.size(rb));
        this.cache[(pair << 2) + (overlap ? 2 : 0)] ??= both.labelled;
        this.cache[(pair << 2) + (overlap ? 3 : 1)] ??= both.unlabelled;
        found = this.cache[slot]!;
      } else {
        this.cache[slot] = found = matchColumns(c, fromA, this.size(ra), c, fromB, this.size(rb), criterion);
      }
    }
    return found;
  }
}

/** rank[p] = i where order[i] = p. */
function rankOf(order: Int32Array): Int32Array {
  const rank = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) rank[order[i]!] = i;
  return rank;
}

/** `documentOrder` of the spans columns[from..to) of a column document (positions relative to `from`). */
function columnOrder(document: ColumnDocument, from: number, to: number): Int32Array | null {
  const { start, end } = document.columns;
  let sorted = true;
  for (let k = from + 1; k < to && sorted; k++) {
    // By place first; labels and ids only where two spans have the same boundaries.
    const byPlace = start[k - 1]! - start[k]! || end[k]! - end[k - 1]!;
    if (byPlace > 0 || (byPlace === 0 && compareAt(document, k - 1, k) > 0)) sorted = false;
  }
  if (sorted) return null;
  const order = Array.from({ length: to - from }, (_, p) => from + p).sort((x, y) => compareAt(document, x, y));
  return Int32Array.from(order, (at) => at - from);
}

/** `compareSpanLike` of the spans at two positions: start, then the longer first, then label, then id. */
function compareAt(document: ColumnDocument, x: number, y: number): number {
  const { start, end, label, labels } = document.columns;
  const byPlace = start[x]! - start[y]! || end[y]! - end[x]!;
  if (byPlace !== 0) return byPlace;
  const lx = labels[label[x]!]!;
  const ly = labels[label[y]!]!;
  if (lx !== ly) return lx < ly ? -1 : 1;
  const ix = document.spanId(x);
  const iy = document.spanId(y);
  return ix < iy ? -1 : ix > iy ? 1 : 0;
}

/**
 * What `checkDocument` checks, on columns and in the same order: the length, then layer by layer
 * no annotator twice, offsets, no span labelled NO_ANNOTATION. What is wrong is said by
 * `checkDocument` itself, given just the culprit, so that the words are the same.
 */
function checkColumnDocument(document: ColumnDocument): void {
  const { documentId, length } = document;
  if (!Number.isSafeInteger(length) || length < 0) checkDocument({ documentId, length, layers: [] });
  const { start, end, label, labels } = document.columns;
  const seen = new Set<string>();
  for (let g = 0; g < document.annotators.length; g++) {
    const annotator = document.annotators[g]!;
    if (seen.has(annotator)) checkDocument({ documentId, length, layers: [{ annotator, spans: [] }, { annotator, spans: [] }] });
    seen.add(annotator);
    const from = document.first[g]!;
    const to = document.first[g + 1]!;
    for (let at = from; at < to; at++) {
      const s = start[at]!;
      const e = end[at]!;
      if (!Number.isSafeInteger(s) || !Number.isSafeInteger(e) || s < 0 || e < s) checkSpanAt(document, annotator, at);
    }
    for (let at = from; at < to; at++) if (labels[label[at]!] === NO_ANNOTATION) checkSpanAt(document, annotator, at);
  }
}

/** Throws what `checkDocument` says of the span at a position. */
function checkSpanAt(document: ColumnDocument, annotator: string, at: number): void {
  const { start, end, label, labels } = document.columns;
  const span = { id: document.spanId(at), label: labels[label[at]!]!, startOffset: start[at]!, endOffset: end[at]! };
  checkDocument({ documentId: document.documentId, length: document.length, layers: [{ annotator, spans: [span] }] });
}
