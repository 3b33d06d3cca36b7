/**
 * Every shape agreement input comes in, in one place (shared/agreement/README.md, "Input").
 *
 * - span objects: `SpanLike` in an `AnnotatorLayer` of an `AgreementDocument` — what each
 *   measure takes on its own (measures/*);
 * - the same with attributes and relations: `AttributedSpan`, `AnnotatedLayer`,
 *   `AnnotatedDocument` — what the project report takes (report/projectReport.ts);
 * - spans as columns: `SpanColumns` and a `ColumnDocument` over them — what the matcher
 *   (matching/documentMatcher.ts) reads in its inner loops, made from span objects
 *   (matching/columns.ts) or read out of a batch packed for the worker (report/packedBatch.ts).
 *
 * Offsets are code points, half-open, in every shape.
 */
import type { Span } from '../../model/span';

/** The part of a stored span that agreement looks at; a full `Span` fits. Offsets are code points, half-open. */
export type SpanLike = Pick<Span, 'id' | 'label' | 'startOffset' | 'endOffset'>;

/** One annotator's spans on one document. */
export interface AnnotatorLayer<S extends SpanLike = SpanLike> {
  annotator: string;
  spans: readonly S[];
}

/**
 * One document as agreement sees it. An annotator with a layer here annotated the document (an
 * empty layer means "found nothing"); an annotator without one did not annotate it, and counts as
 * missing, never as "found nothing".
 */
export interface AgreementDocument<S extends SpanLike = SpanLike> {
  documentId: string;
  /** Length of the text in code points: the continuum for α_U is [0, length). */
  length: number;
  layers: readonly AnnotatorLayer<S>[];
}

/** A relation as stored: a typed, directed link between two spans of one layer, by span id. */
export interface RelationLike {
  id: string;
  type: string;
  from: string;
  to: string;
}

/** A span with its attributes, as agreement on attributes reads it. */
export interface AttributedSpan extends SpanLike {
  attributes?: Readonly<Record<string, unknown>>;
}

/** A layer with its relations (by span id). */
export interface AnnotatedLayer<S extends AttributedSpan = AttributedSpan> extends AnnotatorLayer<S> {
  relations?: readonly RelationLike[];
}

/** A document as the project report reads it. */
export interface AnnotatedDocument<S extends AttributedSpan = AttributedSpan> {
  documentId: string;
  title?: string | null;
  /** Length of the text in code points. */
  length: number;
  layers: readonly AnnotatedLayer<S>[];
}

export interface SpanColumns {
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Index into `labels`. */
  readonly label: Int32Array;
  /** The label names the codes stand for (one table for all of a document's layers, so equal labels have equal codes). */
  readonly labels: readonly string[];
}

/** A document whose layers are runs of shared columns (from objects, or out of a packed batch). */
export interface ColumnDocument {
  documentId: string;
  length: number;
  /** The annotators, in the order their layers were given. */
  annotators: readonly string[];
  /** Spans; may hold other documents' too. */
  columns: SpanColumns;
  /** Layer g (as given) is columns[first[g]..first[g + 1]). */
  first: ArrayLike<number>;
  /** The id of the span at a position in `columns`. */
  spanId(at: number): string;
}
