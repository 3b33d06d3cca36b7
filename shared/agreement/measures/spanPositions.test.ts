import { describe, expect, it } from 'vitest';
import { cohenKappa } from './cohenKappa';
import { nominalAlpha } from './nominalAlpha';
import { spanPositionAgreement, spanPositions } from './spanPositions';
import { NO_ANNOTATION, type AgreementDocument, type SpanLike } from '../types';

let nextId = 0;
const sp = (startOffset: number, endOffset: number, label = 'claim'): SpanLike => ({ id: `s${nextId++}`, label, startOffset, endOffset });
const doc = (documentId: string, layers: Record<string, SpanLike[]>): AgreementDocument => ({
  documentId,
  length: 1000,
  layers: Object.entries(layers).map(([annotator, spans]) => ({ annotator, spans })),
});

describe('span positions', () => {
  // Two annotators: matched pairs claim–claim, claim–denial, actor–actor; ann alone: one denial; bob alone: one actor.
  const two = doc('d', {
    ann: [sp(0, 10, 'claim'), sp(20, 30, 'claim'), sp(40, 50, 'actor'), sp(60, 70, 'denial')],
    bob: [sp(1, 10, 'claim'), sp(20, 28, 'denial'), sp(40, 50, 'actor'), sp(80, 90, 'actor')],
  });

  it('are the matched pairs and the unmatched spans, with two annotators', () => {
    const p = spanPositions(two);
    expect(p.annotators).toEqual(['ann', 'bob']);
    expect(p.conflicts).toBe(0);
    const rows = p.positions.map((x) => x.spans.map((s) => s?.label ?? null));
    expect(rows).toEqual([
      ['claim', 'claim'],
      ['claim', 'denial'],
      ['actor', 'actor'],
      ['denial', null],
      [null, 'actor'],
    ]);
  });

  it('give α with "no annotation" missing and as a category, and pairwise κ with the excluded count', () => {
    const r = spanPositionAgreement([two]);
    const labelsOnly = nominalAlpha([
      ['claim', 'claim'],
      ['claim', 'denial'],
      ['actor', 'actor'],
      ['denial', null],
      [null, 'actor'],
    ]);
    expect(r.noneAsMissing.value).toBe(labelsOnly.value);
    expect(r.noneAsMissing).toMatchObject({ unit: 'matched spans', counts: { units: 5, pairableUnits: 3, pairableValues: 6 } });
    const withNone = nominalAlpha([
      ['claim', 'claim'],
      ['claim', 'denial'],
      ['actor', 'actor'],
      ['denial', NO_ANNOTATION],
      [NO_ANNOTATION, 'actor'],
    ]);
    expect(r.noneAsCategory.value).toBe(withNone.value);
    expect(r.noneAsCategory.counts.pairableUnits).toBe(5);
    expect(r.noneAsCategory.value!).toBeLessThan(r.noneAsMissing.value!); // detection disagreement counts
    expect(r.kappa).toHaveLength(1);
    const k = r.kappa[0]!;
    expect(k).toMatchObject({ annotatorA: 'ann', annotatorB: 'bob', documents: 1, excludedA: 1, excludedB: 1, counts: { items: 3, excluded: 2 }, unit: 'matched spans' });
    expect(k.categories).toEqual(['actor', 'claim', 'denial']);
    expect(k.value).toBe(
      cohenKappa(
        [
          [1, 0, 0],
          [0, 1, 1],
          [0, 0, 0],
        ],
        { categories: ['actor', 'claim', 'denial'] },
      ).value,
    );
    expect(r.counts).toEqual({ documents: 1, positions: 5, conflicts: 0 });
  });

  it('join pairwise matchings into one position per place with three annotators', () => {
    const p = spanPositions(doc('d', { a: [sp(0, 10, 'claim')], b: [sp(1, 10, 'claim')], c: [sp(0, 9, 'denial')] }));
    expect(p.positions.map((x) => x.spans.map((s) => s?.label ?? null))).toEqual([['claim', 'claim', 'denial']]);
  });

  it('never put two spans of one annotator in a position, and count the conflicts', () => {
    // a marks two adjacent spans; b and c one span over both. a1–b, a2–c and b–c are matched pairwise:
    // joining all three would put a1 and a2 together, so the weakest link is left apart.
    const p = spanPositions(
      doc('d', {
        a: [sp(0, 10), sp(10, 20)],
        b: [sp(0, 12)],
        c: [sp(8, 20)],
      }),
    );
    expect(p.conflicts).toBe(1);
    for (const pos of p.positions) expect(pos.spans.filter((s) => s !== null).length).toBeLessThanOrEqual(3);
    const spans = p.positions.flatMap((x) => x.spans.filter((s) => s !== null));
    expect(spans).toHaveLength(4); // every span in exactly one position
    expect(new Set(spans).size).toBe(4);
  });

  it('treat an annotator without a layer as missing even when "no annotation" is a category', () => {
    const r = spanPositionAgreement([doc('d1', { a: [sp(0, 5)], b: [sp(0, 5)] }), doc('d2', { a: [sp(0, 5, 'denial')], c: [sp(0, 5, 'denial')] })]);
    expect(r.noneAsCategory.counts.categories.map((c) => c.category)).not.toContain(NO_ANNOTATION);
    expect(r.noneAsCategory.value).toBe(1);
    const bc = r.kappa.find((k) => k.annotatorA === 'b' && k.annotatorB === 'c')!;
    expect(bc).toMatchObject({ value: null, code: 'no-shared-documents', documents: 0 });
  });

  it('are n/a with one annotator, and α with "none" missing is n/a when only one annotator has spans', () => {
    const solo = spanPositionAgreement([doc('d', { a: [sp(0, 5)] })]);
    expect(solo.noneAsMissing).toMatchObject({ value: null, code: 'no-pairable-values' });
    expect(solo.kappa).toEqual([]);
    const oneSided = spanPositionAgreement([doc('d', { a: [sp(0, 5), sp(10, 15, 'denial')], b: [] })]);
    expect(oneSided.noneAsMissing).toMatchObject({ value: null, code: 'no-pairable-values' });
    expect(oneSided.noneAsCategory.value).toBeLessThan(0);
    expect(oneSided.kappa[0]).toMatchObject({ value: null, code: 'no-items', counts: { items: 0, excluded: 2 } });
  });

  it('refuse a span labelled with the reserved "(no annotation)"', () => {
    expect(() => spanPositionAgreement([doc('d', { a: [sp(0, 5, NO_ANNOTATION)], b: [] })])).toThrow(/reserved label/);
  });
});
