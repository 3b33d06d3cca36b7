/**
 * Layers: a slice of the service contract for one annotator's (or gold's) annotations of one
 * document: the layer as it is read, the edits that change it, and its finished mark.
 */
import { z } from 'zod';
import type { Relation, Span, SpanEdit } from '../model/span';
import type { Orphan } from '../format/annotationFile';
import { layerId, relationSchema, spanId, spanSchema, unitKey } from '../format/annotationFile';
import { documentId } from '../format/documentMeta';
import type { FileProblem, SchemasOf } from './common';
import { clientId, type MergeOutcome } from './live';

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

/** An edit as it crosses a door: the model's SpanEdit, validated by `editSchema` below. */
export type SpanEditInput = SpanEdit;

export interface EditResult {
  /** How many spans the annotator's layer holds after the edits, as saved. */
  spanCount: number;
  /** Present when the file had been changed by another program: the edits were merged onto its version. */
  merged?: MergeOutcome;
}

export interface FinishedResult {
  docId: string;
  /** The document's finished layers after the change, as DocumentSummary.finished. */
  finished: string[];
}

export interface LayersApi {
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
}

const editSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('add'), span: spanSchema }),
  z.strictObject({ op: z.literal('remove'), id: spanId }),
  z.strictObject({ op: z.literal('update'), span: spanSchema }),
  z.strictObject({ op: z.literal('addRelation'), relation: relationSchema }),
  z.strictObject({ op: z.literal('removeRelation'), id: spanId }),
  z.strictObject({ op: z.literal('settle'), unit: unitKey }),
  z.strictObject({ op: z.literal('unsettle'), unit: unitKey }),
]);

export const layersSchemas = {
  applyEdits: z.strictObject({ docId: documentId, annotator: layerId, edits: z.array(editSchema).min(1).max(50_000), clientId: clientId.optional() }),
  setFinished: z.strictObject({ docId: documentId, annotator: layerId, finished: z.boolean() }),
} satisfies SchemasOf<LayersApi>;
