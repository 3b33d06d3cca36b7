/**
 * Krippendorff's unitizing alpha α_U (AGREEMENT.md §2; Krippendorff 1995, 2004 pp. 251–256; as in
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
import { available, notAvailable } from './estimate';
import { checkDocument, checkSpans, labelOrder } from './input';
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
} from './types';

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
  const sums = disagreements(continuum, study.layers, study.documentId);
  return report(sums, 1, study.layers.length, continuum.length, study);
}

/** α_U of one document over the continuum [0, length). */
export function documentUnitizingAlpha<S extends SpanLike>(document: AgreementDocument<S>, options: UnitizingOptions = {}): DocumentUnitizing {
  checkDocument(document);
  return documentReport(document, documentSums(document), options);
}

/** Corpus α_U, a document at a time: D_O,c and D_E,c summed over documents with two or more annotators. */
export class UnitizingAlphaAccumulator {
  private readonly totals = new Map<string, LabelSums>();
  private readonly annotators = new Set<string>();
  private readonly merged: MergedSpans[] = [];
  private readonly skipped: SkippedSpan[] = [];
  private readonly excluded: ExcludedDocument[] = [];
  private readonly byDocument: DocumentUnitizing[] = [];
  private documents = 0;
  private length = 0;

  /** `keepDocuments: false` leaves `byDocument` empty (and saves building each document's report). */
  constructor(private readonly options: UnitizingOptions & { keepDocuments?: boolean } = {}) {}

  /**
   * Adds a document; returns its overall α_U (D_O and D_E summed over its labels), so a caller
   * that keeps no per-document reports can still rank documents.
   */
  add<S extends SpanLike>(document: AgreementDocument<S>, options: { checked?: boolean } = {}): UnitizingAlpha {
    if (!options.checked) checkDocument(document);
    const sums = documentSums(document);
    if (this.options.keepDocuments !== false) this.byDocument.push(documentReport(document, sums, this.options));
    for (const m of sums.merged) this.merged.push(m);
    for (const s of sums.skipped) this.skipped.push(s);
    let observed = 0;
    let expected = 0;
    let units = 0;
    for (const s of sums.labels.values()) {
      observed += s.observed;
      expected += s.expected;
      units += s.units;
    }
    const own = unitizingFromSums(observed, expected, { documents: 1, annotators: document.layers.length, units, continuumLength: document.length }, 'no span of positive length in the document', this.options.unit);
    if (document.layers.length < 2) {
      this.excluded.push({ documentId: document.documentId, code: 'too-few-annotators', reason: 'fewer than two annotators' });
      return own;
    }
    this.documents++;
    this.length += document.length;
    for (const layer of document.layers) this.annotators.add(layer.annotator);
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
    const sums: Disagreements = { labels: this.totals, merged: [...this.merged], skipped: [...this.skipped] };
    return {
      ...report(sums, this.documents, this.annotators.size, this.length, this.options),
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
}

/** One label's units, per annotator, as sorted begin and end offsets. */
interface LabelUnits {
  begins: number[][];
  ends: number[][];
}

function documentSums(document: AgreementDocument): Disagreements {
  return disagreements({ begin: 0, length: document.length }, document.layers, document.documentId);
}

function documentReport(document: AgreementDocument, sums: Disagreements, options: UnitizingOptions): DocumentUnitizing {
  return { documentId: document.documentId, ...report(sums, 1, document.layers.length, document.length, options) };
}

const byStartThenLongest = (x: SpanLike, y: SpanLike) => x.startOffset - y.startOffset || y.endOffset - x.endOffset;

/** Stored layers come sorted; checking is cheaper than sorting again. */
function isSorted(spans: readonly SpanLike[]): boolean {
  for (let k = 1; k < spans.length; k++) if (byStartThenLongest(spans[k - 1]!, spans[k]!) > 0) return false;
  return true;
}

/** Scratch space for gap lengths and their suffix sums, grown as needed (the work is synchronous, so one set is enough). */
let gapScratch = new Float64Array(1024);
let suffixScratch = new Float64Array(1025);

function disagreements(continuum: Continuum, layers: readonly AnnotatorLayer[], documentId: string | undefined): Disagreements {
  const B = continuum.begin;
  const L = continuum.length;
  const E = B + L;
  const R = layers.length;
  const merged: MergedSpans[] = [];
  const skipped: SkippedSpan[] = [];

  const byLabel = new Map<string, LabelUnits>();
  for (let r = 0; r < R; r++) {
    const layer = layers[r]!;
    const groups = new Map<string, SpanLike[]>();
    for (const span of layer.spans) {
      if (!byLabel.has(span.label)) byLabel.set(span.label, { begins: layers.map(() => []), ends: layers.map(() => []) });
      const s = span.startOffset;
      const e = span.endOffset;
      if (s < B || e > E || e === s) {
        const problem = e === s ? 'empty' : e <= B || s >= E ? 'outside' : 'clipped';
        skipped.push({ ...(documentId === undefined ? {} : { documentId }), annotator: layer.annotator, label: span.label, spanId: span.id, problem });
        if (problem !== 'clipped') continue;
      }
      const group = groups.get(span.label);
      if (group) group.push(span);
      else groups.set(span.label, [span]);
    }
    for (const [label, spans] of groups) {
      if (!isSorted(spans)) spans.sort(byStartThenLongest);
      const target = byLabel.get(label)!;
      const begins = target.begins[r]!;
      const ends = target.ends[r]!;
      // Overlapping spans (sharing a code point) are merged into one unit: their union.
      let first = 0;
      let end = spans[0]!.endOffset;
      for (let k = 1; k <= spans.length; k++) {
        const next = spans[k];
        if (next && next.startOffset < end) {
          if (next.endOffset > end) end = next.endOffset;
          continue;
        }
        const begin = Math.max(B, spans[first]!.startOffset);
        const clippedEnd = Math.min(E, end);
        begins.push(begin);
        ends.push(clippedEnd);
        if (k - first > 1) {
          merged.push({
            ...(documentId === undefined ? {} : { documentId }),
            annotator: layer.annotator,
            label,
            spanIds: spans.slice(first, k).map((x) => x.id),
            startOffset: begin,
            endOffset: clippedEnd,
          });
        }
        if (next) {
          first = k;
          end = next.endOffset;
        }
      }
    }
  }

  const labels = new Map<string, LabelSums>();
  for (const [label, units] of byLabel) labels.set(label, labelSums(units, B, L, R));
  return { labels, merged, skipped };
}

function labelSums({ begins, ends }: LabelUnits, B: number, L: number, R: number): LabelSums {
  let N = 0;
  for (const b of begins) N += b.length;
  if (R < 2 || N === 0 || L === 0) return { observed: 0, expected: 0, units: N };
  const E = B + L;

  let distances = 0;
  for (let i = 0; i < R; i++) for (let j = i + 1; j < R; j++) distances += pairDistances(begins[i]!, ends[i]!, begins[j]!, ends[j]!, B, E);
  const observed = (2 * distances) / (R * (R - 1) * L * L);

  // G_c: every annotator's gap lengths, ascending, with suffix sums.
  if (gapScratch.length < N + R) {
    gapScratch = new Float64Array(2 * (N + R));
    suffixScratch = new Float64Array(2 * (N + R) + 1);
  }
  const gaps = gapScratch;
  let count = 0;
  for (let r = 0; r < R; r++) {
    const b = begins[r]!;
    const e = ends[r]!;
    let pos = B;
    for (let k = 0; k < b.length; k++) {
      if (b[k]! > pos) gaps[count++] = b[k]! - pos;
      pos = e[k]!;
    }
    if (pos < E) gaps[count++] = E - pos;
  }
  const sorted = gaps.subarray(0, count).sort();
  const suffix = suffixScratch;
  suffix[count] = 0;
  for (let k = count - 1; k >= 0; k--) suffix[k] = suffix[k + 1]! + sorted[k]!;

  let numerator = 0;
  let squared = 0;
  for (let r = 0; r < R; r++) {
    const b = begins[r]!;
    const e = ends[r]!;
    for (let k = 0; k < b.length; k++) {
      const l = e[k]! - b[k]!;
      const at = lowerBound(sorted, count, l);
      const gapTerm = suffix[at]! - (l - 1) * (count - at); // Σ_{γ ≥ ℓ} (γ − ℓ + 1)
      numerator += ((N - 1) * (2 * l * l * l - 3 * l * l + l)) / 3 + l * l * gapTerm;
      squared += l * (l - 1);
    }
  }
  const expected = ((2 / L) * numerator) / (R * L * (R * L - 1) - squared);
  return { observed, expected, units: N };
}

/**
 * Σ δ² between the partitions of [B, E) by two annotators' units (sorted, disjoint, non-empty):
 * one sweep over the segments, visiting each pair that shares a code point once. For such pairs
 * δ² is: two units, (Δbegin)² + (Δend)²; a unit and a gap, ℓ² of the unit if the gap holds it.
 */
function pairDistances(bp: readonly number[], ep: readonly number[], bq: readonly number[], eq: readonly number[], B: number, E: number): number {
  let sum = 0;
  let ip = 0;
  let iq = 0;
  // Current segment of each side: [gB, gE), unit or gap.
  let gB = B;
  let gE: number;
  let gU: boolean;
  let hB = B;
  let hE: number;
  let hU: boolean;
  if (ip < bp.length && bp[ip] === gB) {
    gU = true;
    gE = ep[ip++]!;
  } else {
    gU = false;
    gE = ip < bp.length ? bp[ip]! : E;
  }
  if (iq < bq.length && bq[iq] === hB) {
    hU = true;
    hE = eq[iq++]!;
  } else {
    hU = false;
    hE = iq < bq.length ? bq[iq]! : E;
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
      if (ip < bp.length && bp[ip] === gB) {
        gU = true;
        gE = ep[ip++]!;
      } else {
        gU = false;
        gE = ip < bp.length ? bp[ip]! : E;
      }
    }
    if (advanceH) {
      hB = hE;
      if (hB >= E) break;
      if (iq < bq.length && bq[iq] === hB) {
        hU = true;
        hE = eq[iq++]!;
      } else {
        hU = false;
        hE = iq < bq.length ? bq[iq]! : E;
      }
    }
  }
  return sum;
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
