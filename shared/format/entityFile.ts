import { z } from 'zod';
import { annotatorId } from './annotationFile';
import { describeIssues, FormatError } from './errors';
import { readVersioned, stableJson } from './versioned';

export const ENTITY_FORMAT = 'standoff/entities';
export const ENTITY_VERSION = 1;

export const entityId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, "-" or "_"');

/**
 * One annotator's contribution to an entity of the project registry. The registry is the
 * merge of every annotator's file (see shared/entities/registry.ts): each annotator writes
 * only their own `entities/<annotator>.json`, so two people never write the same file.
 *
 * A record may describe an entity its annotator created, or add to one someone else created
 * (same id): aliases are then united, and name, kind, notes and mergedInto come from the
 * record updated last.
 */
export const entityRecordSchema = z.strictObject({
  id: entityId,
  name: z.string().min(1).max(300),
  /** An option id of the actor label's "kind" attribute, when known. */
  kind: z.string().max(40).optional(),
  aliases: z.array(z.string().min(1).max(300)).max(1000),
  notes: z.string().max(10_000).optional(),
  /** Set when the analyst accepted that this entity is the same as another: mentions linked here count there. */
  mergedInto: entityId.optional(),
  /** When this record was last changed (ISO 8601, UTC): the later record wins a field. */
  updated: z.iso.datetime(),
});

export type EntityRecord = z.infer<typeof entityRecordSchema>;

export const entityFileSchema = z
  .strictObject({
    format: z.literal(ENTITY_FORMAT),
    version: z.literal(ENTITY_VERSION),
    annotator: annotatorId,
    entities: z.array(entityRecordSchema),
    /**
     * Aliases of other annotators this annotator hid for themselves, by entity id: left out of
     * what they see and of their mention searches; everyone else still sees them.
     */
    hiddenAliases: z.record(entityId, z.array(z.string().min(1).max(300)).max(1000)).optional(),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.entities.forEach((e, i) => {
      if (seen.has(e.id)) ctx.addIssue({ code: 'custom', message: `duplicate entity id "${e.id}"`, path: ['entities', i, 'id'] });
      seen.add(e.id);
      if (e.mergedInto === e.id) ctx.addIssue({ code: 'custom', message: 'an entity cannot be merged into itself', path: ['entities', i, 'mergedInto'] });
    });
  });

export type EntityFile = z.infer<typeof entityFileSchema>;

export function parseEntityFile(raw: string, file: string): EntityFile {
  const record = readVersioned(raw, file, ENTITY_FORMAT, ENTITY_VERSION);
  const result = entityFileSchema.safeParse(record);
  if (!result.success) throw new FormatError(file, describeIssues(result.error.issues));
  return result.data;
}

export function emptyEntityFile(annotator: string): EntityFile {
  return { format: ENTITY_FORMAT, version: ENTITY_VERSION, annotator, entities: [] };
}

/** Stable output: entities sorted by id, keys in a fixed order. */
export function serializeEntityFile(file: EntityFile): string {
  const entities = [...file.entities]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((e) => ({
      id: e.id,
      name: e.name,
      ...(e.kind ? { kind: e.kind } : {}),
      aliases: [...e.aliases],
      ...(e.notes ? { notes: e.notes } : {}),
      ...(e.mergedInto ? { mergedInto: e.mergedInto } : {}),
      updated: e.updated,
    }));
  const hidden = Object.entries(file.hiddenAliases ?? {})
    .filter(([, aliases]) => aliases.length > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, aliases]) => [id, [...new Set(aliases)].sort()] as const);
  return stableJson({ format: ENTITY_FORMAT, version: ENTITY_VERSION, annotator: file.annotator, entities, ...(hidden.length ? { hiddenAliases: Object.fromEntries(hidden) } : {}) });
}
