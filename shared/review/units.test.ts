import { describe, expect, it } from 'vitest';
import type { Attributes } from '../model/labels';
import type { Span } from '../model/span';
import { differingAttributes, isDisagreement, reviewUnits, type ReviewLayer, type ReviewUnit } from './units';

/** A span made by hand: review looks at offsets and labels only, the quote is a stand-in. */
function sp(id: string, label: string, startOffset: number, endOffset: number, attributes?: Attributes): Span {
  return { id, label, startOffset, endOffset, quote: { prefix: '', exact: `${label}@${startOffset}`, suffix: '' }, ...(attributes ? { attributes } : {}) };
}

const layer = (annotator: string, ...spans: Span[]): ReviewLayer => ({ annotator, spans });

/** What a unit is, in short: status, extent, who has what, who lacks it. */
const brief = (u: ReviewUnit) => ({
  key: u.key,
  status: u.status,
  at: [u.startOffset, u.endOffset],
  versions: u.versions.map((v) => `${v.annotator}/${v.span.id}`),
  missing: u.missing,
});

describe('reviewUnits', () => {
  it('identical layers: every unit agreed, nothing to settle', () => {
    const units = reviewUnits([
      layer('ann', sp('a1', 'claim', 0, 40), sp('a2', 'actor', 50, 60), sp('a3', 'denial', 70, 90)),
      layer('bob', sp('b1', 'claim', 0, 40), sp('b2', 'actor', 50, 60), sp('b3', 'denial', 70, 90)),
    ]);
    expect(units.map(brief)).toEqual([
      { key: 'ann/a1+bob/b1', status: 'agreed', at: [0, 40], versions: ['ann/a1', 'bob/b1'], missing: [] },
      { key: 'ann/a2+bob/b2', status: 'agreed', at: [50, 60], versions: ['ann/a2', 'bob/b2'], missing: [] },
      { key: 'ann/a3+bob/b3', status: 'agreed', at: [70, 90], versions: ['ann/a3', 'bob/b3'], missing: [] },
    ]);
    for (const u of units) {
      expect(u.boundaryDiffers).toBe(false);
      expect(u.attributesDiffer).toEqual([]);
    }
    expect(units.filter(isDisagreement)).toEqual([]);
  });

  it('identical layers given as the very same span objects are still matched pairwise', () => {
    const spans = [sp('x1', 'claim', 0, 40), sp('x2', 'actor', 50, 60)];
    const units = reviewUnits([layer('ann', ...spans), layer('bob', ...spans)]);
    expect(units.map((u) => [u.status, u.versions.map((v) => v.annotator)])).toEqual([
      ['agreed', ['ann', 'bob']],
      ['agreed', ['ann', 'bob']],
    ]);
  });

  it('same label, different boundaries: a boundary disagreement over the extent of both', () => {
    const [u, ...rest] = reviewUnits([layer('ann', sp('a1', 'claim', 10, 40)), layer('bob', sp('b1', 'claim', 5, 38))]);
    expect(rest).toEqual([]);
    expect(brief(u!)).toEqual({ key: 'ann/a1+bob/b1', status: 'boundary', at: [5, 40], versions: ['ann/a1', 'bob/b1'], missing: [] });
    expect(u!.boundaryDiffers).toBe(true);
    expect(isDisagreement(u!)).toBe(true);
  });

  it('overlapping spans with different labels: a label disagreement (boundaries may differ too)', () => {
    const units = reviewUnits([layer('ann', sp('a1', 'claim', 10, 40), sp('a2', 'actor', 50, 55)), layer('bob', sp('b1', 'denial', 12, 40), sp('b2', 'claim', 50, 55))]);
    expect(units.map((u) => [u.key, u.status, u.boundaryDiffers])).toEqual([
      ['ann/a1+bob/b1', 'label', true],
      ['ann/a2+bob/b2', 'label', false],
    ]);
    expect(units.every(isDisagreement)).toBe(true);
  });

  it('a span only one annotator has is partial, and names the annotator who lacks it', () => {
    const units = reviewUnits([layer('ann', sp('a1', 'claim', 0, 10), sp('a2', 'actor', 20, 25)), layer('bob', sp('b1', 'claim', 0, 10), sp('b2', 'denial', 40, 50))]);
    expect(units.map(brief)).toEqual([
      { key: 'ann/a1+bob/b1', status: 'agreed', at: [0, 10], versions: ['ann/a1', 'bob/b1'], missing: [] },
      { key: 'ann/a2', status: 'partial', at: [20, 25], versions: ['ann/a2'], missing: ['bob'] },
      { key: 'bob/b2', status: 'partial', at: [40, 50], versions: ['bob/b2'], missing: ['ann'] },
    ]);
    expect(units.filter(isDisagreement).map((u) => u.key)).toEqual(['ann/a2', 'bob/b2']);
  });

  it('an actor nested in a claim by both annotators stays two agreed units (nesting does not merge them)', () => {
    const units = reviewUnits([
      layer('ann', sp('a-claim', 'claim', 0, 60), sp('a-actor', 'actor', 10, 20)),
      layer('bob', sp('b-claim', 'claim', 0, 60), sp('b-actor', 'actor', 10, 20)),
    ]);
    expect(units.map(brief)).toEqual([
      { key: 'ann/a-claim+bob/b-claim', status: 'agreed', at: [0, 60], versions: ['ann/a-claim', 'bob/b-claim'], missing: [] },
      { key: 'ann/a-actor+bob/b-actor', status: 'agreed', at: [10, 20], versions: ['ann/a-actor', 'bob/b-actor'], missing: [] },
    ]);
  });

  it('a nested actor with different boundaries is its own boundary unit; the claim stays agreed', () => {
    const units = reviewUnits([
      layer('ann', sp('a-claim', 'claim', 0, 60), sp('a-actor', 'actor', 10, 20)),
      layer('bob', sp('b-claim', 'claim', 0, 60), sp('b-actor', 'actor', 10, 24)),
    ]);
    expect(units.map((u) => [u.key, u.status])).toEqual([
      ['ann/a-claim+bob/b-claim', 'agreed'],
      ['ann/a-actor+bob/b-actor', 'boundary'],
    ]);
  });

  it('same-label overlapping spans in one layer: the other annotator’s span matches one of them, the other is partial', () => {
    const units = reviewUnits([layer('ann', sp('a1', 'claim', 0, 10), sp('a2', 'claim', 8, 14)), layer('bob', sp('b1', 'claim', 0, 10))]);
    expect(units.map(brief)).toEqual([
      { key: 'ann/a1+bob/b1', status: 'agreed', at: [0, 10], versions: ['ann/a1', 'bob/b1'], missing: [] },
      { key: 'ann/a2', status: 'partial', at: [8, 14], versions: ['ann/a2'], missing: ['bob'] },
    ]);
  });

  it('two identical spans in one layer against one in the other: one agreed unit and one partial', () => {
    const units = reviewUnits([layer('ann', sp('a1', 'claim', 0, 10), sp('a2', 'claim', 0, 10)), layer('bob', sp('b1', 'claim', 0, 10))]);
    expect(units.map((u) => u.status).sort()).toEqual(['agreed', 'partial']);
    expect(units.find((u) => u.status === 'partial')!.missing).toEqual(['bob']);
  });

  it('three annotators: a span one of them lacks is partial with that one missing', () => {
    const units = reviewUnits([
      layer('cat', sp('c1', 'claim', 0, 10)),
      layer('ann', sp('a1', 'claim', 0, 10), sp('a2', 'actor', 20, 30)),
      layer('bob', sp('b1', 'claim', 0, 10), sp('b2', 'actor', 20, 30)),
    ]);
    expect(units.map(brief)).toEqual([
      { key: 'ann/a1+bob/b1+cat/c1', status: 'agreed', at: [0, 10], versions: ['ann/a1', 'bob/b1', 'cat/c1'], missing: [] },
      { key: 'ann/a2+bob/b2', status: 'partial', at: [20, 30], versions: ['ann/a2', 'bob/b2'], missing: ['cat'] },
    ]);
    // The versions that are there agree on place and label: the partial unit is not a boundary or label case.
    expect(units[1]!.boundaryDiffers).toBe(false);
  });

  it('three annotators: a label disagreement among all three is one label unit', () => {
    const units = reviewUnits([
      layer('ann', sp('a1', 'claim', 0, 10)),
      layer('bob', sp('b1', 'claim', 0, 10)),
      layer('cat', sp('c1', 'denial', 0, 10)),
    ]);
    expect(units.map(brief)).toEqual([{ key: 'ann/a1+bob/b1+cat/c1', status: 'label', at: [0, 10], versions: ['ann/a1', 'bob/b1', 'cat/c1'], missing: [] }]);
  });

  it('attributes differing on an agreed unit are listed by id (unset against set counts as different)', () => {
    const units = reviewUnits([
      layer('ann', sp('a1', 'casualty-figure', 0, 10, { outcome: 'killed', count: { min: 3, max: 3 }, vague: false }), sp('a2', 'actor', 20, 30, { kind: 'state' })),
      layer('bob', sp('b1', 'casualty-figure', 0, 10, { outcome: 'killed', count: { min: 3, max: 5 }, victims: 'civilians', vague: false }), sp('b2', 'actor', 20, 30, { kind: 'state' })),
    ]);
    expect(units.map((u) => [u.key, u.status, u.attributesDiffer])).toEqual([
      ['ann/a1+bob/b1', 'agreed', ['count', 'victims']],
      ['ann/a2+bob/b2', 'agreed', []],
    ]);
    expect(units.filter(isDisagreement).map((u) => u.key)).toEqual(['ann/a1+bob/b1']);
  });

  it('a span with no attributes against one with some: those attributes differ', () => {
    const [u] = reviewUnits([layer('ann', sp('a1', 'actor', 0, 10)), layer('bob', sp('b1', 'actor', 0, 10, { kind: 'media', entity: 'bbc' }))]);
    expect(u!.attributesDiffer).toEqual(['entity', 'kind']);
    expect(isDisagreement(u!)).toBe(true);
  });

  it('attributes are only compared where the span itself is agreed', () => {
    const [u] = reviewUnits([layer('ann', sp('a1', 'actor', 0, 10, { kind: 'state' })), layer('bob', sp('b1', 'actor', 0, 12, { kind: 'media' }))]);
    expect(u!.status).toBe('boundary');
    expect(u!.attributesDiffer).toEqual([]);
  });

  it('keys are stable: the same spans in another order, layers in another order, give the same units', () => {
    const ann = [sp('a1', 'claim', 0, 40), sp('a2', 'actor', 5, 12), sp('a3', 'denial', 50, 70), sp('a4', 'claim', 100, 120), sp('a5', 'actor', 130, 140)];
    const bob = [sp('b1', 'claim', 0, 42), sp('b2', 'actor', 5, 12), sp('b3', 'claim', 52, 70), sp('b4', 'actor', 150, 160)];
    const cat = [sp('c1', 'claim', 0, 40), sp('c2', 'actor', 6, 12), sp('c3', 'denial', 50, 70), sp('c4', 'claim', 100, 121)];
    const once = reviewUnits([layer('ann', ...ann), layer('bob', ...bob), layer('cat', ...cat)]);
    const again = reviewUnits([layer('cat', ...[...cat].reverse()), layer('ann', ...[ann[3]!, ann[0]!, ann[4]!, ann[2]!, ann[1]!]), layer('bob', ...[...bob].reverse())]);
    expect(again.map(brief)).toEqual(once.map(brief));
    expect(again.map((u) => u.key)).toEqual(once.map((u) => u.key));
    expect(new Set(once.map((u) => u.key)).size).toBe(once.length);
  });

  it('units come in document order: by start, the longer first, then by key', () => {
    const units = reviewUnits([
      layer('ann', sp('a3', 'denial', 70, 90), sp('a2', 'actor', 10, 20), sp('a1', 'claim', 0, 60), sp('a4', 'actor', 70, 75)),
      layer('bob', sp('b1', 'claim', 0, 60), sp('b2', 'actor', 10, 20), sp('b5', 'claim', 200, 210)),
    ]);
    expect(units.map((u) => [u.startOffset, u.endOffset])).toEqual([
      [0, 60],
      [10, 20],
      [70, 90],
      [70, 75],
      [200, 210],
    ]);
    for (let i = 1; i < units.length; i++) {
      const [a, b] = [units[i - 1]!, units[i]!];
      expect(a.startOffset < b.startOffset || (a.startOffset === b.startOffset && a.endOffset >= b.endOffset)).toBe(true);
    }
  });

  it('no spans, or a single annotator: no disagreements', () => {
    expect(reviewUnits([])).toEqual([]);
    expect(reviewUnits([layer('ann'), layer('bob')])).toEqual([]);
    const alone = reviewUnits([layer('ann', sp('a1', 'claim', 0, 10), sp('a2', 'actor', 3, 5))]);
    expect(alone.map((u) => [u.key, u.status, u.missing])).toEqual([
      ['ann/a1', 'agreed', []],
      ['ann/a2', 'agreed', []],
    ]);
    expect(alone.filter(isDisagreement)).toEqual([]);
  });

  it('one annotator with an empty layer: everything the other has is partial', () => {
    const units = reviewUnits([layer('ann', sp('a1', 'claim', 0, 10)), layer('bob')]);
    expect(units.map((u) => [u.key, u.status, u.missing])).toEqual([['ann/a1', 'partial', ['bob']]]);
  });

  it('works on offsets alone: no text is needed, quotes are not looked at, any offsets go', () => {
    // Far past any real text, and the quotes disagree: only place and label count.
    const a = { ...sp('a1', 'claim', 1_000_000, 1_000_004), quote: { prefix: '', exact: '😀😀😀😀', suffix: '' } };
    const b = { ...sp('b1', 'claim', 1_000_000, 1_000_004), quote: { prefix: 'x', exact: 'abcd', suffix: 'y' } };
    const units = reviewUnits([layer('ann', a), layer('bob', b)]);
    expect(units.map(brief)).toEqual([{ key: 'ann/a1+bob/b1', status: 'agreed', at: [1_000_000, 1_000_004], versions: ['ann/a1', 'bob/b1'], missing: [] }]);
  });

  it('touching spans do not overlap and are not matched', () => {
    const units = reviewUnits([layer('ann', sp('a1', 'claim', 0, 10)), layer('bob', sp('b1', 'claim', 10, 20))]);
    expect(units.map((u) => [u.key, u.status])).toEqual([
      ['ann/a1', 'partial'],
      ['bob/b1', 'partial'],
    ]);
  });
});

describe('differingAttributes', () => {
  it('lists ids whose values differ, sorted; an unset value differs from a set one; ranges compare by value', () => {
    expect(differingAttributes([{ kind: 'state' }, { kind: 'state' }])).toEqual([]);
    expect(differingAttributes([undefined, undefined])).toEqual([]);
    expect(differingAttributes([{ kind: 'state' }, undefined])).toEqual(['kind']);
    expect(differingAttributes([{ z: true, a: 'x' }, { z: false, a: 'x' }, { a: 'y', z: true }])).toEqual(['a', 'z']);
    expect(differingAttributes([{ count: { min: 1, max: 2 } }, { count: { min: 1, max: 2 } }])).toEqual([]);
    expect(differingAttributes([{ count: { min: 1, max: 2 } }, { count: { min: 1, max: null } }])).toEqual(['count']);
  });
});
