import { z } from 'zod';
import type { Label } from '../model/labels';
import type { Span } from '../model/span';
import type { Orphan } from '../format/annotationFile';
import { annotatorId, labelId, spanSchema, spanId } from '../format/annotationFile';
import { documentId, type DocumentMeta } from '../format/documentMeta';
import { labelsSchema } from '../format/manifest';

/**
 * The single typed contract of the Standoff service. Every door (Electron IPC, the loopback
 * HTTP server, the command line) calls these methods and nothing else, and every argument is
 * validated against `inputSchemas` where it crosses a door.
 */
export interface StandoffApi {
  getProject(input: Record<string, never>): Promise<ProjectInfo>;
  listDocuments(input: Record<string, never>): Promise<DocumentSummary[]>;
  /** A document with its annotators' layers: all of them, or only those named in `annotators`. */
  openDocument(input: { docId: string; annotators?: string[] }): Promise<OpenedDocument>;
  applyEdits(input: { docId: string; annotator: string; edits: SpanEditInput[] }): Promise<EditResult>;
  validateProject(input: Record<string, never>): Promise<ValidationReport>;
  /** The project's annotation guidelines (Markdown), or null if it has none. */
  getGuidelines(input: Record<string, never>): Promise<Guidelines>;
  /** Finds text, or spans of a label, across the project or in some documents. */
  search(input: SearchQuery): Promise<SearchResult>;
  /**
   * Replaces the project's labels (rename, recolour, new keys, new labels). Refused, saying
   * where, when a label that annotations use would disappear.
   */
  updateLabels(input: { labels: Label[] }): Promise<ProjectInfo>;
}

export type MethodName = keyof StandoffApi;
export type MethodInput<M extends MethodName> = Parameters<StandoffApi[M]>[0];
export type MethodOutput<M extends MethodName> = Awaited<ReturnType<StandoffApi[M]>>;

/** A problem with one file, in words: shown in the UI and printed by `standoff validate`. */
export interface FileProblem {
  /** Path relative to the project folder. */
  file: string;
  problems: string[];
}

export interface ProjectInfo {
  name: string;
  /** Absolute path of the project folder, for display. */
  root: string;
  labels: Label[];
  settings: { snapToWords: boolean };
}

export interface DocumentSummary {
  id: string;
  title: string | null;
  source: string | null;
  /** The first words of the text, shown where there is no title. */
  excerpt: string;
  /** Length in code points. */
  length: number;
  /** Span counts per annotator. */
  annotators: Record<string, number>;
  /** Files of this document that could not be read. */
  problems: FileProblem[];
}

export interface Layer {
  annotator: string;
  spans: Span[];
  orphans: Orphan[];
  /** Spans moved by re-anchoring because the text changed since they were made. */
  reanchored: number;
  /** Set when the file could not be read: the layer is then read-only and the file untouched. */
  error?: FileProblem;
}

export interface OpenedDocument {
  meta: DocumentMeta;
  text: string;
  layers: Layer[];
}

export type SpanEditInput = { op: 'add'; span: Span } | { op: 'remove'; id: string } | { op: 'update'; span: Span };

export interface EditResult {
  /** How many spans the annotator's layer holds after the edits, as saved. */
  spanCount: number;
}

export interface Guidelines {
  /** Path relative to the project folder. */
  file: string;
  markdown: string | null;
}

export interface SearchQuery {
  /** Text to find, case-insensitive; may be empty when `label` is given (all spans of it). */
  query: string;
  /** Find spans of this label (their quoted text must contain `query`) instead of text. */
  label?: string;
  /** With `label`: only this annotator's spans. */
  annotator?: string;
  /** Only these documents (default: all). */
  docIds?: string[];
  /** At most this many hits (default 500). */
  limit?: number;
}

export interface SearchHit {
  docId: string;
  title: string | null;
  /** Code points, start inclusive, end exclusive. */
  startOffset: number;
  endOffset: number;
  /** Some context either side of the match, for the result list. */
  before: string;
  match: string;
  after: string;
  /** For span hits: the span, its label and whose it is. */
  spanId?: string;
  label?: string;
  annotator?: string;
}

export interface SearchResult {
  hits: SearchHit[];
  /** False when `limit` was reached before every document was searched. */
  complete: boolean;
  documentsSearched: number;
  documentsTotal: number;
  /** Time the service took, in milliseconds. */
  elapsedMs: number;
}

export interface ValidationReport {
  filesChecked: number;
  problems: FileProblem[];
}

const empty = z.strictObject({});
const editSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('add'), span: spanSchema }),
  z.strictObject({ op: z.literal('remove'), id: spanId }),
  z.strictObject({ op: z.literal('update'), span: spanSchema }),
]);

/** Validation of every method's argument, applied by each door before the service runs. */
export const inputSchemas: { [M in MethodName]: z.ZodType<MethodInput<M>> } = {
  getProject: empty,
  listDocuments: empty,
  openDocument: z.strictObject({ docId: documentId, annotators: z.array(annotatorId).max(100).optional() }),
  applyEdits: z.strictObject({ docId: documentId, annotator: annotatorId, edits: z.array(editSchema).min(1).max(50_000) }),
  validateProject: empty,
  getGuidelines: empty,
  updateLabels: z.strictObject({ labels: labelsSchema }),
  search: z.strictObject({
    query: z.string().max(1000),
    label: labelId.optional(),
    annotator: annotatorId.optional(),
    docIds: z.array(documentId).max(100_000).optional(),
    limit: z.int().min(1).max(10_000).optional(),
  }),
};

export const methodNames = Object.keys(inputSchemas) as MethodName[];
