import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../../model/labels';
import type { AttributedSpan } from '../measures/attributes';
import { ProjectAgreementAccumulator, CRITERION_IDS, type AnnotatedDocument, type ReportContext } from './projectReport';
import { agreementReport } from './report';
import { MATCH_CRITERIA } from '../matching/spanMatching';

let next = 0;
const sp = (startOffset: number, endOffset: number, label: string, attributes?: Record<string, unknown>): AttributedSpan => ({
  id: `s${next++}`,
  label,
  startOffset,
  endOffset,
  ...(attributes ? { attributes } : {}),
});

const docs: AnnotatedDocument[] = [
  {
    documentId: 'good',
    title: 'Agreeing',
    length: 300,
    layers: [
      { annotator: 'ann', spans: [sp(0, 50, 'claim', { type: 'responsibility' }), sp(0, 10, 'actor'), sp(100, 110, 'casualty-figure')] },
      { annotator: 'bob', spans: [sp(0, 50, 'claim', { type: 'responsibility' }), sp(0, 10, 'actor'), sp(100, 110, 'casualty-figure')] },
    ],
  },
  {
    documentId: 'bad',
    title: 'Disagreeing',
    length: 300,
    layers: [
      { annotator: 'ann', spans: [sp(0, 50, 'claim'), sp(60, 80, 'denial'), sp(200, 210, 'actor')] },
      { annotator: 'bob', spans: [sp(2, 48, 'denial'), sp(60, 80, 'denial'), sp(250, 260, 'actor')] },
      { annotator: 'cy', spans: [sp(0, 50, 'claim')] },
    ],
  },
  { documentId: 'middling', title: null, length: 300, layers: [{ annotator: 'ann', spans: [sp(0, 50, 'claim')] }, { annotator: 'cy', spans: [sp(0, 40, 'claim')] }] },
  { documentId: 'empty', length: 100, layers: [{ annotator: 'ann', spans: [] }, { annotator: 'bob', spans: [] }] },
  { documentId: 'alone', title: 'Only one', length: 100, layers: [{ annotator: 'cy', spans: [sp(5, 9, 'actor')] }] },
];

const context: ReportContext = {
  project: 'Test',
  filters: { annotators: null, labels: null, docIds: null },
  documentsInProject: 6,
  documentsSelected: 5,
  problems: [{ file: 'documents/x/annotations/dan.json', problems: ['not JSON'] }],
};

function build(documents: AnnotatedDocument[] = docs) {
  const acc = new ProjectAgreementAccumulator({ schema: DEFAULT_SCHEMA });
  for (const d of documents) acc.add(d);
  acc.skip({ docId: 'x', title: null, annotators: [], reason: 'its text could not be read' });
  return acc.result(context, { elapsedMs: 1, where: 'main thread' });
}

describe('ProjectAgreementAccumulator', () => {
  const report = build();
  const core = agreementReport(
    docs.filter((d) => d.layers.length >= 2),
    { labels: DEFAULT_SCHEMA.labels.map((l) => l.id) },
  );

  it('pools every figure over the project as the measures themselves do', () => {
    MATCH_CRITERIA.forEach((c, k) => {
      const id = CRITERION_IDS[k]!;
      expect(report.overall.spanF1[id]).toEqual(core.spanF1[k]!.pooled);
      expect(report.overall.meanOverPairs[id]).toEqual(core.spanF1[k]!.mean);
      expect(report.criteria[k]!.match).toEqual(c);
    });
    expect(report.overall.unitizingAlpha).toEqual(core.unitizing.overall);
    expect(report.overall.nominalAlpha.noneAsMissing).toEqual(core.positions.noneAsMissing);
    expect(report.overall.nominalAlpha.noneAsCategory).toEqual(core.positions.noneAsCategory);
    expect(report.confusion).toEqual(core.confusion);
    expect(report.annotators).toEqual(['ann', 'bob', 'cy']);
  });

  it('gives per label F1 whose counts add up to the overall counts, labelled and unlabelled', () => {
    for (const id of ['exact-labelled', 'overlap-labelled'] as const) {
      const sum = { truePositives: 0, spansA: 0, spansB: 0 };
      for (const l of report.byLabel) {
        const c = l.spanF1[id].counts;
        sum.truePositives += c.truePositives;
        sum.spansA += c.spansA;
        sum.spansB += c.spansB;
      }
      expect(sum).toEqual(report.overall.spanF1[id].counts);
    }
    for (const id of ['exact-unlabelled', 'overlap-unlabelled'] as const) {
      let matched = 0;
      let spans = 0;
      for (const l of report.byLabel) {
        const c = l.spanF1[id].counts;
        expect(c.matchedA).toBeLessThanOrEqual(c.spansA);
        matched += c.matchedA + c.matchedB;
        spans += c.spansA + c.spansB;
      }
      const overall = report.overall.spanF1[id];
      expect(matched).toBe(2 * overall.counts.truePositives);
      expect(spans).toBe(overall.counts.spansA + overall.counts.spansB);
      expect(matched / spans).toBeCloseTo(overall.value!, 12);
    }
  });

  it('reports the labels of the schema in order, with names, colours and span counts per annotator', () => {
    expect(report.byLabel.map((l) => l.label)).toEqual(['claim', 'denial', 'casualty-figure', 'actor']);
    const claim = report.byLabel[0]!;
    expect(claim).toMatchObject({ name: 'Claim', color: '#0072b2', inSchema: true });
    expect(claim.spans).toEqual([
      { annotator: 'ann', count: 3 },
      { annotator: 'bob', count: 1 },
      { annotator: 'cy', count: 2 },
    ]);
    expect(claim.unitizingAlpha).toEqual(core.unitizing.byLabel.find((l) => l.label === 'claim'));
    // The claim/denial mix-up: exact-labelled claim F1 counts it as a miss, overlap-unlabelled as a match.
    expect(claim.spanF1['overlap-unlabelled'].counts.matchedA).toBeGreaterThan(claim.spanF1['overlap-labelled'].counts.truePositives);
  });

  it('ranks the compared documents worst first and lists the others with the reason', () => {
    expect(report.byDocument.map((d) => [d.rank, d.docId])).toEqual([
      [1, 'bad'],
      [2, 'middling'],
      [3, 'good'],
      [4, 'empty'],
    ]);
    const empty = report.byDocument[3]!;
    expect(empty.spanF1['overlap-labelled']).toMatchObject({ value: null, code: 'no-spans', reason: 'neither annotator marked a span' });
    expect(empty.unitizingAlpha).toMatchObject({ value: null, code: 'no-units' });
    expect(report.byDocument[2]).toMatchObject({ docId: 'good', title: 'Agreeing', annotators: ['ann', 'bob'] });
    expect(report.byDocument[2]!.spanF1['exact-labelled']).toMatchObject({ value: 1, counts: { truePositives: 3, spansA: 3, spansB: 3 } });
    expect(report.documents).toEqual({
      inProject: 6,
      selected: 5,
      compared: 4,
      notCompared: [
        { docId: 'alone', title: 'Only one', annotators: ['cy'], reason: 'only cy has annotated it' },
        { docId: 'x', title: null, annotators: [], reason: 'its text could not be read' },
      ],
    });
    expect(report.ranking).toMatch(/^Worst first/);
  });

  it('gives the annotator-pair matrix with F1 under each predicate, κ and relation F1', () => {
    expect(report.pairs.map((p) => `${p.annotatorA}-${p.annotatorB}:${p.documents}`)).toEqual(['ann-bob:3', 'ann-cy:2', 'bob-cy:1']);
    MATCH_CRITERIA.forEach((_, k) => {
      const id = CRITERION_IDS[k]!;
      report.pairs.forEach((p, i) => expect(p.spanF1[id]).toEqual(core.spanF1[k]!.pairs[i]!.overall));
    });
    expect(report.pairs[0]!.kappa).toEqual(core.positions.kappa[0]);
    expect(report.pairs[0]!.relationF1).toMatchObject({ value: null, code: 'no-relations' });
  });

  it('includes attribute and relation agreement, problems and what α_U merged', () => {
    const type = report.attributes.fields.find((f) => f.label === 'claim' && f.attribute === 'type')!;
    expect(type.counts).toMatchObject({ matchedPairs: 3, setByBoth: 1, agreeing: 1 });
    expect(report.relations.byType.map((t) => t.type)).toEqual(['claimant', 'denier', 'denies', 'reported-by']);
    expect(report.problems).toEqual(context.problems);
    expect(report.unitizingAdjustments).toEqual({ merged: 0, skipped: 0, mergedExamples: [], skippedExamples: [] });
  });

  it('is plain JSON, and every undefined value says why', () => {
    const json = JSON.stringify(report);
    expect(json).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(json)).toEqual(report);
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        if ('value' in o && o.value === null) {
          expect(typeof o.reason).toBe('string');
          expect((o.reason as string).length).toBeGreaterThan(5);
          expect(typeof o.code).toBe('string');
        }
        Object.values(o).forEach(walk);
      }
    };
    walk(report);
  });

  it('says so when nothing can be compared', () => {
    const none = build([docs[4]!]);
    expect(none.annotators).toEqual([]);
    expect(none.pairs).toEqual([]);
    expect(none.byDocument).toEqual([]);
    for (const id of CRITERION_IDS) expect(none.overall.spanF1[id]).toMatchObject({ value: null, code: 'too-few-annotators' });
    expect(none.overall.unitizingAlpha.value).toBeNull();
    expect(none.byLabel[0]!.spanF1['overlap-labelled']).toMatchObject({ value: null, code: 'too-few-annotators' });
    expect(none.byLabel[0]!.spanF1['overlap-unlabelled']).toMatchObject({ value: null, code: 'too-few-annotators' });
    expect(none.relations.overall).toMatchObject({ value: null, code: 'too-few-annotators' });
  });

  it('keeps the rows of only the worst documents when asked (documentRows), every other figure the same', () => {
    // Enough documents for the kept rows to be cut down several times (at 1,000), with ties.
    const many: AnnotatedDocument[] = Array.from({ length: 2_600 }, (_, k) => {
      const shift = (k * 7) % 13;
      return {
        documentId: `d${String((k * 7919) % 2_600).padStart(4, '0')}`,
        title: null,
        length: 400,
        layers: [
          { annotator: 'ann', spans: [sp(0, 40, 'claim'), sp(100, 120, 'actor'), sp(200, 230, k % 3 ? 'denial' : 'claim')] },
          { annotator: 'bob', spans: [sp(shift, 40, 'claim'), sp(100 + (k % 5), 120, k % 4 ? 'actor' : 'claim'), sp(200, 230, 'denial')] },
        ],
      };
    });
    const run = (documentRows?: number) => {
      const acc = new ProjectAgreementAccumulator({ schema: DEFAULT_SCHEMA, ...(documentRows !== undefined ? { documentRows } : {}) });
      for (const d of many) acc.add(d);
      return acc.result(context, { elapsedMs: 1, where: 'main thread' });
    };
    const all = run();
    const worst = run(7);
    expect(worst.byDocument).toHaveLength(7);
    expect(worst).toEqual({ ...all, byDocument: all.byDocument.slice(0, 7) });
    expect(worst.documents.compared).toBe(2_600);
  });
});
