import { useEffect, useRef, useState } from 'react';
import type { ProjectInfo } from '../../shared/api/contract';
import type { RecommenderInfo, RecommenderKind } from '../../shared/api/recommend';
import type { JobStatus } from '../../shared/api/contract';
import { api } from '../api/client';
import { JobCancelledError, runJob, type RunningJob } from '../api/jobs';
import { Dialog, useDialogEscape } from '../components/Dialog';
import { JobProgress } from '../components/JobProgress';
import { ago, overlapF1, trustWords } from './quality';
import './recommend.css';

const KIND_WORDS: Record<RecommenderKind, string> = { rules: 'rules', learned: 'learned from this project', external: 'external service', predictions: 'imported predictions' };
const f = (x: number) => x.toFixed(2);

/**
 * The recommenders of the project: each switched on or off (recommenders.json, for everyone
 * sharing the project), how good each measured per label at the last evaluation, the learned
 * model's training (progress, when, on how much, and a Train button) and the external
 * service's address. Closing it asks for the suggestions again if anything changed.
 */
export function RecommendersDialog(props: { project: ProjectInfo; annotator: string; onClose: (changed: boolean) => void }) {
  const [list, setList] = useState<RecommenderInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [against, setAgainst] = useState('gold');
  const changed = useRef(false);
  /** The evaluation running as a job (it reads every document): its progress, and Cancel or Esc stops it. */
  const [measuring, setMeasuring] = useState<{ job: RunningJob<unknown>; status: JobStatus | null; cancelling: boolean } | null>(null);
  const measure = () => {
    const job = runJob('evaluateRecommenders', { against }, (status) => setMeasuring((m) => (m ? { ...m, status } : m)));
    setMeasuring({ job, status: null, cancelling: false });
    setError(null);
    job.result.then(
      () => void read(),
      (e: Error) => {
        if (!(e instanceof JobCancelledError)) setError(`Measuring: ${e.message}`);
      },
    ).finally(() => setMeasuring(null));
  };
  const cancelMeasuring = () => {
    measuring?.job.cancel();
    setMeasuring((m) => (m ? { ...m, cancelling: true } : m));
  };
  const labelName = (id: string) => props.project.labels.find((l) => l.id === id)?.name ?? id;

  const read = () =>
    api.listRecommenders({}).then(
      (l) => (setList(l), setError(null)),
      (e: Error) => setError(`The recommenders could not be read: ${e.message}`),
    );
  useEffect(() => void read(), []);
  // Whom to measure against: gold, or any annotator of the project (the document list knows them).
  const [annotators, setAnnotators] = useState<string[]>([props.annotator]);
  useEffect(() => {
    api.queryDocuments({ offset: 0, limit: 0 }).then(
      (page) => setAnnotators(page.annotators.filter((a) => a !== 'gold')),
      () => undefined,
    );
  }, []);
  // While the learned model trains, its progress is read again every second.
  const training = list?.some((r) => r.training?.state === 'training') ?? false;
  useEffect(() => {
    if (!training) return;
    const timer = setInterval(() => void read(), 1000);
    return () => clearInterval(timer);
  }, [training]);

  const act = async (what: string, run: () => Promise<unknown>, changes = true) => {
    setBusy(what);
    try {
      await run();
      if (changes) changed.current = true;
      await read();
    } catch (e) {
      setError(`${what}: ${(e as Error).message}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Dialog labelledBy="recommenders-title" className="recommenders-dialog" onClose={() => props.onClose(changed.current)} testId="recommenders-dialog">
      <h2 id="recommenders-title">Recommenders</h2>
      <p>
        They propose spans, drawn dashed in the text until you accept them (<kbd>]</kbd> next, <kbd>Enter</kbd> accept, <kbd>X</kbd> reject). Switches apply to the whole project.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {list === null && !error && <p className="hint">Reading…</p>}
      {list?.length === 0 && <p className="hint">This project has no recommenders.</p>}
      <div className="rec-list">
        {list?.map((r) => {
          const all = overlapF1(r.quality, '*');
          return (
            <section key={r.id} className={`rec${r.enabled ? '' : ' off'}`} data-testid={`recommender-${r.id}`}>
              <div className="rec-head">
                <label className="rec-switch">
                  <input
                    type="checkbox"
                    checked={r.enabled}
                    disabled={busy !== null}
                    onChange={(e) => void act(`Switching ${r.name}`, () => api.configureRecommender({ id: r.id, enabled: e.target.checked }))}
                  />
                  <strong>{r.name}</strong>
                </label>
                <span className="muted">{KIND_WORDS[r.kind]}</span>
                <span className={`rec-trust ${trustWords(all)}`} title="F1 over all its labels, overlapping boundaries, at the last evaluation">
                  {all === null ? 'not measured' : `F1 ${f(all)}`}
                </span>
              </div>
              <p className="rec-desc">
                {r.description} {r.labels.length > 0 && <span className="muted">Labels: {r.labels.map(labelName).join(', ')}.</span>}
              </p>
              {r.problem && (
                <p className="sg-problem" role="note">
                  {r.problem}
                </p>
              )}
              {r.quality && r.quality.rows.length > 0 && (
                <table className="rec-quality">
                  <caption>
                    Against {r.quality.against}, {r.quality.documents} document{r.quality.documents === 1 ? '' : 's'}
                    {r.quality.method === 'cross-validation' ? `, ${r.quality.folds ?? ''}-fold cross-validation` : ''}, {ago(r.quality.evaluated)}
                  </caption>
                  <thead>
                    <tr>
                      <th>label</th>
                      <th title="precision / recall / F1, same label and overlapping boundaries">overlap P / R / F1</th>
                      <th title="F1, same label and exactly the same boundaries">exact F1</th>
                      <th title="spans of this label in the reference">spans</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.quality.rows.map((row) => (
                      <tr key={row.label} className={row.label === '*' ? 'all' : ''}>
                        <td>{row.label === '*' ? 'all labels' : labelName(row.label)}</td>
                        <td className={trustWords(row.overlap.f1)}>
                          {f(row.overlap.precision)} / {f(row.overlap.recall)} / <strong>{f(row.overlap.f1)}</strong>
                        </td>
                        <td>{f(row.exact.f1)}</td>
                        <td>{row.support}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {r.training && (
                <div className="rec-training" data-testid="training">
                  {r.training.state === 'training' ? (
                    <>
                      Training…{' '}
                      {r.training.progress && (
                        <progress value={r.training.progress.done} max={r.training.progress.total}>
                          {r.training.progress.done} of {r.training.progress.total}
                        </progress>
                      )}
                    </>
                  ) : r.training.state === 'failed' ? (
                    <span className="error">Training failed: {r.training.message ?? 'no reason given'}</span>
                  ) : r.training.state === 'untrained' ? (
                    <span>Not trained yet{r.training.message ? `: ${r.training.message}` : ''}.</span>
                  ) : (
                    <span>
                      Trained {ago(r.training.trainedAt)} on {r.training.documents} document{r.training.documents === 1 ? '' : 's'}, {r.training.spans} spans
                      {r.training.source ? ` (${r.training.source})` : ''}.
                    </span>
                  )}{' '}
                  <button type="button" disabled={busy !== null || r.training.state === 'training'} onClick={() => void act(`Training ${r.name}`, () => api.trainRecommender({ id: r.id }))}>
                    Train now
                  </button>
                </div>
              )}
              {r.kind === 'external' && <ExternalUrl info={r} disabled={busy !== null} onSave={(url) => void act(`Setting the address of ${r.name}`, () => api.configureRecommender({ id: r.id, url }))} />}
            </section>
          );
        })}
      </div>
      {measuring && (
        <>
          <EscapeCancels onEscape={cancelMeasuring} />
          <JobProgress status={measuring.status} label="Measuring the recommenders" onCancel={cancelMeasuring} cancelling={measuring.cancelling} />
        </>
      )}
      <div className="actions rec-actions">
        <label className="rec-against">
          Measure against
          <select value={against} onChange={(e) => setAgainst(e.target.value)}>
            <option value="gold">gold</option>
            {annotators.map((a) => (
              <option key={a} value={a}>
                {a}’s layers
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={busy !== null || measuring !== null || !list?.length}
          onClick={measure}
          title="Precision, recall and F1 per recommender and label over every document with that layer (the learned model by cross-validation); kept for everyone"
        >
          Measure now
        </button>
        <button type="button" onClick={() => props.onClose(changed.current)}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

/** While mounted inside the dialog, Esc runs this instead of closing it (a running job stops). */
function EscapeCancels(props: { onEscape: () => void }) {
  useDialogEscape(props.onEscape);
  return null;
}

function ExternalUrl(props: { info: RecommenderInfo; disabled: boolean; onSave: (url: string | null) => void }) {
  const [url, setUrl] = useState(props.info.url ?? '');
  return (
    <div className="rec-url">
      <label>
        Service address
        <input type="url" value={url} placeholder="http://127.0.0.1:5000/predict" onChange={(e) => setUrl(e.target.value)} />
      </label>
      <button type="button" disabled={props.disabled || url === (props.info.url ?? '')} onClick={() => props.onSave(url.trim() ? url.trim() : null)}>
        Save address
      </button>
    </div>
  );
}
