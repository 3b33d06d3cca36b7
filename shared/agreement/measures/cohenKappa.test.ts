import { describe, expect, it } from 'vitest';
import { cohenKappa } from './cohenKappa';

describe('cohenKappa', () => {
  it('reproduces Cohen (1960), example 2: κ = 0.492, A_o = 0.70, A_e = 0.41', () => {
    const k = cohenKappa(
      [
        [88, 14, 18],
        [10, 40, 10],
        [2, 6, 12],
      ],
      { categories: ['1', '2', '3'] },
    );
    expect(k.coefficient).toBe('cohen-kappa');
    expect(k.counts).toEqual({ items: 200, excluded: 0 });
    expect(k.observedAgreement).toBeCloseTo(0.7, 10);
    expect(k.expectedAgreement).toBeCloseTo(0.41, 10);
    expect(k.value).not.toBeNull();
    expect(k.value!.toFixed(3)).toBe('0.492');
    expect(k.value).toBeCloseTo(0.29 / 0.59, 12);
  });

  it('is 1 for perfect agreement and 0 for agreement at chance', () => {
    expect(cohenKappa([[5, 0], [0, 3]]).value).toBe(1);
    // Independent marginals: every cell = row·col/N.
    expect(cohenKappa([[4, 4], [4, 4]]).value).toBe(0);
  });

  it('is n/a with the reason when A_e = 1 (both raters used one category throughout)', () => {
    const k = cohenKappa([[7, 0], [0, 0]], { categories: ['claim', 'denial'] });
    expect(k.value).toBeNull();
    if (k.value !== null) return;
    expect(k.code).toBe('chance-agreement-is-total');
    expect(k.reason).toContain('"claim"');
    expect(k.observedAgreement).toBe(1);
    expect(k.expectedAgreement).toBe(1);
    expect(k.counts.items).toBe(7);
  });

  it('is n/a for an empty table, never 0 or 1', () => {
    const k = cohenKappa([[0, 0], [0, 0]], { excluded: 3 });
    expect(k).toMatchObject({ value: null, code: 'no-items', observedAgreement: null, expectedAgreement: null, counts: { items: 0, excluded: 3 } });
    expect(cohenKappa([]).value).toBeNull();
  });

  it('rejects tables that are not square counts', () => {
    expect(() => cohenKappa([[1, 2], [3]])).toThrow(/2×2/);
    expect(() => cohenKappa([[1, -1], [0, 1]])).toThrow(/need a count/);
    expect(() => cohenKappa([[1]], { categories: ['a', 'b'] })).toThrow(/category names/);
  });

  it('results are plain JSON', () => {
    const k = cohenKappa([[1, 2], [3, 4]]);
    expect(JSON.parse(JSON.stringify(k))).toEqual(k);
  });
});
