/**
 * Agreement: a slice of the service contract for the agreement report between annotators
 * (docs/AGREEMENT.md for the measures, docs/AGREEMENT-REPORT.md for the report's shape).
 */
import { z } from 'zod';
import { annotatorId, labelId } from '../format/annotationFile';
import { documentId } from '../format/documentMeta';
import type { ProjectAgreementReport } from '../agreement';
import type { SchemasOf } from './common';

/** What `agreement` compares: all annotators, labels and documents, or only those named. */
export interface AgreementQuery {
  annotators?: string[];
  labels?: string[];
  docIds?: string[];
}

/** The agreement report (shared/agreement/; docs/AGREEMENT-REPORT.md). */
export type { ProjectAgreementReport } from '../agreement';

export interface AgreementApi {
  /**
   * Agreement between the annotators (never the gold layer), pooled over the project: span F1,
   * α_U, α and κ per label, per annotator pair and per document, the label confusion, and
   * agreement on attributes and relations. Long: also runs as a job.
   */
  agreement(input: AgreementQuery): Promise<ProjectAgreementReport>;
}

export const agreementSchemas = {
  agreement: z.strictObject({
    annotators: z.array(annotatorId).min(1).max(100).optional(),
    labels: z.array(labelId).min(1).max(100).optional(),
    docIds: z.array(documentId).min(1).max(100_000).optional(),
  }),
} satisfies SchemasOf<AgreementApi>;
