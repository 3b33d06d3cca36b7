/**
 * What a long piece of work (agreement over a corpus, export, import) is given by whoever runs
 * it: a way to say how far it is, and a signal that says it should stop. Work checks the
 * signal between items (a document, a file) and, when it is aborted, stops and throws
 * `JobCancelled`, leaving nothing half-written behind it.
 */
import type { JobProgress } from '../../shared/api/jobs';

export type { JobProgress };

export interface JobContext {
  signal: AbortSignal;
  progress(p: JobProgress): void;
}

export class JobCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'JobCancelled';
  }
}

/** Throws `JobCancelled` if the work has been asked to stop. Call it between items. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new JobCancelled();
}

/** A context for work run where nobody watches (tests, scripts). */
export const unwatched: JobContext = { signal: new AbortController().signal, progress: () => {} };
