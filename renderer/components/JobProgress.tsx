import type { JobStatus } from '../../shared/api/contract';
import './JobProgress.css';

/**
 * A long job's progress: what it is doing, how far (a bar when the total is known, a moving one
 * when not), the time so far, and a Cancel button. For agreement, export and import alike.
 */
export function JobProgress(props: { status: JobStatus | null; label: string; onCancel: () => void; cancelling?: boolean }) {
  const { status } = props;
  const progress = status?.progress ?? { done: 0, total: 0, phase: 'starting' };
  const known = progress.total > 0;
  const share = known ? Math.min(1, progress.done / progress.total) : null;
  const seconds = (status?.elapsedMs ?? 0) / 1000;
  const count = known ? ` ${progress.done.toLocaleString('en')} of ${progress.total.toLocaleString('en')}` : '';
  return (
    <div className="job-progress" data-testid="job-progress">
      <div
        className={known ? 'job-bar' : 'job-bar indeterminate'}
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={known ? progress.total : undefined}
        aria-valuenow={known ? progress.done : undefined}
        aria-valuetext={`${progress.phase}${count}`}
      >
        <div className="job-bar-fill" style={share === null ? undefined : { width: `${(share * 100).toFixed(1)}%` }} />
      </div>
      <span className="job-text" role="status">
        {props.cancelling ? 'Cancelling…' : `${capitalise(progress.phase)}${count}`}
        {seconds >= 0.5 ? ` · ${seconds.toFixed(1)} s` : ''}
      </span>
      <button type="button" className="job-cancel" onClick={props.onCancel} disabled={props.cancelling} title="Stop it (Esc)">
        Cancel
      </button>
    </div>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
