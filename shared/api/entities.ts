/**
 * Entities: a slice of the service contract for the actor registry: its entities, suggestions
 * while an analyst types a name, likely duplicates, and an entity's mentions in the texts.
 */
import { z } from 'zod';
import type { Entity, EntityDuplicate, EntitySuggestion } from '../entities/registry';
import { annotatorId } from '../format/annotationFile';
import { documentId } from '../format/documentMeta';
import { entityId } from '../format/entityFile';
import { empty, name, type FileProblem, type SchemasOf } from './common';

export type { EntitySuggestion, EntityDuplicate } from '../entities/registry';

export interface EntityList {
  /** Entities not merged into another, by name. */
  entities: Entity[];
  /** Registry files that could not be read (they are left untouched). */
  problems: FileProblem[];
}

export interface EntityInput {
  id?: string;
  name: string;
  kind?: string;
  aliases: string[];
  notes?: string;
  /** Accepting that this entity is another: its mentions then count as that one's. */
  mergedInto?: string;
}

export interface MentionHit {
  docId: string;
  title: string | null;
  /** Code points, start inclusive, end exclusive. */
  startOffset: number;
  endOffset: number;
  text: string;
  before: string;
  after: string;
  /** The name or alias it matched; `exact` when it is that alias (ignoring case). */
  matched: string;
  exact: boolean;
  explanation: string[];
  /** The annotator's actor span already there, if any, and whether it links this entity. */
  spanId?: string;
  linked?: boolean;
}

export interface MentionResult {
  hits: MentionHit[];
  documentsSearched: number;
  complete: boolean;
}

export interface EntitiesApi {
  /** The whole entity registry, merged from every annotator's file. */
  listEntities(input: Record<string, never>): Promise<EntityList>;
  /** Entities whose name or an alias matches typed text, transliteration variants included, each explained. */
  suggestEntities(input: { text: string; limit?: number }): Promise<EntitySuggestion[]>;
  /**
   * Creates or changes an entity, writing only the annotator's own registry file. `id` absent:
   * a new entity (its id is made from the name).
   */
  saveEntity(input: { annotator: string; entity: EntityInput }): Promise<Entity>;
  /** Pairs of registry entities whose names say they may be the same, each explained. */
  entityDuplicates(input: { limit?: number }): Promise<EntityDuplicate[]>;
  /** Mentions of an entity (its name, aliases and close variants) in some documents or all. */
  findMentions(input: { entityId: string; annotator: string; docIds?: string[]; limit?: number }): Promise<MentionResult>;
}

const entityInput = z.strictObject({
  id: entityId.optional(),
  name,
  kind: z.string().max(40).optional(),
  aliases: z.array(name).max(1000),
  notes: z.string().max(10_000).optional(),
  mergedInto: entityId.optional(),
});

export const entitiesSchemas = {
  listEntities: empty,
  suggestEntities: z.strictObject({ text: z.string().max(300), limit: z.int().min(1).max(100).optional() }),
  saveEntity: z.strictObject({ annotator: annotatorId, entity: entityInput }),
  entityDuplicates: z.strictObject({ limit: z.int().min(1).max(1000).optional() }),
  findMentions: z.strictObject({
    entityId,
    annotator: annotatorId,
    docIds: z.array(documentId).max(100_000).optional(),
    limit: z.int().min(1).max(10_000).optional(),
  }),
} satisfies SchemasOf<EntitiesApi>;
