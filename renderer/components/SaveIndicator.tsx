import { useSyncExternalStore } from 'react';
import { afterPaint } from '../state/afterPaint';
import type { LayerSession } from '../state/layerSession';

/** Saved / Saving… / Not saved, with a retry when saving failed. */
export function SaveIndicator({ session }: { session: LayerSession }) {
  const status = useSyncExternalStore(
    (cb) => session.onStatus(() => afterPaint(cb)),
    () => session.saveStatus,
  );
  if (session.readOnlyReason) return <span className="save save-readonly" data-testid="save-status">Read-only</span>;
  if (status.state === 'saved') return <span className="save save-ok" data-testid="save-status">✓ Saved</span>;
  if (status.state === 'saving') return <span className="save save-busy" data-testid="save-status">Saving…</span>;
  return (
    <span className="save save-error" data-testid="save-status" role="alert" title={status.message}>
      ⚠ Not saved: {status.message} <button onClick={() => session.retry()}>Retry</button>
    </span>
  );
}
