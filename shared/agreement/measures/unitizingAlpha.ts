/**
 * Krippendorff's unitizing alpha α_U (docs/AGREEMENT.md §5; Krippendorff 1995, 2004 pp. 251–256; as in
 * DKPro Agreement's KrippendorffAlphaUnitizingAgreement).
 *
 * For each label c and annotator r, r's c-spans and the gaps between them partition the
 * continuum [B, B + L). Spans of other labels are ignored, so nesting across labels is fine.
 * Overlapping c-spans of one annotator are merged into one unit and reported.
 *
 *   D_O,c = 2 / (R(R−1)·L²) · Σ_{i<j} Σ_g Σ_h δ²(g, h)
 *   D_E,c = (2/L) · Σ_u [ (N_c−1)(2ℓ_u³ − 3ℓ_u² + ℓ_u)/3 + ℓ_u² · Σ_{γ∈G_c, γ≥ℓ_u} (γ − ℓ_u + 1) ]
 *           / [ R·L·(R·L − 1) − Σ_u ℓ_u(ℓ_u − 1) ]
 *   α_c = 1 − D_O,c / D_E,c;   α_U = 1 − Σ_c D_O,c / Σ_c D_E,c
 *
 * δ² is non-zero only for segments that share a code point, so Σ_g Σ_h is one merge-like sweep of
 * two partitions; the gap sum of D_E comes from the sorted gap lengths and their suffix sums. Per
 * document the work is O(n log n) in the number of spans, never O(L).
 *
 * A corpus sums D_O,c and D_E,c over documents (each normalised by its own L and R) and takes one
 * ratio: documents are never averaged. Edge cases as DKPro: no units → n/a; D_O = D_E = 0 → 1.0.
 */
import { available, notAvailable } from '../estimate';
import { layersToColumns, type SpanColumns } from '../matching/columns';
import { DocumentMatcher } from '../matching/documentMatcher';
import { checkDocument, checkSpans, labelOrder } from '../input/check';
import type {
  AgreementDocument,
  AnnotatorLayer,
  Continuum,
  CorpusUnitizing,
  DocumentUnitizing,
  Estimate,
  ExcludedDocument,
  LabelUnitizingAlpha,
  MergedSpans,
  SkippedSpan,
  SpanLike,
  UnitizingAlpha,
  UnitizingCounts,
  UnitizingReport,
} from '../types';

export interface UnitizingOptions {
  /** Labels always listed per label (the project's schema), in this order; labels seen besides follow, sorted. */
  labels?: readonly string[];
  /** What the offsets count: code points (the default) or token indices. */
  unit?: 'characters' | 'tokens';
}

/** One continuum and the layers of the R annotators who unitized it. */
export interface UnitizingStudy<S extends SpanLike = SpanLike> extends UnitizingOptions {
  continuum: Continuum;
  layers: readonly AnnotatorLayer<S>[];
  /** Named in merge and skip reports. */
  documentId?: string;
}

/** A section of one annotator's partition: a unit (a span) or a gap. */
export interface Segment {
  begin: number;
  length: number;
  isUnit: boolean;
}

/**
 * δ²(g, h) between a segment of one annotator and one of another (Krippendorff 2004, p. 252):
 * two overlapping units: Δb² + (Δb + Δℓ)², i.e. the squared differences of begins and of ends; a
 * unit lying inside the other's gap: its length squared; anything else: 0.
 */
export function unitizingDistance(g: Segment, h: Segment): number {
  const db = g.begin - h.begin;
  const dl = g.length - h.length;
  if (g.isUnit && h.isUnit) return -g.length < db && db < h.length ? db * db + (db + dl) * (db + dl) : 0;
  if (g.isUnit && !h.isUnit) return 0 <= db && db <= -dl ? g.length * g.length : 0;
  if (!g.isUnit && h.isUnit) return 0 <= -db && -db <= dl ? h.length * h.length : 0;
  return 0;
}

/** α_U of one continuum: overall, per label, and what was merged or skipped. */
export function unitizingAlpha<S extends SpanLike>(study: UnitizingStudy<S>): UnitizingReport {
  const { continuum } = study;
  if (!Number.isSafeInteger(continuum.begin) || !Number.isSafeInteger(continuum.length) || continuum.length < 0) {
    throw new RangeError(`agreement: continuum [${continuum.begin}, +${continuum.length}) needs integer begin and a non-negative integer length`);
  }
  const seenAnnotators = new Set<string>();
  for (const layer of study.layers) {
    if (seenAnnotators.has(layer.annotator)) throw new RangeError(`agreement: two layers for annotator "${layer.annotator}"`);
    seenAnnotators.add(layer.annotator);
    checkSpans(layer.spans, `annotator "${layer.annotator}"`);
  }
  const sums = disagreements(continuum, new ObjectLayers(study.layers), study.documentId);
  return report(sums, 1, study.layers.length, continuum.length, study);
}

/** α_U of one document over the continuum [0, length). */
export function documentUnitizingAlpha<S extends SpanLike>(document: AgreementDocument<S>, options: UnitizingOptions = {}): DocumentUnitizing {
  checkDocument(document);
  return documentReport(document.documentId, document.layers.length, document.length, documentSums(document), options);
}

/** Corpus α_U, a document at a time: D_O,c and D_E,c summed over documents with two or more annotators. */
export class UnitizingAlphaAccumulator {
  private readonly totals = new Map<string, LabelSums>();
  private readonly annotators = new Set<string>();
  private readonly merged: MergedSpans[] = [];
  private readonly skipped: SkippedSpan[] = [];
  private mergedCount = 0;
  private skippedCount = 0;
  private readonly excluded: ExcludedDocument[] = [];
  private readonly byDocument: DocumentUnitizing[] = [];
  private documents = 0;
  private length = 0;

  /**
   * `keepDocuments: false` leaves `byDocument` empty (and saves building each document's report).
   * `examples`: list at most this many merged units and skipped spans (the first; all by default).
   */
  constructor(private readonly options: UnitizingOptions & { keepDocuments?: boolean; examples?: number } = {}) {}

  /**
   * Adds a document; returns its overall α_U (D_O and D_E summed over its labels), so a caller
   * that keeps no per-document reports can still rank documents.
   */
  add<S extends SpanLike>(document: AgreementDocument<S> | DocumentMatcher<S>): UnitizingAlpha {
    // A matcher has checked its document.
    if (!(document instanceof DocumentMatcher)) checkDocument(document);
    const R = document instanceof DocumentMatcher ? document.annotators.length : document.layers.length;
    // Without documents' own reports, examples past those listed are only counted, never made.
    const limit = this.options.examples ?? Infinity;
    const listed = this.options.keepDocuments !== false ? null : { merged: limit - this.merged.length, skipped: limit - this.skipped.length };
    const sums = documentSums(document, listed);
    if (this.options.keepDocuments !== false) this.byDocument.push(documentReport(document.documentId, R, document.length, sums, this.options));
    this.mergedCount += sums.mergedCount;
    this.skippedCount += sums.skippedCount;
    for (const m of sums.merged) if (this.merged.length < limit) this.merged.push(m);
    for (const s of sums.skipped) if (this.skipped.length < limit) this.skipped.push(s);
    let observed = 0;
    let expected = 0;
    let units = 0;
    for (const s of sums.labels.values()) {
      observed += s.observed;
      expected += s.expected;
      units += s.units;
    }
    const own = unitizingFromSums(observed, expected, { documents: 1, annotators: R, units, continuumLength: document.length }, 'no span of positive length in the document', this.options.unit);
    if (R < 2) {
      this.excluded.push({ documentId: document.documentId, code: 'too-few-annotators', reason: 'fewer than two annotators' });
      return own;
    }
    this.documents++;
    this.length += document.length;
    for (const a of document instanceof DocumentMatcher ? document.annotators : document.layers.map((l) => l.annotator)) this.annotators.add(a);
    for (const [label, s] of sums.labels) {
      const t = this.totals.get(label);
      if (t) {
        t.observed += s.observed;
        t.expected += s.expected;
        t.units += s.units;
      } else {
        this.totals.set(label, { ...s });
      }
    }
    return own;
  }

  result(): CorpusUnitizing {
    const sums: Disagreements = { labels: this.totals, merged: [...this.merged], skipped: [...this.skipped], mergedCount: this.mergedCount, skippedCount: this.skippedCount };
    return {
      ...report(sums, this.documents, this.annotators.size, this.length, this.options),
      mergedCount: this.mergedCount,
      skippedCount: this.skippedCount,
      byDocument: [...this.byDocument],
      excluded: [...this.excluded],
    };
  }
}

export function corpusUnitizingAlpha<S extends SpanLike>(documents: Iterable<AgreementDocument<S>>, options: UnitizingOptions = {}): CorpusUnitizing {
  const acc = new UnitizingAlphaAccumulator(options);
  for (const doc of documents) acc.add(doc);
  return acc.result();
}

// ---------------------------------------------------------------------------------------------

interface LabelSums {
  /** D_O,c (already normalised); 0 with fewer than two annotators. */
  observed: number;
  expected: number;
  units: number;
}

interface Disagreements {
  labels: Map<string, LabelSums>;
  merged: MergedSpans[];
  skipped: SkippedSpan[];
  /** All merges and skips, of which `merged` and `skipped` may list only the first. */
  mergedCount: number;
  skippedCount: number;
}

/**
 * Layers as α_U reads them: in the order they were given, each layer's spans in the order given
 * (merge and skip examples are listed in that order, and per-document sums are added in it).
 * Given layer g's spans are columns[from[g]..from[g] + size[g]); the p-th span given is at offset
 * rank[g][p] in that run (p itself where rank[g] is null).
 */
interface GivenLayers {
  annotators: readonly string[];
  columns: SpanColumns;
  from: ArrayLike<number>;
  size: ArrayLike<number>;
  rank: readonly (Int32Array | null)[];
  /** The id of the span at an offset in layer g's run. */
  spanId(g: number, offset: number): string;
}

/** A matcher's layers in the order given. */
class MatcherLayers implements GivenLayers {
  readonly annotators: string[] = [];
  readonly columns: SpanColumns;
  readonly from: number[] = [];
  readonly size: number[] = [];
  readonly rank: (Int32Array | null)[] = [];

  constructor(private readonly matcher: DocumentMatcher) {
    this.columns = matcher.columns;
    for (const r of matcher.givenOrder) {
      this.annotators.push(matcher.annotators[r]!);
      this.from.push(matcher.first[r]!);
      this.size.push(matcher.size(r));
      this.rank.push(matcher.givenRank[r]!);
    }
  }

  spanId(g: number, offset: number): string {
    return this.matcher.spanId(this.matcher.givenOrder[g]!, offset);
  }
}

/** Layers of span objects, as given. */
class ObjectLayers implements GivenLayers {
  readonly annotators: string[];
  readonly columns: SpanColumns;
  readonly from: Int32Array;
  readonly size: number[];
  readonly rank: null[];

  constructor(private readonly layers: readonly AnnotatorLayer[]) {
    const { columns, first } = layersToColumns(layers.map((l) => l.spans));
    this.annotators = layers.map((l) => l.annotator);
    this.columns = columns;
    this.from = first;
    this.size = layers.map((l) => l.spans.length);
    this.rank = layers.map(() => null);
  }

  spanId(g: number, offset: number): string {
    return this.layers[g]!.spans[offset]!.id;
  }
}

function documentSums(document: AgreementDocument | DocumentMatcher, listed: Listed | null = null): Disagreements {
  const documentId = document.documentId;
  const layers = document instanceof DocumentMatcher ? new MatcherLayers(document) : new ObjectLayers(document.layers);
  return disagreements({ begin: 0, length: document.length }, layers, documentId, listed);
}

/** How many merges and skips to make examples of (null: all). */
interface Listed {
  merged: number;
  skipped: number;
}

function documentReport(documentId: string, R: number, length: number, sums: Disagreements, options: UnitizingOptions): DocumentUnitizing {
  return { documentId, ...report(sums, 1, R, length, options) };
}

/** Scratch space for gap lengths and their suffix sums, grown as needed (the work is synchronous, so one set is enough). */
let gapScratch = new Float64Array(1024);
let suffixScratch = new Float64Array(1025);
/** Units found so far in one continuum: begins and ends, and for each (label, layer) where its run is. */
let unitBegin = new Float64Array(256);
let unitEnd = new Float64Array(256);
/** A layer's spans kept (not empty, not outside the continuum), and those of one label: offsets in the layer's run. */
let keptScratch = new Int32Array(256);
let groupScratch = new Int32Array(256);
/** Per label code: its place among the labels seen (−1: not yet); where its units are, per layer. */
let seenAt = new Int32Array(16);
let unitFrom = new Int32Array(64);
let unitTo = new Int32Array(64);

function growUnits(): void {
  const begin = new Float64Array(unitBegin.length * 2);
  const end = new Float64Array(unitEnd.length * 2);
  begin.set(unitBegin);
  end.set(unitEnd);
  unitBegin = begin;
  unitEnd = end;
}

function disagreements(continuum: Continuum, layers: GivenLayers, documentId: string | undefined, listed: Listed | null = null): Disagreements {
  let mergedCount = 0;
  let skippedCount = 0;
  const B = continuum.begin;
  const L = continuum.length;
  const E = B + L;
  const R = layers.annotators.length;
  const merged: MergedSpans[] = [];
  const skipped: SkippedSpan[] = [];
  const { start, end, label, labels } = layers.columns;

  // Labels in the order first seen (over the layers and spans as given); each label's units in
  // layer g are the run unitFrom/unitTo[code · R + g] of unitBegin/unitEnd.
  const K = labels.length;
  const seen: number[] = [];
  if (seenAt.length < K) seenAt = new Int32Array(2 * K);
  seenAt.fill(-1, 0, K);
  if (unitFrom.length < K * R) {
    unitFrom = new Int32Array(2 * K * R);
    unitTo = new Int32Array(2 * K * R);
  }
  unitFrom.fill(0, 0, K * R);
  unitTo.fill(0, 0, K * R);
  let units = 0;
  for (let g = 0; g < R; g++) {
    const from = layers.from[g]!;
    const size = layers.size[g]!;
    const rank = layers.rank[g];
    if (keptScratch.length < size) {
      keptScratch = new Int32Array(2 * size);
      groupScratch = new Int32Array(2 * size);
    }
    // The spans kept (offsets in the layer's run, in the order given), and the layer's labels in first-seen order.
    const layerLabels: number[] = [];
    let kept = 0;
    for (let p = 0; p < size; p++) {
      const offset = rank ? rank[p]! : p;
      const at = from + offset;
      const c = label[at]!;
      if (seenAt[c] === -1) {
        seenAt[c] = seen.length;
        seen.push(c);
      }
      const s = start[at]!;
      const e = end[at]!;
      if (s < B || e > E || e === s) {
        const problem = e === s ? 'empty' : e <= B || s >= E ? 'outside' : 'clipped';
        if (!listed || skippedCount < listed.skipped) {
          const annotator = layers.annotators[g]!;
          const spanId = layers.spanId(g, offset);
          // (Two literals, not a spread of an optional part: this runs for every span skipped or merged.)
          skipped.push(documentId === undefined ? { annotator, label: labels[c]!, spanId, problem } : { documentId, annotator, label: labels[c]!, spanId, problem });
        }
        skippedCount++;
        if (problem !== 'clipped') continue;
      }
      if (!layerLabels.includes(c)) layerLabels.push(c);
      keptScratch[kept++] = offset;
    }

    for (const c of layerLabels) {
      // The label's spans, in the order given (a document has a handful of labels: one scan each).
      let n = 0;
      for (let k = 0; k < kept; k++) if (label[from + keptScratch[k]!] === c) groupScratch[n++] = keptScratch[k]!;
      let group: Int32Array = groupScratch;
      if (!isSorted(group, n, start, end, from)) {
        // A stable sort by start, longest first, as the spans were given.
        group = Int32Array.from(Array.from(groupScratch.subarray(0, n)).sort((x, y) => start[from + x]! - start[from + y]! || end[from + y]! - end[from + x]!));
      }
      unitFrom[c * R + g] = units;
      // Overlapping spans (sharing a code point) are merged into one unit: their union.
      let first = 0;
      let last = end[from + group[0]!]!;
      for (let k = 1; k <= n; k++) {
        const next = k < n ? from + group[k]! : -1;
        if (next >= 0 && start[next]! < last) {
          if (end[next]! > last) last = end[next]!;
          continue;
        }
        const begin = Math.max(B, start[from + group[first]!]!);
        const clippedEnd = Math.min(E, last);
        if (units === unitBegin.length) growUnits();
        unitBegin[units] = begin;
        unitEnd[units++] = clippedEnd;
        // A merge: made an example of while there is room for one, counted always.
        if (k - first > 1 && (!listed || mergedCount < listed.merged)) {
          const spanIds: string[] = [];
          for (let x = first; x < k; x++) spanIds.push(layers.spanId(g, group[x]!));
          const annotator = layers.annotators[g]!;
          const name = labels[c]!;
          merged.push(
            documentId === undefined
              ? { annotator, label: name, spanIds, startOffset: begin, endOffset: clippedEnd }
              : { documentId, annotator, label: name, spanIds, startOffset: begin, endOffset: clippedEnd },
          );
        }
        if (k - first > 1) mergedCount++;
        if (next >= 0) {
          first = k;
          last = end[next]!;
        }
      }
      unitTo[c * R + g] = units;
    }
  }

  const sums = new Map<string, LabelSums>();
  for (const c of seen) sums.set(labels[c]!, labelSums(unitFrom, unitTo, c * R, B, L, R));
  return { labels: sums, merged, skipped, mergedCount, skippedCount };
}

/** Whether a group of spans (offsets in the run from `from`) is sorted by start, longest first. Stored layers are: checking is cheaper than sorting. */
function isSorted(group: Int32Array, n: number, start: Float64Array, end: Float64Array, from: number): boolean {
  for (let k = 1; k < n; k++) {
    const x = from + group[k - 1]!;
    const y = from + group[k]!;
    if ((start[x]! - start[y]! || end[y]! - end[x]!) > 0) return false;
  }
  return true;
}

/** One label's sums; its units in layer g are unitBegin/unitEnd[unitFrom[at + g]..unitTo[at + g]). */
function labelSums(unitFrom: Int32Array, unitTo: Int32Array, at: number, B: number, L: number, R: number): LabelSums {
  let N = 0;
  for (let r = 0; r < R; r++) N += unitTo[at + r]! - unitFrom[at + r]!;
  if (R < 2 || N === 0 || L === 0) return { observed: 0, expected: 0, units: N };
  const E = B + L;

  let distances = 0;
  for (let i = 0; i < R; i++) {
    for (let j = i + 1; j < R; j++) distances += pairDistances(unitFrom[at + i]!, unitTo[at + i]!, unitFrom[at + j]!, unitTo[at + j]!, B, E);
  }
  const observed = (2 * distances) / (R * (R - 1) * L * L);

  // G_c: every annotator's gap lengths, ascending, with suffix sums.
  if (gapScratch.length < N + R) {
    gapScratch = new Float64Array(2 * (N + R));
    suffixScratch = new Float64Array(2 * (N + R) + 1);
  }
  const gaps = gapScratch;
  let count = 0;
  for (let r = 0; r < R; r++) {
    let pos = B;
    for (let k = unitFrom[at + r]!; k < unitTo[at + r]!; k++) {
      if (unitBegin[k]! > pos) gaps[count++] = unitBegin[k]! - pos;
      pos = unitEnd[k]!;
    }
    if (pos < E) gaps[count++] = E - pos;
  }
  const sorted = sortAscending(gaps, count);
  const suffix = suffixScratch;
  suffix[count] = 0;
  for (let k = count - 1; k >= 0; k--) suffix[k] = suffix[k + 1]! + sorted[k]!;

  let numerator = 0;
  let squared = 0;
  for (let r = 0; r < R; r++) {
    for (let k = unitFrom[at + r]!; k < unitTo[at + r]!; k++) {
      const l = unitEnd[k]! - unitBegin[k]!;
      const lb = lowerBound(sorted, count, l);
      const gapTerm = suffix[lb]! - (l - 1) * (count - lb); // Σ_{γ ≥ ℓ} (γ − ℓ + 1)
      numerator += ((N - 1) * (2 * l * l * l - 3 * l * l + l)) / 3 + l * l * gapTerm;
      squared += l * (l - 1);
    }
  }
  const expected = ((2 / L) * numerator) / (R * L * (R * L - 1) - squared);
  return { observed, expected, units: N };
}

/**
 * Σ δ² between the partitions of [B, E) by two annotators' units (sorted, disjoint, non-empty;
 * unitBegin/unitEnd[p0..p1) and [q0..q1)): one sweep over the segments, visiting each pair that
 * shares a code point once. For such pairs δ² is: two units, (Δbegin)² + (Δend)²; a unit and a
 * gap, ℓ² of the unit if the gap holds it.
 */
function pairDistances(p0: number, p1: number, q0: number, q1: number, B: number, E: number): number {
  const ub = unitBegin;
  const ue = unitEnd;
  let sum = 0;
  let ip = p0;
  let iq = q0;
  // Current segment of each side: [gB, gE), unit or gap.
  let gB = B;
  let gE: number;
  let gU: boolean;
  let hB = B;
  let hE: number;
  let hU: boolean;
  if (ip < p1 && ub[ip] === gB) {
    gU = true;
    gE = ue[ip++]!;
  } else {
    gU = false;
    gE = ip < p1 ? ub[ip]! : E;
  }
  if (iq < q1 && ub[iq] === hB) {
    hU = true;
    hE = ue[iq++]!;
  } else {
    hU = false;
    hE = iq < q1 ? ub[iq]! : E;
  }
  for (;;) {
    if (gU && hU) {
      const db = gB - hB;
      const de = gE - hE;
      sum += db * db + de * de;
    } else if (gU) {
      if (gB >= hB && gE <= hE) sum += (gE - gB) * (gE - gB);
    } else if (hU) {
      if (hB >= gB && hE <= gE) sum += (hE - hB) * (hE - hB);
    }
    const advanceG = gE <= hE;
    const advanceH = hE <= gE;
    if (advanceG) {
      gB = gE;
      if (gB >= E) break;
      if (ip < p1 && ub[ip] === gB) {
        gU = true;
        gE = ue[ip++]!;
      } else {
        gU = false;
        gE = ip < p1 ? ub[ip]! : E;
      }
    }
    if (advanceH) {
      hB = hE;
      if (hB >= E) break;
      if (iq < q1 && ub[iq] === hB) {
        hU = true;
        hE = ue[iq++]!;
      } else {
        hU = false;
        hE = iq < q1 ? ub[iq]! : E;
      }
    }
  }
  return sum;
}

/** xs[0..count) sorted ascending, in place: by insertion where there are few (a label's gaps in one document), else by the built-in sort. */
function sortAscending(xs: Float64Array, count: number): Float64Array {
  if (count > 64) return xs.subarray(0, count).sort();
  for (let k = 1; k < count; k++) {
    const x = xs[k]!;
    let at = k - 1;
    while (at >= 0 && xs[at]! > x) {
      xs[at + 1] = xs[at]!;
      at--;
    }
    xs[at + 1] = x;
  }
  return xs;
}

/** First index below `size` whose value is ≥ x in an ascending array. */
function lowerBound(sorted: Float64Array, size: number, x: number): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** α_U from summed D_O and D_E and the counts behind them; `noUnits` says why there is no value without units. */
export function unitizingFromSums(observed: number, expected: number, counts: UnitizingCounts, noUnits: string, unit: 'characters' | 'tokens' = 'characters'): UnitizingAlpha {
  const enough = counts.annotators >= 2 && counts.documents > 0;
  return {
    coefficient: 'krippendorff-alpha-u',
    unit,
    counts,
    observedDisagreement: enough ? observed : null,
    expectedDisagreement: enough ? expected : null,
    ...estimate(enough, observed, expected, counts.units, noUnits),
  };
}

function report(sums: Disagreements, documents: number, annotators: number, continuumLength: number, options: UnitizingOptions): UnitizingReport {
  const make = (observed: number, expected: number, units: number, what: string): UnitizingAlpha =>
    unitizingFromSums(observed, expected, { documents, annotators, units, continuumLength }, what, options.unit);
  let observed = 0;
  let expected = 0;
  let units = 0;
  const byLabel: LabelUnitizingAlpha[] = labelOrder(options.labels, sums.labels.keys()).map((label) => {
    const s = sums.labels.get(label) ?? { observed: 0, expected: 0, units: 0 };
    observed += s.observed;
    expected += s.expected;
    units += s.units;
    return { label, ...make(s.observed, s.expected, s.units, `no span labelled "${label}" of positive length in the continuum`) };
  });
  return { overall: make(observed, expected, units, 'no span of positive length in the continuum'), byLabel, merged: sums.merged, skipped: sums.skipped };
}

function estimate(enough: boolean, observed: number, expected: number, units: number, noUnits: string): Estimate {
  if (!enough) return notAvailable('too-few-annotators', 'fewer than two annotators');
  if (units === 0) return notAvailable('no-units', noUnits);
  if (expected > 0) return available(1 - observed / expected);
  // DKPro: D_O = D_E = 0 with a unit of positive length is perfect agreement.
  if (observed === 0) return available(1);
  return notAvailable('no-variation', `D_E = 0 but D_O = ${observed}`);
}
