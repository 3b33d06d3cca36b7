import { describe, expect, it } from 'vitest';
import { maxWeightMatching } from './assignment';
import { MATCH_CRITERIA, matchSpans, overlapLength, spansMatch } from './spanMatching';
import type { MatchCriterion, SpanLike } from '../types';
import { seededRandom as rng } from '../../../tests/support/random';

let nextId = 0;
const sp = (startOffset: number, endOffset: number, label = 'claim', id = `s${nextId++}`): SpanLike => ({ id, label, startOffset, endOffset });
const OVERLAP: MatchCriterion = { boundary: 'overlap', labels: 'labelled' };
const OVERLAP_ANY: MatchCriterion = { boundary: 'overlap', labels: 'unlabelled' };
const EXACT: MatchCriterion = { boundary: 'exact', labels: 'labelled' };
const EXACT_ANY: MatchCriterion = { boundary: 'exact', labels: 'unlabelled' };

describe('matchSpans', () => {
  it('matches one-to-one: a span overlapping two of the other side matches one of them', () => {
    const a = [sp(0, 10, 'claim', 'a1')];
    const b = [sp(0, 4, 'claim', 'b1'), sp(6, 10, 'claim', 'b2')];
    const m = matchSpans(a, b, OVERLAP);
    expect(m.pairs).toHaveLength(1);
    expect(m.unmatchedA).toEqual([]);
    expect(m.unmatchedB).toHaveLength(1);
    expect(m.pairs[0]!.overlap).toBe(4);
  });

  it('prefers the larger overlap between equal-size matchings', () => {
    const a = [sp(0, 10, 'claim', 'a1')];
    const b = [sp(0, 3, 'claim', 'small'), sp(4, 10, 'claim', 'large')];
    expect(matchSpans(a, b, OVERLAP).pairs[0]!.b.id).toBe('large');
  });

  it('puts cardinality before overlap', () => {
    // a1 overlaps b1 a lot and b2 a little; a2 overlaps only b1. Max cardinality needs a1–b2, a2–b1.
    const a = [sp(0, 20, 'claim', 'a1'), sp(18, 30, 'claim', 'a2')];
    const b = [sp(2, 19, 'claim', 'b1'), sp(19, 21, 'claim', 'b2')];
    const m = matchSpans(a, b, OVERLAP);
    expect(m.pairs.map((p) => `${p.a.id}-${p.b.id}`).sort()).toEqual(['a1-b1', 'a2-b2']);
    const c = [sp(0, 20, 'claim', 'c1'), sp(20, 30, 'claim', 'c2')];
    const d = [sp(5, 25, 'claim', 'd1'), sp(0, 2, 'claim', 'd2')];
    // d1 overlaps both (15 and 5); d2 only c1: the matching of size 2 is c1–d2, c2–d1.
    expect(
      matchSpans(c, d, OVERLAP)
        .pairs.map((p) => `${p.a.id}-${p.b.id}`)
        .sort(),
    ).toEqual(['c1-d2', 'c2-d1']);
  });

  it('respects labels when labelled, ignores them when not', () => {
    const a = [sp(0, 10, 'claim')];
    const b = [sp(0, 10, 'denial')];
    expect(matchSpans(a, b, OVERLAP).pairs).toHaveLength(0);
    expect(matchSpans(a, b, EXACT).pairs).toHaveLength(0);
    expect(matchSpans(a, b, OVERLAP_ANY).pairs).toHaveLength(1);
    expect(matchSpans(a, b, EXACT_ANY).pairs).toHaveLength(1);
  });

  it('needs identical boundaries for exact, a shared code point for overlap (touching is not overlap)', () => {
    expect(matchSpans([sp(0, 10)], [sp(0, 9)], EXACT).pairs).toHaveLength(0);
    expect(matchSpans([sp(0, 10)], [sp(0, 9)], OVERLAP).pairs).toHaveLength(1);
    expect(matchSpans([sp(0, 10)], [sp(10, 20)], OVERLAP).pairs).toHaveLength(0);
    expect(overlapLength(sp(0, 10), sp(10, 20))).toBe(0);
    expect(spansMatch(sp(0, 10), sp(9, 20), OVERLAP)).toBe(true);
    // Empty spans overlap nothing, but an empty span can match an identical one exactly.
    expect(matchSpans([sp(5, 5)], [sp(0, 10)], OVERLAP).pairs).toHaveLength(0);
    expect(matchSpans([sp(5, 5)], [sp(5, 5)], EXACT).pairs).toHaveLength(1);
  });

  it('pairs same labels first among equals when unlabelled (nested spans of different labels)', () => {
    // An actor nested in a claim, for both annotators: unlabelled overlap pairs claim–claim and actor–actor.
    const a = [sp(0, 50, 'claim', 'ac'), sp(5, 15, 'actor', 'aa')];
    const b = [sp(0, 50, 'claim', 'bc'), sp(5, 15, 'actor', 'ba')];
    for (const c of [OVERLAP_ANY, EXACT_ANY]) {
      const m = matchSpans(a, b, c);
      expect(m.pairs.map((p) => `${p.a.id}-${p.b.id}`).sort()).toEqual(['aa-ba', 'ac-bc']);
    }
    // Same boundaries, two labels each side, in an order that would cross them if taken naively.
    const x = [sp(0, 5, 'claim', 'x1'), sp(0, 5, 'actor', 'x2')];
    const y = [sp(0, 5, 'actor', 'y1'), sp(0, 5, 'claim', 'y2')];
    expect(matchSpans(x, y, EXACT_ANY).pairs.every((p) => p.a.label === p.b.label)).toBe(true);
    expect(matchSpans(x, y, OVERLAP_ANY).pairs.every((p) => p.a.label === p.b.label)).toBe(true);
  });

  it('handles empty layers', () => {
    for (const c of MATCH_CRITERIA) {
      expect(matchSpans([], [], c)).toEqual({ criterion: c, pairs: [], unmatchedA: [], unmatchedB: [] });
      expect(matchSpans([sp(0, 1)], [], c).unmatchedA).toHaveLength(1);
    }
  });

  it('returns pairs and leftovers in document order, and does not reorder its input', () => {
    const a = [sp(20, 30), sp(0, 10), sp(40, 41)];
    const before = [...a];
    const b = [sp(21, 25), sp(1, 2)];
    const m = matchSpans(a, b, OVERLAP);
    expect(m.pairs.map((p) => p.a.startOffset)).toEqual([0, 20]);
    expect(m.unmatchedA.map((s) => s.startOffset)).toEqual([40]);
    expect(a).toEqual(before);
  });

  it('finds a maximum matching with maximum overlap on random layers (checked by brute force)', () => {
    const random = rng(7);
    for (let trial = 0; trial < 400; trial++) {
      const make = () =>
        Array.from({ length: Math.floor(random() * 6) }, () => {
          const b = Math.floor(random() * 40);
          return sp(b, b + Math.floor(random() * 15), random() < 0.5 ? 'claim' : 'actor');
        });
      const a = make();
      const b = make();
      for (const c of MATCH_CRITERIA) {
        const m = matchSpans(a, b, c);
        const best = bruteForce(a, b, c);
        expect(m.pairs.length).toBe(best.size);
        expect(m.pairs.reduce((s, p) => s + p.overlap, 0)).toBe(best.overlap);
        expect(m.pairs.every((p) => spansMatch(p.a, p.b, c))).toBe(true);
        const used = new Set(m.pairs.flatMap((p) => [p.a, p.b]));
        expect(used.size).toBe(2 * m.pairs.length); // one-to-one
        expect(m.pairs.length + m.unmatchedA.length).toBe(a.length);
        expect(m.pairs.length + m.unmatchedB.length).toBe(b.length);
      }
    }
  });

  it('stays fast on a dense component (one long span over many, many over many)', () => {
    const a = Array.from({ length: 60 }, (_, i) => sp(i * 3, i * 3 + 10));
    const b = Array.from({ length: 60 }, (_, i) => sp(i * 3 + 1, i * 3 + 12));
    const m = matchSpans(a, b, OVERLAP);
    expect(m.pairs).toHaveLength(60);
  });
});

describe('maxWeightMatching', () => {
  it('finds the maximum-weight matching, rectangular either way', () => {
    const edges = [
      { row: 0, col: 0, weight: 4 },
      { row: 0, col: 1, weight: 2 },
      { row: 1, col: 0, weight: 2 },
      { row: 2, col: 1, weight: 1 },
    ];
    expect(maxWeightMatching(3, 2, edges)).toEqual([
      [0, 0],
      [2, 1],
    ]);
    const t = edges.map((e) => ({ row: e.col, col: e.row, weight: e.weight }));
    expect(maxWeightMatching(2, 3, t)).toEqual([
      [0, 0],
      [1, 2],
    ]);
    expect(maxWeightMatching(2, 2, [])).toEqual([]);
    expect(() => maxWeightMatching(1, 1, [{ row: 0, col: 0, weight: 0 }])).toThrow(/positive/);
  });
});

/** Every one-to-one matching, the best by (size, total overlap). */
function bruteForce(a: SpanLike[], b: SpanLike[], c: MatchCriterion): { size: number; overlap: number } {
  let best = { size: 0, overlap: 0 };
  const used = new Array<boolean>(b.length).fill(false);
  const go = (i: number, size: number, overlap: number) => {
    if (size > best.size || (size === best.size && overlap > best.overlap)) best = { size, overlap };
    if (i === a.length) return;
    go(i + 1, size, overlap);
    b.forEach((s, j) => {
      if (used[j] || !spansMatch(a[i]!, s, c)) return;
      used[j] = true;
      go(i + 1, size + 1, overlap + overlapLength(a[i]!, s));
      used[j] = false;
    });
  };
  go(0, 0, 0);
  return best;
}

