/**
 * How the registry's files become one view: every annotator's records for one id are merged
 * into one entity, and mergedInto chains are followed to the entity that survives.
 */
import type { EntityFile, EntityRecord } from '../format/entityFile';

/** An entity of the project registry, as all the annotators' files together describe it. */
export interface Entity {
  id: string;
  /** From the record updated last. */
  name: string;
  kind?: string;
  /** Every record's aliases, oldest record first, without repeats and without the name. */
  aliases: string[];
  notes?: string;
  /** Set when the entity was accepted as the same as another (see EntityRegistry.resolve). */
  mergedInto?: string;
  /** Annotators whose files hold a record for it, sorted. */
  contributors: string[];
  /** For each alias: the annotators whose files list it, sorted (an alias goes only once none does). */
  aliasOwners?: Record<string, string[]>;
  /**
   * Aliases some annotators hid for themselves (another annotator's alias they do not want to
   * see, kept in their own file): alias → those annotators, sorted. Still in `aliases`; each
   * reader leaves out what they hid (see visibleAliases).
   */
  hiddenBy?: Record<string, string[]>;
  /** The `updated` of the record updated last. */
  updated: string;
}

interface Contribution {
  annotator: string;
  record: EntityRecord;
  time: number;
}

/**
 * Oldest first. Records are ordered by time, not by file order, so the same files always give
 * the same entity whatever order they were read in; at the same instant the annotator id
 * decides (alphabetically later = newer), which is arbitrary but stable.
 */
function byAge(a: Contribution, b: Contribution): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  // Unparseable dates (schema-valid files never have them) fall back to the text.
  if (a.record.updated !== b.record.updated) return a.record.updated < b.record.updated ? -1 : 1;
  return a.annotator < b.annotator ? -1 : a.annotator > b.annotator ? 1 : 0;
}

function timeOf(updated: string): number {
  const t = Date.parse(updated);
  return Number.isNaN(t) ? -Infinity : t;
}

/** Merges every file's records by id. */
export function mergeRecords(files: readonly EntityFile[]): Map<string, Entity> {
  const byId = new Map<string, Contribution[]>();
  const hidden = new Map<string, Map<string, Set<string>>>();
  for (const file of files) {
    for (const [id, aliases] of Object.entries(file.hiddenAliases ?? {})) {
      const forId = hidden.get(id) ?? new Map<string, Set<string>>();
      for (const alias of aliases) forId.set(alias.normalize('NFC'), (forId.get(alias.normalize('NFC')) ?? new Set()).add(file.annotator));
      hidden.set(id, forId);
    }
    for (const record of file.entities) {
      const list = byId.get(record.id) ?? [];
      list.push({ annotator: file.annotator, record, time: timeOf(record.updated) });
      byId.set(record.id, list);
    }
  }
  const entities = new Map<string, Entity>();
  for (const [id, contributions] of byId) {
    const entity = mergeOne(id, contributions.sort(byAge));
    const hiddenHere = hidden.get(id);
    if (hiddenHere) {
      const hiddenBy: Record<string, string[]> = {};
      for (const alias of entity.aliases) {
        const who = hiddenHere.get(alias.normalize('NFC'));
        if (who?.size) hiddenBy[alias] = [...who].sort();
      }
      if (Object.keys(hiddenBy).length) entity.hiddenBy = hiddenBy;
    }
    entities.set(id, entity);
  }
  return entities;
}

/** One entity from its records, oldest first. */
function mergeOne(id: string, records: readonly Contribution[]): Entity {
  const latest = (records[records.length - 1] as Contribution).record;
  // Aliases in the order the oldest records gave them: an alias keeps its place when someone
  // later adds another, so the list an analyst sees does not reshuffle after each edit.
  const seen = new Set<string>([latest.name.normalize('NFC')]);
  const aliases: string[] = [];
  const owners = new Map<string, Set<string>>();
  for (const { record, annotator } of records) {
    for (const alias of record.aliases) {
      const key = alias.normalize('NFC');
      if (key.trim() === '' || (seen.has(key) && !owners.has(key))) continue;
      if (!seen.has(key)) {
        seen.add(key);
        aliases.push(alias);
        owners.set(key, new Set());
      }
      owners.get(key)!.add(annotator);
    }
  }
  const aliasOwners: Record<string, string[]> = {};
  for (const alias of aliases) aliasOwners[alias] = [...owners.get(alias.normalize('NFC'))!].sort();
  return {
    id,
    name: latest.name,
    ...(latest.kind !== undefined ? { kind: latest.kind } : {}),
    aliases,
    ...(latest.notes !== undefined ? { notes: latest.notes } : {}),
    ...(latest.mergedInto !== undefined ? { mergedInto: latest.mergedInto } : {}),
    contributors: [...new Set(records.map((r) => r.annotator))].sort(),
    aliasOwners,
    updated: latest.updated,
  };
}

/**
 * For every id, the id of the entity it finally stands for: mergedInto followed to its end. A
 * mergedInto naming an id the registry does not hold ends the chain there (the entity stands
 * for itself). Two analysts can each merge one entity into the other, so chains can loop: the
 * smallest id of the loop then survives, whoever wrote last, so every reader agrees.
 */
export function survivorsOf(entities: ReadonlyMap<string, Entity>): Map<string, string> {
  const survivor = new Map<string, string>();
  for (const start of entities.keys()) {
    if (survivor.has(start)) continue;
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let current = start;
    let end: string;
    for (;;) {
      onPath.set(current, path.length);
      path.push(current);
      const next = entities.get(current)?.mergedInto;
      if (next === undefined || !entities.has(next)) {
        end = current;
        break;
      }
      const known = survivor.get(next);
      if (known !== undefined) {
        end = known;
        break;
      }
      const loopStart = onPath.get(next);
      if (loopStart !== undefined) {
        end = path.slice(loopStart).reduce((a, b) => (b < a ? b : a));
        break;
      }
      current = next;
    }
    for (const id of path) survivor.set(id, end);
  }
  return survivor;
}

/** The aliases of an entity as `annotator` sees them: without those they hid for themselves. */
export function visibleAliases(entity: Entity, annotator: string | null): string[] {
  if (!annotator || !entity.hiddenBy) return entity.aliases;
  return entity.aliases.filter((a) => !entity.hiddenBy![a]?.includes(annotator));
}
