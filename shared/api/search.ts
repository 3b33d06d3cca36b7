/**
 * Search: a slice of the service contract for finding text, or spans of a label, across the
 * project or in some documents.
 */
import { z } from 'zod';
import type { Span } from '../model/span';
import { annotatorId, labelId } from '../format/annotationFile';
import { documentId } from '../format/documentMeta';
import { entityId } from '../format/entityFile';
import type { SchemasOf } from './common';

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

export interface SearchApi {
  /** Finds text, or spans of a label, across the project or in some documents. */
  search(input: SearchQuery): Promise<SearchResult>;
}

export const searchSchemas = {
  search: z.strictObject({
    query: z.string().max(1000),
    label: labelId.optional(),
    annotator: annotatorId.optional(),
    attribute: z.strictObject({ id: z.string().max(40), value: z.union([z.string().max(300), z.number(), z.boolean()]) }).optional(),
    entity: entityId.optional(),
    docIds: z.array(documentId).max(100_000).optional(),
    limit: z.int().min(1).max(10_000).optional(),
  }),
} satisfies SchemasOf<SearchApi>;
