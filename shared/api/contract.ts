import { z } from 'zod';
import type { Entity, EntityDuplicate, EntitySuggestion } from '../entities/registry';
import type { Label, LabelSchema, RelationType } from '../model/labels';
import type { Relation, Span, SpanEdit } from '../model/span';
import type { Orphan } from '../format/annotationFile';
import { annotatorId, labelId, layerId, relationSchema, spanSchema, spanId, unitKey } from '../format/annotationFile';
import { documentId, type DocumentMeta } from '../format/documentMeta';
import { entityId } from '../format/entityFile';
import { labelSchemaSchema } from '../format/manifest';

/**
 * The single typed contract of the Standoff service. Every door (Electron IPC, the loopback
 * HTTP server, the command line) calls these methods and nothing else, and every argument is
 * validated against `inputSchemas` where it crosses a door.
 */
export interface StandoffApi {
  getProject(input: Record<string, never>): Promise<ProjectInfo>;
  listDocuments(input: Record<string, never>): Promise<DocumentSummary[]>;
  /**
   * A document with its annotators' layers: all of them, or only those named in `annotators`;
   * with `gold`, the gold layer too (empty if there is none yet).
   */
  openDocument(input: { docId: string; annotators?: string[]; gold?: boolean }): Promise<OpenedDocument>;
  applyEdits(input: { docId: string; annotator: string; edits: SpanEditInput[] }): Promise<EditResult>;
  /**
   * Marks a layer of a document finished, or not (`annotator` may be "gold"), writing only that
   * mark in its file. Returns the document's finished layers afterwards: the gold layer also
   * counts as finished when its review is done, whatever its mark (DocumentSummary.finished).
   */
  setFinished(input: { docId: string; annotator: string; finished: boolean }): Promise<FinishedResult>;
  validateProject(input: Record<string, never>): Promise<ValidationReport>;
  /** The project's annotation guidelines (Markdown), or null if it has none. */
  getGuidelines(input: Record<string, never>): Promise<Guidelines>;
  /** Finds text, or spans of a label, across the project or in some documents. */
  search(input: SearchQuery): Promise<SearchResult>;
  /**
   * Replaces the project's label schema (labels, their attributes, relation types). Refused,
   * saying what and where, when annotations already made would no longer fit it.
   */
  updateSchema(input: LabelSchema): Promise<ProjectInfo>;
  /** The whole entity registry, merged from every annotator's file. */
  listEntities(input: Record<string, never>): Promise<EntityList>;
  /** Entities whose name or an alias matches typed text, transliteration variants included, each explained. */
  suggestEntities(input: { text: string; limit?: number }): Promise<EntitySuggestion[]>;
  /**
   * Creates or changes an entity, writing only the annotator's own registry file. `id` absent:
   * a new entity (its id is made from the name).
   */
  saveEntity(input: { annotator: string; entity: EntityInput }): Promise<Entity>;
  /** Pairs of registry entities whose names say they may be the same, each explained. */
  entityDuplicates(input: { limit?: number }): Promise<EntityDuplicate[]>;
  /** Mentions of an entity (its name, aliases and close variants) in some documents or all. */
  findMentions(input: { entityId: string; annotator: string; docIds?: string[]; limit?: number }): Promise<MentionResult>;
  /** Adjudication progress: disagreements and how many are settled, per document and for the project. */
  reviewProgress(input: Record<string, never>): Promise<ReviewProgress>;
  // ---- agreement (issue 4): methods below this line
  /**
   * Agreement between the annotators (never the gold layer), pooled over the project: span F1,
   * α_U, α and κ per label, per annotator pair and per document, the label confusion, and
   * agreement on attributes and relations. Shape: docs/AGREEMENT-REPORT.md.
   */
  agreement(input: AgreementQuery): Promise<ProjectAgreementReport>;
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
  relations: RelationType[];
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
  /**
   * The layers finished, sorted, "gold" last: an annotator's when its file is marked finished;
   * gold when gold.json is marked finished or every disagreement of the document is settled.
   */
  finished: string[];
  /** Files of this document that could not be read. */
  problems: FileProblem[];
}

export interface FinishedResult {
  docId: string;
  /** The document's finished layers after the change, as DocumentSummary.finished. */
  finished: string[];
}

export interface Layer {
  annotator: string;
  spans: Span[];
  relations: Relation[];
  orphans: Orphan[];
  /** Gold layer only: the unit keys of the disagreements settled. */
  settled?: string[];
  /** The file marks the layer finished (for gold, DocumentSummary.finished also counts a review that is done). */
  finished?: boolean;
  /** Spans moved by re-anchoring because the text changed since they were made. */
  reanchored: number;
  /** Set when the file could not be read: the layer is then read-only and the file untouched. */
  error?: FileProblem;
}

export interface OpenedDocument {
  meta: DocumentMeta;
  text: string;
  layers: Layer[];
  /** The gold layer, when asked for. */
  gold?: Layer;
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
}

export interface ReviewProgress {
  documents: DocumentReviewProgress[];
  disagreements: number;
  settled: number;
}

/** An edit as it crosses a door: the model's SpanEdit, validated by `editSchema` below. */
export type SpanEditInput = SpanEdit;

export interface EntityList {
  /** Entities not merged into another, by name. */
  entities: Entity[];
  /** Registry files that could not be read (they are left untouched). */
  problems: FileProblem[];
}

export interface EntityInput {
  id?: string;
  name: string;
  kind?: string;
  aliases: string[];
  notes?: string;
  /** Accepting that this entity is another: its mentions then count as that one's. */
  mergedInto?: string;
}

export type { EntitySuggestion, EntityDuplicate } from '../entities/registry';

export interface MentionHit {
  docId: string;
  title: string | null;
  /** Code points, start inclusive, end exclusive. */
  startOffset: number;
  endOffset: number;
  text: string;
  before: string;
  after: string;
  /** The name or alias it matched; `exact` when it is that alias (ignoring case). */
  matched: string;
  exact: boolean;
  explanation: string[];
  /** The annotator's actor span already there, if any, and whether it links this entity. */
  spanId?: string;
  linked?: boolean;
}

export interface MentionResult {
  hits: MentionHit[];
  documentsSearched: number;
  complete: boolean;
}

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
  /** With `label`: only spans whose attribute has this value (for a list: contains it; for a range: contains the number). */
  attribute?: { id: string; value: string | number | boolean };
  /** Only spans linked to this entity (or to one merged into it), whatever their label. */
  entity?: string;
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
  /** For span hits: the span, its label, whose it is, and its attributes. */
  spanId?: string;
  label?: string;
  annotator?: string;
  attributes?: Span['attributes'];
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

// ---- agreement (issue 4): types
/** What `agreement` compares: all annotators, labels and documents, or only those named. */
export interface AgreementQuery {
  annotators?: string[];
  labels?: string[];
  docIds?: string[];
}
/** The agreement report (shared/agreement/projectTypes.ts; docs/AGREEMENT-REPORT.md). */
export type ProjectAgreementReport = import('../agreement/projectTypes').ProjectAgreementReport;

const empty = z.strictObject({});
const editSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('add'), span: spanSchema }),
  z.strictObject({ op: z.literal('remove'), id: spanId }),
  z.strictObject({ op: z.literal('update'), span: spanSchema }),
  z.strictObject({ op: z.literal('addRelation'), relation: relationSchema }),
  z.strictObject({ op: z.literal('removeRelation'), id: spanId }),
  z.strictObject({ op: z.literal('settle'), unit: unitKey }),
  z.strictObject({ op: z.literal('unsettle'), unit: unitKey }),
]);
const name = z.string().trim().min(1).max(300);
const entityInput = z.strictObject({
  id: entityId.optional(),
  name,
  kind: z.string().max(40).optional(),
  aliases: z.array(name).max(1000),
  notes: z.string().max(10_000).optional(),
  mergedInto: entityId.optional(),
});

/** Validation of every method's argument, applied by each door before the service runs. */
export const inputSchemas: { [M in MethodName]: z.ZodType<MethodInput<M>> } = {
  getProject: empty,
  listDocuments: empty,
  openDocument: z.strictObject({ docId: documentId, annotators: z.array(annotatorId).max(100).optional(), gold: z.boolean().optional() }),
  applyEdits: z.strictObject({ docId: documentId, annotator: layerId, edits: z.array(editSchema).min(1).max(50_000) }),
  setFinished: z.strictObject({ docId: documentId, annotator: layerId, finished: z.boolean() }),
  validateProject: empty,
  getGuidelines: empty,
  updateSchema: labelSchemaSchema,
  listEntities: empty,
  suggestEntities: z.strictObject({ text: z.string().max(300), limit: z.int().min(1).max(100).optional() }),
  saveEntity: z.strictObject({ annotator: annotatorId, entity: entityInput }),
  entityDuplicates: z.strictObject({ limit: z.int().min(1).max(1000).optional() }),
  findMentions: z.strictObject({
    entityId,
    annotator: annotatorId,
    docIds: z.array(documentId).max(100_000).optional(),
    limit: z.int().min(1).max(10_000).optional(),
  }),
  search: z.strictObject({
    query: z.string().max(1000),
    label: labelId.optional(),
    annotator: annotatorId.optional(),
    attribute: z.strictObject({ id: z.string().max(40), value: z.union([z.string().max(300), z.number(), z.boolean()]) }).optional(),
    entity: entityId.optional(),
    docIds: z.array(documentId).max(100_000).optional(),
    limit: z.int().min(1).max(10_000).optional(),
  }),
  reviewProgress: empty,
  // ---- agreement (issue 4): schemas below this line
  agreement: z.strictObject({
    annotators: z.array(annotatorId).min(1).max(100).optional(),
    labels: z.array(labelId).min(1).max(100).optional(),
    docIds: z.array(documentId).min(1).max(100_000).optional(),
  }),
};

export const methodNames = Object.keys(inputSchemas) as MethodName[];
