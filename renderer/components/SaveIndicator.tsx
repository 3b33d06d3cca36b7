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
    // The why in a few words; the editor's banner (SaveProblemBanner) says the rest.
    return (
      <span className="save save-error" data-testid="save-status" role="alert" title={error.message}>
        <span className="save-text">⚠ Not saved: {error.short}</span>
        <button onClick={() => session.retry()}>Retry</button>
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

/**
 * Beside the text while a save is failing: what failed, that the edits are kept, and that it is
 * tried again. Renders only when that changes, not on every save.
 */
export function SaveProblemBanner({ session }: { session: LayerSession }) {
  const [error, setError] = useState<Extract<SaveStatus, { state: 'error' }> | null>(null);
  useEffect(() => {
    let last = '';
    const show = () => {
      const status = session.saveStatus;
      const next = status.state === 'error' && status.kind === 'retrying' ? status : null;
      const key = next ? `${next.message}/${next.pending}` : '';
      if (key === last) return;
      last = key;
      setError(next);
    };
    show();
    return session.onStatus(show);
  }, [session]);
  if (!error) return null;
  const n = error.pending;
  return (
    <div className="banner banner-error" role="status" data-testid="save-problem">
      <strong>{n === 1 ? 'Your last change is not saved yet' : `Your last ${n} changes are not saved yet`}</strong>: {error.message.replace(/\.$/, '')}.{' '}
      {n === 1 ? 'It is' : 'They are'} kept in this window, and Standoff tries again every few seconds; you can go on working. Retry (at the top) tries now.
    </div>
  );
}
