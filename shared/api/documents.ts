/**
 * Documents: a slice of the service contract for the project's articles: the list, one
 * document opened with its layers, and articles imported from files on disk.
 */
import { z } from 'zod';
import { annotatorId } from '../format/annotationFile';
import { documentId, type DocumentMeta } from '../format/documentMeta';
import { empty, type FileProblem, type SchemasOf } from './common';
import type { Layer } from './layers';

export interface DocumentSummary {
  id: string;
  title: string | null;
  source: string | null;
  /** The first words of the text, shown where there is no title ('' for a document with a title). */
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

export interface OpenedDocument {
  meta: DocumentMeta;
  text: string;
  layers: Layer[];
  /** The gold layer, when asked for. */
  gold?: Layer;
}

export interface ArticleImportReport {
  imported: Array<{ file: string; docId: string; title: string | null; notes: string[] }>;
  skipped: Array<{ file: string; reason: string }>;
  /** The import was cancelled: what was imported before stays (each document whole), the rest is in `skipped`. */
  cancelled?: boolean;
}

export interface DocumentsApi {
  listDocuments(input: Record<string, never>): Promise<DocumentSummary[]>;
  /**
   * A document with its annotators' layers: all of them, or only those named in `annotators`;
   * with `gold`, the gold layer too (empty if there is none yet).
   */
  openDocument(input: { docId: string; annotators?: string[]; gold?: boolean }): Promise<OpenedDocument>;
  /**
   * Imports article files (.txt, .md, .html) or folders of them (paths on the machine the service
   * runs on; relative ones from the project folder) as new documents. Skips, with the reason,
   * what is empty, binary, not UTF-8 or already in the project. Long: also runs as a job.
   */
  importArticles(input: { paths: string[] }): Promise<ArticleImportReport>;
}

export const documentsSchemas = {
  listDocuments: empty,
  openDocument: z.strictObject({ docId: documentId, annotators: z.array(annotatorId).max(100).optional(), gold: z.boolean().optional() }),
  importArticles: z.strictObject({ paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000) }),
} satisfies SchemasOf<DocumentsApi>;
