import { useEffect, useRef, useState } from 'react';
import type { LayerSession, SaveStatus } from '../state/layerSession';

const TEXT = { saved: '✓ Saved', saving: 'Saving…' } as const;

/**
 * Saved / Saving… / Not saved (with Retry) / Read-only. "Saved" must never show while a save
 * is in flight, so the indicator follows the session at once, in the same frame as the edit; it
 * does so by setting its own text rather than through a React render, which would cost that
 * frame several milliseconds on a long article. Errors (rare) re-render to show the message and Retry.
 */
export function SaveIndicator({ session }: { session: LayerSession }) {
  const label = useRef<HTMLSpanElement>(null);
  const [error, setError] = useState<Extract<SaveStatus, { state: 'error' }> | null>(null);
  const [, setStateTick] = useState(0);

  useEffect(() => session.onState(() => setStateTick((n) => n + 1)), [session]);
  useEffect(() => {
    const show = () => {
      const status = session.saveStatus;
      if (status.state === 'error') return setError(status);
      setError(null);
      const el = label.current;
      if (!el) return;
      el.textContent = TEXT[status.state];
      el.className = `save ${status.state === 'saved' ? 'save-ok' : 'save-busy'}`;
    };
    show();
    return session.onStatus(show);
  }, [session]);

  if (error) {
    const n = error.pending;
    const kept = `${n === 1 ? 'One change is' : `${n} changes are`} kept in this window`;
    const text =
      error.kind === 'seat'
        ? `another window writes your annotations; ${kept} until it closes`
        : `${error.message.replace(/\.$/, '')}. ${kept}; trying again every few seconds`;
    return (
      <span className="save save-error" data-testid="save-status" role="alert" title={error.kind === 'seat' ? error.message : text}>
        <span className="save-text">⚠ Not saved: {text}</span> <button onClick={() => session.retry()}>Retry</button>
      </span>
    );
  }
  if (session.readOnlyReason) {
    return (
      <span className="save save-readonly" data-testid="save-status" title={session.readOnlyReason}>
        Read-only
      </span>
    );
  }
  const busy = session.saveStatus.state === 'saving';
  return (
    <span ref={label} className={`save ${busy ? 'save-busy' : 'save-ok'}`} data-testid="save-status" role="status">
      {busy ? TEXT.saving : TEXT.saved}
    </span>
  );
}
