/** Disjoint sets over 0..size−1 (path halving): `find` and `union` in near-constant time. */
export class UnionFind {
  private readonly parent: number[];

  constructor(size: number) {
    // A plain array filled by a loop: these are small and made by the thousand, where a typed
    // array's allocation or Array.from's callback would cost more than the work.
    const parent = new Array<number>(size);
    for (let k = 0; k < size; k++) parent[k] = k;
    this.parent = parent;
  }

  find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) {
      const up = parent[parent[x]!]!;
      parent[x] = up;
      x = up;
    }
    return x;
  }

  /** Joins the sets of a and b; the root of a's set becomes the root of both. False if they were one already. */
  union(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    this.parent[rb] = ra;
    return true;
  }
}
