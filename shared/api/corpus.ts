/**
 * The corpus (issue 14): a slice of the service contract for the document list of a project of
 * any size. The list asks for one page of documents at a time, filtered and sorted by the
 * service from its project index (backend/index), so that opening a 100,000-document project
 * costs what the screen shows. listDocuments (documents.ts) still returns every summary, for
 * the callers that need them all.
 */
import { z } from 'zod';
import { annotatorId, labelId } from '../format/annotationFile';
import { documentId } from '../format/documentMeta';
import { empty, type SchemasOf } from './common';
import type { DocumentSummary } from './documents';

/**
 * Where a document stands, from its files and the assignment:
 * - "not-started": no layer holds a span or a finished mark;
 * - "in-progress": some work, but not every expected annotator has finished (expected: the
 *   annotators assigned to the document, or else those who have a layer);
 * - "finished": every expected annotator's layer is marked finished;
 * - "adjudicated": the gold layer is finished (marked, or its review done).
 */
export type DocumentStatus = 'not-started' | 'in-progress' | 'finished' | 'adjudicated';
export const DOCUMENT_STATUSES: readonly DocumentStatus[] = ['not-started', 'in-progress', 'finished', 'adjudicated'];

/**
 * "uncertainty": active learning (issue 15): the documents the learned recommender is least sure
 * about first (its per-document uncertainty from the last training); documents it has not
 * measured come last.
 */
export type DocumentSortKey = 'id' | 'title' | 'status' | 'spans' | 'label' | 'disagreements' | 'length' | 'uncertainty';

export interface DocumentQuery {
  /** Words looked for in the title, the source and the id (case and accents ignored)… */
  text?: string;
  /** …and in the texts too: each text is read from disk, seconds for a large corpus. */
  inText?: boolean;
  /** Only documents in one of these states (none: all). */
  status?: DocumentStatus[];
  /** Only documents this annotator has a layer on or is assigned to. */
  annotator?: string;
  /** "assigned": assigned (to `annotator` when given, else to anyone); "unassigned": assigned to nobody. */
  assignment?: 'assigned' | 'unassigned';
  /** Only documents with at least `minCount` spans of this label (in any annotator's layer, gold left out). */
  label?: string;
  minCount?: number;
  /** "some": disagreements between the annotators compared; "unsettled": some not settled in gold; "none": none. */
  disagreement?: 'some' | 'unsettled' | 'none';
  sort?: DocumentSortKey;
  /** For sort "label": which label's count. */
  sortLabel?: string;
  descending?: boolean;
  offset: number;
  limit: number;
  /** Also say where this document is in the whole filtered, sorted list (`position`). */
  focus?: string;
}

/** A row of the list: the summary, and what the list filters and sorts by. */
export interface DocumentRow extends DocumentSummary {
  status: DocumentStatus;
  /** The annotators assigned to the document (assignment.json), sorted. */
  assigned: string[];
  /** Span counts by label over the annotators' layers (gold left out). */
  labels: Record<string, number>;
  disagreements: number;
  settled: number;
}

export interface DocumentPage {
  /** Documents that pass the filters. */
  total: number;
  /** Documents in the project. */
  all: number;
  offset: number;
  rows: DocumentRow[];
  /** Where `focus` is in the filtered, sorted list; -1 when it is filtered out or unknown. */
  position?: number;
  /** Documents per status, over the documents that pass the other filters. */
  statusCounts: Record<DocumentStatus, number>;
  /** Every annotator with a layer or an assignment, and every label used, for the filters. */
  annotators: string[];
  labels: string[];
  /** The index is still being checked against the files (a change found is told as an event). */
  checking: boolean;
}

/**
 * How far the project index is from serving the list. It is built from every document's files
 * the first time a project is opened on a computer (the index stays out of git: a clone has
 * none), and read in part when many documents arrived since it was written; the list waits
 * meanwhile, and the window shows this.
 */
export interface IndexProgress {
  /** "building": the list waits for the index; "ready": the list is served. */
  state: 'building' | 'ready';
  /** Documents read so far, of `total` (both 0 when ready). */
  done: number;
  total: number;
}

export interface CorpusApi {
  /** One page of the project's documents, filtered and sorted, from the project index. */
  queryDocuments(input: DocumentQuery): Promise<DocumentPage>;
  /** Whether the list waits for the index to be made, and how far it is (answered at once). */
  indexProgress(input: Record<string, never>): Promise<IndexProgress>;
}

export const documentQuerySchema = z.strictObject({
  text: z.string().max(500).optional(),
  inText: z.boolean().optional(),
  status: z.array(z.enum(['not-started', 'in-progress', 'finished', 'adjudicated'])).max(4).optional(),
  annotator: annotatorId.optional(),
  assignment: z.enum(['assigned', 'unassigned']).optional(),
  label: labelId.optional(),
  minCount: z.int().min(0).max(1_000_000).optional(),
  disagreement: z.enum(['some', 'unsettled', 'none']).optional(),
  sort: z.enum(['id', 'title', 'status', 'spans', 'label', 'disagreements', 'length', 'uncertainty']).optional(),
  sortLabel: labelId.optional(),
  descending: z.boolean().optional(),
  offset: z.int().min(0),
  limit: z.int().min(0).max(1000),
  focus: documentId.optional(),
});

export const corpusSchemas = {
  queryDocuments: documentQuerySchema,
  indexProgress: empty,
} satisfies SchemasOf<CorpusApi>;
