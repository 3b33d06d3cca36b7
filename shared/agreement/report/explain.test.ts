import { describe, expect, it } from 'vitest';
import { randomAgreementCorpus } from '../../../tests/support/agreementCorpus';
import { documentUnitizingAlpha } from '../measures/unitizingAlpha';
import { alphaWithout, measuresApart, unitizingBreakdown } from './explain';

const span = (id: string, label: string, startOffset: number, endOffset: number) => ({ id, label, startOffset, endOffset });

describe('the terms of α_U’s observed disagreement', () => {
  it('sum to D_O, for random documents of two to five annotators', () => {
    let checked = 0;
    for (const doc of randomAgreementCorpus(7, { documents: 60, maxAnnotators: 5, spans: 20 })) {
      const u = documentUnitizingAlpha(doc).overall;
      if (u.observedDisagreement === null || doc.layers.length < 2) continue;
      const R = doc.layers.length;
      const { total, costs } = unitizingBreakdown(doc);
      expect((2 * total) / (R * (R - 1) * doc.length * doc.length)).toBeCloseTo(u.observedDisagreement, 12);
      if (costs.length) expect(costs.reduce((s, c) => s + c.share, 0)).toBeCloseTo(1, 12);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('name a long span one annotator missed as the largest, and α_U without it', () => {
    // a and b agree on two short actors; only b marks a 40-character claim, and a's second actor ends 2 later.
    const doc = {
      documentId: 'd',
      length: 200,
      layers: [
        { annotator: 'a', spans: [span('a1', 'actor', 0, 5), span('a2', 'actor', 10, 17)] },
        { annotator: 'b', spans: [span('b1', 'actor', 0, 5), span('b2', 'actor', 10, 15), span('b3', 'claim', 100, 140)] },
      ],
    };
    const { total, costs } = unitizingBreakdown(doc);
    expect(costs.map((c) => [c.kind, c.label, c.annotators, c.spans.map((s) => s.id), c.distance])).toEqual([
      ['alone', 'claim', ['b', 'a'], ['b3'], 1600],
      ['boundaries', 'actor', ['a', 'b'], ['a2', 'b2'], 4],
    ]);
    expect(total).toBe(1604);
    const u = documentUnitizingAlpha(doc).overall;
    const without = alphaWithout(u.observedDisagreement!, u.expectedDisagreement!, costs[0]!.share);
    expect(without).toBeGreaterThan(u.value!);
    expect(without).toBeCloseTo(1 - (4 / 1604) * (u.observedDisagreement! / u.expectedDisagreement!), 12);
  });
});

describe('documents the two measures rank far apart', () => {
  it('are the best by F1 and worst by α_U, and the other way round; close ranks are not listed', () => {
    const docs = [
      { docId: '000', f1: 0.958, alpha: 0.947 },
      { docId: '001', f1: 0.921, alpha: 0.977 },
      { docId: '002', f1: 0.952, alpha: 0.911 },
      { docId: '003', f1: 0.942, alpha: 0.695 },
      { docId: '004', f1: 0.977, alpha: 0.366 },
      { docId: '005', f1: null, alpha: 0.5 },
    ];
    expect(measuresApart(docs)).toEqual([
      { docId: '004', byF1: 0, byAlpha: 4, of: 5 },
      { docId: '001', byF1: 4, byAlpha: 0, of: 5 },
    ]);
    expect(measuresApart(docs.slice(0, 2))).toEqual([]);
  });
});
