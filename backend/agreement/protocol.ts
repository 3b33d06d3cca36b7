/**
 * Messages between the service and the agreement worker (worker.ts). Documents go over in
 * batches as they are read, so the worker computes while the service is still reading files.
 */
import type { NotComparedDocument, ProjectAgreementReport, ReportContext, ReportSchema } from '../../shared/agreement';
import type { PackedBatch } from '../../shared/agreement/report/packedBatch';

/** Given to the worker as `workerData`. */
export interface WorkerStart {
  schema: ReportSchema;
  /** Rows of only the worst this many documents kept (ProjectAgreementOptions.documentRows); all when absent. */
  documentRows?: number;
}

export type ToWorker =
  /**
   * A batch of documents packed as columns (shared/agreement/report/packedBatch.ts): its typed arrays
   * are moved to the worker, not copied, and the measures read them as they are, where documents
   * as JSON had to be parsed into objects first (measured: decoding 1.4 s of the 5.5 s the
   * benchmark's project took, and the computation slower on objects than on columns).
   */
  | { type: 'documents'; batch: PackedBatch }
  | { type: 'skip'; documents: NotComparedDocument[] }
  | { type: 'finish'; context: ReportContext; startedAt: number };

export type FromWorker =
  | { type: 'ready' }
  /** A batch of documents has been counted: the service may send another (at most a few wait at once). */
  | { type: 'counted' }
  /** busyMs: computing; parseMs: decoding batches; cpuMs: the worker thread's CPU time, all included (Linux only). */
  | { type: 'result'; report: ProjectAgreementReport; busyMs: number; parseMs: number; cpuMs: number | null }
  | { type: 'error'; message: string };
