/**
 * Messages between the service and the agreement worker (worker.ts). Documents go over in
 * batches as they are read, so the worker computes while the service is still reading files.
 */
import type { NotComparedDocument, ProjectAgreementReport, ReportContext, ReportSchema } from '../../shared/agreement';

/** Given to the worker as `workerData`. */
export interface WorkerStart {
  schema: ReportSchema;
}

export type ToWorker =
  /**
   * A batch of documents as JSON text: objects that JSON.parse makes are quicker for the measures
   * to work on than those structured cloning makes (measured: the whole computation 20 % faster),
   * and a string crosses to the worker in one copy.
   */
  | { type: 'documents'; json: string }
  | { type: 'skip'; documents: NotComparedDocument[] }
  | { type: 'finish'; context: ReportContext; startedAt: number };

export type FromWorker =
  | { type: 'ready' }
  /** busyMs: computing; parseMs: decoding batches; cpuMs: the worker thread's CPU time, all included (Linux only). */
  | { type: 'result'; report: ProjectAgreementReport; busyMs: number; parseMs: number; cpuMs: number | null }
  | { type: 'error'; message: string };
