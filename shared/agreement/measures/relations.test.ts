import { describe, expect, it } from 'vitest';
import { DocumentMatcher } from '../matching/documentMatcher';
import { RELATION_CRITERION, RelationAgreementAccumulator, relationCounts } from './relations';
import { matchPartners } from '../matching/spanMatching';
import type { AgreementDocument, RelationLike, SpanLike } from '../types';

const sp = (id: string, startOffset: number, endOffset: number, label: string): SpanLike => ({ id, label, startOffset, endOffset });
const rel = (id: string, type: string, from: string, to: string): RelationLike => ({ id, type, from, to });

// layla: a claim by Kataib Hezbollah and a denial of it by the US. tom: the same claim (its
// boundaries differ), the actor, the denial, but he linked the denial to the wrong claim-less
// actor and marked no "denies" relation; he also has an actor layla did not mark.
const layla = [sp('l1', 0, 40, 'claim'), sp('l2', 0, 15, 'actor'), sp('l3', 50, 70, 'denial'), sp('l4', 72, 80, 'actor')];
const tom = [sp('t1', 0, 42, 'claim'), sp('t2', 0, 15, 'actor'), sp('t3', 50, 70, 'denial'), sp('t4', 90, 95, 'actor')];
const laylaRelations = [rel('r1', 'claimant', 'l1', 'l2'), rel('r2', 'denier', 'l3', 'l4'), rel('r3', 'denies', 'l3', 'l1')];
const tomRelations = [rel('q1', 'claimant', 't1', 't2'), rel('q2', 'denier', 't3', 't4')];
const doc: AgreementDocument = { documentId: 'd', length: 100, layers: [{ annotator: 'layla', spans: layla }, { annotator: 'tom', spans: tom }] };

describe('relationCounts', () => {
  it('matches relations of the same type whose endpoints are matched spans (overlap, labelled)', () => {
    const partner = matchPartners(layla, tom, RELATION_CRITERION);
    const counts = relationCounts(layla, tom, partner, laylaRelations, tomRelations);
    // claimant: l1→l2 is t1→t2 (t1 overlaps l1): a match although the claim's boundaries differ.
    expect(counts.get('claimant')).toEqual({ truePositives: 1, relationsA: 1, relationsB: 1, endpointUnmatchedA: 0, endpointUnmatchedB: 0 });
    // denier: l4 and t4 match no span of the other, so neither relation can match.
    expect(counts.get('denier')).toEqual({ truePositives: 0, relationsA: 1, relationsB: 1, endpointUnmatchedA: 1, endpointUnmatchedB: 1 });
    // denies: only layla drew it; its endpoints are matched, tom simply did not link them.
    expect(counts.get('denies')).toEqual({ truePositives: 0, relationsA: 1, relationsB: 0, endpointUnmatchedA: 0, endpointUnmatchedB: 0 });
  });

  it('needs equal types and the same direction', () => {
    const partner = matchPartners(layla, tom, RELATION_CRITERION);
    expect(relationCounts(layla, tom, partner, [rel('a', 'claimant', 'l1', 'l2')], [rel('b', 'denier', 't1', 't2')]).get('claimant')!.truePositives).toBe(0);
    expect(relationCounts(layla, tom, partner, [rel('a', 'claimant', 'l1', 'l2')], [rel('b', 'claimant', 't2', 't1')]).get('claimant')!.truePositives).toBe(0);
  });

  it('matches one to one, and counts a relation to a span that is not in the layer as unmatched', () => {
    const partner = matchPartners(layla, tom, RELATION_CRITERION);
    const twice = [rel('a', 'claimant', 'l1', 'l2'), rel('b', 'claimant', 'l1', 'l2')];
    expect(relationCounts(layla, tom, partner, twice, [rel('c', 'claimant', 't1', 't2')]).get('claimant')).toMatchObject({ truePositives: 1, relationsA: 2, relationsB: 1 });
    expect(relationCounts(layla, tom, partner, [rel('a', 'claimant', 'l1', 'gone')], []).get('claimant')).toMatchObject({ endpointUnmatchedA: 1 });
  });

  it('does not match endpoints whose labels differ (labelled matching)', () => {
    const relabelled = [sp('t1', 0, 42, 'denial'), sp('t2', 0, 15, 'actor')];
    const partner = matchPartners(layla, relabelled, RELATION_CRITERION);
    expect(relationCounts(layla, relabelled, partner, [rel('a', 'claimant', 'l1', 'l2')], [rel('b', 'claimant', 't1', 't2')]).get('claimant')).toMatchObject({
      truePositives: 0,
      endpointUnmatchedA: 1,
      endpointUnmatchedB: 1,
    });
  });
});

describe('RelationAgreementAccumulator', () => {
  const relationsOf = new Map([
    ['layla', laylaRelations],
    ['tom', tomRelations],
  ]);

  it('gives relation F1 per type and overall, pooled over documents, with the counts and the predicate', () => {
    const acc = new RelationAgreementAccumulator({ types: ['claimant', 'denier', 'denies', 'reported-by'] });
    acc.add(new DocumentMatcher(doc), relationsOf);
    acc.add(new DocumentMatcher(doc), relationsOf);
    const r = acc.result();
    expect(r.match).toEqual({ boundary: 'overlap', labels: 'labelled' });
    expect(r.overall).toMatchObject({ coefficient: 'relation-f1', unit: 'relations', counts: { truePositives: 2, relationsA: 6, relationsB: 4 } });
    expect(r.overall.value).toBeCloseTo((2 * 2) / 10, 12);
    expect(r.byType.map((t) => [t.type, t.value])).toEqual([
      ['claimant', 1],
      ['denier', 0],
      ['denies', 0],
      ['reported-by', null],
    ]);
    expect(r.byType[3]).toMatchObject({ code: 'no-relations', reason: 'neither annotator drew a "reported-by" relation' });
    expect(r.pairs).toHaveLength(1);
    expect(r.pairs[0]).toMatchObject({ annotatorA: 'layla', annotatorB: 'tom', documents: 2 });
    expect(r.pairs[0]!.overall.value).toBe(r.overall.value);
  });

  it('is n/a, saying why, without relations, with one annotator, and for pairs who share no document', () => {
    const none = new RelationAgreementAccumulator();
    none.add(new DocumentMatcher(doc), new Map());
    expect(none.result().overall).toMatchObject({ value: null, code: 'no-relations' });

    const one = new RelationAgreementAccumulator();
    one.add(new DocumentMatcher({ documentId: 'x', length: 10, layers: [{ annotator: 'a', spans: [] }] }), new Map());
    expect(one.result().overall).toMatchObject({ value: null, code: 'too-few-annotators' });

    const apart = new RelationAgreementAccumulator();
    apart.add(new DocumentMatcher(doc), relationsOf);
    apart.add(new DocumentMatcher({ documentId: 'y', length: 100, layers: [{ annotator: 'cy', spans: layla }, { annotator: 'layla', spans: layla }] }), new Map([['cy', laylaRelations], ['layla', laylaRelations]]));
    const r = apart.result();
    expect(r.pairs.map((p) => `${p.annotatorA}-${p.annotatorB}`)).toEqual(['cy-layla', 'cy-tom', 'layla-tom']);
    expect(r.pairs[0]!.overall.value).toBe(1);
    expect(r.pairs[1]!.overall).toMatchObject({ value: null, code: 'no-shared-documents' });
    expect(r.pairs[1]!.byType.every((t) => t.value === null && t.code === 'no-shared-documents')).toBe(true);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
