import { useCommand } from '../commands/hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobStatus } from '../../shared/api/contract';
import type { SyncReport, SyncStatus } from '../../shared/api/sync';
import { api } from '../api/client';
import { JobCancelledError, runJob, type RunningJob } from '../api/jobs';
import './sync.css';

const POLL_MS = 30_000;

/**
 * Sharing through git, in the top bar (docs/SYNC.md): where a shared project stands ("Synced 2
 * minutes ago", "2 changes not sent: cannot reach …") and a Sync button; the status opens a panel
 * with the details (what was not shared and why, files changed on both sides to decide), the
 * token, sharing the project, and "Open shared project…".
 */
export function SyncBar({ annotator }: { annotator: string | null }) {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [job, setJob] = useState<{ status: JobStatus | null; run: RunningJob<SyncReport> } | null>(null);
  const [last, setLast] = useState<string | null>(null);
  const [panel, setPanel] = useState(false);

  const refresh = useCallback(() => {
    api.syncStatus({}).then(setStatus, () => undefined);
  }, []);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const run = useCallback(
    (method: 'syncProject' | 'shareProject', input: { annotator: string; remote?: string }) => {
      if (job) return;
      const r =
        method === 'shareProject'
          ? runJob('shareProject', { remote: input.remote!, annotator: input.annotator }, (s) => setJob((j) => (j ? { ...j, status: s } : j)))
          : runJob('syncProject', { annotator: input.annotator }, (s) => setJob((j) => (j ? { ...j, status: s } : j)));
      setJob({ status: null, run: r });
      r.result.then(
        (report) => {
          setStatus(report.status);
          setLast(report.message);
        },
        (e: unknown) => setLast(e instanceof JobCancelledError ? 'Sync stopped: what was saved stays, and the next sync goes on from there.' : (e as Error).message),
      ).finally(() => setJob(null));
    },
    [job],
  );

  const sync = () => annotator && run('syncProject', { annotator });
  useCommand('sync.now', () => void sync(), () =>
    !status?.shared ? 'This project is not shared yet: Share it from the sync panel first.' : !annotator ? 'Choose who is annotating first.' : job ? 'A sync is already running.' : null,
  );
  const trouble = status?.lastError ? 'error' : status && (status.conflicts.length || status.refused.length) ? 'warn' : 'ok';

  return (
    <span className="sync" data-testid="sync">
      {status?.shared ? (
        <>
          <button type="button" className={`sync-status sync-${trouble}`} onClick={() => setPanel(true)} title={`${status.message} (details)`} data-testid="sync-status">
            {job ? `Syncing… ${job.status?.progress.phase ?? ''}` : status.message}
          </button>
          {job ? (
            <button type="button" className="topbar-button" onClick={() => job.run.cancel()}>
              Cancel
            </button>
          ) : (
            <button type="button" className="topbar-button" onClick={sync} disabled={!annotator} title="Save your work to the shared project and take in the others’ work (Ctrl+Shift+S)">
              Sync
            </button>
          )}
        </>
      ) : (
        <button type="button" className="topbar-button" onClick={() => setPanel(true)} title="Share this project through git, or open a shared one">
          Team…
        </button>
      )}
      {panel && status && (
        <SyncPanel
          status={status}
          annotator={annotator}
          busy={job !== null}
          last={last}
          onClose={() => setPanel(false)}
          onSync={sync}
          onShare={(remote) => annotator && run('shareProject', { remote, annotator })}
          onStatus={setStatus}
        />
      )}
    </span>
  );
}

function SyncPanel(props: {
  status: SyncStatus;
  annotator: string | null;
  busy: boolean;
  last: string | null;
  onClose: () => void;
  onSync: () => void;
  onShare: (remote: string) => void;
  onStatus: (s: SyncStatus) => void;
}) {
  const { status } = props;
  const [remote, setRemote] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [cloneUrl, setCloneUrl] = useState('');
  const [cloneDir, setCloneDir] = useState('');
  const [cloned, setCloned] = useState<{ root: string; message: string } | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const openButton = useRef<HTMLButtonElement | null>(null);
  useEffect(() => openButton.current?.focus(), [cloned]);
  const first = useRef<HTMLElement | null>(null);
  useEffect(() => first.current?.focus(), []);

  const act = (p: Promise<unknown>) => {
    setError(null);
    p.catch((e: unknown) => setError((e as Error).message));
  };
  const saveToken = () =>
    act(
      api.setSyncToken({ token, remember: true }).then((s) => {
        props.onStatus(s);
        setToken('');
        props.onSync();
      }),
    );
  const clone = () =>
    act(
      api.cloneProject({ url: cloneUrl.trim(), dir: cloneDir.trim(), ...(props.annotator ? { annotator: props.annotator } : {}) }).then((r) => {
        setOpening(null);
        setCloned(r);
      }),
    );
  const openClone = (root: string) => act(api.openProject({ root }).then((r) => setOpening(r.message)));

  return (
    <div className="sync-backdrop" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        className="sync-panel"
        role="dialog"
        aria-label="Team and sync"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            props.onClose();
          }
        }}
      >
        <h2>Team and sync</h2>
        {status.shared ? (
          <section>
            <p className="sync-line" data-testid="sync-panel-status">
              {status.message}
            </p>
            <p className="sync-meta">
              Shared with <code>{status.remote}</code> · {status.ahead} of your changes to send · curator{status.curators.length === 1 ? '' : 's'}: {status.curators.join(', ') || 'nobody named (anyone may change shared files)'}
              {status.autoSyncMinutes ? ` · syncs by itself every ${status.autoSyncMinutes} minutes` : ''}
            </p>
            {props.last && <p className="sync-last" role="status">{props.last}</p>}
            {status.needsToken && (
              <form
                className="sync-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  saveToken();
                }}
              >
                <label>
                  Token for {status.remote}
                  <input ref={(el) => void (first.current = el)} type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
                </label>
                <button type="submit" disabled={!token.trim()}>
                  Use it and sync
                </button>
              </form>
            )}
            {status.refused.length > 0 && (
              <>
                <h3>Not shared</h3>
                <ul className="sync-list" data-testid="sync-refused">
                  {status.refused.map((r) => (
                    <li key={r.path}>{r.message}</li>
                  ))}
                </ul>
              </>
            )}
            {status.conflicts.length > 0 && (
              <>
                <h3>Changed on both sides: choose one</h3>
                <ul className="sync-list" data-testid="sync-conflicts">
                  {status.conflicts.map((c) => (
                    <li key={c.path}>
                      {c.message}
                      <span className="sync-choices">
                        <button type="button" onClick={() => act(api.resolveSyncConflict({ path: c.path, keep: 'mine' }).then(props.onStatus))}>
                          Keep mine
                        </button>
                        <button type="button" onClick={() => act(api.resolveSyncConflict({ path: c.path, keep: 'theirs' }).then(props.onStatus))}>
                          Keep theirs
                        </button>
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <button type="button" ref={(el) => void (status.needsToken || (first.current = el))} onClick={props.onSync} disabled={props.busy || !props.annotator}>
              {props.busy ? 'Syncing…' : 'Sync now'}
            </button>
          </section>
        ) : (
          <form
            className="sync-form"
            onSubmit={(e) => {
              e.preventDefault();
              props.onShare(remote.trim());
            }}
          >
            <h3>Share this project</h3>
            <p className="sync-meta">
              Through git: an https:// address of an empty repository (GitHub, GitLab, Gitea…), or a folder on a shared drive. You ({props.annotator ?? 'choose an annotator first'}) become its curator.
            </p>
            <label>
              Where
              <input ref={(el) => void (first.current = el)} value={remote} onChange={(e) => setRemote(e.target.value)} placeholder="https://git.example.org/team/project.git or /mnt/shared/project.git" />
            </label>
            <button type="submit" disabled={!remote.trim() || !props.annotator || props.busy}>
              {props.busy ? 'Sharing…' : 'Share'}
            </button>
            {props.last && <p className="sync-last" role="status">{props.last}</p>}
          </form>
        )}
        <form
          className="sync-form"
          onSubmit={(e) => {
            e.preventDefault();
            clone();
          }}
        >
          <h3>Open shared project…</h3>
          <label>
            Shared project
            <input value={cloneUrl} onChange={(e) => setCloneUrl(e.target.value)} placeholder="https://… or a folder" />
          </label>
          <label>
            Copy it into (a new folder)
            <input value={cloneDir} onChange={(e) => setCloneDir(e.target.value)} placeholder="/home/me/projects/team" />
          </label>
          <button type="submit" disabled={!cloneUrl.trim() || !cloneDir.trim()}>
            Copy it here
          </button>
          {cloned && (
            <div className="sync-cloned" role="status">
              <p className="sync-last">{cloned.message}</p>
              {opening ? (
                <p className="sync-last" data-testid="sync-open-answer">
                  {opening}
                </p>
              ) : (
                <button type="button" ref={openButton} onClick={() => openClone(cloned.root)}>
                  Open it now
                </button>
              )}
            </div>
          )}
        </form>
        {error && (
          <p className="sync-error" role="alert">
            {error}
          </p>
        )}
        <button type="button" className="sync-close" onClick={props.onClose}>
          Close <kbd>Esc</kbd>
        </button>
      </div>
    </div>
  );
}
