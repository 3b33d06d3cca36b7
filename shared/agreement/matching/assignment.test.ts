import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hungarian, kuhnMunkres } from './assignment';

/** The cells of non-zero cost an assignment uses: all that callers read of it. */
const usedCells = (cost: readonly number[], m: number, assigned: readonly number[]) =>
  assigned.map((j, i) => (j >= 0 && cost[i * m + j] !== 0 ? `${i}:${j}` : null)).filter((c) => c !== null);

describe('hungarian on tiny problems', () => {
  it('uses the same cells of non-zero cost as the Hungarian method, ties included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((n) =>
          fc.integer({ min: n, max: 4 }).chain((m) =>
            // Few distinct costs, many zeros: plenty of ties.
            fc.tuple(fc.constant(n), fc.constant(m), fc.array(fc.constantFrom(0, 0, -1, -2, -3, -10), { minLength: n * m, maxLength: n * m })),
          ),
        ),
        ([n, m, cost]) => {
          const fast = hungarian(cost, n, m);
          const slow = kuhnMunkres(cost, n, m);
          expect(usedCells(cost, m, fast)).toEqual(usedCells(cost, m, slow));
          const total = (a: number[]) => a.reduce((s, j, i) => s + (j >= 0 ? cost[i * m + j]! : 0), 0);
          expect(total(fast)).toBe(total(slow));
          expect(new Set(fast).size).toBe(n);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
