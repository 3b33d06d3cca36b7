import { describe, expect, it } from 'vitest';
import { corpusLabelConfusion, labelConfusion } from './confusion';
import type { AgreementDocument, SpanLike } from '../types';

let nextId = 0;
const sp = (startOffset: number, endOffset: number, label = 'claim'): SpanLike => ({ id: `s${nextId++}`, label, startOffset, endOffset });
const doc = (documentId: string, layers: Record<string, SpanLike[]>, length = 1000): AgreementDocument => ({
  documentId,
  length,
  layers: Object.entries(layers).map(([annotator, spans]) => ({ annotator, spans })),
});

describe('label confusion', () => {
  it('counts pairs matched by unlabelled overlap by both labels, and what only one marked', () => {
    const a = [sp(0, 10, 'claim'), sp(20, 30, 'claim'), sp(40, 50, 'actor'), sp(60, 70, 'denial')];
    const b = [sp(0, 10, 'claim'), sp(22, 30, 'denial'), sp(41, 49, 'actor')];
    const c = labelConfusion(a, b, { labels: ['claim', 'denial', 'actor'] });
    expect(c.labels).toEqual(['claim', 'denial', 'actor']);
    expect(c.matched).toEqual([
      [1, 1, 0],
      [0, 0, 0],
      [0, 0, 1],
    ]);
    expect(c.unmatchedA).toEqual([0, 1, 0]);
    expect(c.unmatchedB).toEqual([0, 0, 0]);
    expect(c.counts).toEqual({ pairs: 3, sameLabel: 2, differentLabel: 1, spansA: 4, spansB: 3 });
  });

  it('adds up per pair over a corpus', () => {
    const docs = [doc('d1', { ann: [sp(0, 5, 'claim')], bob: [sp(0, 5, 'denial')] }), doc('d2', { ann: [sp(0, 5, 'claim')], bob: [sp(1, 5, 'denial')], cy: [] })];
    const c = corpusLabelConfusion(docs);
    expect(c.annotators).toEqual(['ann', 'bob', 'cy']);
    const annBob = c.pairs.find((p) => p.annotatorA === 'ann' && p.annotatorB === 'bob')!;
    expect(annBob.labels).toEqual(['claim', 'denial']);
    expect(annBob.matched).toEqual([
      [0, 2],
      [0, 0],
    ]);
    expect(annBob.documents).toBe(2);
    // ann–cy and bob–cy add ann's and bob's unmatched spans on the A side.
    expect(c.pooled.counts).toMatchObject({ pairs: 2, differentLabel: 2, spansA: 4, spansB: 2 });
  });
});
