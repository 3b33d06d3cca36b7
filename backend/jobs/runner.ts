import type { JobProgress, JobState, JobStatus, LongMethod } from '../../shared/api/jobs';
import { ApiError, serializeError, type SerializedError } from '../../shared/api/errors';
import { JobCancelled, type JobContext } from './context';

interface Job {
  id: string;
  method: LongMethod;
  state: JobState;
  progress: JobProgress;
  started: number;
  ended: number | null;
  controller: AbortController;
  result?: unknown;
  error?: SerializedError;
}

/** Jobs over are forgotten this long after they end, or once their result has been given out. */
const KEEP_ENDED_MS = 10 * 60_000;

/**
 * Runs the service's long methods in the background, one record per job: its progress as the
 * work reports it, a controller whose signal the work checks, and at the end its result or
 * error. Doors poll `status`; the result is handed out once and then forgotten, so a large
 * report is not kept alive.
 */
export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private next = 1;

  start(method: LongMethod, work: (ctx: JobContext) => Promise<unknown>): JobStatus {
    this.forgetOld();
    const job: Job = {
      id: `job-${this.next++}`,
      method,
      state: 'running',
      progress: { done: 0, total: 0, phase: 'starting' },
      started: performance.now(),
      ended: null,
      controller: new AbortController(),
    };
    this.jobs.set(job.id, job);
    const ctx: JobContext = {
      signal: job.controller.signal,
      progress: (p) => {
        if (job.state === 'running') job.progress = p;
      },
    };
    // Started on the next turn, so that the caller has the job's id before any work is done.
    void Promise.resolve()
      .then(() => work(ctx))
      .then(
        // Work that returns after a cancel has stopped early on purpose and says so in its result.
        (result) => this.end(job, 'done', result),
        (e: unknown) => {
          if (e instanceof JobCancelled || job.controller.signal.aborted) this.end(job, 'cancelled');
          else this.end(job, 'failed', undefined, serializeError(e));
        },
      );
    return this.view(job, false);
  }

  status(jobId: string): JobStatus {
    const job = this.get(jobId);
    const status = this.view(job, true);
    if (job.state !== 'running') {
      this.jobs.delete(job.id);
    }
    return status;
  }

  cancel(jobId: string): JobStatus {
    const job = this.get(jobId);
    if (job.state === 'running') job.controller.abort();
    return this.view(job, false);
  }

  /** Cancels every running job (the service is closing). */
  cancelAll(): void {
    for (const job of this.jobs.values()) if (job.state === 'running') job.controller.abort();
  }

  private get(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new ApiError('not-found', `no job "${jobId}" (it may have ended and its result been collected already)`);
    return job;
  }

  private end(job: Job, state: Exclude<JobState, 'running'>, result?: unknown, error?: SerializedError): void {
    job.state = state;
    job.ended = performance.now();
    if (state === 'done') {
      job.result = result;
      job.progress = { ...job.progress, done: job.progress.total, phase: 'done' };
    }
    if (error) job.error = error;
  }

  private view(job: Job, withResult: boolean): JobStatus {
    return {
      jobId: job.id,
      method: job.method,
      state: job.state,
      progress: { ...job.progress },
      elapsedMs: Math.round((job.ended ?? performance.now()) - job.started),
      ...(withResult && job.state === 'done' ? { result: job.result } : {}),
      ...(job.error ? { error: job.error } : {}),
    };
  }

  private forgetOld(): void {
    const now = performance.now();
    for (const job of this.jobs.values()) if (job.ended !== null && now - job.ended > KEEP_ENDED_MS) this.jobs.delete(job.id);
  }
}
