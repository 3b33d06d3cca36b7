/**
 * Review (adjudication): a slice of the service contract for the project's review progress, the
 * annotators that Review compares and Agreement measures on each document, and for finding the
 * disagreements behind a figure of the agreement report. Gold itself is written with the
 * ordinary applyEdits (`settle` / `unsettle` edits, layers.ts).
 *
 * - **The choice.** Per document, the curator chooses the annotators to compare; the choice is
 *   stored in documents/<docId>/review.json (docs/FORMAT.md). Without one, the default is the
 *   annotators who marked the document finished, or, if none did, every annotator who tagged
 *   something. An empty layer (no spans, no relations) never counts (shared/review/choice.ts).
 * - **Disagreements behind a figure.** A label's F1, a pair's, a document's: the review units
 *   where those annotators differ, with that label (shared/review/focus.ts), document by
 *   document, so that a number of the dashboard opens its disagreements in Review.
 */
import { z } from 'zod';
import { annotatorId, labelId } from '../format/annotationFile';
import { documentId } from '../format/documentMeta';
import type { AnnotatorStanding, ChoiceRule } from '../review/choice';
import { empty, type FileProblem } from './common';

export type { AnnotatorStanding, ChoiceRule } from '../review/choice';

/** Who is compared on a document, and why. */
export interface ReviewChoice {
  docId: string;
  /** Every annotator with a layer on the document, sorted, each with where they stand. */
  annotators: AnnotatorStanding[];
  /** The curator's stored choice; null: none, the default applies. */
  stored: string[] | null;
  /** What chose them: the curator, or the default (those finished, else those not empty). */
  rule: ChoiceRule;
  /** The stored choice could not be read (the default applies meanwhile, and the file is not written over). */
  problem: FileProblem | null;
}

/** Which disagreements: those behind a label's figure, a pair's, or every one (with neither). */
export interface DisagreementQuery {
  /** Units where one of the versions compared has this label. */
  label?: string;
  /** Units where these annotators differ (two or more). */
  annotators?: string[];
  /** Only differences of the spans themselves (presence, place, label), not of attributes: behind span F1, α and κ. */
  spans?: boolean;
  /** Only units where versions of the label set this attribute to different values: behind attribute agreement. */
  attribute?: string;
  /** Only what span F1 under this predicate counts: presence; boundaries when exact; labels when labelled. */
  match?: { boundary: 'exact' | 'overlap'; labels: 'labelled' | 'unlabelled' };
  /** Only these documents (default: all). */
  docIds?: string[];
}

export interface DocumentDisagreements {
  docId: string;
  title: string | null;
  /** The annotators compared on it. */
  annotators: string[];
  /** Disagreements behind the query, and how many of them gold has settled. */
  disagreements: number;
  settled: number;
}

export interface DisagreementIndex {
  /** Documents with at least one disagreement behind the query: most first, then by id. */
  documents: DocumentDisagreements[];
  disagreements: number;
  documentsSearched: number;
}

export interface DocumentReviewProgress {
  docId: string;
  title: string | null;
  annotators: string[];
  /** Units where the annotators do not all agree. */
  disagreements: number;
  settled: number;
  /** Whether a gold layer exists for the document. */
  gold: boolean;
  /**
   * Annotators the assignment (assignment.json) expects on this document whose layer is not
   * there yet, or holds nothing and is not marked finished: their work is missing, not in
   * agreement. Absent when nobody expected is missing.
   */
  missing?: string[];
}

export interface ReviewProgress {
  documents: DocumentReviewProgress[];
  disagreements: number;
  settled: number;
}

export interface ReviewApi {
  /** Adjudication progress: disagreements and how many are settled, per document and for the project. */
  reviewProgress(input: Record<string, never>): Promise<ReviewProgress>;
  /** Who Review compares and Agreement measures on a document, each annotator with where they stand. */
  reviewChoice(input: { docId: string }): Promise<ReviewChoice>;
  /**
   * Stores the curator's choice of annotators for a document (null: back to the default),
   * writing only documents/<docId>/review.json. Layers that are empty are never compared, chosen
   * or not. Needs the gold layer's seat: the curator's.
   */
  setReviewChoice(input: { docId: string; annotators: string[] | null }): Promise<ReviewChoice>;
  /** The documents with disagreements behind a figure of the agreement report, with how many. */
  findDisagreements(input: DisagreementQuery): Promise<DisagreementIndex>;
}

export const reviewSchemas = {
  reviewProgress: empty,
  reviewChoice: z.strictObject({ docId: documentId }),
  setReviewChoice: z.strictObject({ docId: documentId, annotators: z.array(annotatorId).max(1000).nullable() }),
  findDisagreements: z.strictObject({
    label: labelId.optional(),
    annotators: z.array(annotatorId).min(2).max(100).optional(),
    spans: z.boolean().optional(),
    match: z.strictObject({ boundary: z.enum(['exact', 'overlap']), labels: z.enum(['labelled', 'unlabelled']) }).optional(),
    attribute: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'an attribute id').optional(),
    docIds: z.array(documentId).min(1).max(100_000).optional(),
  }),
};
