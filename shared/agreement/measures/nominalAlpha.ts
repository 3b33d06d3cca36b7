/**
 * Krippendorff's alpha for nominal data with missing values, by the coincidence matrix
 * (Krippendorff 2004, pp. 228–232). A unit with m ≥ 2 values adds, for every ordered pair of
 * values from different coders, 1/(m−1) to o_ck; units with fewer than two values are not
 * pairable and drop out. With n_c = Σ_k o_ck and n = Σ_c n_c:
 *
 *   D_o = (1/n) Σ_{c≠k} o_ck,   D_e = Σ_{c≠k} n_c·n_k / (n(n−1)),   α = 1 − D_o / D_e.
 *
 * Undefined (n/a) without pairable values, and when every pairable value is the same category
 * (D_e = 0: there is no variation to be reliable about).
 */
import { available, notAvailable } from '../estimate';
import type { AgreementUnit, NominalAlpha } from '../types';

/** A coder's value for a unit; null or undefined is missing. */
export type NominalValue = string | null | undefined;

/** addUnit's scratch: a unit's distinct values and their counts. */
const scratchCategories: string[] = [];
let scratchCodes = new Int32Array(64);
const scratchCounts: number[] = [];

/** α from the values of units added one at a time (so a corpus never needs its whole matrix in memory). */
export class NominalAlphaAccumulator {
  private units = 0;
  private pairableUnits = 0;
  /** Σ_{c≠k} o_ck */
  private disagreement = 0;
  /** Categories in the order first counted, and n_c of each. */
  private readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();
  private readonly totals: number[] = [];
  /** For `addCodes`: the caller's table, and its codes' category numbers (−1: not counted yet); the last slot is the missing value's. */
  private table: readonly string[] | null = null;
  private ofCode = new Int32Array(0);

  private number(category: string): number {
    let k = this.numbers.get(category);
    if (k === undefined) {
      k = this.names.length;
      this.names.push(category);
      this.numbers.set(category, k);
      this.totals.push(0);
    }
    return k;
  }

  /** One unit: the values its coders gave (a row of the reliability data matrix). */
  addUnit(values: readonly NominalValue[]): void {
    this.units++;
    // A unit has a handful of values: count categories in two small arrays, reused from unit to
    // unit (the work is synchronous), not a Map.
    const categories = scratchCategories;
    const counts = scratchCounts;
    let distinct = 0;
    let m = 0;
    for (const v of values) {
      if (v === null || v === undefined) continue;
      m++;
      let at = 0;
      while (at < distinct && categories[at] !== v) at++;
      if (at === distinct) {
        categories[distinct] = v;
        counts[distinct++] = 1;
      } else {
        counts[at]!++;
      }
    }
    if (m < 2) return;
    this.pairableUnits++;
    let same = 0;
    for (let k = 0; k < distinct; k++) {
      const count = counts[k]!;
      this.totals[this.number(categories[k]!)]! += count;
      same += count * count;
    }
    // Σ_{c≠k} of this unit's pairs, each weighted 1/(m−1).
    this.disagreement += (m * m - same) / (m - 1);
  }

  /**
   * The same as `addUnit` with values given as codes into `names` (values[from..from + size);
   * −1: no value), without strings: a code is looked up by its name only the first time it
   * counts. With `missing`, no value counts as that category instead.
   */
  addCodes(values: ArrayLike<number>, from: number, size: number, names: readonly string[], missing: string | null = null): void {
    if (names !== this.table || this.ofCode.length !== names.length + 1) {
      this.table = names;
      this.ofCode = new Int32Array(names.length + 1).fill(-1);
    }
    this.units++;
    if (scratchCodes.length < size) scratchCodes = new Int32Array(2 * size);
    const codes = scratchCodes;
    const counts = scratchCounts;
    const none = names.length;
    let distinct = 0;
    let m = 0;
    for (let k = from; k < from + size; k++) {
      let v = values[k]!;
      if (v === -1) {
        if (missing === null) continue;
        v = none;
      }
      m++;
      let at = 0;
      while (at < distinct && codes[at] !== v) at++;
      if (at === distinct) {
        codes[distinct] = v;
        counts[distinct++] = 1;
      } else {
        counts[at]!++;
      }
    }
    if (m < 2) return;
    this.pairableUnits++;
    let same = 0;
    for (let k = 0; k < distinct; k++) {
      const v = codes[k]!;
      let n = this.ofCode[v]!;
      if (n === -1) n = this.ofCode[v] = this.number(v === none ? missing! : names[v]!);
      const count = counts[k]!;
      this.totals[n]! += count;
      same += count * count;
    }
    this.disagreement += (m * m - same) / (m - 1);
  }

  /** One unit of two coders: the same as `addUnit([a, b])`, without the arrays (attribute agreement adds millions). */
  addPair(a: NominalValue, b: NominalValue): void {
    this.units++;
    if (a === null || a === undefined || b === null || b === undefined) return;
    this.pairableUnits++;
    if (a === b) {
      this.totals[this.number(a)]! += 2;
      return;
    }
    this.totals[this.number(a)]! += 1;
    this.totals[this.number(b)]! += 1;
    this.disagreement += 2; // o_ab and o_ba, each 1/(m−1) = 1
  }

  /**
   * Units counted elsewhere, added at once: `units` rows, `pairableUnits` of them with two or more
   * values, their Σ_{c≠k} o_ck, and n_c per category. (Attribute agreement tallies millions of
   * two-value units with categories as integers, and hands the totals over here.)
   */
  addTallies(units: number, pairableUnits: number, disagreement: number, totals: Iterable<readonly [string, number]>): void {
    this.units += units;
    this.pairableUnits += pairableUnits;
    this.disagreement += disagreement;
    for (const [category, n] of totals) if (n > 0) this.totals[this.number(category)]! += n;
  }

  result(unit: AgreementUnit = 'items'): NominalAlpha {
    let n = 0;
    let sumSquares = 0;
    const categories: { category: string; values: number }[] = [];
    for (let k = 0; k < this.names.length; k++) {
      const category = this.names[k]!;
      const values = this.totals[k]!;
      categories.push({ category, values });
      n += values;
      sumSquares += values * values;
    }
    const base = {
      coefficient: 'krippendorff-alpha-nominal' as const,
      unit,
      counts: { units: this.units, pairableUnits: this.pairableUnits, pairableValues: n, categories },
    };
    if (n === 0) {
      return { ...base, observedDisagreement: null, expectedDisagreement: null, ...notAvailable('no-pairable-values', 'no unit has values from two or more coders') };
    }
    const observed = this.disagreement / n;
    const expected = (n * n - sumSquares) / (n * (n - 1));
    const estimate =
      expected > 0
        ? available(1 - observed / expected)
        : notAvailable('no-variation', `every pairable value is "${categories[0]?.category ?? ''}": no variation, α is 0/0`);
    return { ...base, observedDisagreement: observed, expectedDisagreement: expected, ...estimate };
  }
}

/**
 * α (nominal) of a reliability data matrix: one row per unit, one column per coder, null or
 * undefined where a coder gave no value.
 */
export function nominalAlpha(units: readonly (readonly NominalValue[])[], options: { unit?: AgreementUnit } = {}): NominalAlpha {
  const acc = new NominalAlphaAccumulator();
  for (const row of units) acc.addUnit(row);
  return acc.result(options.unit ?? 'items');
}
