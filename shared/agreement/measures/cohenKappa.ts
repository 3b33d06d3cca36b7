/**
 * Cohen's κ (Cohen 1960) of two raters from their contingency table: rows are the first rater's
 * categories, columns the second's, in the same order.
 *
 *   A_o = Σ_i t_ii / N,   A_e = Σ_i row_i · col_i / N²,   κ = (A_o − A_e) / (1 − A_e).
 *
 * Undefined (n/a) for an empty table and when A_e = 1 (both raters used one and the same
 * category throughout, so κ is 0/0).
 */
import { available, notAvailable } from '../estimate';
import type { AgreementUnit, CohenKappa, Estimate } from '../types';

export interface CohenKappaOptions {
  /** Names of the rows and columns; "1", "2", … when not given. */
  categories?: readonly string[];
  unit?: AgreementUnit;
  /** Items left out of the table, reported with it (e.g. positions only one rater marked). */
  excluded?: number;
}

export function cohenKappa(table: readonly (readonly number[])[], options: CohenKappaOptions = {}): CohenKappa {
  const k = table.length;
  const categories = options.categories ? [...options.categories] : table.map((_, i) => String(i + 1));
  if (categories.length !== k) throw new RangeError(`cohenKappa: ${categories.length} category names for a ${k}×${k} table`);
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  let n = 0;
  let diagonal = 0;
  table.forEach((row, i) => {
    if (row.length !== k) throw new RangeError(`cohenKappa: row ${i + 1} has ${row.length} cells; the table must be ${k}×${k}`);
    row.forEach((x, j) => {
      if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`cohenKappa: cell (${i + 1}, ${j + 1}) is ${x}; need a count`);
      rows[i] = rows[i]! + x;
      cols[j] = cols[j]! + x;
      n += x;
      if (i === j) diagonal += x;
    });
  });
  const base = {
    coefficient: 'cohen-kappa' as const,
    unit: options.unit ?? 'items',
    counts: { items: n, excluded: options.excluded ?? 0 },
    categories,
    table: table.map((row) => [...row]),
  };
  const chance = rows.reduce((sum, r, i) => sum + r * cols[i]!, 0); // Σ row_i·col_i, an integer: compared with N² exactly
  const firstUsed = categories[rows.findIndex((r) => r > 0)] ?? '';
  return { ...base, ...kappaFromCounts(n, diagonal, chance, firstUsed) };
}

/**
 * κ from the sums of a contingency table, without the table: N items, `diagonal` of them in the
 * same category, and Σ_i row_i·col_i. For tables too large to write out (free text, entity ids),
 * where rows and columns are tallied sparsely. `onlyCategory` names the category of an A_e = 1 table.
 */
export function kappaFromCounts(
  n: number,
  diagonal: number,
  chance: number,
  onlyCategory: string,
): Pick<CohenKappa, 'observedAgreement' | 'expectedAgreement'> & Estimate {
  if (n === 0) return { observedAgreement: null, expectedAgreement: null, ...notAvailable('no-items', 'no item was rated by both') };
  const observed = diagonal / n;
  const expected = chance / (n * n);
  const estimate =
    chance === n * n
      ? notAvailable('chance-agreement-is-total', `A_e = 1: both raters put every item in "${onlyCategory}"`)
      : available((n * diagonal - chance) / (n * n - chance)); // (A_o − A_e) / (1 − A_e), times N²/N²
  return { observedAgreement: observed, expectedAgreement: expected, ...estimate };
}
