import { useLayoutEffect, useState } from 'react';
import type { ProjectInfo } from '../../shared/api/contract';
import type { RecommenderInfo, Suggestion } from '../../shared/api/recommend';
import type { Attributes } from '../../shared/model/labels';
import type { ArticleEditor } from '../editor/createEditor';
import type { TextPositions } from '../../shared/text/positions';
import type { SuggestionController, SuggestionsView } from './suggestions';
import { overlapF1 } from './quality';
import './recommend.css';

const percent = (x: number) => `${Math.round(x * 100)} %`;

/** An attribute value in words: an entity's id stays an id (the inspector names it once accepted). */
function valueWords(value: Attributes[string]): string {
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/**
 * The side panel's suggestion section: how many suggestions this document has (per
 * recommender), what could not answer, and, for the current suggestion, everything the analyst
 * decides on: label, text, attributes, recommender, score, how good that recommender measured
 * on this label, and why it proposes it.
 */
export function SuggestionPanel(props: {
  project: ProjectInfo;
  controller: SuggestionController;
  view: SuggestionsView;
  recommenders: readonly RecommenderInfo[];
  readOnly: boolean;
  /** An entity's name by id (the registry), for an actor's link. */
  entityName: (id: string) => string | undefined;
  onOpenRecommenders: () => void;
}) {
  const { project, controller, view, recommenders } = props;
  const current = view.current;
  const byRecommender = new Map<string, number>();
  for (const s of view.suggestions) byRecommender.set(s.recommender, (byRecommender.get(s.recommender) ?? 0) + 1);
  const labelName = (id: string) => project.labels.find((l) => l.id === id)?.name ?? id;

  return (
    <section className="suggestion-panel" data-testid="suggestion-panel" aria-label="Suggestions">
      <div className="pane-title pane-title-row">
        Suggestions
        <button className="link-button" onClick={props.onOpenRecommenders} title="Switch recommenders on or off, see how good each has measured, train the learned model">
          Recommenders…
        </button>
      </div>
      {!view.loaded ? (
        <p className="hint">{view.loading ? 'Asking the recommenders…' : ''}</p>
      ) : (
        <>
          <p className="sg-count" data-testid="suggestion-count">
            {view.suggestions.length === 0 ? 'None in this document.' : `${view.suggestions.length} in this document`}
            {view.loading && ' (asking again…)'}
            {view.tookMs !== null && view.suggestions.length > 0 && <span className="muted"> · {Math.round(view.tookMs)} ms</span>}
          </p>
          {byRecommender.size > 0 && (
            <ul className="sg-sources">
              {[...byRecommender].map(([id, n]) => (
                <li key={id}>
                  <span className="sg-badge">{controller.recommenderMark(id)}</span> {controller.recommenderName(id)}: {n}
                </li>
              ))}
            </ul>
          )}
          {view.problems.map((p, i) => (
            <p className="sg-problem" key={i} role="note">
              {p.recommender ? `${controller.recommenderName(p.recommender)}: ` : ''}
              {p.message}
            </p>
          ))}
        </>
      )}
      {current ? (
        <SuggestionDetails project={project} suggestion={current} controller={controller} recommender={recommenders.find((r) => r.id === current.recommender)} entityName={props.entityName} readOnly={props.readOnly} busy={view.busy} labelName={labelName} />
      ) : (
        view.suggestions.length > 0 && (
          <p className="hint">
            <kbd>]</kbd> goes to the next suggestion, <kbd>[</kbd> the previous; or click one in the text.
          </p>
        )
      )}
    </section>
  );
}

function SuggestionDetails(props: {
  project: ProjectInfo;
  suggestion: Suggestion;
  controller: SuggestionController;
  recommender: RecommenderInfo | undefined;
  entityName: (id: string) => string | undefined;
  readOnly: boolean;
  busy: boolean;
  labelName: (id: string) => string;
}) {
  const { project, suggestion: s, controller, recommender } = props;
  const label = project.labels.find((l) => l.id === s.label);
  const attributes = Object.entries(s.attributes ?? {});
  const f1 = overlapF1(recommender?.quality, s.label);
  const sameSource = controller.getSnapshot().suggestions.filter((x) => x.recommender === s.recommender).length;
  return (
    <div className="sg-details" data-testid="suggestion-details">
      <div className={`selected-label swatch-${s.label}`}>
        <span className="swatch sg-swatch" /> {props.labelName(s.label)} <span className="muted">suggested</span>
      </div>
      <blockquote className="selected-quote">
        <mark className="sg-quote">{s.exact}</mark>
      </blockquote>
      {attributes.length > 0 && (
        <dl className="sg-attrs">
          {attributes.map(([id, value]) => {
            const def = label?.attributes.find((a) => a.id === id);
            const entity = def?.type === 'entity' && typeof value === 'string' ? props.entityName(value) : undefined;
            return (
              <div key={id}>
                <dt>{def?.name ?? id}</dt>
                <dd title={entity ? value.toString() : undefined}>{entity ?? valueWords(value)}</dd>
              </div>
            );
          })}
        </dl>
      )}
      {s.relations && s.relations.length > 0 && (
        <p className="sg-relations">
          {s.relations.map((r, i) => (
            <span key={i}>
              {project.relations.find((t) => t.id === r.type)?.name ?? r.type} ({r.end === 'from' ? 'from this' : 'to this'}){i < s.relations!.length - 1 ? '; ' : ''}
            </span>
          ))}
        </p>
      )}
      <dl className="sg-meta">
        <div>
          <dt>From</dt>
          <dd>
            {controller.recommenderName(s.recommender)}
            {s.alsoBy?.length ? <span className="hint"> (also {s.alsoBy.map((r) => controller.recommenderName(r)).join(', ')})</span> : null}
          </dd>
        </div>
        <div>
          <dt>Score</dt>
          <dd>{percent(s.score)}</dd>
        </div>
        <div>
          <dt>Measured</dt>
          <dd title="F1 with overlapping boundaries for this label, from the last evaluation (Recommenders…)">{f1 === null ? 'not yet' : `F1 ${f1.toFixed(2)} on ${props.labelName(s.label)}`}</dd>
        </div>
        {s.why && (
          <div>
            <dt>Why</dt>
            <dd>{s.why}</dd>
          </div>
        )}
      </dl>
      <div className="selected-actions">
        <button onMouseDown={(e) => e.preventDefault()} onClick={() => void controller.accept()} disabled={props.readOnly || props.busy}>
          Accept <kbd>Enter</kbd>
        </button>
        <button onMouseDown={(e) => e.preventDefault()} onClick={() => void controller.reject()} disabled={props.busy}>
          Reject <kbd>X</kbd>
        </button>
        {sameSource > 1 && (
          <button onMouseDown={(e) => e.preventDefault()} onClick={() => void controller.acceptAllOf(s.recommender)} disabled={props.readOnly || props.busy}>
            Accept all {sameSource} <kbd>Shift+A</kbd>
          </button>
        )}
      </div>
    </div>
  );
}

/**
 * A small card over the text beside the current suggestion: what it is and the two keys that
 * decide it, so the eye need not leave the line. Placed above the suggestion's line (below when
 * that is off the top), inside the scrolling text so it moves with it.
 */
export function SuggestionCard(props: { editor: ArticleEditor | null; positions: TextPositions; suggestion: Suggestion | null; labelName: (id: string) => string; recommenderName: (id: string) => string }) {
  const { editor, suggestion: s } = props;
  const [at, setAt] = useState<{ left: number; top: number; below: boolean } | null>(null);
  useLayoutEffect(() => {
    const view = editor?.view;
    const scroller = view?.dom.closest('.article-scroll');
    if (!s || !view || view.isDestroyed || !scroller) return setAt(null);
    try {
      const start = view.coordsAtPos(props.positions.toPos(s.startOffset));
      const box = scroller.getBoundingClientRect();
      const top = start.top - box.top + scroller.scrollTop;
      const left = Math.max(8, Math.min(start.left - box.left + scroller.scrollLeft, box.width - 360));
      const below = start.top - box.top < 40;
      setAt({ left, top: below ? start.bottom - box.top + scroller.scrollTop + 4 : top - 4, below });
    } catch {
      setAt(null);
    }
  }, [editor, s, props.positions]);
  if (!s || !at) return null;
  return (
    <div className={`sg-card${at.below ? ' below' : ''}`} style={{ left: at.left, top: at.top }} role="status" data-testid="suggestion-card">
      <span className="sg-card-label" style={{ ['--label' as string]: 'currentColor' }}>
        {props.labelName(s.label)}
      </span>{' '}
      <span className="muted">
        {props.recommenderName(s.recommender)} · {percent(s.score)}
      </span>{' '}
      <kbd>Enter</kbd> accept <kbd>X</kbd> reject <kbd>]</kbd> next
    </div>
  );
}
