import { z } from 'zod';
import { ATTRIBUTE_KIND_IDS, ATTRIBUTE_KINDS, kindOf } from '../model/attributeKinds';
import { ATTRIBUTE_ID, ATTRIBUTE_ID_RULE, MAX_LABELS, RESERVED_ATTRIBUTE_KEYS, type AttributeDef, type Label, type LabelSchema, type RelationType } from '../model/labels';
import { labelId } from './annotationFile';
import { describeIssues, FormatError } from './errors';
import { readVersioned, stableJson } from './versioned';

export const PROJECT_FORMAT = 'standoff/project';
/** 2 added attributes to labels and relation types; version 1 manifests are read and upgraded. */
export const PROJECT_VERSION = 2;
/** The manifest's file name inside a project folder. */
export const MANIFEST_FILE = 'standoff.json';

/** Attribute and option ids: as brat's attribute names and values are (`Category`, `SpecificDisease`). */
const shortId = z.string().regex(ATTRIBUTE_ID, ATTRIBUTE_ID_RULE);
const optionSchema = z.strictObject({ id: shortId, name: z.string().min(1).max(60) });
const attributeBase = {
  id: shortId,
  name: z.string().min(1).max(60),
  key: z
    .string()
    .regex(/^[a-z]$/, 'must be one lower-case letter a–z')
    .refine((k) => !RESERVED_ATTRIBUTE_KEYS.has(k), 'is reserved (R starts a relation, A accepts a proposal, M finds mentions)')
    .optional(),
  description: z.string().optional(),
};
const optionsSchema = z
  .array(optionSchema)
  .min(1, 'needs at least one option')
  .max(50)
  .superRefine((options, ctx) => {
    const seen = new Set<string>();
    options.forEach((o, i) => {
      if (seen.has(o.id)) ctx.addIssue({ code: 'custom', message: `duplicate option id "${o.id}"`, path: [i, 'id'] });
      seen.add(o.id);
    });
  });

/** An attribute's definition: the schema of its kind (shared/model/attributeKinds.ts), told apart by `type`. */
export const attributeDefSchema = z.discriminatedUnion(
  'type',
  ATTRIBUTE_KIND_IDS.map((kind) => ATTRIBUTE_KINDS[kind].schema({ base: attributeBase, options: optionsSchema, z })) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<AttributeDef>;

const labelSchema = z
  .strictObject({
    id: labelId,
    name: z.string().min(1).max(60),
    /** Only the first nine labels can have a key; the rest are tagged through the palette. */
    key: z.string().regex(/^[1-9]$/, 'must be one digit 1–9').optional(),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #0072b2'),
    description: z.string().optional(),
    attributes: z.array(attributeDefSchema).max(30),
  })
  .superRefine((label, ctx) => {
    const ids = new Set<string>();
    const keys = new Set<string>();
    label.attributes.forEach((a, i) => {
      if (ids.has(a.id)) ctx.addIssue({ code: 'custom', message: `duplicate attribute id "${a.id}"`, path: ['attributes', i, 'id'] });
      if (a.key && keys.has(a.key)) ctx.addIssue({ code: 'custom', message: `key ${a.key} is used twice in this label`, path: ['attributes', i, 'key'] });
      ids.add(a.id);
      if (a.key) keys.add(a.key);
    });
  });

/** A label schema: 1–MAX_LABELS labels, each id and each key (1–9, LABEL_KEYS) used once; labels beyond nine have no key. */
export const labelsSchema = z
  .array(labelSchema)
  .min(1)
  .max(MAX_LABELS)
  .superRefine((labels, ctx) => {
    const ids = new Set<string>();
    const keys = new Set<string>();
    labels.forEach((l, i) => {
      if (ids.has(l.id)) ctx.addIssue({ code: 'custom', message: `duplicate label id "${l.id}"`, path: [i, 'id'] });
      if (l.key !== undefined && keys.has(l.key)) ctx.addIssue({ code: 'custom', message: `key ${l.key} is used twice`, path: [i, 'key'] });
      ids.add(l.id);
      if (l.key !== undefined) keys.add(l.key);
    });
  });

export const relationTypeSchema = z.strictObject({
  id: shortId,
  name: z.string().min(1).max(60),
  from: z.array(labelId).min(1),
  to: z.array(labelId).min(1),
  description: z.string().optional(),
});

/** Labels and relation types together: relation ids unique, and every label they name exists. */
export const labelSchemaSchema = z
  .strictObject({ labels: labelsSchema, relations: z.array(relationTypeSchema).max(50) })
  .superRefine((schema, ctx) => {
    const labels = new Set(schema.labels.map((l) => l.id));
    const ids = new Set<string>();
    schema.relations.forEach((r, i) => {
      if (ids.has(r.id)) ctx.addIssue({ code: 'custom', message: `duplicate relation type id "${r.id}"`, path: ['relations', i, 'id'] });
      ids.add(r.id);
      for (const end of ['from', 'to'] as const) {
        r[end].forEach((l, j) => {
          if (!labels.has(l)) ctx.addIssue({ code: 'custom', message: `no label "${l}" in the schema`, path: ['relations', i, end, j] });
        });
      }
    });
  });

const manifestObject = z.strictObject({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  name: z.string().min(1),
  labels: labelsSchema,
  relations: z.array(relationTypeSchema).max(50),
  settings: z.strictObject({
    /** Widen selections to whole words when tagging (a held Alt key tags the exact selection). */
    snapToWords: z.boolean(),
  }),
});

export const manifestSchema = manifestObject.superRefine((m, ctx) => {
  const check = labelSchemaSchema.safeParse({ labels: m.labels, relations: m.relations });
  if (!check.success) for (const issue of check.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
});

export type Manifest = z.infer<typeof manifestSchema>;

export function parseManifest(raw: string, file: string): Manifest {
  const record = readVersioned(raw, file, PROJECT_FORMAT, PROJECT_VERSION);
  const result = manifestSchema.safeParse(record.version === 1 ? upgradeV1(record) : record);
  if (!result.success) throw new FormatError(file, describeIssues(result.error.issues));
  return result.data;
}

/** Version 1 had labels without attributes and no relation types. */
function upgradeV1(record: Record<string, unknown>): Record<string, unknown> {
  const labels = Array.isArray(record.labels)
    ? record.labels.map((l: unknown) => (l && typeof l === 'object' && !('attributes' in l) ? { ...l, attributes: [] } : l))
    : record.labels;
  return { ...record, version: PROJECT_VERSION, labels, relations: record.relations ?? [] };
}

export function newManifest(name: string, schema: LabelSchema): Manifest {
  return { format: PROJECT_FORMAT, version: PROJECT_VERSION, name, labels: schema.labels, relations: schema.relations, settings: { snapToWords: true } };
}

const optional = <T>(key: string, value: T | undefined) => (value === undefined || value === '' ? {} : { [key]: value });

/** An attribute definition with its keys in one fixed order. */
export function attributeForDisk(a: AttributeDef): AttributeDef {
  const base = { id: a.id, name: a.name, type: a.type, ...optional('key', a.key), ...optional('description', a.description) };
  return { ...base, ...kindOf(a).forDisk(a) } as AttributeDef;
}

export function labelForDisk(l: Label): Label {
  return { id: l.id, name: l.name, ...optional('key', l.key), color: l.color, ...optional('description', l.description), attributes: l.attributes.map(attributeForDisk) };
}

export function relationTypeForDisk(r: RelationType): RelationType {
  return { id: r.id, name: r.name, from: [...r.from], to: [...r.to], ...optional('description', r.description) };
}

export function serializeManifest(m: Manifest): string {
  return stableJson({
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name: m.name,
    labels: m.labels.map(labelForDisk),
    relations: m.relations.map(relationTypeForDisk),
    settings: { snapToWords: m.settings.snapToWords },
  });
}
