import { JobProgress } from '../JobProgress';
import type { JobView } from './useJob';

/**
 * A dialog's job while it runs or after it failed or was cancelled: the progress bar with its
 * Cancel, "cancelled: nothing was written", or the error. A finished job's result is the
 * dialog's own to show.
 */
export function JobState(props: { view: JobView<unknown>; label: string; onCancel: () => void; cancelled: string; failedPrefix?: string; errorTestId?: string }) {
  const { view } = props;
  if (view.phase === 'running') return <JobProgress status={view.status} label={props.label} onCancel={props.onCancel} cancelling={view.cancelling} />;
  if (view.phase === 'cancelled')
    return (
      <p className="hint" role="status">
        {props.cancelled}
      </p>
    );
  if (view.phase === 'failed')
    return (
      <p className="error" role="alert" {...(props.errorTestId ? { 'data-testid': props.errorTestId } : {})}>
        {props.failedPrefix ?? ''}
        {view.message}
      </p>
    );
  return null;
}
