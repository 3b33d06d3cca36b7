/**
 * Messages between the service and the agreement worker (worker.ts). Documents go over in
 * batches as they are read, so the worker computes while the service is still reading files;
 * or, when the worker may read (WorkerStart.reading), the worker is told which documents to read
 * itself, in their turn among the batches.
 */
import type { AgreementFileProblem, MissingLayers, NotComparedDocument, ProjectAgreementReport, ReportContext, ReportSchema } from '../../shared/agreement';
import type { PackedBatch } from '../../shared/agreement/report/packedBatch';
import type { ReadFilterData } from './read';

/** Given to the worker as `workerData`. */
export interface WorkerStart {
  schema: ReportSchema;
  /** Rows of only the worst this many documents kept (ProjectAgreementOptions.documentRows); all when absent. */
  documentRows?: number;
  /** Present when the worker may read documents itself ('read' messages): the project and what to read of it. */
  reading?: WorkerReading;
}

export interface WorkerReading {
  root: string;
  filter: ReadFilterData;
  /** Read files in line (backend/project/files.ts readFilesInLine), as the command line does. */
  inLine: boolean;
}

/** What the worker noticed reading a run of documents (read.ts ReadNotes, as plain data). */
export interface ReadNotesData {
  problems: AgreementFileProblem[];
  allAnnotators: string[];
  seenAnnotators: string[];
  missingLayers: MissingLayers[];
}

/** An error the worker met reading (not a file it could not read: those are problems, in the notes). */
export interface ReadErrorData {
  name: string;
  message: string;
  /** ApiError's code and problem, or a file system error's code. */
  code?: string;
  problem?: AgreementFileProblem;
}

export type ToWorker =
  /**
   * A batch of documents packed as columns (shared/agreement/report/packedBatch.ts): its typed arrays
   * are moved to the worker, not copied, and the measures read them as they are, where documents
   * as JSON had to be parsed into objects first (measured: decoding 1.4 s of the 5.5 s the
   * benchmark's project took, and the computation slower on objects than on columns).
   */
  | { type: 'documents'; batch: PackedBatch }
  /**
   * Documents the worker reads itself (read.ts readDocuments) and counts, in their turn among
   * the batches: `expected` holds the assignment's expected annotators of those that have some.
   */
  | { type: 'read'; docIds: string[]; expected: Array<[string, string[]]> }
  | { type: 'skip'; documents: NotComparedDocument[] }
  | { type: 'finish'; context: ReportContext; startedAt: number };

export type FromWorker =
  | { type: 'ready' }
  /**
   * A message ('documents', 'read') has been dealt with: the service may send another (at most a
   * few wait at once). A batch's buffers come back (moved, not copied), for the service to pack
   * its next batches into (packedBatch.ts recycleBuffers): left to the worker's garbage collector
   * they piled up outside its heap, 130 MB at 100,000 documents, since it seldom needs a full
   * collection. `notes`: for a 'read'.
   */
  | { type: 'counted'; buffers?: ArrayBuffer[]; notes?: ReadNotesData }
  /** Reading ('read') stopped on an error: the worker ends; the service reads those documents itself, meeting the error as it would have. */
  | { type: 'readFailed'; error: ReadErrorData }
  /** busyMs: computing; parseMs: decoding batches; cpuMs: the worker thread's CPU time, all included (Linux only). */
  | { type: 'result'; report: ProjectAgreementReport; busyMs: number; parseMs: number; cpuMs: number | null }
  | { type: 'error'; message: string };
