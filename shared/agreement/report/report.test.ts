import { describe, expect, it } from 'vitest';
import { corpusLabelConfusion } from '../measures/confusion';
import * as api from '../index';
import { agreementReport, AgreementAccumulator } from './report';
import { corpusSpanF1 } from '../measures/spanF1';
import { MATCH_CRITERIA } from '../matching/spanMatching';
import { spanPositionAgreement } from '../measures/spanPositions';
import type { AgreementDocument, SpanLike } from '../types';
import { corpusUnitizingAlpha } from '../measures/unitizingAlpha';

let nextId = 0;
const sp = (startOffset: number, endOffset: number, label: string): SpanLike => ({ id: `s${nextId++}`, label, startOffset, endOffset });
const docs: AgreementDocument[] = [
  {
    documentId: 'attack-1',
    length: 400,
    layers: [
      { annotator: 'ann', spans: [sp(0, 120, 'claim'), sp(10, 30, 'actor'), sp(200, 260, 'denial'), sp(300, 312, 'casualty-figure')] },
      { annotator: 'bob', spans: [sp(0, 118, 'claim'), sp(10, 30, 'actor'), sp(200, 260, 'claim'), sp(330, 340, 'actor')] },
      { annotator: 'cy', spans: [sp(2, 120, 'claim'), sp(12, 30, 'actor'), sp(200, 255, 'denial')] },
    ],
  },
  { documentId: 'attack-2', length: 100, layers: [{ annotator: 'ann', spans: [] }, { annotator: 'bob', spans: [] }] },
  { documentId: 'attack-3', length: 100, layers: [{ annotator: 'cy', spans: [sp(5, 9, 'actor')] }] },
];
const labels = ['claim', 'denial', 'casualty-figure', 'actor'];

describe('agreementReport', () => {
  it('is the same as each measure on its own, with matchings shared', () => {
    const report = agreementReport(docs, { labels });
    expect(report.documents).toBe(3);
    expect(report.annotators).toEqual(['ann', 'bob', 'cy']);
    expect(report.spanF1.map((f) => f.match)).toEqual(MATCH_CRITERIA);
    MATCH_CRITERIA.forEach((c, k) => expect(report.spanF1[k]).toEqual(corpusSpanF1(docs, c, { labels })));
    expect(report.confusion).toEqual(corpusLabelConfusion(docs, { labels }));
    expect(report.unitizing).toEqual(corpusUnitizingAlpha(docs, { labels }));
    expect(report.positions).toEqual(spanPositionAgreement(docs, { labels }));
    expect(report.unitizing.excluded.map((e) => e.documentId)).toEqual(['attack-3']);
  });

  it('is plain JSON: no NaN, Infinity, Maps or undefined values lost in a round trip', () => {
    const report = agreementReport(docs, { labels });
    const json = JSON.stringify(report);
    expect(json).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(json)).toEqual(report);
  });

  it('names the coefficient, the unit and the counts of every value, and gives a reason for every n/a', () => {
    const report = agreementReport(docs, { labels });
    const values: Record<string, unknown>[] = [];
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        if ('coefficient' in o) values.push(o);
        Object.values(o).forEach(walk);
      }
    };
    walk(report);
    expect(values.length).toBeGreaterThan(50);
    for (const v of values) {
      expect(Object.keys(api.COEFFICIENTS)).toContain(v.coefficient);
      expect(['characters', 'tokens', 'spans', 'matched spans', 'items']).toContain(v.unit);
      expect(v.counts).toBeTypeOf('object');
      if (v.value === null) {
        expect(v.reason).toBeTypeOf('string');
        expect(v.code).toBeTypeOf('string');
      } else expect(v.value).toBeTypeOf('number');
    }
    // e.g. the schema's casualty-figure: one annotator marked one, so F1 0 for her pairs and n/a for bob–cy.
    const casualty = (a: string, b: string) =>
      report.spanF1[2]!.pairs.find((p) => p.annotatorA === a && p.annotatorB === b)!.byLabel!.find((l) => l.label === 'casualty-figure')!;
    expect(casualty('ann', 'bob').value).toBe(0);
    expect(casualty('bob', 'cy')).toMatchObject({ value: null, code: 'no-spans' });
  });

  it('can be built a document at a time, keeping no per-document detail', () => {
    const acc = new AgreementAccumulator({ keepDocuments: false });
    for (const d of docs) acc.add(d);
    const r = acc.result();
    expect(r.spanF1[0]!.byDocument).toEqual([]);
    expect(r.unitizing.byDocument).toEqual([]);
    expect(r.unitizing.overall.value).toBe(agreementReport(docs).unitizing.overall.value);
  });

  it('the index exports the public API', () => {
    for (const name of [
      'matchSpans',
      'spanF1',
      'documentSpanF1',
      'corpusSpanF1',
      'labelConfusion',
      'unitizingAlpha',
      'unitizingDistance',
      'corpusUnitizingAlpha',
      'nominalAlpha',
      'cohenKappa',
      'spanPositionAgreement',
      'agreementReport',
      'formatEstimate',
    ]) {
      expect(api).toHaveProperty(name);
    }
  });
});
