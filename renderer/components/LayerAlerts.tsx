import { useState } from 'react';
import type { ProjectInfo } from '../../shared/api/contract';
import type { EditConflict } from '../../shared/api/live';
import type { Orphan } from '../../shared/format/annotationFile';
import type { Relation, Span, SpanEdit } from '../../shared/model/span';
import type { EntityCache } from '../state/entities';
import type { LayerSession } from '../state/layerSession';
import { labelName, quoted, relationWords, spanVersionWords, type Namer } from '../state/words';

function namerOf(project: ProjectInfo, session: LayerSession, extra: Array<Span | Relation | null>): Namer {
  const spans = new Map<string, Span>();
  const relations = new Map<string, Relation>();
  for (const x of extra) {
    if (x && 'label' in x) spans.set(x.id, x);
    else if (x) relations.set(x.id, x);
  }
  return {
    labels: project.labels,
    relationTypes: project.relations,
    span: (id) => session.spans.get(id) ?? spans.get(id),
    relation: (id) => session.relations.get(id) ?? relations.get(id),
  };
}

/** Read-only because another window holds the annotator's seat: who, and what happens next. */
export function SeatBanner({ session }: { session: LayerSession }) {
  if (!session.seatTaken) return null;
  const pending = session.pendingCount;
  const reason = (session.readOnlyReason ?? '').replace(/\.?$/, '.');
  return (
    <div className="banner banner-seat" role="status" data-testid="seat-banner">
      <strong>Read-only.</strong> {reason}{' '}
      {/until that window closes/.test(reason) ? 'It becomes editable by itself then, with nothing to reopen.' : 'This window becomes editable by itself when that window closes.'}
      {pending > 0 && (
        <>
          {' '}
          <strong>
            {pending === 1 ? 'Your last change is' : `Your last ${pending} changes are`} not saved yet: {pending === 1 ? 'it is' : 'they are'} kept in this window and
            will be saved then.
          </strong>
        </>
      )}
    </div>
  );
}

/** An action the service refused, taken back: why, until the analyst has read it. */
export function RefusalAlert({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  return (
    <div className="banner banner-error refusal" role="alert" data-testid="refusal">
      <span>{message}</span>
      <button onClick={onDismiss}>OK</button>
    </div>
  );
}

/** The edits Keep mine makes: this window's version, over what is on disk now. */
export function keepMine(c: EditConflict): SpanEdit[] {
  if (c.kind === 'span') {
    const mine = c.mine as Span | null;
    const theirs = c.theirs as Span | null;
    if (mine) return [theirs ? { op: 'update', span: mine } : { op: 'add', span: mine }];
    return theirs ? [{ op: 'remove', id: theirs.id }] : [];
  }
  const mine = c.mine as Relation | null;
  const theirs = c.theirs as Relation | null;
  const edits: SpanEdit[] = [];
  if (theirs) edits.push({ op: 'removeRelation', id: theirs.id });
  if (mine) edits.push({ op: 'addRelation', relation: mine });
  return edits;
}

/**
 * Edits a merge could not apply because another program changed the same span or relation:
 * each with both versions in words, Keep mine (applies this window's version again, as a new
 * undoable action) or Keep theirs (leaves what is on disk).
 */
export function ConflictPanel({ project, session, entities, onNotice }: { project: ProjectInfo; session: LayerSession; entities: EntityCache; onNotice: (m: string) => void }) {
  const conflicts = session.conflicts;
  if (conflicts.length === 0) return null;
  const entityName = (id: string) => entities.resolve(id)?.name;
  const version = (c: EditConflict, v: Span | Relation | null) => {
    if (!v) return 'deleted';
    const namer = namerOf(project, session, [c.mine, c.theirs]);
    return 'label' in v ? spanVersionWords(namer, v, entityName) : relationWords(namer, v);
  };
  return (
    <section className="conflicts" aria-label="Changes that could not be merged" data-testid="conflicts">
      <h2>
        {conflicts.length === 1 ? 'One of your changes' : `${conflicts.length} of your changes`} could not be merged with another program’s changes to the same
        annotations. Which should stay?
      </h2>
      <ul>
        {conflicts.map((c, i) => (
          <li key={`${c.kind}-${c.id}-${i}`} className="conflict" data-testid="conflict">
            <p className="conflict-message">{c.message}</p>
            <dl>
              <div>
                <dt>Yours</dt>
                <dd>{version(c, c.mine)}</dd>
              </div>
              <div>
                <dt>On disk now</dt>
                <dd>{version(c, c.theirs)}</dd>
              </div>
            </dl>
            <div className="conflict-actions">
              <button
                onClick={() => {
                  if (session.readOnlyReason) return onNotice(`Read-only: ${session.readOnlyReason}`);
                  const edits = keepMine(c);
                  if (edits.length) session.apply(edits);
                  session.dismissConflict(c);
                  onNotice('Your version is kept (Ctrl+Z takes it back).');
                }}
              >
                Keep mine
              </button>
              <button
                onClick={() => {
                  session.dismissConflict(c);
                  onNotice('The version on disk is kept.');
                }}
              >
                Keep theirs
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Why an orphan could not be placed, in words. */
function orphanReason(reason: string): string {
  if (/not found in the changed text/.test(reason)) return 'its text is no longer in the article';
  if (/empty quote/.test(reason)) return 'it was empty, and its place changed';
  return reason;
}

/**
 * The spans that could not be placed in the text as it is now (it changed since they were
 * made): each with its label, its text and why, for review. They stay in the file.
 */
export function OrphanPanel({ project, orphans }: { project: ProjectInfo; orphans: readonly Orphan[] }) {
  const [open, setOpen] = useState(true);
  if (orphans.length === 0) return null;
  const n = orphans.length;
  return (
    <section className="orphans" aria-label="Spans that could not be placed" data-testid="orphans">
      <div className="orphans-head">
        <span>
          <strong>{n === 1 ? 'One of your spans' : `${n} of your spans`} could not be placed in this text</strong>, which changed since{' '}
          {n === 1 ? 'it was' : 'they were'} made. {n === 1 ? 'It is' : 'They are'} kept in your annotation file but not shown in the text.
        </span>
        <button aria-expanded={open} onClick={() => setOpen((v) => !v)}>
          {open ? 'Hide list' : 'Show list'}
        </button>
      </div>
      {open && (
        <ul className="orphan-list">
          {orphans.map((o) => (
            <li key={o.span.id} className="orphan" data-testid="orphan">
              <span className={`orphan-label swatch-${o.span.label}`}>
                <span className="swatch" />
                {labelName(project, o.span.label)}
              </span>
              <span className="orphan-quote">
                <span className="orphan-context">{o.span.quote.prefix.slice(-24)}</span>
                {quoted(o.span.quote.exact, 80)}
                <span className="orphan-context">{o.span.quote.suffix.slice(0, 24)}</span>
              </span>
              <span className="orphan-reason">{orphanReason(o.reason)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
