/**
 * Recommenders (issue 15): a slice of the service contract for pre-annotation. Recommenders
 * propose spans (with their label, attributes and relations where they can) that the analyst
 * accepts or rejects. A suggestion is never saved into a layer until it is accepted, and never
 * counted in agreement or exports; a rejected suggestion is remembered per annotator and
 * document and not proposed again.
 *
 * The recommenders are entries of one registry (shared/recommend/registry.ts): rules over the
 * text (casualty figures, actors, claims and denials), a model learned from this project, an
 * external model service over HTTP (docs/RECOMMEND.md gives its protocol), and predictions
 * imported from another system. Each is switched on or off per project (`recommenders.json`).
 */
import { z } from 'zod';
import type { Attributes } from '../model/labels';
import { annotatorId } from '../format/annotationFile';
import { documentId } from '../format/documentMeta';
import { absolutePath, empty, type SchemasOf } from './common';
import { clientId } from './live';

/** What a recommender is made of: rules over the text, a model learned here, a service, or imported predictions. */
export type RecommenderKind = 'rules' | 'learned' | 'external' | 'predictions';

/** A relation a suggestion proposes, to a span already in the annotator's layer or to another suggestion. */
export interface SuggestedRelation {
  type: string;
  /** Whether this suggestion is the relation's "from" end or its "to" end. */
  end: 'from' | 'to';
  /** The other end: a span of the annotator's layer (by id)… */
  spanId?: string;
  /** …or another suggestion of the same set (by id); accepted together, or the relation is dropped. */
  suggestionId?: string;
}

export interface Suggestion {
  /**
   * Stable for the same proposal: recommender, label and offsets (suggestionKey in
   * shared/recommend), so a decision made on one answer applies to the next.
   */
  id: string;
  recommender: string;
  label: string;
  /** Code points into the document text, start inclusive, end exclusive (as Span). */
  startOffset: number;
  endOffset: number;
  /** The text covered, to show and to check against the text. */
  exact: string;
  /** How sure the recommender is, 0 to 1 (rules give a fixed confidence per pattern). */
  score: number;
  attributes?: Attributes;
  relations?: SuggestedRelation[];
  /** Why, in words: "cue “claimed responsibility”", "alias of Kataib Hezbollah". */
  why?: string;
  /**
   * Other recommenders that proposed the same label at the same place: one suggestion is shown
   * for them all, and rejecting it rejects theirs too.
   */
  alsoBy?: string[];
}

export interface SuggestionSet {
  docId: string;
  annotator: string;
  /** In document order. Spans the layer already holds (same label and offsets) and rejected proposals are left out. */
  suggestions: Suggestion[];
  /** Recommenders that could not answer, in words; the others' suggestions are still given. */
  problems: Array<{ recommender: string; message: string }>;
  /** How long the service took, in milliseconds. */
  tookMs: number;
}

/** Precision, recall and F1 with their counts. */
export interface Scores {
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface QualityRow {
  /** A label id, or "*" for every label of the recommender together (micro-averaged). */
  label: string;
  /** Boundaries and label exactly equal. */
  exact: Scores;
  /** Same label and the spans overlap (each gold span matched at most once). */
  overlap: Scores;
  /** Spans of this label in the reference. */
  support: number;
}

export interface RecommenderEvaluation {
  recommender: string;
  /** The layer compared with: "gold" or an annotator. */
  against: string;
  /** Documents that had a reference layer. */
  documents: number;
  /** "direct": run on every document; "cross-validation": trained on the other folds (learned model). */
  method: 'direct' | 'cross-validation';
  folds?: number;
  rows: QualityRow[];
  /** ISO 8601 of when it was measured. */
  evaluated: string;
}

export interface TrainingStatus {
  state: 'untrained' | 'training' | 'trained' | 'failed';
  /** While training: how far (e.g. epochs or documents). */
  progress?: { done: number; total: number };
  /** ISO 8601 of the last finished training, and what it learned from. */
  trainedAt: string | null;
  documents: number;
  spans: number;
  /** The layers it learned from: "gold and finished layers". */
  source?: string;
  /** Why training failed, in words. */
  message?: string;
}

export interface RecommenderInfo {
  id: string;
  name: string;
  description: string;
  kind: RecommenderKind;
  enabled: boolean;
  /** The project's labels it can propose. */
  labels: string[];
  /** Learned recommenders only. */
  training?: TrainingStatus;
  /** The last evaluation kept (recommenders.json), so the app shows which to trust. */
  quality?: RecommenderEvaluation | null;
  /** External recommender only: where it is asked. */
  url?: string;
  /** Why it cannot run now (service unreachable, no model yet), in words. */
  problem?: string;
}

export interface DecisionResult {
  accepted: number;
  rejected: number;
  /** Ids of the spans made by accepting, in the order of the suggestions given. */
  spanIds: string[];
  /** Spans the annotator's layer holds afterwards (accept only). */
  spanCount?: number;
  /** Suggestions that no longer apply (text changed, span already there), in words. */
  skipped: string[];
}

export interface PredictionImport {
  /** The recommender made for these predictions (kind "predictions"). */
  recommender: string;
  documents: number;
  suggestions: number;
  /** Lines or documents that could not be used, in words. */
  problems: string[];
}

export interface RecommendApi {
  /** Every recommender of the project, with its switch, its last measured quality and (learned) its training. */
  listRecommenders(input: Record<string, never>): Promise<RecommenderInfo[]>;
  /** Switches a recommender on or off; for the external one, also where it is (url) and how long to wait. */
  configureRecommender(input: { id: string; enabled?: boolean; url?: string | null; timeoutMs?: number }): Promise<RecommenderInfo[]>;
  /** The suggestions of the enabled recommenders (or of those named) for one annotator's layer of one document. */
  suggest(input: { docId: string; annotator: string; recommenders?: string[] }): Promise<SuggestionSet>;
  /**
   * Accepts suggestions: writes them as spans (with their attributes and relations) into the
   * annotator's layer, in one save, as applyEdits does. The learned model takes it as a lesson.
   */
  acceptSuggestions(input: { docId: string; annotator: string; suggestionIds: string[]; clientId?: string }): Promise<DecisionResult>;
  /** Rejects suggestions: remembered for this annotator and document, never proposed again. */
  rejectSuggestions(input: { docId: string; annotator: string; suggestionIds: string[] }): Promise<DecisionResult>;
  /**
   * Measures recommenders against a layer (gold or an annotator) over every document that has
   * it: per recommender and label, exact and overlapping boundaries; the learned model by
   * cross-validation over documents. Kept in recommenders.json for the app to show. `docIds`:
   * only these documents.
   */
  evaluateRecommenders(input: { against: string; recommenders?: string[]; folds?: number; docIds?: string[] }): Promise<RecommenderEvaluation[]>;
  /** Trains the learned model now (it also retrains by itself as annotators accept, reject and finish). */
  trainRecommender(input: { id: string }): Promise<TrainingStatus>;
  /** Loads predictions made elsewhere (Standoff JSONL with scores, spaCy or Prodigy JSONL) as a suggestion source. */
  importPredictions(input: { path: string; name?: string }): Promise<PredictionImport>;
}

const recommenderId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1–64 lowercase letters, digits or "-"');
const suggestionIds = z.array(z.string().min(1).max(300)).min(1).max(10_000);

export const recommendSchemas = {
  listRecommenders: empty,
  configureRecommender: z.strictObject({
    id: recommenderId,
    enabled: z.boolean().optional(),
    url: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional(),
    timeoutMs: z.number().int().min(100).max(600_000).optional(),
  }),
  suggest: z.strictObject({ docId: documentId, annotator: annotatorId, recommenders: z.array(recommenderId).max(100).optional() }),
  acceptSuggestions: z.strictObject({ docId: documentId, annotator: annotatorId, suggestionIds, clientId: clientId.optional() }),
  rejectSuggestions: z.strictObject({ docId: documentId, annotator: annotatorId, suggestionIds }),
  evaluateRecommenders: z.strictObject({
    against: z.union([annotatorId, z.literal('gold')]),
    recommenders: z.array(recommenderId).max(100).optional(),
    folds: z.number().int().min(2).max(20).optional(),
    /** Only these documents (default: every document that has the reference layer). */
    docIds: z.array(documentId).min(1).max(100_000).optional(),
  }),
  trainRecommender: z.strictObject({ id: recommenderId }),
  importPredictions: z.strictObject({ path: absolutePath, name: z.string().trim().min(1).max(100).optional() }),
} satisfies SchemasOf<RecommendApi>;
