import { useEffect, useRef, useState } from 'react';
import type { LayerSession, SaveStatus } from '../state/layerSession';

const TEXT = { saved: '✓ Saved', saving: 'Saving…' } as const;

/**
 * Saved / Saving… / Not saved (with Retry). "Saved" must never show while a save is in flight,
 * so the indicator follows the session at once, in the same frame as the edit; it does so by
 * setting its own text rather than through a React render, which would cost that frame
 * several milliseconds on a long article. Errors (rare) re-render to show the message and Retry.
 */
export function SaveIndicator({ session }: { session: LayerSession }) {
  const label = useRef<HTMLSpanElement>(null);
  const [error, setError] = useState<Extract<SaveStatus, { state: 'error' }> | null>(null);

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

  if (session.readOnlyReason) return <span className="save save-readonly" data-testid="save-status">Read-only</span>;
  if (error) {
    return (
      <span className="save save-error" data-testid="save-status" role="alert" title={error.message}>
        ⚠ Not saved: {error.message} <button onClick={() => session.retry()}>Retry</button>
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
