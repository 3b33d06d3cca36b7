/**
 * Why two measures disagree about a document (docs/AGREEMENT.md §12): which disagreements make
 * α_U's observed disagreement D_O, and which documents rank far apart by span F1 and by α_U.
 *
 * D_O of one document is Σ δ²(g, h) over its labels and annotator pairs, times one factor,
 * 2 / (R(R−1)L²), the same for every term (§5). So each term's share of the sum is its share of
 * D_O, and α_U without one term is 1 − (1 − share)·D_O/D_E. This module lists the terms with
 * the spans behind them; it computes nothing the report does not, and the report does not use
 * it (so it cannot change a figure): it is for saying in words what a figure is made of.
 */
import { unitizingDistance, type Segment } from '../measures/unitizingAlpha';
import type { AgreementDocument, SpanLike } from '../types';

/** One non-zero δ² of α_U: a span only one annotator marked, or two spans whose boundaries differ. */
export interface UnitizingCost<S extends SpanLike = SpanLike> {
  label: string;
  /** `alone`: `spans[0]` (of `annotators[0]`) lies in a gap of `annotators[1]`; `boundaries`: both marked it, in different places. */
  kind: 'alone' | 'boundaries';
  annotators: [string, string];
  /** The span (first of a merged group) of each annotator; one for `alone`. */
  spans: S[];
  /** δ² in code points squared. */
  distance: number;
  /** Its part of the document's Σ δ², hence of D_O (0..1). */
  share: number;
}

export interface UnitizingBreakdown<S extends SpanLike = SpanLike> {
  /** Σ δ² over labels and pairs (D_O without its normalising factor). */
  total: number;
  /** The non-zero terms, largest first (then by label, then by position). */
  costs: UnitizingCost<S>[];
}

interface Unit<S> {
  begin: number;
  end: number;
  span: S;
}

/** An annotator's units of one label: spans clipped to [0, L), empty ones skipped, overlapping ones merged (as α_U does). */
function unitsOf<S extends SpanLike>(spans: readonly S[], label: string, length: number): Unit<S>[] {
  const own = spans
    .filter((s) => s.label === label)
    .map((span) => ({ begin: Math.max(0, span.startOffset), end: Math.min(length, span.endOffset), span }))
    .filter((u) => u.end > u.begin)
    .sort((a, b) => a.begin - b.begin || a.end - b.end);
  const out: Unit<S>[] = [];
  for (const u of own) {
    const last = out[out.length - 1];
    if (last && u.begin < last.end) last.end = Math.max(last.end, u.end);
    else out.push({ ...u });
  }
  return out;
}

/** The partition of [0, L): units and the gaps between them, in order. */
function partition<S>(units: readonly Unit<S>[], length: number): (Segment & { unit?: Unit<S> })[] {
  const out: (Segment & { unit?: Unit<S> })[] = [];
  let at = 0;
  for (const u of units) {
    if (u.begin > at) out.push({ begin: at, length: u.begin - at, isUnit: false });
    out.push({ begin: u.begin, length: u.end - u.begin, isUnit: true, unit: u });
    at = u.end;
  }
  if (at < length) out.push({ begin: at, length: length - at, isUnit: false });
  return out;
}

/** The terms of a document's α_U disagreement D_O, with the spans behind each. */
export function unitizingBreakdown<S extends SpanLike>(document: AgreementDocument<S>): UnitizingBreakdown<S> {
  const labels = [...new Set(document.layers.flatMap((l) => l.spans.map((s) => s.label)))].sort();
  const layers = [...document.layers].sort((a, b) => (a.annotator < b.annotator ? -1 : a.annotator > b.annotator ? 1 : 0));
  const costs: Omit<UnitizingCost<S>, 'share'>[] = [];
  for (const label of labels) {
    const parts = layers.map((l) => ({ annotator: l.annotator, segments: partition(unitsOf(l.spans, label, document.length), document.length) }));
    for (let i = 0; i < parts.length; i++) {
      for (let j = i + 1; j < parts.length; j++) {
        const a = parts[i]!;
        const b = parts[j]!;
        for (const g of a.segments) {
          for (const h of b.segments) {
            if (h.begin >= g.begin + g.length) break;
            if (h.begin + h.length <= g.begin) continue;
            const distance = unitizingDistance(g, h);
            if (distance === 0) continue;
            if (g.unit && h.unit) costs.push({ label, kind: 'boundaries', annotators: [a.annotator, b.annotator], spans: [g.unit.span, h.unit.span], distance });
            else if (g.unit) costs.push({ label, kind: 'alone', annotators: [a.annotator, b.annotator], spans: [g.unit.span], distance });
            else costs.push({ label, kind: 'alone', annotators: [b.annotator, a.annotator], spans: [h.unit!.span], distance });
          }
        }
      }
    }
  }
  const total = costs.reduce((sum, c) => sum + c.distance, 0);
  const sorted = costs
    .map((c) => ({ ...c, share: total === 0 ? 0 : c.distance / total }))
    .sort((x, y) => y.distance - x.distance || (x.label < y.label ? -1 : x.label > y.label ? 1 : 0) || x.spans[0]!.startOffset - y.spans[0]!.startOffset);
  return { total, costs: sorted };
}

/** α_U of a document had the given share of its D_O not been there. */
export function alphaWithout(observed: number, expected: number, share: number): number {
  return 1 - ((1 - share) * observed) / expected;
}

/** A document's place by span F1 and by α_U, best first (0 = best), among the documents with both values. */
export interface MeasureRanks {
  docId: string;
  byF1: number;
  byAlpha: number;
  /** How many documents have both values. */
  of: number;
}

/**
 * The documents that span F1 and α_U rank far apart: at least half the list (and at least two
 * places), farthest first. `f1` and `alpha` are the documents' values (null: none).
 */
export function measuresApart(documents: readonly { docId: string; f1: number | null; alpha: number | null }[]): MeasureRanks[] {
  const both = documents.filter((d): d is { docId: string; f1: number; alpha: number } => d.f1 !== null && d.alpha !== null);
  if (both.length < 3) return [];
  const place = (key: 'f1' | 'alpha') => {
    const order = [...both].sort((a, b) => b[key] - a[key] || (a.docId < b.docId ? -1 : 1));
    return new Map(order.map((d, k) => [d.docId, k]));
  };
  const f1 = place('f1');
  const alpha = place('alpha');
  const apart = Math.max(2, Math.ceil(both.length / 2));
  return both
    .map((d) => ({ docId: d.docId, byF1: f1.get(d.docId)!, byAlpha: alpha.get(d.docId)!, of: both.length }))
    .filter((r) => Math.abs(r.byF1 - r.byAlpha) >= apart)
    .sort((a, b) => Math.abs(b.byF1 - b.byAlpha) - Math.abs(a.byF1 - a.byAlpha) || a.byF1 - b.byF1);
}
