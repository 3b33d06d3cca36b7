import { z } from 'zod';
import { annotatorId } from './annotationFile';
import { DOCUMENT_ID, documentId } from './documentMeta';
import { describeIssues, FormatError } from './errors';
import { stableJson } from './versioned';

/**
 * `assignment.json` at the project root: which annotators are expected to code which documents
 * (issue 12, docs/TEAM.md). One file for the whole project, changed only by the curators named
 * in `team.json`, shared through git like the rest:
 *
 *   { "formatVersion": 1,
 *     "documents": { "<docId>": ["layla", "tom"] },
 *     "plan": { …the last plan applied… } | null,
 *     "updated": "<ISO 8601>" | null, "updatedBy": "<annotator>" | null }
 *
 * A document missing from `documents` is unassigned. Written stably (documents and each
 * document's annotators sorted, one entry per line) so that reassigning one document is a
 * one-line diff, and a merge of two curators' changes touches only the lines each changed.
 */
export const ASSIGNMENT_PATH = 'assignment.json';
export const ASSIGNMENT_FORMAT_VERSION = 1;

/** The plan a curator applied, kept so that it can be run again on documents added later. */
export const assignmentPlanSchema = z.strictObject({
  annotators: z.array(annotatorId).min(1).max(500),
  perDocument: z.number().int().min(1).max(50),
  overlapShare: z.number().min(0).max(1),
  overlapPerDocument: z.number().int().min(1).max(50),
  order: z.enum(['random', 'in-order']),
  seed: z.string().max(200).optional(),
  keepExisting: z.boolean().optional(),
});

export const assignmentFileSchema = z.strictObject({
  formatVersion: z.literal(ASSIGNMENT_FORMAT_VERSION),
  documents: z.record(documentId, z.array(annotatorId).max(500).refine((a) => new Set(a).size === a.length, 'names an annotator twice')),
  plan: assignmentPlanSchema.nullable(),
  updated: z.iso.datetime({ offset: true }).nullable(),
  updatedBy: annotatorId.nullable(),
});

export type AssignmentFile = z.infer<typeof assignmentFileSchema>;

export const emptyAssignmentFile = (): AssignmentFile => ({ formatVersion: ASSIGNMENT_FORMAT_VERSION, documents: {}, plan: null, updated: null, updatedBy: null });

/**
 * Reads the file; throws FormatError naming the file and each problem. A newer format version
 * is refused before any field is read (the file is then never written over).
 */
export function parseAssignmentFile(raw: string, file: string = ASSIGNMENT_PATH): AssignmentFile {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new FormatError(file, [`not valid JSON (${(e as Error).message})`]);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new FormatError(file, ['expected a JSON object']);
  const version = (data as Record<string, unknown>).formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version)) throw new FormatError(file, ['"formatVersion" is missing or not a whole number']);
  if (version > ASSIGNMENT_FORMAT_VERSION) {
    throw new FormatError(file, [`format version ${version} is newer than this Standoff understands (${ASSIGNMENT_FORMAT_VERSION}); update Standoff — the file was left as it is`]);
  }
  // At 100,000 documents zod's check of `documents` made a second copy of the whole map (about
  // 27 MB more at a request's peak, and half a second). A map that passes the same checks by hand
  // is kept as parsed; on any problem zod checks it all, and its words are the error's.
  const documents = (data as Record<string, unknown>).documents;
  if (documentsPass(documents)) {
    const rest = assignmentFileSchema.safeParse({ ...data, documents: {} });
    if (rest.success) return { ...rest.data, documents };
  }
  const result = assignmentFileSchema.safeParse(data);
  if (!result.success) throw new FormatError(file, describeIssues(result.error.issues));
  return result.data;
}

/** `documents` passes assignmentFileSchema's checks (a false answer only sends it to zod). */
function documentsPass(documents: unknown): documents is Record<string, string[]> {
  if (typeof documents !== 'object' || documents === null || Object.getPrototypeOf(documents) !== Object.prototype) return false;
  const names = new Set<string>();
  for (const docId of Object.keys(documents)) {
    if (!DOCUMENT_ID.test(docId)) return false;
    const annotators = (documents as Record<string, unknown>)[docId];
    if (!Array.isArray(annotators) || annotators.length > 500) return false;
    for (let i = 0; i < annotators.length; i++) {
      const a: unknown = annotators[i];
      if (typeof a !== 'string' || annotators.indexOf(a) !== i) return false;
      if (!names.has(a)) {
        if (!annotatorId.safeParse(a).success) return false;
        names.add(a);
      }
    }
  }
  return true;
}

/** The file's bytes: documents sorted by id, each one's annotators sorted, unassigned documents left out. */
export function serializeAssignmentFile(file: AssignmentFile): string {
  const documents: Record<string, string[]> = {};
  for (const docId of Object.keys(file.documents).sort()) {
    const annotators = [...new Set(file.documents[docId])].sort();
    if (annotators.length) documents[docId] = annotators;
  }
  const plan = file.plan ? { ...file.plan, annotators: [...file.plan.annotators] } : null;
  // One document per line: JSON.stringify would put every annotator on a line of its own.
  const body = stableJson({ formatVersion: ASSIGNMENT_FORMAT_VERSION, documents: '\u0000', plan, updated: file.updated, updatedBy: file.updatedBy });
  const entries = Object.entries(documents).map(([id, names]) => `    ${JSON.stringify(id)}: ${JSON.stringify(names)}`);
  return body.replace('"\\u0000"', entries.length ? `{\n${entries.join(',\n')}\n  }` : '{}');
}

/** What `validate` says of a readable file: documents it names that the project does not hold. */
export function assignmentProblems(file: AssignmentFile, documentIds: readonly string[]): string[] {
  const known = new Set(documentIds);
  const unknown = Object.keys(file.documents).filter((d) => !known.has(d));
  if (!unknown.length) return [];
  const shown = unknown.slice(0, 10).map((d) => `"${d}"`).join(', ');
  return [`assigns ${unknown.length === 1 ? 'a document' : `${unknown.length} documents`} the project does not hold (${shown}${unknown.length > 10 ? ', …' : ''}); remove ${unknown.length === 1 ? 'it' : 'them'} with standoff assign --docs … --set ""`];
}
