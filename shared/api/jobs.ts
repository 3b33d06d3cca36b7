/**
 * Long work as jobs (docs/ARCHITECTURE.md, "Jobs": long work shows progress and can be cancelled). A door
 * starts one of the contract's long methods with `startJob`, asks how far it is with
 * `jobStatus`, and may `cancelJob` it; the result is the method's own output. Plain data, so the
 * same shapes cross IPC, HTTP and the command line.
 */
import { z } from 'zod';
import type { SchemasOf } from './common';
import type { SerializedError } from './errors';

/** The contract's methods that can run as jobs; each also answers a plain call, without progress. */
export const LONG_METHODS = ['agreement', 'importArticles', 'exportDataset', 'importAnnotations', 'importUploads', 'shareProject', 'syncProject', 'evaluateRecommenders'] as const;
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

/**
 * The jobs slice. `Request` is startJob's argument: a long method and that method's own
 * argument, which only the composed contract knows (`JobRequest` in contract.ts), so it is a
 * parameter here and this file needs nothing of the other slices.
 */
export interface JobsApi<Request> {
  /** Starts a long method as a job; its progress and, at the end, its result come from jobStatus. */
  startJob(input: Request): Promise<JobStatus>;
  /** How far a job is; once it is over, its result (or error), given out once. */
  jobStatus(input: { jobId: string }): Promise<JobStatus>;
  /** Asks a job to stop; it stops between items and leaves nothing half-written. */
  cancelJob(input: { jobId: string }): Promise<JobStatus>;
}

const jobId = z.string().regex(/^job-[0-9]+$/, 'a job id');

/**
 * The jobs slice's schemas. startJob's checks the long method's argument with that method's own
 * schema, taken from `schemas` (the contract's, which include these) when it is first used.
 */
export function jobsSchemas<Request>(schemas: () => { readonly [M in LongMethod]: z.ZodType }): SchemasOf<JobsApi<Request>> {
  let request: z.ZodType<Request> | undefined;
  const requestSchema = (): z.ZodType<Request> =>
    (request ??= z.union(
      LONG_METHODS.map((method) => z.strictObject({ method: z.literal(method), input: schemas()[method] })) as unknown as [z.ZodType<Request>],
    ) as z.ZodType<Request>);
  return {
    startJob: z.lazy(requestSchema),
    jobStatus: z.strictObject({ jobId }),
    cancelJob: z.strictObject({ jobId }),
  };
}
