import { describe, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../../model/labels';
import { ATTRIBUTE_CRITERION, AttributeAgreementAccumulator, attributeFields, attributeValueKey, type AttributedSpan } from './attributes';
import { cohenKappa } from './cohenKappa';
import { DocumentMatcher } from '../matching/documentMatcher';
import { nominalAlpha } from './nominalAlpha';
import type { AgreementDocument, AttributeAgreement, AttributeField } from '../types';

let next = 0;
const sp = (startOffset: number, endOffset: number, label: string, attributes?: Record<string, unknown>): AttributedSpan => ({
  id: `s${next++}`,
  label,
  startOffset,
  endOffset,
  ...(attributes ? { attributes } : {}),
});

const fields = attributeFields(DEFAULT_LABELS);
const field = (label: string, name: string): AttributeField => fields.find((f) => f.label === label && f.name === name)!;

function run(docs: AgreementDocument<AttributedSpan>[], resolveEntity?: (id: string) => string) {
  const acc = new AttributeAgreementAccumulator(fields, resolveEntity ? { resolveEntity } : {});
  for (const d of docs) acc.add(new DocumentMatcher(d));
  return acc.result();
}
const row = (report: ReturnType<typeof run>, label: string, name: string): AttributeAgreement => report.fields.find((f) => f.label === label && f.name === name)!;

describe('attributeFields', () => {
  it('lists every attribute of every label in schema order, a range as its minimum and its maximum', () => {
    expect(fields.map((f) => `${f.label}.${f.attribute}${f.part ? `.${f.part}` : ''}:${f.type}`)).toEqual([
      'claim.type:choice',
      'casualty-figure.outcome:choice',
      'casualty-figure.count.min:range',
      'casualty-figure.count.max:range',
      'casualty-figure.hedge:choice',
      'casualty-figure.vague:boolean',
      'casualty-figure.victims:choice',
      'actor.entity:entity',
      'actor.kind:choice',
    ]);
    expect(field('casualty-figure', 'Count (min–max) (minimum)').part).toBe('min');
  });
});

describe('attributeValueKey', () => {
  const f = (type: AttributeField['type'], part: AttributeField['part'] = null): AttributeField => ({ label: 'x', attribute: 'a', name: 'A', type, part });
  it('compares each type as a category, and says "not set" with null', () => {
    expect(attributeValueKey(f('choice'), 'killed')).toBe('killed');
    expect(attributeValueKey(f('choice'), undefined)).toBeNull();
    expect(attributeValueKey(f('choices'), ['b', 'a', 'b'])).toBe('a + b');
    expect(attributeValueKey(f('choices'), ['a', 'b'])).toBe(attributeValueKey(f('choices'), ['b', 'a']));
    expect(attributeValueKey(f('choices'), [])).toBeNull();
    expect(attributeValueKey(f('integer'), 30)).toBe('30');
    expect(attributeValueKey(f('boolean'), true)).toBe('yes');
    expect(attributeValueKey(f('boolean'), false)).toBe('no');
    expect(attributeValueKey(f('text'), '  three\n soldiers ')).toBe('three soldiers');
    expect(attributeValueKey(f('text'), 'cafe\u0301')).toBe('café');
    expect(attributeValueKey(f('text'), '   ')).toBeNull();
  });

  it('compares a range end by end, an open end as "open"', () => {
    const moreThan30 = { min: 31, max: null };
    expect(attributeValueKey(f('range', 'min'), moreThan30)).toBe('31');
    expect(attributeValueKey(f('range', 'max'), moreThan30)).toBe('open');
    expect(attributeValueKey(f('range', 'max'), { min: 3, max: 5 })).toBe('5');
  });

  it('compares entities by the entity they resolve to', () => {
    const merged: Record<string, string> = { pmu: 'hashd', 'popular-mobilization': 'hashd' };
    const resolve = (id: string) => merged[id] ?? id;
    expect(attributeValueKey(f('entity'), 'pmu', resolve)).toBe('hashd');
    expect(attributeValueKey(f('entity'), 'hashd', resolve)).toBe('hashd');
    expect(attributeValueKey(f('entity'), 'pmu')).toBe('pmu');
  });

  it('keeps a value of the wrong type distinct instead of failing', () => {
    expect(attributeValueKey(f('integer'), '30')).toBe('"30"');
    expect(attributeValueKey(f('choice'), 3)).toBe('3');
  });
});

describe('AttributeAgreementAccumulator', () => {
  // Two annotators, four casualty figures each; three pairs match by labelled overlap, one span of
  // each is alone. Outcome: set by both on all three matched pairs, two agree.
  const figure = (outcome: string | undefined, count?: { min: number | null; max: number | null }, vague?: boolean) => ({
    ...(outcome ? { outcome } : {}),
    ...(count ? { count } : {}),
    ...(vague === undefined ? {} : { vague }),
  });
  const doc: AgreementDocument<AttributedSpan> = {
    documentId: 'd1',
    length: 500,
    layers: [
      {
        annotator: 'layla',
        spans: [
          sp(10, 20, 'casualty-figure', figure('killed', { min: 1, max: 1 })),
          sp(40, 60, 'casualty-figure', figure('injured', { min: 3, max: 3 }, false)),
          sp(100, 110, 'casualty-figure', figure('killed', { min: 31, max: null }, true)),
          sp(200, 210, 'casualty-figure', figure('missing')),
          sp(300, 320, 'claim', { type: 'responsibility' }),
        ],
      },
      {
        annotator: 'tom',
        spans: [
          sp(12, 20, 'casualty-figure', figure('killed', { min: 1, max: 1 })),
          sp(40, 58, 'casualty-figure', figure('killed', { min: 3, max: 4 })),
          sp(100, 112, 'casualty-figure', figure('killed', { min: 31, max: null }, true)),
          sp(400, 410, 'casualty-figure', figure('killed')),
          // A denial where layla saw a claim: not matched under the labelled predicate, so not compared.
          sp(300, 320, 'denial'),
        ],
      },
    ],
  };

  it('counts every differing pair over a corpus larger than its buffer, in memory that does not grow with it', () => {
    // 100 documents × 1,000 matched figures, differing on 3 of 4: 75,000 differing pairs, past
    // the 65,536 the buffer holds, so some are folded into counts before the report is made.
    const docs: AgreementDocument<AttributedSpan>[] = [];
    for (let d = 0; d < 100; d++) {
      const a: AttributedSpan[] = [];
      const b: AttributedSpan[] = [];
      for (let i = 0; i < 1000; i++) {
        a.push(sp(i * 10, i * 10 + 5, 'casualty-figure', figure('killed')));
        b.push(sp(i * 10, i * 10 + 5, 'casualty-figure', figure(i % 4 === 0 ? 'killed' : i % 4 === 1 ? 'injured' : i % 4 === 2 ? 'missing' : 'injured')));
      }
      docs.push({ documentId: `d${d}`, length: 10_000, layers: [{ annotator: 'layla', spans: a }, { annotator: 'tom', spans: b }] });
    }
    const outcome = row(run(docs), 'casualty-figure', 'Outcome');
    expect(outcome.counts.agreeing).toBe(25_000);
    expect(outcome.disagreements).toEqual([
      { valueA: 'killed', valueB: 'injured', count: 50_000 },
      { valueA: 'killed', valueB: 'missing', count: 25_000 },
    ]);
  });

  it('compares the attributes of spans matched by labelled overlap, and says which predicate', () => {
    const report = run([doc]);
    expect(report.match).toEqual(ATTRIBUTE_CRITERION);
    expect(report.match).toEqual({ boundary: 'overlap', labels: 'labelled' });
    const outcome = row(report, 'casualty-figure', 'Outcome');
    expect(outcome.counts).toEqual({ matchedPairs: 3, setByBoth: 3, setByOne: 0, setByNeither: 0, agreeing: 2 });
    expect(outcome.percentAgreement.value).toBeCloseTo(2 / 3, 12);
    expect(outcome.disagreements).toEqual([{ valueA: 'injured', valueB: 'killed', count: 1 }]);
    // α and κ are the published coefficients on the same values.
    expect(outcome.alpha.value).toBeCloseTo(nominalAlpha([['killed', 'killed'], ['injured', 'killed'], ['killed', 'killed']]).value!, 12);
    const k = cohenKappa([[2, 0], [1, 0]], { categories: ['killed', 'injured'] });
    expect(outcome.byPair).toHaveLength(1);
    expect(outcome.byPair[0]!.kappa.value).toBe(k.value);
    expect(outcome.byPair[0]!.kappa).toMatchObject({ annotatorA: 'layla', annotatorB: 'tom', categories: 2, counts: { items: 3, excluded: 0 } });
    // The claim/denial pair is no matched pair: its type is not compared.
    expect(row(report, 'claim', 'Type').counts.matchedPairs).toBe(0);
  });

  it('compares a range end by end, an open maximum agreeing with an open maximum', () => {
    const report = run([doc]);
    const min = row(report, 'casualty-figure', 'Count (min–max) (minimum)');
    const max = row(report, 'casualty-figure', 'Count (min–max) (maximum)');
    expect(min.counts).toMatchObject({ setByBoth: 3, agreeing: 3 });
    expect(min.percentAgreement.value).toBe(1);
    expect(max.counts).toMatchObject({ setByBoth: 3, agreeing: 2 });
    expect(max.disagreements).toEqual([{ valueA: '3', valueB: '4', count: 1 }]);
  });

  it('counts values set by one annotator apart, never as disagreement, and excludes them from κ', () => {
    const vague = row(run([doc]), 'casualty-figure', 'Vague');
    expect(vague.counts).toEqual({ matchedPairs: 3, setByBoth: 1, setByOne: 1, setByNeither: 1, agreeing: 1 });
    expect(vague.percentAgreement).toMatchObject({ value: 1, counts: { agreeing: 1, setByBoth: 1 } });
    expect(vague.byPair[0]!.kappa.counts).toEqual({ items: 1, excluded: 1 });
    // One pairable value pair, both "yes": no variation, α and κ are 0/0 and say so.
    expect(vague.alpha).toMatchObject({ value: null, code: 'no-variation' });
    expect(vague.byPair[0]!.kappa).toMatchObject({ value: null, code: 'chance-agreement-is-total' });
  });

  it('says why a value is undefined: no matched spans, or never set by both', () => {
    const report = run([doc]);
    const type = row(report, 'claim', 'Type');
    expect(type.percentAgreement).toMatchObject({ value: null, code: 'no-matched-spans' });
    expect(type.alpha).toMatchObject({ value: null, code: 'no-matched-spans' });
    expect(type.byPair[0]!.kappa).toMatchObject({ value: null, code: 'no-matched-spans' });
    expect((type.percentAgreement as { reason: string }).reason).toMatch(/no two annotators' "claim" spans were matched/);
    const victims = row(report, 'casualty-figure', 'Victim group');
    expect(victims.counts).toMatchObject({ matchedPairs: 3, setByNeither: 3 });
    expect(victims.percentAgreement).toMatchObject({ value: null, code: 'no-pairable-values' });
    expect((victims.alpha as { reason: string }).reason).toContain('none of the 3 matched "casualty-figure" pairs has "Victim group" set by both');
  });

  it('counts entities merged in the registry as one', () => {
    const actors: AgreementDocument<AttributedSpan> = {
      documentId: 'd2',
      length: 100,
      layers: [
        { annotator: 'a', spans: [sp(0, 5, 'actor', { entity: 'pmu', kind: 'armed-group' }), sp(10, 15, 'actor', { entity: 'us-army' })] },
        { annotator: 'b', spans: [sp(0, 5, 'actor', { entity: 'hashd', kind: 'armed-group' }), sp(10, 15, 'actor', { entity: 'us-government' })] },
      ],
    };
    expect(row(run([actors]), 'actor', 'Entity').counts.agreeing).toBe(0);
    const merged = run([actors], (id) => (id === 'pmu' ? 'hashd' : id));
    const entity = row(merged, 'actor', 'Entity');
    expect(entity.counts).toMatchObject({ setByBoth: 2, agreeing: 1 });
    expect(entity.disagreements).toEqual([{ valueA: 'us-army', valueB: 'us-government', count: 1 }]);
  });

  it('pools matched pairs of every annotator pair and document, with κ per pair', () => {
    const three: AgreementDocument<AttributedSpan> = {
      documentId: 'd3',
      length: 100,
      layers: [
        { annotator: 'a', spans: [sp(0, 10, 'claim', { type: 'responsibility' })] },
        { annotator: 'b', spans: [sp(0, 10, 'claim', { type: 'responsibility' })] },
        { annotator: 'c', spans: [sp(0, 10, 'claim', { type: 'accusation' })] },
      ],
    };
    const type = row(run([three, three]), 'claim', 'Type');
    expect(type.counts).toEqual({ matchedPairs: 6, setByBoth: 6, setByOne: 0, setByNeither: 0, agreeing: 2 });
    expect(type.byPair.map((p) => `${p.annotatorA}-${p.annotatorB}:${p.counts.agreeing}/${p.counts.setByBoth}`)).toEqual(['a-b:2/2', 'a-c:0/2', 'b-c:0/2']);
    // α over the pooled pairs as units of two values.
    const units = [['r', 'r'], ['r', 'x'], ['r', 'x']];
    expect(type.alpha.value).toBeCloseTo(nominalAlpha([...units, ...units]).value!, 12);
    expect(type.alpha.counts.pairableUnits).toBe(6);
  });

  it('is plain JSON', () => {
    const report = run([doc]);
    const json = JSON.stringify(report);
    expect(json).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(json)).toEqual(report);
  });
});
