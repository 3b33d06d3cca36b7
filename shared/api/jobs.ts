/**
 * Long work as jobs (docs/ARCHITECTURE.md, "Jobs": long work shows progress and can be cancelled). A door
 * starts one of the contract's long methods with `startJob`, asks how far it is with
 * `jobStatus`, and may `cancelJob` it; the result is the method's own output. Plain data, so the
 * same shapes cross IPC, HTTP and the command line.
 */
import type { SerializedError } from './errors';

/** The contract's methods that can run as jobs; each also answers a plain call, without progress. */
export const LONG_METHODS = ['agreement', 'importArticles', 'exportDataset', 'importAnnotations', 'importUploads', 'shareProject', 'syncProject'] as const;
export type LongMethod = (typeof LONG_METHODS)[number];

export interface JobProgress {
  /** Items done so far, and how many in all (0 while unknown: the bar then shows activity, not a share). */
  done: number;
  total: number;
  /** What is being done, in words for the progress bar: "reading documents", "computing". */
  phase: string;
  /** The item being worked on, if any (a document id, a file name). */
  item?: string;
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobStatus<Result = unknown> {
  jobId: string;
  method: LongMethod;
  state: JobState;
  progress: JobProgress;
  elapsedMs: number;
  /** Present once, when state is 'done'. */
  result?: Result;
  /** Present when state is 'failed'. */
  error?: SerializedError;
}
