/**
 * Transfer: a slice of the service contract for datasets going out (exportDataset, in one of
 * the export formats, with a dataset card) and annotations coming in (importAnnotations, from
 * one of the import formats). docs/EXPORT.md describes every format.
 */
import { z } from 'zod';
import { annotatorId, labelId, layerId } from '../format/annotationFile';
import { documentId } from '../format/documentMeta';
import { absolutePath, type SchemasOf } from './common';
import { EXPORT_FORMATS, IMPORT_FORMATS, type ExportFormat, type ExportFormatOptions, type ImportFormat } from '../interchange/formats';

/** The export and import formats: their one table is shared/interchange/formats.ts (docs/EXPORT.md). */
export { EXPORT_FORMATS, FOLDER_FORMATS, IMPORT_FORMATS, type ExportFormat, type ExportFormatOptions, type ImportFormat } from '../interchange/formats';

/** Whose annotations: the gold layer, one annotator's, or every annotator's (gold not included). */
export type ExportLayer = { kind: 'gold' } | { kind: 'annotator'; annotator: string } | { kind: 'all' };
/**
 * Which documents: all, those whose exported layer is finished (DocumentSummary.finished; with
 * every annotator, each annotator's layer only where it is finished), or a list.
 */
export type ExportDocuments = { kind: 'all' } | { kind: 'finished' } | { kind: 'list'; docIds: string[] };

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
  /** `notes`: the annotators' notes (on spans and documents) the format has no place for. */
  notCarried: { attributes: number; relations: number; notes?: number };
  /** Agreement figures in the card, or why there are none. */
  agreement: { included: boolean; reason: string | null };
  elapsedMs: number;
}

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
  /**
   * Records that match no document of the project: a problem (default), skipped and listed, or
   * 'create': a new document with the record's text exactly as given (line ends made LF, offsets
   * mapped) and an id by the id rule (docs/IMPORT.md). This is how a corpus comes in.
   */
  unmatched?: 'error' | 'skip' | 'create';
  /**
   * Labels from outside: `add` puts labels (and relation types, brat attributes) the schema lacks
   * into it; `map` reads a source label as a label of the schema (`{ PER: 'actor' }`); `only`
   * (a new project) makes the schema the source's labels alone. Without these a label the
   * schema lacks is a problem that names it.
   */
  labels?: { add?: boolean; map?: Record<string, string>; only?: boolean };
  /** Check everything, write nothing. */
  dryRun?: boolean;
  /** W3C: the base of the IRIs, when the file was exported with one. */
  w3cBase?: string;
  /** W3C: target sources (web addresses) → the project's document ids, for annotations made elsewhere on the same texts. */
  w3cSources?: Record<string, string>;
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
  /** How the record was matched to the document: by its id, by its exact text, or 'new': the import created the document (unmatched: 'create'). */
  matchedBy: 'id' | 'text' | 'new';
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
      /** Documents made from records (unmatched: 'create'): the id, and the name the source gave it when the id rule changed it. */
      created: Array<{ docId: string; name: string; file: string; line?: number }>;
      /** What the import added to the schema (label ids, relation type ids, `label/attribute`), and the labels it mapped. */
      schema: { labels: string[]; relations: string[]; attributes: string[]; mapped: Record<string, string> };
      /** Prodigy tasks answered reject or ignore: not annotations, left out, counted. */
      skipped: { reject: number; ignore: number };
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


export interface TransferApi {
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

const iri = z.string().max(2000).regex(/^[a-z][a-z0-9+.-]*:\S*$/i, 'must be an absolute IRI (https://…, urn:…)');

export const transferSchemas = {
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
        conllTwoColumn: z.boolean().optional(),
        hfWindow: z.number().int().min(1).max(100_000).optional(),
        doccanoNoOverlap: z.boolean().optional(),
      })
      .optional(),
  }),
  importAnnotations: z.strictObject({
    path: absolutePath,
    format: z.enum(IMPORT_FORMATS).optional(),
    annotator: layerId,
    mode: z.enum(['replace', 'merge']).optional(),
    unmatched: z.enum(['error', 'skip', 'create']).optional(),
    dryRun: z.boolean().optional(),
    w3cBase: iri.optional(),
    labels: z
      .strictObject({
        add: z.boolean().optional(),
        map: z.record(z.string().min(1).max(200), z.string().min(1).max(200)).optional(),
        only: z.boolean().optional(),
      })
      .optional(),
    w3cSources: z.record(iri, documentId).optional(),
  }),
} satisfies SchemasOf<TransferApi>;
