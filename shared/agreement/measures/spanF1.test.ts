import { describe, expect, it } from 'vitest';
import { DocumentMatcher } from '../matching/documentMatcher';
import { formatEstimate } from '../estimate';
import { corpusSpanF1, documentSpanF1, spanF1, SpanF1Accumulator } from './spanF1';
import type { AgreementDocument, MatchCriterion, SpanLike } from '../types';

let nextId = 0;
const sp = (startOffset: number, endOffset: number, label = 'claim'): SpanLike => ({ id: `s${nextId++}`, label, startOffset, endOffset });
const OVERLAP: MatchCriterion = { boundary: 'overlap', labels: 'labelled' };
const OVERLAP_ANY: MatchCriterion = { boundary: 'overlap', labels: 'unlabelled' };
const EXACT: MatchCriterion = { boundary: 'exact', labels: 'labelled' };
const doc = (documentId: string, layers: Record<string, SpanLike[]>, length = 1000): AgreementDocument => ({
  documentId,
  length,
  layers: Object.entries(layers).map(([annotator, spans]) => ({ annotator, spans })),
});

describe('spanF1', () => {
  it('docs/AGREEMENT.md §10 one-to-one vector: A = {[0,10) claim}, B = {[0,4) claim, [6,10) claim} → overlap F1 = 0.6667, not 1', () => {
    const r = spanF1([sp(0, 10)], [sp(0, 4), sp(6, 10)], OVERLAP);
    expect(r.overall.counts).toEqual({ truePositives: 1, spansA: 1, spansB: 2 });
    expect(r.overall.value!.toFixed(4)).toBe('0.6667');
    expect(r.overall).toMatchObject({ coefficient: 'span-f1', unit: 'spans', match: OVERLAP });
    expect(r.byLabel).toEqual([{ label: 'claim', ...r.overall }]);
    expect(r.matching.unmatchedB).toHaveLength(1);
  });

  it('is n/a when both are empty and 0 when one is', () => {
    const none = spanF1([], [], OVERLAP);
    expect(none.overall).toMatchObject({ value: null, code: 'no-spans', counts: { truePositives: 0, spansA: 0, spansB: 0 } });
    expect(formatEstimate(none.overall)).toBe('n/a (neither annotator marked a span)');
    expect(spanF1([sp(0, 5)], [], OVERLAP).overall.value).toBe(0);
    expect(spanF1([], [sp(0, 5)], EXACT).overall.value).toBe(0);
  });

  it('is 1 for identical layers under every criterion', () => {
    const a = [sp(0, 50, 'claim'), sp(5, 15, 'actor'), sp(60, 70, 'denial')];
    const b = a.map((s) => ({ ...s, id: `copy-${s.id}` }));
    for (const boundary of ['exact', 'overlap'] as const) {
      for (const labels of ['labelled', 'unlabelled'] as const) expect(spanF1(a, b, { boundary, labels }).overall.value).toBe(1);
    }
  });

  it('gives per-label F1 for labelled criteria (nested spans of different labels), none for unlabelled', () => {
    const a = [sp(0, 50, 'claim'), sp(5, 15, 'actor'), sp(20, 30, 'actor')];
    const b = [sp(0, 48, 'claim'), sp(5, 15, 'actor')];
    const r = spanF1(a, b, OVERLAP, { labels: ['claim', 'denial', 'actor'] });
    expect(r.byLabel!.map((l) => [l.label, l.value === null ? null : +l.value.toFixed(4)])).toEqual([
      ['claim', 1],
      ['denial', null], // in the schema, marked by neither: n/a, not 1
      ['actor', 0.6667],
    ]);
    expect(r.overall.counts).toEqual({ truePositives: 2, spansA: 3, spansB: 2 });
    expect(spanF1(a, b, EXACT).overall.value).toBeCloseTo((2 * 1) / 5, 12);
    expect(spanF1(a, b, OVERLAP_ANY).byLabel).toBeNull();
  });
});

describe('span F1 over annotators and documents', () => {
  const d1 = doc('d1', { ann: [sp(0, 10), sp(20, 30)], bob: [sp(0, 10)], cy: [sp(0, 10), sp(20, 30)] });
  const d2 = doc('d2', { ann: [sp(0, 10)], bob: [] });
  const d3 = doc('d3', { ann: [], bob: [] });

  it('makes the annotator-pair matrix of a document, its mean and the pooled value', () => {
    const r = documentSpanF1(d1, OVERLAP);
    expect(r.annotators).toEqual(['ann', 'bob', 'cy']);
    expect(r.pairs.map((p) => [p.annotatorA, p.annotatorB, +p.overall.value!.toFixed(4)])).toEqual([
      ['ann', 'bob', 0.6667],
      ['ann', 'cy', 1],
      ['bob', 'cy', 0.6667],
    ]);
    expect(r.mean.value).toBeCloseTo((2 / 3 + 1 + 2 / 3) / 3, 12);
    expect(r.mean).toMatchObject({ coefficient: 'mean-span-f1', counts: { pairs: 3, pairsWithValue: 3 } });
    expect(r.pooled.counts).toEqual({ truePositives: 4, spansA: 5, spansB: 5 });
  });

  it('pools counts over the corpus instead of averaging documents', () => {
    const corpus = corpusSpanF1([d1, d2, d3], OVERLAP);
    const annBob = corpus.pairs.find((p) => p.annotatorA === 'ann' && p.annotatorB === 'bob')!;
    expect(annBob.documents).toBe(3);
    expect(annBob.overall.counts).toEqual({ truePositives: 1, spansA: 3, spansB: 1 });
    expect(annBob.overall.value).toBeCloseTo(2 / 4, 12);
    // Per-document values are 0.667, 0 and n/a: their average would be 0.333.
    expect(corpus.byDocument.map((d) => d.pairs.find((p) => p.annotatorB === 'bob' && p.annotatorA === 'ann')!.overall.value)).toEqual([2 / 3, 0, null]);
    expect(corpus.documents).toBe(3);
  });

  it('marks pairs that share no document as n/a', () => {
    const corpus = corpusSpanF1([doc('x', { ann: [sp(0, 1)], bob: [sp(0, 1)] }), doc('y', { cy: [sp(0, 1)], bob: [sp(0, 1)] })], OVERLAP);
    const annCy = corpus.pairs.find((p) => p.annotatorA === 'ann' && p.annotatorB === 'cy')!;
    expect(annCy).toMatchObject({ documents: 0, overall: { value: null, code: 'no-shared-documents' } });
    expect(corpus.mean).toMatchObject({ value: 1, counts: { pairs: 3, pairsWithValue: 2 } });
  });

  it('is n/a, not 1, with one annotator', () => {
    const r = documentSpanF1(doc('solo', { ann: [sp(0, 5)] }), OVERLAP);
    expect(r.pairs).toEqual([]);
    expect(r.mean).toMatchObject({ value: null, code: 'too-few-annotators' });
    expect(r.pooled).toMatchObject({ value: null, code: 'too-few-annotators' });
  });

  it('gives 0 for a document where only one annotator has spans', () => {
    const r = documentSpanF1(doc('one-sided', { ann: [sp(0, 5), sp(9, 12)], bob: [] }), OVERLAP);
    expect(r.pairs[0]!.overall).toMatchObject({ value: 0, counts: { truePositives: 0, spansA: 2, spansB: 0 } });
  });

  it('accumulates a document at a time, sharing matchings through a DocumentMatcher', () => {
    const acc = new SpanF1Accumulator(OVERLAP, { keepDocuments: false });
    for (const d of [d1, d2, d3]) acc.add(new DocumentMatcher(d));
    const r = acc.result();
    expect(r.byDocument).toEqual([]);
    expect(r.pooled).toEqual(corpusSpanF1([d1, d2, d3], OVERLAP).pooled);
  });

  it('rejects a document with an annotator twice or a malformed span', () => {
    const twice: AgreementDocument = { documentId: 'bad', length: 10, layers: [{ annotator: 'a', spans: [] }, { annotator: 'a', spans: [] }] };
    expect(() => documentSpanF1(twice, OVERLAP)).toThrow(/two layers for annotator "a"/);
    expect(() => documentSpanF1(doc('bad2', { a: [{ id: 'x', label: 'claim', startOffset: 1.5, endOffset: 3 }] }), OVERLAP)).toThrow(/span "x"/);
  });
});
