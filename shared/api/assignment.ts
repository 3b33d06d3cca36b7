/**
 * Assignment and team progress (issue 12): a slice of the service contract.
 *
 * The curator decides which annotators code which documents. The decision lives in one file,
 * `assignment.json` at the project root, owned by the curators named in `team.json` and synced
 * like the rest. Each annotator sees their queue; the curator sees every annotator × document
 * with its status and can reassign; Review and Agreement read it to know whose layers to expect.
 */
import { z } from 'zod';
import { annotatorId } from '../format/annotationFile';
import { assignmentPlanSchema as plan } from '../format/assignmentFile';
import { documentId } from '../format/documentMeta';
import { empty, type SchemasOf } from './common';

/** Where one annotator stands on one document. "finished": their layer is marked finished. */
export type WorkStatus = 'not-started' | 'in-progress' | 'finished';

/** How a plan spreads documents over annotators. */
export interface AssignmentPlan {
  /** Who receives documents, in the order "in-order" deals them. */
  annotators: string[];
  /** Annotators on each document outside the overlap (usually 1). */
  perDocument: number;
  /** Share of documents (0–1) coded by `overlapPerDocument` annotators, to measure agreement. */
  overlapShare: number;
  /** Annotators on each overlap document (usually 2). */
  overlapPerDocument: number;
  /** "random": a seeded shuffle (the same seed gives the same plan); "in-order": the list's order, dealt in turn. */
  order: 'random' | 'in-order';
  seed?: string;
  /** Leave documents already assigned as they are; plan only the others (default true). */
  keepExisting?: boolean;
}

/** The assignment file's content, as the service reads it. */
export interface Assignment {
  /** docId → the annotators expected to code it. A document missing here is unassigned. */
  documents: Record<string, string[]>;
  /** The last plan applied, kept so a curator can rerun it on new documents. */
  plan: AssignmentPlan | null;
  /** ISO 8601 of the last change, and who made it. */
  updated: string | null;
  updatedBy: string | null;
}

export interface AssignmentChange {
  assignment: Assignment;
  /** Documents whose annotators changed. */
  changed: number;
  /** What was done, in words: "42 documents assigned: 34 to one annotator, 8 to two". */
  message: string;
}

export interface QueueItem {
  docId: string;
  title: string | null;
  status: WorkStatus;
  /** This annotator's spans on the document. */
  spans: number;
}

/**
 * One page of an annotator's documents, in assignment order, unfinished first. Paged: an
 * annotator of a 100,000-document project may have tens of thousands of documents, and the
 * window shows a screenful.
 */
export interface Queue {
  annotator: string;
  /** The queue's documents from `offset`, at most the `limit` asked for. */
  items: QueueItem[];
  offset: number;
  /** Documents in the whole queue (`done` + `left`). */
  total: number;
  done: number;
  left: number;
  /** The first unfinished document (after `after` when given), or null when all are done. */
  next: string | null;
  /** Where `after` is in the whole queue (0-based, unfinished first); -1 when it is not in it or not given. */
  position: number;
}

export interface AnnotatorProgress {
  annotator: string;
  assigned: number;
  finished: number;
  inProgress: number;
  notStarted: number;
  /** Spans in this annotator's layers over the whole project. */
  spans: number;
  /** ISO 8601 of this annotator's last commit reaching the shared history (null: never, or not shared). */
  lastSync: string | null;
}

export interface DocumentProgress {
  docId: string;
  title: string | null;
  /** Who is expected (the assignment); empty when unassigned. */
  assigned: string[];
  /** Status of every annotator with a layer or an assignment on this document. */
  status: Record<string, WorkStatus>;
  /** Gold is finished (every disagreement settled, or marked). */
  adjudicated: boolean;
}

/**
 * Where the team stands: every annotator's counts and the project's totals over the whole
 * project, with one page of the documents (in id order). Paged: at 100,000 documents a row per
 * document was most of the server's memory while answering, and the matrix shows a screenful.
 */
export interface TeamProgress {
  annotators: AnnotatorProgress[];
  /** The documents from `offset` in id order, at most the `limit` asked for. */
  documents: DocumentProgress[];
  offset: number;
  /** Documents in the project. */
  total: number;
  /** Documents with nobody assigned. */
  unassigned: number;
  /** Documents assigned to someone and finished by everyone assigned. */
  finishedByAll: number;
  /** Documents adjudicated (DocumentProgress.adjudicated). */
  adjudicated: number;
  /** Who may change the assignment (team.json); empty: anyone may. */
  curators: string[];
}

/** A page: `limit` rows from `offset` (at most 1,000; 0 for the counts alone). */
export interface PageAsked {
  offset: number;
  limit: number;
}

export interface AssignmentApi {
  getAssignment(input: Record<string, never>): Promise<Assignment>;
  /**
   * Applies a plan. With `dryRun`, says what it would do and writes nothing. Refused, in words,
   * when `by` is not a curator of a project whose team names curators.
   */
  planAssignment(input: { plan: AssignmentPlan; by: string; dryRun?: boolean }): Promise<AssignmentChange>;
  /** Manual change: set, add or remove annotators on the given documents. Same curator rule. */
  reassign(input: { docIds: string[]; annotators: string[]; mode: 'set' | 'add' | 'remove'; by: string }): Promise<AssignmentChange>;
  /**
   * A page of one annotator's queue; `after` picks the next unfinished document after that one
   * and says where it is in the queue (`position`).
   */
  myQueue(input: { annotator: string; after?: string } & PageAsked): Promise<Queue>;
  /** Per annotator over the whole project, and a page of the documents, for the curator's matrix and `standoff status`. */
  teamProgress(input: PageAsked): Promise<TeamProgress>;
}

/** Pages are bounded as the document list's are (shared/api/corpus.ts). */
export const PAGE_LIMIT = 1000;
const page = { offset: z.int().min(0), limit: z.int().min(0).max(PAGE_LIMIT) };

export const assignmentSchemas = {
  getAssignment: empty,
  planAssignment: z.strictObject({ plan, by: annotatorId, dryRun: z.boolean().optional() }),
  reassign: z.strictObject({
    docIds: z.array(documentId).min(1).max(100_000),
    annotators: z.array(annotatorId).max(500),
    mode: z.enum(['set', 'add', 'remove']),
    by: annotatorId,
  }),
  myQueue: z.strictObject({ annotator: annotatorId, after: documentId.optional(), ...page }),
  teamProgress: z.strictObject(page),
} satisfies SchemasOf<AssignmentApi>;
