import { useEffect, useState } from 'react';
import type { EntityInput, FileProblem, StandoffApi } from '../../shared/api/contract';
import type { Entity } from '../../shared/entities';

/**
 * The entity registry as the window knows it: loaded once, refreshed after each save (the
 * service merges every annotator's file). Components read names from here and subscribe to
 * changes; suggestions and mentions are asked of the service, which holds the name index.
 */
export class EntityCache {
  private byId = new Map<string, Entity>();
  private list: Entity[] = [];
  private problemList: FileProblem[] = [];
  private readonly listeners = new Set<() => void>();
  private version = 0;

  constructor(private readonly api: StandoffApi) {}

  get revision(): number {
    return this.version;
  }

  get entities(): readonly Entity[] {
    return this.list;
  }

  get problems(): readonly FileProblem[] {
    return this.problemList;
  }

  /** An entity by id, following merges to the entity it now counts as. */
  resolve(id: string): Entity | undefined {
    let e = this.byId.get(id);
    for (let hops = 0; e?.mergedInto && hops < 20; hops++) e = this.byId.get(e.mergedInto) ?? e;
    return e;
  }

  async refresh(): Promise<void> {
    const { entities, problems } = await this.api.listEntities({});
    this.list = entities;
    this.problemList = problems;
    // Merged entities are not listed but may still be linked: keep what was known of them.
    for (const e of entities) this.byId.set(e.id, e);
    this.changed();
  }

  async save(annotator: string, entity: EntityInput): Promise<Entity> {
    const saved = await this.api.saveEntity({ annotator, entity });
    this.byId.set(saved.id, saved);
    await this.refresh();
    return saved;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}

/** Re-renders the component when the registry changes. */
export function useEntities(cache: EntityCache): EntityCache {
  const [, setRevision] = useState(cache.revision);
  useEffect(() => cache.onChange(() => setRevision(cache.revision)), [cache]);
  return cache;
}
