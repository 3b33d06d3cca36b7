import { z } from 'zod';
import { annotatorId } from '../format/annotationFile';
import { describeIssues, FormatError } from '../format/errors';
import { readVersioned, stableJson } from '../format/versioned';

/**
 * The curator's choice of annotators for a document, stored beside its text so that it travels
 * with the project: documents/<docId>/review.json (docs/FORMAT.md). No file: the default
 * (shared/review/choice.ts). A file of its own rather than a field of gold.json, so that gold
 * files stay as they were (a Standoff from before the choice still reads them) and the choice
 * can be made before the gold layer holds anything.
 */
export const REVIEW_CHOICE_FORMAT = 'standoff/review';
export const REVIEW_CHOICE_VERSION = 1;

/** Where the choice of a document is stored, relative to the project folder. */
export const reviewChoicePath = (docId: string): string => `documents/${docId}/review.json`;

export const reviewChoiceSchema = z.strictObject({
  format: z.literal(REVIEW_CHOICE_FORMAT),
  version: z.literal(REVIEW_CHOICE_VERSION),
  document: z.string().min(1),
  /** The annotators the curator compares on this document (sorted); those with an empty layer never count. */
  annotators: z.array(annotatorId).max(1000),
});

export type ReviewChoiceFile = z.infer<typeof reviewChoiceSchema>;

/** Reads a choice file; throws FormatError naming the file and each problem. */
export function parseReviewChoice(raw: string, file: string): ReviewChoiceFile {
  const record = readVersioned(raw, file, REVIEW_CHOICE_FORMAT, REVIEW_CHOICE_VERSION);
  const result = reviewChoiceSchema.safeParse(record);
  if (!result.success) throw new FormatError(file, describeIssues(result.error.issues));
  return result.data;
}

/** The file's bytes: fixed key order, annotators sorted and once each. */
export function serializeReviewChoice(docId: string, annotators: readonly string[]): string {
  return stableJson({ format: REVIEW_CHOICE_FORMAT, version: REVIEW_CHOICE_VERSION, document: docId, annotators: [...new Set(annotators)].sort() });
}
