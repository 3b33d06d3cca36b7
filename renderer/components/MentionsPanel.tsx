import { useEffect, useRef, useState } from 'react';
import type { MentionHit, ProjectInfo } from '../../shared/api/contract';
import { visibleAliases, type Entity } from '../../shared/entities';
import { quoteOf } from '../../shared/model/quote';
import type { Span, SpanEdit } from '../../shared/model/span';
import { CodePointIndex } from '../../shared/text/codePoints';
import { api } from '../api/client';
import { newSpanId } from '../editor/keys';
import type { LayerSession } from '../state/layerSession';
import { LinkedAction, type LinkedPart } from '../state/linkedEdits';
import { useEntities, type EntityCache } from '../state/entities';

/** A hit whose actor span links another entity: accepting it would move the link. */
interface Elsewhere {
  name: string;
  /** Whose registry files hold the matched spelling under that other entity, in words ("layla's"). */
  by: string | null;
}

/** What accepting the ticked hits would write in other documents, for the analyst to confirm. */
interface Plan {
  indices: number[];
  here: number;
  others: Array<{ docId: string; title: string; count: number }>;
}

/** The label that tags actors and its entity attribute, as the schema has them. */
export function actorTarget(project: ProjectInfo): { label: string; attribute: string; kind?: string } | null {
  for (const l of project.labels) {
    const entity = l.attributes.find((a) => a.type === 'entity');
    if (entity) return { label: l.id, attribute: entity.id, ...(l.attributes.some((a) => a.id === 'kind') ? { kind: 'kind' } : {}) };
  }
  return null;
}

/**
 * "Tag all mentions": an entity's name, aliases and close spellings in this document or the
 * whole project, each explained, for the analyst to accept one by one (Enter) or together
 * (Ctrl+Enter accepts every ticked one; Space ticks). A hit already linked to another entity is
 * never ticked by itself: it says which entity (and whose spelling that is) and is relinked only
 * when ticked on purpose. Before anything is written in other documents the panel says what it
 * will write there (Enter writes, Esc does not). An acceptance is one undoable step of the open
 * document, whatever documents it wrote in: Ctrl+Z there takes it all back (see linkedEdits.ts).
 */
export function MentionsPanel(props: {
  project: ProjectInfo;
  entity: Entity;
  session: LayerSession;
  text: string;
  onClose: () => void;
  onReveal: (hit: MentionHit) => void;
  onSavedElsewhere: (docId: string, spanCount: number) => void;
  /** The registry, to name the entity a hit is already linked to. */
  entities: EntityCache;
}) {
  const { project, entity, session } = props;
  useEntities(props.entities);
  const [elsewhere, setElsewhere] = useState<Map<number, Elsewhere>>(new Map());
  const [plan, setPlan] = useState<Plan | null>(null);
  /** Bumped to search again. */
  const [searches, setSearches] = useState(0);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const target = actorTarget(project);
  const [scope, setScope] = useState<'document' | 'all'>('document');
  const [hits, setHits] = useState<MentionHit[] | null>(null);
  const [ticked, setTicked] = useState<Set<number>>(new Set());
  const [done, setDone] = useState<Set<number>>(new Set());
  const [active, setActive] = useState(0);
  const [status, setStatus] = useState<string | null>(null);
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    setHits(null);
    api
      .findMentions({ entityId: entity.id, annotator: session.annotator, ...(scope === 'document' ? { docIds: [session.docId] } : {}) })
      .then((r) => {
        if (!live) return;
        // What is in the open document comes from the open layer, which may be ahead of the file.
        const atPlace = openActorSpans();
        const hits = r.hits.map((h) => (h.docId === session.docId ? withOpenLayer(h, atPlace) : h));
        setHits(hits);
        setElsewhere(new Map());
        setTicked(new Set());
        setDone(new Set(hits.flatMap((h, i) => (h.linked ? [i] : []))));
        setActive(0);
        // Ticked by default: what is not linked yet, and not linked to another entity.
        return linksElsewhere(hits).then((other) => {
          if (!live) return;
          setElsewhere(other);
          setTicked(new Set(hits.flatMap((h, i) => (h.linked || other.has(i) ? [] : [i]))));
        });
      })
      .catch((e: Error) => live && setStatus(e.message));
    return () => {
      live = false;
    };
  }, [entity.id, scope, searches]);

  // An undo or redo that reached other documents changed what is tagged: look again.
  useEffect(
    () =>
      session.onEvent((e) => {
        if (e.kind !== 'linked') return;
        setStatus(e.message);
        setSearches((n) => n + 1);
      }),
    [session],
  );

  useEffect(() => list.current?.focus(), [hits]);
  useEffect(() => {
    if (plan) confirmRef.current?.focus();
  }, [plan]);

  /** The entity a span links, by its entity attribute (another entity than this one), or null. */
  const otherLink = (span: Span | undefined): string | null => {
    const linkedId = target && span?.attributes?.[target.attribute];
    if (typeof linkedId !== 'string') return null;
    const to = props.entities.resolve(linkedId);
    if ((to?.id ?? linkedId) === entity.id) return null;
    return to?.id ?? linkedId;
  };

  /** Which hits sit on an actor span linked to another entity: from the open layer here, from the files elsewhere. */
  const linksElsewhere = async (hits: MentionHit[]): Promise<Map<number, Elsewhere>> => {
    const out = new Map<number, Elsewhere>();
    const spansOf = new Map<string, Map<string, Span>>();
    for (const docId of new Set(hits.filter((h) => h.spanId && !h.linked && h.docId !== session.docId).map((h) => h.docId))) {
      try {
        const opened = await api.openDocument({ docId, annotators: [session.annotator] });
        spansOf.set(docId, new Map((opened.layers[0]?.spans ?? []).map((s) => [s.id, s])));
      } catch {
        // Not readable now: its hits stay unticked-by-link unknown; accepting reads it again.
      }
    }
    hits.forEach((h, i) => {
      if (!h.spanId || h.linked) return;
      const span = h.docId === session.docId ? session.spans.get(h.spanId) : spansOf.get(h.docId)?.get(h.spanId);
      const other = otherLink(span);
      if (!other) return;
      const to = props.entities.resolve(other);
      const owners = to?.aliasOwners?.[h.text] ?? to?.aliasOwners?.[h.matched];
      const by = owners?.length ? owners.map((a) => (a === session.annotator ? 'your' : `${a}'s`)).join(' and ') : null;
      out.set(i, { name: to?.name ?? other, by });
    });
    return out;
  };

  /** The open layer's actor spans by place ("start:end"), made once per search. */
  const openActorSpans = (): Map<string, Span> => {
    const byPlace = new Map<string, Span>();
    for (const s of session.spans.values()) {
      const place = `${s.startOffset}:${s.endOffset}`;
      if (s.label === target?.label && !byPlace.has(place)) byPlace.set(place, s);
    }
    return byPlace;
  };

  const withOpenLayer = (h: MentionHit, atPlace: ReadonlyMap<string, Span>): MentionHit => {
    const span = atPlace.get(`${h.startOffset}:${h.endOffset}`);
    if (!span) return { ...h, spanId: undefined, linked: undefined };
    return { ...h, spanId: span.id, linked: span.attributes?.[target!.attribute] === entity.id };
  };

  const editFor = (h: MentionHit, index: CodePointIndex | null, existing?: Span): SpanEdit | null => {
    if (!target) return null;
    const attributes = { ...(existing?.attributes ?? {}), [target.attribute]: entity.id, ...(entity.kind && target.kind && !existing?.attributes?.[target.kind] ? { [target.kind]: entity.kind } : {}) };
    if (existing) return { op: 'update', span: { ...existing, attributes } };
    const quote = index ? quoteOf(index, h.startOffset, h.endOffset) : { prefix: h.before.slice(-32), exact: h.text, suffix: h.after.slice(0, 32) };
    return { op: 'add', span: { id: newSpanId(), label: target.label, startOffset: h.startOffset, endOffset: h.endOffset, quote, attributes } };
  };

  /** Accepts hits: at once when they are all in this document; otherwise after the analyst confirms what will be written elsewhere. */
  const accept = (indices: number[]) => {
    if (!hits || !target) return;
    const todo = indices.filter((i) => !done.has(i) && hits[i]);
    if (todo.length === 0) return;
    const byDoc = new Map<string, { title: string; count: number }>();
    for (const i of todo) {
      const h = hits[i]!;
      if (h.docId === session.docId) continue;
      byDoc.set(h.docId, { title: h.title ?? 'Untitled article', count: (byDoc.get(h.docId)?.count ?? 0) + 1 });
    }
    if (byDoc.size === 0) return void write(todo);
    setPlan({ indices: todo, here: todo.length - [...byDoc.values()].reduce((a, d) => a + d.count, 0), others: [...byDoc].map(([docId, d]) => ({ docId, ...d })) });
  };

  /**
   * Writes the accepted hits: in other documents through their own sessions (saved, retried and
   * refused like any edit), then here, as one undoable step that carries the other documents' part.
   */
  const write = async (todo: number[]) => {
    if (!hits || !target) return;
    setPlan(null);
    setStatus('Writing…');
    const byDoc = new Map<string, number[]>();
    for (const i of todo) byDoc.set(hits[i]!.docId, [...(byDoc.get(hits[i]!.docId) ?? []), i]);
    const accepted: number[] = [];
    const parts: LinkedPart[] = [];
    const problems: string[] = [];
    for (const [docId, is] of byDoc) {
      if (docId === session.docId) continue;
      const title = hits[is[0]!]!.title ?? 'Untitled article';
      try {
        // Another document: its layer, as this window keeps it, read again from disk.
        const other = await session.sibling(docId);
        const index = new CodePointIndex(other.text);
        const refused: string[] = [];
        const off = other.onEvent((e) => e.kind === 'refused' && refused.push(e.message));
        const edits = is.map((i) => editFor(hits[i]!, index, hits[i]!.spanId ? other.spans.get(hits[i]!.spanId!) : undefined)).filter((e): e is SpanEdit => e !== null);
        const entry = other.applyDetached(edits);
        if (!entry) {
          off();
          problems.push(`nothing written in “${title}”${other.readOnlyReason ? `: ${other.readOnlyReason}` : ''}`);
          continue;
        }
        parts.push({ session: other, entry, title });
        accepted.push(...is);
        void other.whenSaved().then(() => {
          off();
          props.onSavedElsewhere(docId, other.spans.size);
          if (refused.length) setStatus(`In “${title}”: ${refused.join(' ')}`);
        });
      } catch (e) {
        problems.push(`nothing written in “${title}”: ${(e as Error).message}`);
      }
    }
    const is = byDoc.get(session.docId) ?? [];
    const index = new CodePointIndex(props.text);
    const edits = is.map((i) => editFor(hits[i]!, index, hits[i]!.spanId ? session.spans.get(hits[i]!.spanId!) : undefined)).filter((e): e is SpanEdit => e !== null);
    if (session.apply(edits, parts.length ? new LinkedAction(parts, props.onSavedElsewhere) : undefined)) accepted.push(...is);
    setDone((d) => new Set([...d, ...accepted]));
    setTicked((t) => new Set([...t].filter((i) => !accepted.includes(i))));
    const elsewhereCount = accepted.length - (accepted.filter((i) => hits[i]!.docId === session.docId).length);
    const said = accepted.length
      ? `Tagged ${accepted.length} mention${accepted.length === 1 ? '' : 's'} as ${entity.name}${parts.length ? ` (${elsewhereCount} in ${parts.length === 1 ? 'another document' : `${parts.length} other documents`}); Ctrl+Z in this document undoes all of it` : ''}.`
      : '';
    setStatus([said, problems.length ? `Not done: ${problems.join('; ')}.` : ''].filter(Boolean).join(' ') || null);
    list.current?.focus(); // the confirmation is gone: the keys go back to the list (Esc closes)
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!hits || plan) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = Math.max(0, Math.min(hits.length - 1, active + (e.key === 'ArrowDown' ? 1 : -1)));
      setActive(next);
      list.current?.querySelector(`[data-index="${next}"]`)?.scrollIntoView({ block: 'nearest' });
      if (hits[next]?.docId === session.docId) props.onReveal(hits[next]!);
    } else if (e.key === ' ') {
      e.preventDefault();
      setTicked((t) => {
        const n = new Set(t);
        if (n.has(active)) n.delete(active);
        else n.add(active);
        return n;
      });
    } else if (e.key === 'Enter') {
      e.preventDefault();
      accept(e.ctrlKey || e.metaKey ? [...ticked] : [active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      props.onClose();
    }
  };

  const open = hits ? hits.filter((_, i) => !done.has(i)).length : 0;
  return (
    <section className="mentions-panel" aria-label={`Mentions of ${entity.name}`} data-testid="mentions-panel">
      <header>
        <div>
          <div className="pane-title">All mentions</div>
          <strong>{entity.name}</strong>
          {visibleAliases(entity, session.annotator).length > 0 && <div className="hint">also {visibleAliases(entity, session.annotator).join(' · ')}</div>}
        </div>
        <button className="link-button" onClick={props.onClose} aria-label="Close mentions">
          ×
        </button>
      </header>
      <div className="mentions-controls">
        <select value={scope} onChange={(e) => setScope(e.target.value as 'document' | 'all')} aria-label="Where to look">
          <option value="document">This document</option>
          <option value="all">Whole project</option>
        </select>
        <button onClick={() => accept([...ticked])} disabled={ticked.size === 0 || plan !== null}>
          Accept {ticked.size} ticked <kbd>Ctrl+Enter</kbd>
        </button>
      </div>
      <div className="hint mentions-keys">↑↓ choose · Enter accept one · Space tick · Esc close</div>
      <div className="mentions-status" role="status">
        {status ?? (hits ? `${hits.length} found, ${open} not yet tagged as ${entity.name}` : 'Looking…')}
      </div>
      {plan && (
        <div
          className="mentions-confirm"
          role="alertdialog"
          aria-label="Write in other documents?"
          data-testid="mentions-confirm"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              setPlan(null);
              list.current?.focus();
            }
          }}
        >
          <p>
            <strong>
              Write {plan.indices.length - plan.here} span{plan.indices.length - plan.here === 1 ? '' : 's'} in {plan.others.length === 1 ? 'another document' : `${plan.others.length} other documents`}
            </strong>
            {plan.here ? ` and ${plan.here} in this one` : ''}, linked to {entity.name}:
          </p>
          <ul>
            {plan.others.map((d) => (
              <li key={d.docId}>
                {d.count} in “{d.title}”
              </li>
            ))}
          </ul>
          <p className="hint">One Ctrl+Z in this document takes it all back.</p>
          <div className="mentions-confirm-actions">
            <button ref={confirmRef} onClick={() => void write(plan.indices)}>
              Write them <kbd>Enter</kbd>
            </button>
            <button onClick={() => (setPlan(null), list.current?.focus())}>
              Cancel <kbd>Esc</kbd>
            </button>
          </div>
        </div>
      )}
      <div className="mentions-list" ref={list} tabIndex={0} role="listbox" aria-label="Mentions" onKeyDown={onKeyDown}>
        {hits?.map((h, i) => (
          <div
            key={`${h.docId}:${h.startOffset}`}
            data-index={i}
            role="option"
            aria-selected={i === active}
            className={`mention${i === active ? ' active' : ''}${done.has(i) ? ' done' : ''}`}
            onClick={() => {
              setActive(i);
              if (h.docId === session.docId) props.onReveal(h);
            }}
          >
            <input
              type="checkbox"
              checked={ticked.has(i)}
              disabled={done.has(i)}
              aria-label={`Tick “${h.text}”`}
              tabIndex={-1}
              onChange={() =>
                setTicked((t) => {
                  const n = new Set(t);
                  if (n.has(i)) n.delete(i);
                  else n.add(i);
                  return n;
                })
              }
            />
            <div className="mention-body">
              {scope === 'all' && <div className="mention-doc">{h.title ?? h.docId}</div>}
              <div className="search-snippet">
                …{h.before.slice(-30)}
                <mark>{h.text}</mark>
                {h.after.slice(0, 30)}…
              </div>
              {!done.has(i) && elsewhere.get(i) && (
                <div className="mention-elsewhere" data-testid="linked-elsewhere">
                  linked to {elsewhere.get(i)!.name}
                  {elsewhere.get(i)!.by ? ` (“${h.text}” is ${elsewhere.get(i)!.by} spelling of it)` : ''}: tick it to link it to {entity.name} instead
                </div>
              )}
              <div className="proposal-why">{done.has(i) ? `tagged as ${entity.name}` : h.exact ? `the ${h.matched === entity.name ? 'name' : 'alias'} “${h.matched}”` : `≈ “${h.matched}”: ${h.explanation.join('; ')}`}{!done.has(i) && h.spanId && !elsewhere.has(i) ? ' · an actor span is there, not linked yet' : ''}</div>
            </div>
            {!done.has(i) && (
              <button onClick={(e) => (e.stopPropagation(), accept([i]))} tabIndex={-1}>
                Accept
              </button>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
