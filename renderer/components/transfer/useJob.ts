import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobStatus, LongMethod, MethodInput, MethodOutput } from '../../../shared/api/contract';
import { JobCancelledError, runJob, type RunningJob } from '../../api/jobs';
import { useDialogEscape } from '../Dialog';

export type JobView<R> =
  | { phase: 'idle' }
  | { phase: 'running'; status: JobStatus | null; cancelling: boolean }
  | { phase: 'done'; result: R }
  | { phase: 'cancelled' }
  | { phase: 'failed'; message: string };

/**
 * One long method run as a job from a dialog: start it, follow its progress, cancel it, and its
 * outcome. `onDone` is called once with each result. A job still running when the dialog goes
 * away is cancelled.
 */
export function useJob<M extends LongMethod>(method: M, onDone?: (result: MethodOutput<M>) => void) {
  const [view, setView] = useState<JobView<MethodOutput<M>>>({ phase: 'idle' });
  const running = useRef<RunningJob<MethodOutput<M>> | null>(null);
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => () => running.current?.cancel(), []);

  const start = useCallback(
    (input: MethodInput<M>) => {
      running.current?.cancel();
      const job = runJob(method, input, (status) => setView((v) => (v.phase === 'running' ? { ...v, status } : v)));
      running.current = job;
      setView({ phase: 'running', status: null, cancelling: false });
      job.result.then(
        (result) => {
          if (running.current !== job) return;
          setView({ phase: 'done', result });
          done.current?.(result);
        },
        (e: unknown) => {
          if (running.current !== job) return;
          setView(e instanceof JobCancelledError ? { phase: 'cancelled' } : { phase: 'failed', message: e instanceof Error ? e.message : String(e) });
        },
      );
    },
    [method],
  );
  const cancel = useCallback(() => {
    running.current?.cancel();
    setView((v) => (v.phase === 'running' ? { ...v, cancelling: true } : v));
  }, []);
  const reset = useCallback(() => setView({ phase: 'idle' }), []);
  return { view, start, cancel, reset };
}

/**
 * Esc in a transfer dialog: cancels the running job, or closes the dialog. The dialog
 * (components/Dialog.tsx) takes Esc through the window's key map; this says what it does.
 */
export function useDialogKeys(onEscape: () => void): void {
  useDialogEscape(onEscape);
}
