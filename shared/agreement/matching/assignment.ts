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
export function hungarian(cost: ArrayLike<number>, n: number, m: number): number[] {
  return Array.from(assign(cost, n, m).subarray(0, n));
}

/** `hungarian` into working space that the next call reuses (for callers that read it at once). */
export function assign(cost: ArrayLike<number>, n: number, m: number): Int32Array {
  if (n <= 3 && m <= 4 && smallOptimum(cost, n, m)) return assigned;
  kuhnMunkresInto(cost, n, m);
  return assigned;
}

/** Where `assign` writes: each row's column (−1: none). */
let assigned = new Int32Array(16);

/**
 * The optimum of a tiny problem (most components of the overlap graph are 2×2 or 2×3) by trying
 * every assignment, returned only when every assignment of minimum cost uses the same cells of
 * non-zero cost: then the Hungarian method's answer has those cells too, and callers look at no
 * others. Otherwise null, and the Hungarian method decides the tie as it always has.
 */
function smallOptimum(cost: ArrayLike<number>, n: number, m: number): boolean {
  small.cost = cost;
  small.n = n;
  small.m = m;
  small.best = Infinity;
  small.bestCells = -1;
  small.bestAssignment = 0;
  small.unique = true;
  visitSmall(0, 0, 0, 0, 0);
  if (!small.unique) return false;
  for (let i = 0; i < n; i++) assigned[i] = (small.bestAssignment >> (3 * i)) & 7;
  return true;
}

/** smallOptimum's state (module-level, so the search allocates nothing; the work is synchronous). */
const small = { cost: [] as ArrayLike<number>, n: 0, m: 0, best: 0, bestCells: 0, bestAssignment: 0, unique: true };

/** Packs an assignment as 3 bits per row (its column), and its cells of non-zero cost likewise (column + 1; 0: none). */
function visitSmall(row: number, used: number, total: number, packed: number, cells: number): void {
  if (row === small.n) {
    if (total < small.best) {
      small.best = total;
      small.bestCells = cells;
      small.bestAssignment = packed;
      small.unique = true;
    } else if (total === small.best && cells !== small.bestCells) {
      small.unique = false;
    }
    return;
  }
  const m = small.m;
  for (let j = 0; j < m; j++) {
    if (used & (1 << j)) continue;
    const c = small.cost[row * m + j]!;
    visitSmall(row + 1, used | (1 << j), total + c, packed | (j << (3 * row)), c === 0 ? cells : cells | ((j + 1) << (3 * row)));
  }
}

/** Scratch arrays of the Hungarian method, grown as needed and reused (the work is synchronous). */
let scratchSize = 0;
let U = new Float64Array(0);
let V = new Float64Array(0);
let MINV = new Float64Array(0);
let P = new Int32Array(0);
let WAY = new Int32Array(0);
let USED = new Uint8Array(0);

export function kuhnMunkres(cost: ArrayLike<number>, n: number, m: number): number[] {
  kuhnMunkresInto(cost, n, m);
  return Array.from(assigned.subarray(0, n));
}

function kuhnMunkresInto(cost: ArrayLike<number>, n: number, m: number): void {
  // 1-based potentials u (rows) and v (columns); p[j] = row assigned to column j (0: none).
  if (scratchSize < m + 1 || U.length < n + 1) {
    scratchSize = Math.max(2 * (m + 1), 16);
    U = new Float64Array(Math.max(2 * (n + 1), 16));
    V = new Float64Array(scratchSize);
    MINV = new Float64Array(scratchSize);
    P = new Int32Array(scratchSize);
    WAY = new Int32Array(scratchSize);
    USED = new Uint8Array(scratchSize);
  }
  const u = U;
  const v = V;
  const p = P;
  const way = WAY;
  const minv = MINV;
  const used = USED;
  for (let i = 0; i <= n; i++) u[i] = 0;
  for (let j = 0; j <= m; j++) {
    v[j] = 0;
    p[j] = 0;
    way[j] = 0;
  }
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    // (Loops, not fill: m is a handful, and a call to fill costs more.)
    for (let j = 0; j <= m; j++) {
      minv[j] = Infinity;
      used[j] = 0;
    }
    do {
      used[j0] = 1;
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
  if (assigned.length < n) assigned = new Int32Array(2 * n);
  assigned.fill(-1, 0, n);
  for (let j = 1; j <= m; j++) if (p[j]! > 0) assigned[p[j]! - 1] = j - 1;
}
