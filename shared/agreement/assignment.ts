/**
 * Maximum-weight bipartite matching by the Hungarian method (Kuhn–Munkres with potentials,
 * O(n²·m) for n ≤ m). Used on the small connected components of the span-overlap graph, so n and
 * m are a handful. With integer weights every step is exact in doubles.
 */

export interface WeightedEdge {
  row: number;
  col: number;
  /** Positive; an absent edge means "may not be matched". */
  weight: number;
}

/**
 * A matching of maximum total weight between `rows` and `cols` nodes using only the given edges.
 * Returns [row, col] pairs, sorted by row. Ties go to the first optimum the algorithm meets, which
 * is fixed for a given input order.
 */
export function maxWeightMatching(rows: number, cols: number, edges: readonly WeightedEdge[]): [number, number][] {
  if (rows === 0 || cols === 0 || edges.length === 0) return [];
  const transpose = rows > cols;
  const n = transpose ? cols : rows;
  const m = transpose ? rows : cols;
  // cost[i][j] = −weight for an edge, 0 for none: a full assignment of minimum cost, less its
  // zero-cost cells, is a matching of maximum weight (n ≤ m leaves every row a column to take).
  const cost = new Array<number>(n * m).fill(0);
  for (const e of edges) {
    if (!(e.weight > 0)) throw new RangeError(`maxWeightMatching: weights must be positive, got ${e.weight}`);
    const i = transpose ? e.col : e.row;
    const j = transpose ? e.row : e.col;
    const k = i * m + j;
    cost[k] = Math.min(cost[k] ?? 0, -e.weight);
  }
  const assigned = hungarian(cost, n, m);
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const j = assigned[i] ?? -1;
    if (j < 0 || (cost[i * m + j] ?? 0) === 0) continue;
    out.push(transpose ? [j, i] : [i, j]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/**
 * Min-cost assignment of each of n rows to a distinct one of m ≥ n columns, `cost` row-major
 * (n·m); returns each row's column.
 */
export function hungarian(cost: readonly number[], n: number, m: number): number[] {
  // 1-based potentials u (rows) and v (columns); p[j] = row assigned to column j (0: none).
  // Plain arrays: these are tiny, and allocating typed arrays costs more than it saves here.
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(m + 1).fill(0);
  const p = new Array<number>(m + 1).fill(0);
  const way = new Array<number>(m + 1).fill(0);
  const minv = new Array<number>(m + 1).fill(Infinity);
  const used = new Array<boolean>(m + 1).fill(false);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost[(i0 - 1) * m + (j - 1)]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else {
          minv[j] = minv[j]! - delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const assigned = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j]! > 0) assigned[p[j]! - 1] = j - 1;
  return assigned;
}
