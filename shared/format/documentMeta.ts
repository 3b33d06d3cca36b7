import { z } from 'zod';
import { describeIssues, FormatError } from './errors';
import { readVersioned, stableJson } from './versioned';

export const DOCUMENT_FORMAT = 'standoff/document';
export const DOCUMENT_VERSION = 1;

/**
 * Document ids name folders, and keep the names corpora give their files (`PMID-9888390`,
 * `esp.train-doc-46`): letters of either case, digits, "-", "_", and "." inside. Not a
 * name ending like the leftovers of interrupted work (`<id>.importing/`, `.tmp`, `.bak`,
 * `.part`), which listings skip. How a name that is not valid becomes one: documentIdFor
 * (shared/importing/article.ts).
 */
export const DOCUMENT_ID = /^(?!.*\.(?:importing|tmp|bak|part)$)[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,98}[A-Za-z0-9_-])?$/;
export const documentId = z.string().regex(DOCUMENT_ID, 'must be 1–100 letters, digits, "-", "_" or "." (not first or last), and not end in .importing, .tmp, .bak or .part');

export const documentMetaSchema = z.strictObject({
  format: z.literal(DOCUMENT_FORMAT),
  version: z.literal(DOCUMENT_VERSION),
  id: documentId,
  title: z.string().nullable(),
  source: z.string().nullable(),
  /** Who wrote the article (the page's byline), when import found one; absent otherwise. */
  author: z.string().min(1).optional(),
  /** When the article was published, as the page gives it (usually ISO 8601); absent when unknown. */
  published: z.string().min(1).optional(),
  /** Who published it (the site or news organisation), when import found one; absent otherwise. */
  publisher: z.string().min(1).optional(),
  /** SHA-256 of text.txt as imported; a mismatch means the text was edited since. */
  textHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  /** Length of text.txt in code points. */
  length: z.int().nonnegative(),
  importedFrom: z.string().nullable(),
  /** What import changed or dropped, in words (e.g. a stray line of page markup). */
  importNotes: z.array(z.string()),
});

export type DocumentMeta = z.infer<typeof documentMetaSchema>;

export function parseDocumentMeta(raw: string, file: string): DocumentMeta {
  const record = readVersioned(raw, file, DOCUMENT_FORMAT, DOCUMENT_VERSION);
  const result = documentMetaSchema.safeParse(record);
  if (!result.success) throw new FormatError(file, describeIssues(result.error.issues));
  return result.data;
}

export function serializeDocumentMeta(m: DocumentMeta): string {
  return stableJson({
    format: DOCUMENT_FORMAT,
    version: DOCUMENT_VERSION,
    id: m.id,
    title: m.title,
    source: m.source,
    // Optional: written only when known, so files without them stay byte for byte as they were.
    ...(m.author !== undefined ? { author: m.author } : {}),
    ...(m.published !== undefined ? { published: m.published } : {}),
    ...(m.publisher !== undefined ? { publisher: m.publisher } : {}),
    textHash: m.textHash,
    length: m.length,
    importedFrom: m.importedFrom,
    importNotes: m.importNotes,
  });
}
