import type { Relation } from '../model/span';

/**
 * A layer's relations by id and by the spans they join, so that an edit to a span looks only at
 * the relations that touch it (deleting a span takes its relations along; a relabel checks
 * whether they may still join it). The same index serves the service's layer store
 * (backend/project/layers.ts) and a window's layer session (renderer/state/layerSession.ts).
 */
export class RelationIndex {
  /** Relation ids by the id of a span at either end. */
  private readonly bySpan = new Map<string, Set<string>>();

  /**
   * `byId`: the map of relations by id this index keeps, when its owner shares it with others
   * (a layer session hands it to the editor and to review as a plain map); changes made through
   * the index are made to it too. Relations already in it are indexed.
   */
  constructor(relations: Iterable<Relation> = [], private readonly byId = new Map<string, Relation>()) {
    for (const r of [...byId.values()]) this.index(r);
    for (const r of relations) this.set(r);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Relation | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Adds a relation, or puts a new version of one in place of the old (its ends may differ). */
  set(r: Relation): void {
    const old = this.byId.get(r.id);
    if (old) this.unindex(old);
    this.byId.set(r.id, r);
    this.index(r);
  }

  delete(id: string): boolean {
    const old = this.byId.get(id);
    if (!old) return false;
    this.unindex(old);
    return this.byId.delete(id);
  }

  clear(): void {
    this.byId.clear();
    this.bySpan.clear();
  }

  values(): IterableIterator<Relation> {
    return this.byId.values();
  }

  /** The ids of the relations that start or end at a span. */
  idsAt(spanId: string): ReadonlySet<string> {
    return this.bySpan.get(spanId) ?? EMPTY;
  }

  /** The relations that start or end at a span. */
  at(spanId: string): Relation[] {
    return [...this.idsAt(spanId)].map((id) => this.byId.get(id)!);
  }

  /** A copy by id, to compare with later. */
  toMap(): Map<string, Relation> {
    return new Map(this.byId);
  }

  private index(r: Relation): void {
    for (const end of [r.from, r.to]) {
      let ids = this.bySpan.get(end);
      if (!ids) this.bySpan.set(end, (ids = new Set()));
      ids.add(r.id);
    }
  }

  private unindex(r: Relation): void {
    for (const end of [r.from, r.to]) {
      const ids = this.bySpan.get(end);
      ids?.delete(r.id);
      if (ids?.size === 0) this.bySpan.delete(end);
    }
  }
}

const EMPTY: ReadonlySet<string> = new Set();
