import type { Entity } from '../entities/registry';
import type { LabelSchema } from '../model/labels';
import type { Note, Relation, Span } from '../model/span';

/**
 * What every export format reads and every import format produces: documents with their text
 * and one layer of annotations each. Offsets are Unicode code points into `text`, start
 * inclusive, end exclusive (as everywhere in Standoff); formats that count otherwise (doccano:
 * UTF-16 units; Prodigy tokens: inclusive ends) convert at their edge.
 */
export interface InterchangeDocument {
  id: string;
  text: string;
  title: string | null;
  source: string | null;
  /** Whose layer this is ("gold", or an annotator id). */
  annotator: string;
  spans: Span[];
  relations: Relation[];
  /** The layer's note on the whole document, if any (a span's note is on the span). */
  note?: Note;
}

/** Everything an exporter may need besides the documents. */
export interface ExportContext {
  schema: LabelSchema;
  /** Linked entities by id (already resolved through merges), for names in CSV, JSONL, brat notes. */
  entities: ReadonlyMap<string, Entity>;
}

/** A problem found while importing, with where it is: a line of a file, for the analyst to fix. */
export interface ImportProblem {
  file: string;
  /** 1-based line, when the format has lines. */
  line?: number;
  message: string;
}

/** The result of reading a file in some format: all documents or, on any problem, none (nothing is half-imported). */
export type ImportResult = { ok: true; documents: InterchangeDocument[] } | { ok: false; problems: ImportProblem[] };
