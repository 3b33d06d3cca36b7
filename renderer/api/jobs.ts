import type { JobStatus, LongMethod, MethodInput, MethodOutput } from '../../shared/api/contract';
import { api } from './client';

/** A job's result when it was cancelled instead of finishing. */
export class JobCancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'JobCancelledError';
  }
}

export interface RunningJob<R> {
  /** The method's result; rejects with JobCancelledError after cancel(), or with the service's error. */
  result: Promise<R>;
  /** Asks the service to stop the job (it stops between items); `result` then settles. */
  cancel(): void;
}

const POLL_MS = 150;

/**
 * Runs one of the contract's long methods as a job through whichever door the app uses, polling
 * its status for the progress bar. Polling, not pushed events, so that one generic door serves
 * IPC and HTTP alike.
 */
export function runJob<M extends LongMethod>(method: M, input: MethodInput<M>, onStatus: (status: JobStatus) => void): RunningJob<MethodOutput<M>> {
  let jobId: string | null = null;
  let cancelled = false;
  // Once the job is over the service has given out its result and forgotten it: a cancel then
  // (a dialog closed after its job finished) would ask about a job that no longer exists.
  let over = false;
  const result = (async () => {
    let status = await api.startJob({ method, input } as Parameters<typeof api.startJob>[0]);
    jobId = status.jobId;
    if (cancelled) void api.cancelJob({ jobId });
    for (;;) {
      onStatus(status);
      if (status.state === 'done') return status.result as MethodOutput<M>;
      if (status.state === 'cancelled') throw new JobCancelledError();
      if (status.state === 'failed') throw new Error(status.error?.message ?? 'the job failed');
      await new Promise((r) => setTimeout(r, POLL_MS));
      status = await api.jobStatus({ jobId: status.jobId });
    }
  })().finally(() => {
    over = true;
  });
  return {
    result,
    cancel: () => {
      if (cancelled || over) return;
      cancelled = true;
      if (jobId) void api.cancelJob({ jobId }).catch(() => undefined);
    },
  };
}
