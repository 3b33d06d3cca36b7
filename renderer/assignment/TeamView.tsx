import { useEffect, useMemo, useRef, useState } from 'react';
import { PAGE_LIMIT, type Assignment, type AssignmentChange, type AssignmentPlan, type DocumentProgress, type TeamProgress } from '../../shared/api/assignment';
import { api } from '../api/client';
import { useRegion } from '../commands/hooks';
import { Matrix, type MatrixActions } from './Matrix';
import { PlanForm } from './PlanForm';
import { useFresh } from './useFresh';
import { usePages } from './usePages';
import { count, previewChanges, timeSince } from './words';
import './assignment.css';

/**
 * The Team view (issue 12), in the middle of the window (Alt+M): how far each annotator is
 * (documents finished, in progress, not started, spans, time since their last sync), the matrix
 * of documents × annotators with each one's status, where a curator reassigns by keyboard or
 * mouse, and the plan form with its dry-run preview. Everything comes from the service's
 * assignment slice (shared/api/assignment.ts); a change is refused in words when the annotator
 * is not one of the curators named in team.json.
 */
export function TeamView(props: {
  annotator: string | null;
  /** Changes when the window's document list is read again (layers, finished marks, a sync). */
  revision: unknown;
  /** Annotators the window knows from the document list, shown as columns even before any assignment. */
  known: string[];
  /** A document's name as the document list shows it (its title, else its first words). */
  nameOf: (docId: string) => string;
  onReview: (docId: string) => void;
}) {
  const { annotator } = props;
  // The counts over the whole project come with every page of the matrix's rows (usePages).
  const progress = usePages<TeamProgress, DocumentProgress>((offset, limit) => api.teamProgress({ offset, limit }), documentsOf, props.revision);
  const assignment = useFresh<Assignment>(() => api.getAssignment({}), props.revision);
  /** What the last change did, or why it was refused: shown beside the matrix or the plan, where it was asked for. */
  const [message, setMessage] = useState<{ text: string; kind: 'ok' | 'error'; where: 'matrix' | 'plan' } | null>(null);
  const [preview, setPreview] = useState<AssignmentChange | null>(null);
  const [busy, setBusy] = useState(false);
  /** The matrix's changes, one after the other. */
  const changes = useRef<Promise<void>>(Promise.resolve());
  const pane = useRef<HTMLElement>(null);
  // F6 and Esc reach it as they reach the text: the matrix first, where the keys act.
  const grid = () => pane.current?.querySelector<HTMLElement>('[role="grid"]') ?? null;
  useRegion('text', pane, undefined, grid);
  // Shown (Alt+M, the Team tab): the keyboard is in the matrix once it is drawn.
  const focused = useRef(false);
  useEffect(() => {
    if (focused.current || !progress.head) return;
    focused.current = true;
    requestAnimationFrame(() => grid()?.focus());
  }, [progress.head]);

  const team = progress.head;
  // The assignment file's map when read (a change made here shows at once), else the rows'.
  const current = assignment.value?.documents ?? null;
  const { rowAt } = progress;
  const assignedTo = (docId: string, row?: DocumentProgress): readonly string[] => (current ? (current[docId] ?? []) : (row?.assigned ?? []));
  const curators = team?.curators ?? [];
  const readOnlyReason = !annotator
    ? 'Choose who you are first (top right).'
    : curators.length > 0 && !curators.includes(annotator)
      ? `Only the curator${curators.length === 1 ? '' : 's'} (${curators.join(', ')}) change${curators.length === 1 ? 's' : ''} the assignment; you are ${annotator}.`
      : null;

  const annotators = useMemo(() => {
    const names = new Set<string>();
    for (const a of team?.annotators ?? []) names.add(a.annotator);
    for (const list of Object.values(current ?? {})) for (const a of list) names.add(a);
    for (const a of assignment.value?.plan?.annotators ?? []) names.add(a);
    for (const a of preview ? Object.values(preview.assignment.documents).flat() : []) names.add(a);
    for (const a of props.known) names.add(a);
    names.delete('gold');
    return [...names].sort((a, b) => a.localeCompare(b));
  }, [team, current, assignment.value, preview, props.known]);

  const previewed = useMemo(() => (preview ? previewChanges(current ?? {}, preview.assignment.documents) : null), [preview, current]);

  const reload = () => {
    progress.reload();
    assignment.reload();
  };
  const afterChange = (where: 'matrix' | 'plan') => (change: AssignmentChange) => {
    assignment.set(change.assignment);
    setMessage({ text: change.message, kind: 'ok', where });
    progress.reload();
  };
  const fail = (where: 'matrix' | 'plan') => (e: unknown) => setMessage({ text: e instanceof Error ? e.message : String(e), kind: 'error', where });

  const actions: MatrixActions = {
    readOnlyReason,
    // Keys pressed faster than the service answers are done in turn, none dropped.
    change: (docIds, who, mode) => {
      if (!annotator) return;
      setPreview(null);
      changes.current = changes.current
        .then(() => api.reassign({ docIds, annotators: [who], mode, by: annotator }))
        .then(afterChange('matrix'), fail('matrix'));
    },
    open: props.onReview,
  };

  const runPlan = (asked: AssignmentPlan, dryRun: boolean) => {
    if (!annotator) return;
    // A random plan without a seed gets one from the service: applying after a preview uses the
    // preview's, so what is written is what was shown.
    const seed = !dryRun && asked.order === 'random' && asked.seed === undefined ? preview?.assignment.plan?.seed : undefined;
    const plan = seed ? { ...asked, seed } : asked;
    setBusy(true);
    api
      .planAssignment({ plan, by: annotator, dryRun })
      .then((change) => {
        if (dryRun) {
          setPreview(change);
          setMessage({ text: change.message, kind: 'ok', where: 'plan' });
        } else {
          setPreview(null);
          afterChange('plan')(change);
        }
      }, fail('plan'))
      .finally(() => setBusy(false));
  };

  const error = progress.error ?? assignment.error;
  const total = team?.total ?? 0;
  const now = Date.now();
  /** The ids of rows from one to another: those here, the others read a page at a time. */
  const idsBetween = async (from: number, to: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = from; i <= to; ) {
      const here = rowAt(i);
      if (here) {
        ids.push(here.docId);
        i++;
        continue;
      }
      const page = await api.teamProgress({ offset: i, limit: Math.min(PAGE_LIMIT, to - i + 1) });
      if (!page.documents.length) break;
      for (const d of page.documents) ids.push(d.docId);
      i += page.documents.length;
    }
    return ids;
  };

  return (
    <main className="team-pane" ref={pane} data-testid="team-view" aria-label="Team" tabIndex={-1}>
      <header className="team-header">
        <div className="team-title">
          <h1>Team</h1>
          <span className="team-sub" data-testid="team-summary">
            {team
              ? `${count(total, 'document')} · ${count(annotators.length, 'annotator')} · ${team.unassigned.toLocaleString('en')} unassigned · ${team.finishedByAll.toLocaleString('en')} finished by everyone assigned · ${team.adjudicated.toLocaleString('en')} settled in gold`
              : error
                ? ''
                : 'Reading…'}
          </span>
        </div>
        <span className="team-curators">
          {curators.length ? `Curator${curators.length === 1 ? '' : 's'}: ${curators.join(', ')}` : 'No curator named: anyone may assign'}
        </span>
        <button type="button" onClick={reload} title="Read the assignment and everyone's progress again">
          Refresh
        </button>
      </header>

      {error && (
        <p className="team-message error" role="alert">
          {error}
        </p>
      )}

      <section className="team-section" aria-labelledby="team-people">
        <h2 id="team-people">Annotators</h2>
        <table className="team-table" data-testid="team-annotators">
          <thead>
            <tr>
              <th scope="col">annotator</th>
              <th scope="col">assigned</th>
              <th scope="col">finished</th>
              <th scope="col">in progress</th>
              <th scope="col">not started</th>
              <th scope="col">spans</th>
              <th scope="col">last sync</th>
            </tr>
          </thead>
          <tbody>
            {(team?.annotators ?? []).map((a) => (
              <tr key={a.annotator} data-annotator={a.annotator}>
                <th scope="row">
                  {a.annotator}
                  {a.annotator === annotator && <span className="team-you"> (you)</span>}
                </th>
                <td>{a.assigned.toLocaleString('en')}</td>
                <td>
                  <span className="team-finished">{a.finished.toLocaleString('en')}</span>
                  {a.assigned > 0 && (
                    <span className="team-bar" aria-hidden="true">
                      <span style={{ width: `${Math.min(100, (100 * a.finished) / a.assigned)}%` }} />
                    </span>
                  )}
                </td>
                <td>{a.inProgress.toLocaleString('en')}</td>
                <td>{a.notStarted.toLocaleString('en')}</td>
                <td>{a.spans.toLocaleString('en')}</td>
                <td title={a.lastSync ?? 'No commit of theirs in the shared history'}>{timeSince(a.lastSync, now, 'not synced')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="team-section" aria-labelledby="team-matrix">
        <h2 id="team-matrix">
          Who codes which document
          {preview && (
            <span className="team-preview-flag" data-testid="preview-flag">
              {' '}
              · preview: {count(preview.changed, 'document')} would change{' '}
              <button type="button" onClick={() => setPreview(null)}>
                Clear preview
              </button>
            </span>
          )}
        </h2>
        <p className="team-legend">
          ○ not started · ◐ in progress · ✓ finished · blue: assigned · “not assigned”: works on it without being assigned ·
          <kbd>Space</kbd> assign or take back, <kbd>O</kbd> that annotator only, <kbd>Shift+↑↓</kbd> more documents
        </p>
        {message?.where === 'matrix' && <Message {...message} />}
        <Matrix
          nameOf={props.nameOf}
          total={total}
          rowAt={rowAt}
          onShow={progress.show}
          idsBetween={idsBetween}
          annotators={annotators}
          assigned={assignedTo}
          preview={previewed}
          actions={actions}
          onMessage={(text, kind) => setMessage({ text, kind, where: 'matrix' })}
        />
      </section>

      <section className="team-section" aria-labelledby="team-plan">
        <h2 id="team-plan">Plan the assignment</h2>
        {assignment.value && team ? (
          <PlanForm
            key={assignment.value?.plan ? JSON.stringify(assignment.value.plan) : 'none'}
            known={annotators}
            last={assignment.value?.plan ?? null}
            readOnlyReason={readOnlyReason}
            busy={busy}
            previewing={preview !== null}
            onPreview={(plan) => runPlan(plan, true)}
            onApply={(plan) => runPlan(plan, false)}
            onEdited={() => setPreview(null)}
          />
        ) : null}
        {message?.where === 'plan' && <Message {...message} />}
        {assignment.value?.updated && (
          <p className="team-updated">
            Last changed {timeSince(assignment.value.updated, now)}
            {assignment.value.updatedBy ? ` by ${assignment.value.updatedBy}` : ''}.
          </p>
        )}
      </section>
    </main>
  );
}

const documentsOf = (p: TeamProgress) => p.documents;

function Message(props: { text: string; kind: 'ok' | 'error' }) {
  return (
    <p className={`team-message ${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'} data-testid="team-message">
      {props.text}
    </p>
  );
}
