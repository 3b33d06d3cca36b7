import { z } from 'zod';
import type { Entity, EntityDuplicate, EntitySuggestion } from '../entities/registry';
import type { Label, LabelSchema, RelationType } from '../model/labels';
import type { Relation, Span, SpanEdit } from '../model/span';
import type { Orphan } from '../format/annotationFile';
import { annotatorId, labelId, layerId, relationSchema, spanSchema, spanId, unitKey } from '../format/annotationFile';
import { documentId, type DocumentMeta } from '../format/documentMeta';
import { entityId } from '../format/entityFile';
import { labelSchemaSchema } from '../format/manifest';
import { LONG_METHODS, type JobStatus, type LongMethod } from './jobs';
import { clientId, liveSchemas, type LiveApi, type MergeOutcome } from './live';
import { reviewSchemas, type ReviewApi } from './review';
import { syncSchemas, type SyncApi } from './sync';
import { uploadsSchemas, type UploadsApi } from './uploads';

/**
 * The single typed contract of the Standoff service. Every door (Electron IPC, the loopback
 * HTTP server, the command line) calls these methods and nothing else, and every argument is
 * validated against `inputSchemas` where it crosses a door.
 */
export interface StandoffApi extends LiveApi, ReviewApi, UploadsApi, SyncApi {
  getProject(input: Record<string, never>): Promise<ProjectInfo>;
  listDocuments(input: Record<string, never>): Promise<DocumentSummary[]>;
  /**
   * A document with its annotators' layers: all of them, or only those named in `annotators`;
   * with `gold`, the gold layer too (empty if there is none yet).
   */
  openDocument(input: { docId: string; annotators?: string[]; gold?: boolean }): Promise<OpenedDocument>;
  /**
   * Applies edits to one layer and resolves once they are on disk, whole; a refused or failed
   * save changes nothing. `clientId` names the window, so that its own changes are not
   * reported back to it as events (see live.ts).
   */
  applyEdits(input: { docId: string; annotator: string; edits: SpanEditInput[]; clientId?: string }): Promise<EditResult>;
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
  /**
   * Imports article files (.txt, .md, .html) or folders of them (paths on the machine the service
   * runs on; relative ones from the project folder) as new documents. Skips, with the reason,
   * what is empty, binary, not UTF-8 or already in the project.
   */
  importArticles(input: { paths: string[] }): Promise<ArticleImportReport>;
  // ---- jobs: long methods (LONG_METHODS) run in the background, with progress and cancel
  /** Starts a long method as a job; its progress and, at the end, its result come from jobStatus. */
  startJob(input: JobRequest): Promise<JobStatus>;
  /** How far a job is; once it is over, its result (or error), given out once. */
  jobStatus(input: { jobId: string }): Promise<JobStatus>;
  /** Asks a job to stop; it stops between items and leaves nothing half-written. */
  cancelJob(input: { jobId: string }): Promise<JobStatus>;
  // ---- agreement (issue 4): methods below this line
  /**
   * Agreement between the annotators (never the gold layer), pooled over the project: span F1,
   * α_U, α and κ per label, per annotator pair and per document, the label confusion, and
   * agreement on attributes and relations. Shape: docs/AGREEMENT-REPORT.md.
   */
  agreement(input: AgreementQuery): Promise<ProjectAgreementReport>;
  // ---- interchange (issue 5): methods below this line
  /**
   * Writes a dataset: one layer (gold, one annotator, or every annotator) of some documents and
   * labels, in one format, with a dataset card beside it (docs/EXPORT.md). Streams document by
   * document; writes under temporary names and renames at the end, so a cancelled or failed
   * export leaves nothing behind; never replaces a non-empty file or folder unless `overwrite`.
   * The same project gives the same bytes. Long: progress and cancel through a JobContext.
   */
  exportDataset(input: ExportInput): Promise<ExportSummary>;
  /**
   * Reads annotations from a file or folder (Standoff JSONL, spaCy/Prodigy JSONL, doccano JSONL,
   * brat, W3C Web Annotation) into one layer of the project's documents. Everything is checked
   * first, and then every file is written or none (`ok: false` lists each problem with its file
   * and line). A layer that already has spans is changed only with `mode`.
   */
  importAnnotations(input: ImportAnnotationsInput): Promise<ImportAnnotationsResult>;
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
  /** Present when the file had been changed by another program: the edits were merged onto its version. */
  merged?: MergeOutcome;
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
  /** The first words of the document's text, when it has no title: a name to show for it. */
  excerpt?: string;
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
  /** How many different documents the hits are in (at most `documentsSearched`). */
  documentsWithHits?: number;
  documentsSearched: number;
  documentsTotal: number;
  /** Time the service took, in milliseconds. */
  elapsedMs: number;
}

export interface ValidationReport {
  filesChecked: number;
  problems: FileProblem[];
}

export interface ArticleImportReport {
  imported: Array<{ file: string; docId: string; title: string | null; notes: string[] }>;
  skipped: Array<{ file: string; reason: string }>;
  /** The import was cancelled: what was imported before stays (each document whole), the rest is in `skipped`. */
  cancelled?: boolean;
}

/** A long method and its argument, as startJob takes them. */
export type JobRequest = { [M in LongMethod]: { method: M; input: MethodInput<M> } }[LongMethod];
export type { JobProgress, JobState, JobStatus, LongMethod } from './jobs';

// ---- agreement (issue 4): types
/** What `agreement` compares: all annotators, labels and documents, or only those named. */
export interface AgreementQuery {
  annotators?: string[];
  labels?: string[];
  docIds?: string[];
}
/** The agreement report (shared/agreement/projectTypes.ts; docs/AGREEMENT-REPORT.md). */
export type ProjectAgreementReport = import('../agreement/projectTypes').ProjectAgreementReport;

// ---- interchange (issue 5): types
/** The export formats (docs/EXPORT.md). brat, CoNLL and Hugging Face write a folder; the others one file. */
export type ExportFormat = 'standoff' | 'spacy' | 'doccano' | 'huggingface' | 'brat' | 'conll' | 'w3c' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['standoff', 'spacy', 'doccano', 'huggingface', 'brat', 'conll', 'w3c', 'csv'];
/** Formats whose `out` is a folder (with the card as README.md inside it). */
export const FOLDER_FORMATS: readonly ExportFormat[] = ['huggingface', 'brat', 'conll'];

/** Whose annotations: the gold layer, one annotator's, or every annotator's (gold not included). */
export type ExportLayer = { kind: 'gold' } | { kind: 'annotator'; annotator: string } | { kind: 'all' };
/**
 * Which documents: all, those whose exported layer is finished (DocumentSummary.finished; with
 * every annotator, each annotator's layer only where it is finished), or a list.
 */
export type ExportDocuments = { kind: 'all' } | { kind: 'finished' } | { kind: 'list'; docIds: string[] };

/** What some formats can be asked to do otherwise (docs/EXPORT.md). */
export interface ExportFormatOptions {
  /** spaCy/Prodigy: write tokens and token_start/token_end (default true). */
  spacyTokens?: boolean;
  /** doccano: the relation-extraction layout (entities and relations) instead of `label`. */
  doccanoRelations?: boolean;
  /** CSV: a UTF-8 byte-order mark first, for Excel (default false). */
  csvBom?: boolean;
  /** CSV: choice values and relation types by name (default) or id. */
  csvValues?: 'names' | 'ids';
  /** W3C: the base of the IRIs (default: urn:standoff:… URNs). */
  w3cBase?: string;
  /** CoNLL: sentence breaks at line breaks only, or also where ICU ends a sentence (default). */
  conllSentences?: 'lines' | 'segmenter';
}

export interface ExportInput {
  format: ExportFormat;
  /**
   * Absolute path of what to write: a file for standoff, spacy, doccano, csv and w3c (the card is
   * `<name>.card.md` beside it), a folder for huggingface, brat and conll (the card is its
   * README.md). Its parent folder must exist.
   */
  out: string;
  layer: ExportLayer;
  /** Only spans of these labels (default: every label of the schema). */
  labels?: string[];
  /** Default: all. */
  documents?: ExportDocuments;
  /** Replace a non-empty file, or a folder a Standoff export wrote, at `out` (default false). */
  overwrite?: boolean;
  /** Agreement between the annotators of the exported documents in the card (default true; it reads every annotator's layer). */
  agreement?: boolean;
  /** A date (YYYY-MM-DD) for the card; without it the card has none, and every byte follows from the project. */
  date?: string;
  options?: ExportFormatOptions;
}

/** Something the export left out or changed, and why: a row of the dropped list. */
export interface ExportLoss {
  docId: string;
  /** The layer ("gold" or an annotator), when it is about one. */
  annotator: string | null;
  /** The span or relation id, when it is about one. */
  item: string | null;
  kind: 'document' | 'layer' | 'span' | 'relation' | 'attribute';
  /** A short code: no-layer, unreadable, orphan, label-not-in-schema, end-not-exported, overlap, no-token, adjusted, not-written. */
  reason: string;
  /** In words, for the card. */
  detail: string;
}

/** Each ExportLoss.reason in words, for the card and the export dialog. */
export const EXPORT_LOSS_REASONS: Readonly<Record<string, string>> = {
  'no-layer': 'documents without the chosen layer',
  unreadable: 'files that could not be read',
  orphan: 'spans that could not be placed in the text as it now is (orphans)',
  'label-not-in-schema': 'spans whose label is not in the schema',
  'end-not-exported': 'relations with an end that is not exported',
  overlap: 'spans that overlap a span kept in their place (format policy)',
  'no-token': 'spans that cover no token',
  adjusted: 'spans written with other boundaries (whole tokens)',
  'not-written': 'items the format could not write',
};

export interface ExportSummary {
  format: ExportFormat;
  /** What was written (absolute paths): `out`, the card, and the dropped list when there is one. */
  out: string;
  card: string;
  droppedList: string | null;
  /** Every file written, the card and folder contents included. */
  fileCount: number;
  /** Bytes written, every file included. */
  bytes: number;
  /** Documents with at least one layer exported, and (document, layer) pairs exported. */
  documents: number;
  layers: number;
  /** Spans and relations in the output (after what the format could not hold). */
  spans: number;
  relations: number;
  /** Spans exported per label and per layer, before what the format could not hold. */
  byLabel: Record<string, number>;
  byLayer: Record<string, number>;
  selection: {
    documentsInProject: number;
    /** After the document choice (a list), before finished and layer checks. */
    documentsSelected: number;
    /** Layers left out because they are not finished (documents: finished). */
    notFinished: number;
  };
  /** What was left out or changed: counted by reason; the first 100; all of them in `droppedList`. */
  dropped: { total: number; byReason: Record<string, number>; first: ExportLoss[] };
  /** What the format has no place for, counted (attribute values, relations). */
  notCarried: { attributes: number; relations: number };
  /** Agreement figures in the card, or why there are none. */
  agreement: { included: boolean; reason: string | null };
  elapsedMs: number;
}

/** The annotation import formats (docs/EXPORT.md has how each is read). */
export type ImportFormat = 'standoff' | 'spacy' | 'doccano' | 'brat' | 'w3c';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['standoff', 'spacy', 'doccano', 'brat', 'w3c'];

export interface ImportAnnotationsInput {
  /** Absolute path: a .jsonl, .json or .jsonld file; for brat a folder of .ann (and .txt) files or one .ann. */
  path: string;
  /** Detected from the extension and the content when absent; an ambiguous file is refused, saying why. */
  format?: ImportFormat;
  /** The layer the annotations go into: an annotator, or "gold". */
  annotator: string;
  /**
   * When a target layer already has spans: 'replace' its spans and relations, or 'merge' (add the
   * imported ones, skipping exact duplicates). Without it such a layer is a problem.
   */
  mode?: 'replace' | 'merge';
  /** Records that match no document of the project: a problem (default), or skipped and listed. */
  unmatched?: 'error' | 'skip';
  /** Check everything, write nothing. */
  dryRun?: boolean;
  /** W3C: the base of the IRIs, when the file was exported with one. */
  w3cBase?: string;
}

/** A problem or a warning of an import, with where it is. */
export interface ImportIssue {
  /** The file, as given (relative to the imported folder for brat). */
  file: string;
  /** 1-based line, when the format has lines. */
  line?: number;
  message: string;
}

export interface ImportedDocument {
  docId: string;
  /** Where its record was: file, and line for the JSONL formats. */
  file: string;
  line?: number;
  /** How the record was matched to the document: by its id, or by its exact text. */
  matchedBy: 'id' | 'text';
  spans: number;
  relations: number;
  /** Merge: imported spans already in the layer (same label, place and attributes), not added again. */
  duplicates: number;
  /** Replace: what the layer held before. */
  replaced: { spans: number; relations: number; orphans: number } | null;
}

export type ImportAnnotationsResult =
  | {
      ok: true;
      format: ImportFormat;
      annotator: string;
      dryRun: boolean;
      documents: ImportedDocument[];
      spans: number;
      relations: number;
      duplicates: number;
      /** Records that match no document (unmatched: 'skip'). */
      unmatched: ImportIssue[];
      /** What was read but has no place in Standoff (brat events, W3C bodies…), never silently. */
      warnings: ImportIssue[];
      /** Annotation files written, relative to the project. */
      written: string[];
    }
  | {
      ok: false;
      format: ImportFormat;
      annotator: string;
      /** Every problem found (at most 1,000; `more` counts the rest). Nothing was written. */
      problems: ImportIssue[];
      more: number;
      warnings: ImportIssue[];
    };

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
const jobId = z.string().regex(/^job-[0-9]+$/, 'a job id');
/** Whether a path is absolute: POSIX, or Windows with a drive or a share. */
export const isAbsolutePath = (p: string): boolean => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p);
/** A path on this machine, absolute, without NUL. */
const absolutePath = z
  .string()
  .max(4096)
  .refine(isAbsolutePath, 'must be an absolute path')
  .refine((p) => !p.includes('\0'), 'must not hold a NUL character');
const iri = z.string().max(2000).regex(/^[a-z][a-z0-9+.-]*:\S*$/i, 'must be an absolute IRI (https://…, urn:…)');
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
  applyEdits: z.strictObject({ docId: documentId, annotator: layerId, edits: z.array(editSchema).min(1).max(50_000), clientId: clientId.optional() }),
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
  importArticles: z.strictObject({ paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000) }),
  startJob: z.lazy(() => jobRequestSchema),
  jobStatus: z.strictObject({ jobId }),
  cancelJob: z.strictObject({ jobId }),
  ...liveSchemas,
  ...reviewSchemas,
  ...uploadsSchemas,
  ...syncSchemas,
  // ---- agreement (issue 4): schemas below this line
  agreement: z.strictObject({
    annotators: z.array(annotatorId).min(1).max(100).optional(),
    labels: z.array(labelId).min(1).max(100).optional(),
    docIds: z.array(documentId).min(1).max(100_000).optional(),
  }),
  // ---- interchange (issue 5): schemas below this line
  exportDataset: z.strictObject({
    format: z.enum(EXPORT_FORMATS),
    out: absolutePath,
    layer: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('gold') }),
      z.strictObject({ kind: z.literal('annotator'), annotator: annotatorId }),
      z.strictObject({ kind: z.literal('all') }),
    ]),
    labels: z.array(labelId).min(1).max(100).optional(),
    documents: z
      .discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('all') }),
        z.strictObject({ kind: z.literal('finished') }),
        z.strictObject({ kind: z.literal('list'), docIds: z.array(documentId).min(1).max(100_000) }),
      ])
      .optional(),
    overwrite: z.boolean().optional(),
    agreement: z.boolean().optional(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').optional(),
    options: z
      .strictObject({
        spacyTokens: z.boolean().optional(),
        doccanoRelations: z.boolean().optional(),
        csvBom: z.boolean().optional(),
        csvValues: z.enum(['names', 'ids']).optional(),
        w3cBase: iri.optional(),
        conllSentences: z.enum(['lines', 'segmenter']).optional(),
      })
      .optional(),
  }),
  importAnnotations: z.strictObject({
    path: absolutePath,
    format: z.enum(IMPORT_FORMATS).optional(),
    annotator: layerId,
    mode: z.enum(['replace', 'merge']).optional(),
    unmatched: z.enum(['error', 'skip']).optional(),
    dryRun: z.boolean().optional(),
    w3cBase: iri.optional(),
  }),
};

/** startJob's argument: a long method and that method's own argument, checked by its schema. */
const jobRequestSchema = z.union(
  LONG_METHODS.map((method) => z.strictObject({ method: z.literal(method), input: inputSchemas[method] })) as unknown as [z.ZodType<JobRequest>],
) as z.ZodType<JobRequest>;

export const methodNames = Object.keys(inputSchemas) as MethodName[];
