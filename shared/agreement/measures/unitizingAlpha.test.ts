import { describe, expect, it } from 'vitest';
import type { AgreementDocument, AnnotatorLayer, SpanLike, UnitizingAlpha } from '../types';
import { corpusUnitizingAlpha, documentUnitizingAlpha, unitizingAlpha, UnitizingAlphaAccumulator, unitizingDistance, type Segment } from './unitizingAlpha';
import { seededRandom as rng } from '../../../tests/support/random';

let nextId = 0;
/** A span from Krippendorff's (begin, length) notation. */
function unit(begin: number, length: number, label: string): SpanLike {
  return { id: `s${nextId++}`, label, startOffset: begin, endOffset: begin + length };
}
function layers(...spans: SpanLike[][]): AnnotatorLayer[] {
  return spans.map((s, r) => ({ annotator: `r${r}`, spans: s }));
}
/** x cut (not rounded) to `digits` decimals, as some published values are. */
const truncated = (x: number, digits: number): string => (Math.trunc(x * 10 ** digits) / 10 ** digits).toFixed(digits);
const seg = (begin: number, length: number, isUnit: boolean): Segment => ({ begin, length, isUnit });
const num = (a: UnitizingAlpha): number => {
  if (a.value === null) throw new Error(`expected a value, got n/a (${a.reason})`);
  return a.value;
};

/** Krippendorff (2004), p. 254: continuum [150, 450), two annotators. */
const P254 = layers(
  [unit(225, 70, 'c'), unit(370, 30, 'c'), unit(180, 60, 'k'), unit(300, 50, 'k')],
  [unit(220, 80, 'c'), unit(355, 20, 'c'), unit(400, 20, 'c'), unit(180, 60, 'k'), unit(300, 50, 'k')],
);

describe('unitizingDistance (δ²)', () => {
  it('reproduces the distances of Krippendorff (2004), p. 254', () => {
    expect(unitizingDistance(seg(225, 70, true), seg(220, 80, true))).toBe(50);
    expect(unitizingDistance(seg(370, 30, true), seg(355, 20, true))).toBe(850);
    // span (400, 20) inside the gap (400, 50), either way round
    expect(unitizingDistance(seg(400, 50, false), seg(400, 20, true))).toBe(400);
    expect(unitizingDistance(seg(400, 20, true), seg(400, 50, false))).toBe(400);
  });

  it('reproduces the distances of the DKPro unit test', () => {
    expect(unitizingDistance(seg(1, 8, true), seg(2, 1, true))).toBe(37);
    expect(unitizingDistance(seg(1, 8, true), seg(4, 1, true))).toBe(25);
    expect(unitizingDistance(seg(1, 8, true), seg(6, 1, true))).toBe(29);
    // and its zeros: gap–gap, a span only partly in a gap, a gap inside a span
    expect(unitizingDistance(seg(0, 1, false), seg(0, 2, false))).toBe(0);
    expect(unitizingDistance(seg(1, 8, true), seg(0, 2, false))).toBe(0);
    expect(unitizingDistance(seg(1, 8, true), seg(3, 1, false))).toBe(0);
    expect(unitizingDistance(seg(1, 8, true), seg(7, 4, false))).toBe(0);
  });

  it('is the squared differences of begins and ends for overlapping spans (DKPro Krippendorff2004Test)', () => {
    expect(unitizingDistance(seg(5, 6, true), seg(4, 2, true))).toBe(26);
    expect(unitizingDistance(seg(5, 6, true), seg(5, 2, true))).toBe(16);
    expect(unitizingDistance(seg(5, 6, true), seg(6, 2, true))).toBe(10);
    expect(unitizingDistance(seg(5, 6, true), seg(7, 2, true))).toBe(8);
    expect(unitizingDistance(seg(5, 6, true), seg(6, 4, true))).toBe(2);
    expect(unitizingDistance(seg(5, 6, true), seg(5, 6, true))).toBe(0);
    expect(unitizingDistance(seg(5, 6, true), seg(11, 2, true))).toBe(0); // touching, not overlapping
  });
});

describe('unitizingAlpha', () => {
  it('reproduces Krippendorff (2004), p. 254: α_c = 0.7286, α_k = 1, α_U = 0.8587', () => {
    const r = unitizingAlpha({ continuum: { begin: 150, length: 300 }, layers: P254 });
    const c = r.byLabel.find((l) => l.label === 'c')!;
    const k = r.byLabel.find((l) => l.label === 'k')!;
    expect(c.observedDisagreement!.toFixed(4)).toBe('0.0144');
    expect(c.expectedDisagreement!.toFixed(4)).toBe('0.0532');
    expect(num(c).toFixed(4)).toBe('0.7286');
    expect(k.observedDisagreement).toBe(0);
    expect(k.expectedDisagreement!.toFixed(4)).toBe('0.0490'); // DKPro's value
    expect(num(k)).toBe(1);
    expect(num(r.overall).toFixed(4)).toBe('0.8587');
    // overall is 1 − ΣD_O/ΣD_E, not the mean of α_c and α_k
    expect(num(r.overall)).toBeCloseTo(1 - (c.observedDisagreement! + 0) / (c.expectedDisagreement! + k.expectedDisagreement!), 12);
    expect(num(r.overall)).not.toBeCloseTo((num(c) + num(k)) / 2, 3);
    expect(r.overall).toMatchObject({
      coefficient: 'krippendorff-alpha-u',
      unit: 'characters',
      counts: { documents: 1, annotators: 2, units: 9, continuumLength: 300 },
    });
    expect(c.counts.units).toBe(5);
    expect(r.merged).toEqual([]);
    expect(r.skipped).toEqual([]);
    // D_O,c by hand: (50 + 850 + 400) · 2 / (2·1·300²)
    expect(c.observedDisagreement).toBeCloseTo(1300 / 90000, 15);
  });

  it('reproduces the DKPro unit test: D_O = 0.9100, D_E = 0.5351, α = −0.7003', () => {
    const r = unitizingAlpha({ continuum: { begin: 0, length: 10 }, layers: layers([unit(1, 8, 'A')], [unit(2, 1, 'A'), unit(4, 1, 'A'), unit(6, 1, 'A')]) });
    const a = r.byLabel[0]!;
    expect(a.label).toBe('A');
    expect(a.observedDisagreement!.toFixed(4)).toBe('0.9100');
    // 0.535185…: DKPro's 0.5351 is truncated, not rounded (its test allows ±0.0001).
    expect(truncated(a.expectedDisagreement!, 4)).toBe('0.5351');
    expect(num(a).toFixed(4)).toBe('-0.7003');
    // exactly: D_E = 0.2 · 867 / 324
    expect(a.expectedDisagreement).toBeCloseTo((0.2 * 867) / 324, 14);
    expect(num(r.overall)).toBe(num(a));
  });

  it('DKPro: a single unit among three annotators gives α = 0; no units at all gives n/a', () => {
    const one = unitizingAlpha({ continuum: { begin: 0, length: 20 }, layers: layers([unit(0, 1, 'X')], [], []) });
    expect(num(one.overall)).toBeCloseTo(0, 12);
    const none = unitizingAlpha({ continuum: { begin: 0, length: 20 }, layers: layers([], [], []) });
    expect(none.overall).toMatchObject({ value: null, code: 'no-units', counts: { units: 0 } });
    expect(none.byLabel).toEqual([]);
  });

  it('lists schema labels with no spans as n/a, not as agreement', () => {
    const r = unitizingAlpha({ continuum: { begin: 0, length: 100 }, layers: layers([unit(0, 10, 'claim')], [unit(0, 10, 'claim')]), labels: ['claim', 'denial'] });
    expect(r.byLabel.map((l) => l.label)).toEqual(['claim', 'denial']);
    expect(num(r.byLabel[0]!)).toBe(1);
    expect(r.byLabel[1]).toMatchObject({ value: null, code: 'no-units', observedDisagreement: 0, expectedDisagreement: 0 });
    expect(num(r.overall)).toBe(1);
  });

  it('is n/a with one annotator', () => {
    const r = unitizingAlpha({ continuum: { begin: 0, length: 100 }, layers: layers([unit(0, 10, 'claim')]) });
    expect(r.overall).toMatchObject({ value: null, code: 'too-few-annotators', observedDisagreement: null, expectedDisagreement: null });
    expect(r.byLabel[0]).toMatchObject({ value: null, code: 'too-few-annotators' });
  });

  it('is 1 for identical layers, including when D_O = D_E = 0', () => {
    const spans = [unit(3, 5, 'claim'), unit(10, 2, 'actor'), unit(20, 30, 'claim')];
    const r = unitizingAlpha({ continuum: { begin: 0, length: 60 }, layers: layers(spans, spans, spans) });
    expect(num(r.overall)).toBe(1);
    expect(r.byLabel.every((l) => l.value === 1)).toBe(true);
    // Every code point a unit of length 1, for both: no gaps, D_E = 0 and D_O = 0 → 1.0 (DKPro).
    const ones = [0, 1, 2, 3].map((b) => unit(b, 1, 'x'));
    const flat = unitizingAlpha({ continuum: { begin: 0, length: 4 }, layers: layers(ones, ones) });
    expect(flat.overall.expectedDisagreement).toBe(0);
    expect(flat.overall.observedDisagreement).toBe(0);
    expect(num(flat.overall)).toBe(1);
  });

  it('takes each label on its own, so nested spans of different labels are fine', () => {
    // An actor inside a claim, the same for both annotators except the actor's end.
    const a = [unit(0, 50, 'claim'), unit(5, 10, 'actor')];
    const b = [unit(0, 50, 'claim'), unit(5, 12, 'actor')];
    const r = unitizingAlpha({ continuum: { begin: 0, length: 100 }, layers: layers(a, b) });
    expect(num(r.byLabel.find((l) => l.label === 'claim')!)).toBe(1);
    const actor = r.byLabel.find((l) => l.label === 'actor')!;
    expect(actor.observedDisagreement).toBeCloseTo((2 * 4) / (2 * 100 * 100), 15); // δ² = 0² + 2²
    expect(num(actor)).toBeLessThan(1);
    expect(r.merged).toEqual([]);
    expect(reference(a, b, 0, 100)).toMatchObject({ actor: { observed: actor.observedDisagreement } });
  });

  it('merges overlapping same-label spans of one annotator, and reports it', () => {
    const a = [unit(10, 20, 'claim'), unit(25, 15, 'claim'), unit(40, 5, 'claim'), unit(10, 5, 'actor')];
    const b = [unit(10, 30, 'claim'), unit(40, 5, 'claim'), unit(10, 5, 'actor')];
    const r = unitizingAlpha({ continuum: { begin: 0, length: 100 }, layers: layers(a, b), documentId: 'doc-1' });
    expect(r.merged).toEqual([{ documentId: 'doc-1', annotator: 'r0', label: 'claim', spanIds: [a[0]!.id, a[1]!.id], startOffset: 10, endOffset: 40 }]);
    // [10,30) ∪ [25,40) = [10,40), as b marked; touching [40,45) stays a unit of its own.
    expect(num(r.overall)).toBe(1);
    expect(r.byLabel.find((l) => l.label === 'claim')!.counts.units).toBe(4);
    // A duplicate span is an overlap too.
    const dup = unitizingAlpha({ continuum: { begin: 0, length: 100 }, layers: layers([unit(0, 5, 'x'), unit(0, 5, 'x')], [unit(0, 5, 'x')]) });
    expect(dup.merged).toHaveLength(1);
    expect(num(dup.overall)).toBe(1);
  });

  it('computes α_U (low, not n/a) for a document where only one annotator has spans', () => {
    const a = [unit(10, 20, 'claim'), unit(50, 10, 'claim')];
    const r = unitizingAlpha({ continuum: { begin: 0, length: 100 }, layers: layers(a, []) });
    const ref = reference(a, [], 0, 100).claim!;
    expect(r.overall.observedDisagreement).toBeCloseTo(ref.observed, 14);
    expect(r.overall.expectedDisagreement).toBeCloseTo(ref.expected, 14);
    expect(num(r.overall)).toBeLessThan(0.5);
    // D_O = (20² + 10²)·2 / (2·100²): each span lies in the other's one big gap
    expect(r.overall.observedDisagreement).toBeCloseTo(500 / 10000, 15);
  });

  it('supports a continuum that does not start at 0, clipping and reporting spans that leave it', () => {
    const r = unitizingAlpha({
      continuum: { begin: 100, length: 50 },
      layers: layers([unit(90, 20, 'x'), unit(10, 5, 'x'), unit(120, 0, 'x')], [unit(100, 10, 'x')]),
      documentId: 'd',
    });
    expect(r.skipped.map((s) => s.problem)).toEqual(['clipped', 'outside', 'empty']);
    expect(num(r.overall)).toBe(1); // [90,110) clipped to [100,110) = the other's span
  });

  it('says so when the offsets are tokens', () => {
    const r = unitizingAlpha({ continuum: { begin: 0, length: 10 }, layers: layers([unit(0, 2, 'x')], [unit(0, 2, 'x')]), unit: 'tokens' });
    expect(r.overall.unit).toBe('tokens');
  });

  it('rejects malformed input', () => {
    expect(() => unitizingAlpha({ continuum: { begin: 0, length: -1 }, layers: [] })).toThrow(/continuum/);
    expect(() => unitizingAlpha({ continuum: { begin: 0, length: 10 }, layers: [{ annotator: 'a', spans: [] }, { annotator: 'a', spans: [] }] })).toThrow(/two layers/);
    expect(() => unitizingAlpha({ continuum: { begin: 0, length: 10 }, layers: layers([{ id: 'bad', label: 'x', startOffset: 5, endOffset: 2 }]) })).toThrow(/"bad"/);
  });

  it('agrees with a direct O(n²) evaluation of the formulas on random data', () => {
    const random = rng(20240601);
    for (let trial = 0; trial < 300; trial++) {
      const L = 1 + Math.floor(random() * 200);
      const R = 2 + Math.floor(random() * 3);
      const labelsUsed = ['a', 'b', 'c'].slice(0, 1 + Math.floor(random() * 3));
      const raw = Array.from({ length: R }, () =>
        Array.from({ length: Math.floor(random() * 8) }, () => {
          const b = Math.floor(random() * L);
          const len = 1 + Math.floor(random() * Math.min(40, L - b));
          return unit(b, len, labelsUsed[Math.floor(random() * labelsUsed.length)]!);
        }),
      );
      const r = unitizingAlpha({ continuum: { begin: 0, length: L }, layers: layers(...raw) });
      const merged = raw.map((spans) => mergeSameLabel(spans));
      const ref = referenceR(merged, 0, L);
      let o = 0;
      let e = 0;
      for (const l of r.byLabel) {
        const want = ref[l.label]!;
        expect(l.observedDisagreement).toBeCloseTo(want.observed, 12);
        expect(l.expectedDisagreement).toBeCloseTo(want.expected, 12);
        o += want.observed;
        e += want.expected;
      }
      if (r.overall.value !== null && e > 0) expect(r.overall.value).toBeCloseTo(1 - o / e, 10);
    }
  });
});

describe('corpus α_U', () => {
  const doc = (documentId: string, length: number, ...spans: SpanLike[][]): AgreementDocument => ({ documentId, length, layers: layers(...spans) });

  it('sums D_O and D_E over documents and never averages α', () => {
    const d1 = doc('d1', 10, [unit(1, 8, 'A')], [unit(2, 1, 'A'), unit(4, 1, 'A'), unit(6, 1, 'A')]);
    const d2 = doc('d2', 100, [unit(10, 20, 'A')], [unit(10, 21, 'A')]);
    const r1 = documentUnitizingAlpha(d1);
    const r2 = documentUnitizingAlpha(d2);
    const corpus = corpusUnitizingAlpha([d1, d2]);
    const O = r1.overall.observedDisagreement! + r2.overall.observedDisagreement!;
    const E = r1.overall.expectedDisagreement! + r2.overall.expectedDisagreement!;
    expect(corpus.overall.observedDisagreement).toBeCloseTo(O, 15);
    expect(corpus.overall.expectedDisagreement).toBeCloseTo(E, 15);
    expect(num(corpus.overall)).toBeCloseTo(1 - O / E, 12);
    expect(num(corpus.overall)).not.toBeCloseTo((num(r1.overall) + num(r2.overall)) / 2, 2);
    expect(corpus.overall.counts).toEqual({ documents: 2, annotators: 2, units: 6, continuumLength: 110 });
    expect(corpus.byDocument.map((d) => d.documentId)).toEqual(['d1', 'd2']);
  });

  it('leaves out documents with fewer than two annotators and says which', () => {
    const corpus = corpusUnitizingAlpha([doc('one', 50, [unit(0, 5, 'x')]), doc('two', 50, [unit(0, 5, 'x')], [unit(0, 5, 'x')])]);
    expect(corpus.excluded).toEqual([{ documentId: 'one', code: 'too-few-annotators', reason: 'fewer than two annotators' }]);
    expect(num(corpus.overall)).toBe(1);
    expect(corpus.overall.counts.documents).toBe(1);
    expect(corpusUnitizingAlpha([]).overall).toMatchObject({ value: null, code: 'too-few-annotators' });
  });

  it('reports merges with the document they happened in', () => {
    const corpus = corpusUnitizingAlpha([doc('m', 50, [unit(0, 5, 'x'), unit(3, 5, 'x')], [unit(0, 8, 'x')])]);
    expect(corpus.merged).toMatchObject([{ documentId: 'm', annotator: 'r0', startOffset: 0, endOffset: 8 }]);
    expect(corpus).toMatchObject({ mergedCount: 1, skippedCount: 0 });
    expect(num(corpus.overall)).toBe(1);
  });

  it('lists only as many merges and skips as asked for, and counts them all', () => {
    const docs = ['a', 'b', 'c'].map((id) => doc(id, 50, [unit(0, 5, 'x'), unit(3, 5, 'x'), unit(20, 0, 'x'), unit(30, 5, 'x'), unit(32, 5, 'x')], [unit(0, 8, 'x'), unit(40, 0, 'y')]));
    const all = corpusUnitizingAlpha(docs);
    expect(all).toMatchObject({ mergedCount: 6, skippedCount: 6 });
    for (const keepDocuments of [false, true]) {
      const acc = new UnitizingAlphaAccumulator({ examples: 4, keepDocuments });
      for (const d of docs) acc.add(d);
      const some = acc.result();
      expect(some.merged).toEqual(all.merged.slice(0, 4));
      expect(some.skipped).toEqual(all.skipped.slice(0, 4));
      expect(some).toMatchObject({ mergedCount: 6, skippedCount: 6 });
      expect(some.overall).toEqual(all.overall);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// A direct evaluation of docs/AGREEMENT.md §5 for checking: every segment against every segment, and
// the gap sum term by term.

interface Ref {
  observed: number;
  expected: number;
}

function reference(a: SpanLike[], b: SpanLike[], B: number, L: number): Record<string, Ref> {
  return referenceR([a, b], B, L);
}

function referenceR(perAnnotator: SpanLike[][], B: number, L: number): Record<string, Ref> {
  const R = perAnnotator.length;
  const labels = new Set(perAnnotator.flat().map((s) => s.label));
  const out: Record<string, Ref> = {};
  for (const label of labels) {
    const parts = perAnnotator.map((spans) => {
      const units = spans.filter((s) => s.label === label).sort((x, y) => x.startOffset - y.startOffset);
      const segs: Segment[] = [];
      let pos = B;
      for (const u of units) {
        if (u.startOffset > pos) segs.push(seg(pos, u.startOffset - pos, false));
        segs.push(seg(u.startOffset, u.endOffset - u.startOffset, true));
        pos = u.endOffset;
      }
      if (pos < B + L) segs.push(seg(pos, B + L - pos, false));
      return segs;
    });
    let sum = 0;
    for (let i = 0; i < R; i++) for (let j = i + 1; j < R; j++) for (const g of parts[i]!) for (const h of parts[j]!) sum += unitizingDistance(g, h);
    const observed = (2 / (R * (R - 1) * L * L)) * sum;
    const units = parts.flat().filter((s) => s.isUnit);
    const gaps = parts.flat().filter((s) => !s.isUnit);
    const N = units.length;
    let numerator = 0;
    for (const u of units) {
      const l = u.length;
      let g = 0;
      for (const gap of gaps) if (gap.length >= l) g += gap.length - l + 1;
      numerator += ((N - 1) * (2 * l ** 3 - 3 * l ** 2 + l)) / 3 + l * l * g;
    }
    const expected = ((2 / L) * numerator) / (R * L * (R * L - 1) - units.reduce((s, u) => s + u.length * (u.length - 1), 0));
    out[label] = { observed, expected };
  }
  return out;
}

/** The union of each label's overlapping spans, as the module merges them. */
function mergeSameLabel(spans: SpanLike[]): SpanLike[] {
  const out: SpanLike[] = [];
  const byLabel = new Map<string, SpanLike[]>();
  for (const s of spans) byLabel.set(s.label, [...(byLabel.get(s.label) ?? []), s]);
  for (const [label, list] of byLabel) {
    list.sort((x, y) => x.startOffset - y.startOffset);
    const merged: SpanLike[] = [];
    for (const s of list) {
      const last = merged[merged.length - 1];
      if (last && s.startOffset < last.endOffset) last.endOffset = Math.max(last.endOffset, s.endOffset);
      else merged.push({ id: s.id, label, startOffset: s.startOffset, endOffset: s.endOffset });
    }
    out.push(...merged);
  }
  return out;
}

