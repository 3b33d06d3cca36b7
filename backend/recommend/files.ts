/**
 * The recommenders' files in a project (docs/FORMAT.md, docs/RECOMMEND.md):
 *
 *   recommenders.json                                the per-project switches, the external
 *                                                    service, the last evaluation (synced)
 *   documents/<docId>/suggestions/<annotator>.json   one annotator's rejected proposals (synced:
 *                                                    a decision is work). Not under annotations/,
 *                                                    which holds layers only.
 *
 * Each is read with readVersioned (a newer version is refused, never half-read and rewritten)
 * and checked with zod; a file that cannot be read is reported and never written over.
 */
import { z } from 'zod';
import { annotatorId } from '../../shared/format/annotationFile';
import { documentId } from '../../shared/format/documentMeta';
import { describeIssues, FormatError } from '../../shared/format/errors';
import { readVersioned, stableJson } from '../../shared/format/versioned';
import type { RecommenderEvaluation } from '../../shared/api/recommend';

export const RECOMMENDERS_FORMAT = 'standoff/recommenders';
export const DECISIONS_FORMAT = 'standoff/suggestion-decisions';
const VERSION = 1;

const scores = z.object({
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  truePositives: z.number().int(),
  falsePositives: z.number().int(),
  falseNegatives: z.number().int(),
});
const evaluation = z.object({
  recommender: z.string(),
  against: z.string(),
  documents: z.number().int(),
  method: z.enum(['direct', 'cross-validation']),
  folds: z.number().int().optional(),
  rows: z.array(z.object({ label: z.string(), exact: scores, overlap: scores, support: z.number().int() })),
  evaluated: z.string(),
});

export const externalSettings = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  timeoutMs: z.number().int().min(100).max(600_000),
});
export type ExternalSettings = z.infer<typeof externalSettings>;

const recommendersFile = z.strictObject({
  format: z.literal(RECOMMENDERS_FORMAT),
  version: z.literal(VERSION),
  enabled: z.record(z.string(), z.boolean()),
  external: externalSettings.nullable(),
  quality: z.record(z.string(), evaluation),
});
export interface RecommendersFile {
  format: typeof RECOMMENDERS_FORMAT;
  version: 1;
  /** Switches set in this project; a recommender not named here is on when it is enabledByDefault. */
  enabled: Record<string, boolean>;
  external: ExternalSettings | null;
  /** The last evaluation of each recommender. */
  quality: Record<string, RecommenderEvaluation>;
}

export const emptyRecommendersFile = (): RecommendersFile => ({ format: RECOMMENDERS_FORMAT, version: VERSION, enabled: {}, external: null, quality: {} });

export function parseRecommendersFile(raw: string, file: string): RecommendersFile {
  const parsed = recommendersFile.safeParse(readVersioned(raw, file, RECOMMENDERS_FORMAT, VERSION));
  if (!parsed.success) throw new FormatError(file, describeIssues(parsed.error.issues));
  return parsed.data as RecommendersFile;
}

/** Stable: keys sorted, so a switch changed is a one-line diff. */
export function serializeRecommendersFile(f: RecommendersFile): string {
  return stableJson({ ...f, enabled: sortedRecord(f.enabled), quality: sortedRecord(f.quality) });
}

/** A proposal the annotator rejected: what it was, so it is not proposed again, and when. */
export interface Rejection {
  recommender: string;
  label: string;
  /** Code points, as Span. */
  startOffset: number;
  endOffset: number;
  /** The text it covered when rejected. */
  exact: string;
  /** ISO 8601. */
  at: string;
}

const rejection = z.strictObject({
  recommender: z.string().min(1).max(100),
  label: z.string().min(1).max(64),
  startOffset: z.number().int().min(0),
  endOffset: z.number().int().min(0),
  exact: z.string(),
  at: z.string(),
});
const decisionsFile = z.strictObject({
  format: z.literal(DECISIONS_FORMAT),
  version: z.literal(VERSION),
  annotator: annotatorId,
  document: documentId,
  rejected: z.array(rejection),
});
export type DecisionsFile = z.infer<typeof decisionsFile>;

export const emptyDecisionsFile = (document: string, annotator: string): DecisionsFile => ({ format: DECISIONS_FORMAT, version: VERSION, annotator, document, rejected: [] });

export function parseDecisionsFile(raw: string, file: string): DecisionsFile {
  const parsed = decisionsFile.safeParse(readVersioned(raw, file, DECISIONS_FORMAT, VERSION));
  if (!parsed.success) throw new FormatError(file, describeIssues(parsed.error.issues));
  return parsed.data;
}

/** Rejections in document order, then recommender and label: two annotators' merges stay small. */
export function serializeDecisionsFile(f: DecisionsFile): string {
  const rejected = [...f.rejected].sort((a, b) => a.startOffset - b.startOffset || a.endOffset - b.endOffset || a.recommender.localeCompare(b.recommender) || a.label.localeCompare(b.label));
  return stableJson({ ...f, rejected });
}

function sortedRecord<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
