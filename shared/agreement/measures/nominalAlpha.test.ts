import { describe, expect, it } from 'vitest';
import { NominalAlphaAccumulator, nominalAlpha } from './nominalAlpha';

/** Krippendorff (2004), p. 230: 4 coders, 12 units, "·" missing. */
const KRIPPENDORFF_2004_P230 = 'B B · B | L L P L | P P P P | P P P P | L L L L | B L P C | C C C C | B B L B | L L L L | · F F F | · · B B | · · P ·'
  .split('|')
  .map((unit) =>
    unit
      .trim()
      .split(/\s+/)
      .map((v) => (v === '·' ? null : v)),
  );

describe('nominalAlpha', () => {
  it('reproduces Krippendorff (2004, p. 230): α = 0.743, D_o = 0.200, D_e = 0.779', () => {
    const a = nominalAlpha(KRIPPENDORFF_2004_P230);
    expect(a.coefficient).toBe('krippendorff-alpha-nominal');
    expect(a.value).not.toBeNull();
    expect(a.value!.toFixed(3)).toBe('0.743');
    expect(a.observedDisagreement!.toFixed(3)).toBe('0.200');
    expect(a.expectedDisagreement!.toFixed(3)).toBe('0.779');
    // The book's counts: 11 pairable units (the last has one value), n = 40.
    expect(a.counts).toMatchObject({ units: 12, pairableUnits: 11, pairableValues: 40 });
    const n = Object.fromEntries(a.counts.categories.map((c) => [c.category, c.values]));
    expect(n).toEqual({ B: 9, L: 13, P: 10, C: 5, F: 3 });
    // Exactly: Σ_{c≠k} o_ck = 8, so α = 1 − (n−1)·8 / (n² − Σ n_c²) = 1 − 39·8 / (1600 − 384).
    expect(a.value).toBeCloseTo(1 - (39 * 8) / (1600 - 384), 12);
  });

  it('adds up unit by unit to the same α as the whole matrix', () => {
    const acc = new NominalAlphaAccumulator();
    for (const row of KRIPPENDORFF_2004_P230) acc.addUnit(row);
    expect(acc.result().value).toBe(nominalAlpha(KRIPPENDORFF_2004_P230).value);
  });

  it('is 1 for perfect agreement with variation', () => {
    expect(nominalAlpha([['a', 'a'], ['b', 'b', null], ['a', 'a', 'a']]).value).toBe(1);
  });

  it('is n/a without pairable values, and when there is no variation', () => {
    const none = nominalAlpha([['a', null], [null, 'b'], []], { unit: 'matched spans' });
    expect(none).toMatchObject({ value: null, code: 'no-pairable-values', unit: 'matched spans', counts: { units: 3, pairableUnits: 0, pairableValues: 0 } });
    const same = nominalAlpha([['a', 'a'], ['a', 'a', 'a']]);
    expect(same).toMatchObject({ value: null, code: 'no-variation', observedDisagreement: 0, expectedDisagreement: 0 });
    expect(nominalAlpha([]).value).toBeNull();
  });

  it('is negative for systematic disagreement', () => {
    expect(nominalAlpha([['a', 'b'], ['b', 'a']]).value).toBeLessThan(0);
  });

  it('gives the same α for two-value units added by addPair, or as tallies, as by addUnit', () => {
    const pairs: [string | null, string | null][] = [
      ['killed', 'killed'],
      ['killed', 'injured'],
      [null, 'killed'],
      ['missing', 'missing'],
      ['injured', 'injured'],
      ['injured', 'killed'],
      [null, null],
    ];
    const byUnit = new NominalAlphaAccumulator();
    const byPair = new NominalAlphaAccumulator();
    for (const [a, b] of pairs) {
      byUnit.addUnit([a, b]);
      byPair.addPair(a, b);
    }
    expect(byPair.result()).toEqual(byUnit.result());
    // The same units counted elsewhere: 7 units, 5 pairable, 2 disagreeing (Σ_{c≠k} o_ck = 4), n_c in first-seen order.
    const tallied = new NominalAlphaAccumulator();
    tallied.addTallies(7, 5, 4, [
      ['killed', 4],
      ['injured', 4],
      ['missing', 2],
    ]);
    expect(tallied.result()).toEqual(byUnit.result());
  });
});
