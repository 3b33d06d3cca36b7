import { z } from 'zod';
import type { Label } from '../model/labels';
import { labelId } from './annotationFile';
import { describeIssues, FormatError } from './errors';
import { readVersioned, stableJson } from './versioned';

export const PROJECT_FORMAT = 'standoff/project';
export const PROJECT_VERSION = 1;
/** The manifest's file name inside a project folder. */
export const MANIFEST_FILE = 'standoff.json';

const labelSchema = z.strictObject({
  id: labelId,
  name: z.string().min(1).max(60),
  key: z.string().regex(/^[1-9]$/, 'must be one digit 1–9'),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #0072b2'),
  description: z.string().optional(),
});

/** A label schema: 1–9 labels, each id and each key used once. */
export const labelsSchema = z
  .array(labelSchema)
  .min(1)
  .max(9)
  .superRefine((labels, ctx) => {
    const ids = new Set<string>();
    const keys = new Set<string>();
    labels.forEach((l, i) => {
      if (ids.has(l.id)) ctx.addIssue({ code: 'custom', message: `duplicate label id "${l.id}"`, path: [i, 'id'] });
      if (keys.has(l.key)) ctx.addIssue({ code: 'custom', message: `key ${l.key} is used twice`, path: [i, 'key'] });
      ids.add(l.id);
      keys.add(l.key);
    });
  });

export const manifestSchema = z.strictObject({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  name: z.string().min(1),
  labels: labelsSchema,
  settings: z.strictObject({
    /** Widen selections to whole words when tagging (a held Alt key tags the exact selection). */
    snapToWords: z.boolean(),
  }),
});

export type Manifest = z.infer<typeof manifestSchema>;

export function parseManifest(raw: string, file: string): Manifest {
  const record = readVersioned(raw, file, PROJECT_FORMAT, PROJECT_VERSION);
  const result = manifestSchema.safeParse(record);
  if (!result.success) throw new FormatError(file, describeIssues(result.error.issues));
  return result.data;
}

export function newManifest(name: string, labels: Label[]): Manifest {
  return { format: PROJECT_FORMAT, version: PROJECT_VERSION, name, labels, settings: { snapToWords: true } };
}

export function serializeManifest(m: Manifest): string {
  return stableJson({
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name: m.name,
    labels: m.labels.map((l) => ({ id: l.id, name: l.name, key: l.key, color: l.color, ...(l.description ? { description: l.description } : {}) })),
    settings: { snapToWords: m.settings.snapToWords },
  });
}
