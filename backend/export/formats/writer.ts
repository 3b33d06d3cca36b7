import type { ExportFormat, ExportFormatOptions, ExportLoss } from '../../../shared/api/contract';
import type { ExportContext, InterchangeDocument } from '../../../shared/interchange/model';
import type { Losses } from '../losses';

/** What every format writer is given. */
export interface WriterSetup {
  format: ExportFormat;
  /** Where to write: the temporary file, or the temporary folder. */
  out: string;
  /** The name the export will have once in place (for the card). */
  outName: string;
  /** The exported labels' schema, and the registry's entities (resolved through merges). */
  context: ExportContext;
  losses: Losses;
  /** Several layers per document (every annotator): files and records say whose each is. */
  severalLayers: boolean;
  options: ExportFormatOptions;
}

/** What a writer wrote of one document's layer. */
export interface Written {
  spans: number;
  relations: number;
}

/** A format, written document by document. */
export interface FormatWriter {
  write(doc: InterchangeDocument): Promise<Written>;
  /** Writes what is left and closes the files; returns how many files and bytes were written. */
  finish(): Promise<{ files: number; bytes: number }>;
  /** Closes whatever is open, without finishing (the export is being abandoned). */
  discard(): Promise<void>;
  /** What the export holds, file by file, for the card: [name, what it is]. */
  contents(): Array<[string, string]>;
  /** The format's notes for the card: units, conventions, what it cannot hold. */
  notes(): string[];
}

/** A loss of a document's layer. */
export function lossOf(doc: InterchangeDocument, item: string | null, kind: ExportLoss['kind'], reason: string, detail: string): ExportLoss {
  return { docId: doc.id, annotator: doc.annotator, item, kind, reason, detail };
}

/** An exporter's issue (brat, W3C, CSV: "… not exported") as a loss: what it is about is found by its id. */
export function issueLoss(doc: InterchangeDocument, item: string | undefined, message: string): ExportLoss {
  const kind: ExportLoss['kind'] = /attribute|›/.test(message) ? 'attribute' : item && doc.relations.some((r) => r.id === item) ? 'relation' : item ? 'span' : 'document';
  return lossOf(doc, item ?? null, kind, 'not-written', message);
}

/** How many notes a layer holds: its spans' and its note on the document. */
export function noteCount(doc: InterchangeDocument): number {
  let n = doc.note ? 1 : 0;
  for (const s of doc.spans) if (s.note) n++;
  return n;
}

/** How many attribute values a layer's spans carry. */
export function attributeCount(doc: InterchangeDocument): number {
  let n = 0;
  for (const s of doc.spans) if (s.attributes) n += Object.keys(s.attributes).length;
  return n;
}
