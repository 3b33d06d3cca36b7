import { useEffect, useRef, useState } from 'react';
import type { MentionHit, ProjectInfo } from '../../shared/api/contract';
import type { Entity } from '../../shared/entities';
import { quoteOf } from '../../shared/model/quote';
import type { Span, SpanEdit } from '../../shared/model/span';
import { CodePointIndex } from '../../shared/text/codePoints';
import { api } from '../api/client';
import { newSpanId } from '../editor/keys';
import type { LayerSession } from '../state/layerSession';

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
 * (Ctrl+Enter accepts every ticked one; Space ticks). In the open document an acceptance is one
 * undoable step; in other documents it is saved to the annotator's file at once.
 */
export function MentionsPanel(props: {
  project: ProjectInfo;
  entity: Entity;
  session: LayerSession;
  text: string;
  onClose: () => void;
  onReveal: (hit: MentionHit) => void;
  onSavedElsewhere: (docId: string, spanCount: number) => void;
}) {
  const { project, entity, session } = props;
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
        setTicked(new Set(hits.flatMap((h, i) => (h.linked ? [] : [i]))));
        setDone(new Set(hits.flatMap((h, i) => (h.linked ? [i] : []))));
        setActive(0);
      })
      .catch((e: Error) => live && setStatus(e.message));
    return () => {
      live = false;
    };
  }, [entity.id, scope]);

  useEffect(() => list.current?.focus(), [hits]);

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

  const accept = async (indices: number[]) => {
    if (!hits || !target) return;
    const todo = indices.filter((i) => !done.has(i) && hits[i]);
    if (todo.length === 0) return;
    const byDoc = new Map<string, number[]>();
    for (const i of todo) byDoc.set(hits[i]!.docId, [...(byDoc.get(hits[i]!.docId) ?? []), i]);
    const accepted: number[] = [];
    for (const [docId, is] of byDoc) {
      if (docId === session.docId) {
        const index = new CodePointIndex(props.text);
        const edits = is.map((i) => editFor(hits[i]!, index, hits[i]!.spanId ? session.spans.get(hits[i]!.spanId!) : undefined)).filter((e): e is SpanEdit => e !== null);
        if (session.apply(edits)) accepted.push(...is);
        continue;
      }
      try {
        // Another document: its layer is not open here, so the service applies the edits to its file.
        const opened = await api.openDocument({ docId, annotators: [session.annotator] });
        const spans = new Map((opened.layers[0]?.spans ?? []).map((s) => [s.id, s]));
        const index = new CodePointIndex(opened.text);
        const edits = is.map((i) => editFor(hits[i]!, index, hits[i]!.spanId ? spans.get(hits[i]!.spanId!) : undefined)).filter((e): e is SpanEdit => e !== null);
        const result = await api.applyEdits({ docId, annotator: session.annotator, edits });
        props.onSavedElsewhere(docId, result.spanCount);
        accepted.push(...is);
      } catch (e) {
        setStatus(`Not saved in ${docId}: ${(e as Error).message}`);
      }
    }
    setDone((d) => new Set([...d, ...accepted]));
    setTicked((t) => new Set([...t].filter((i) => !accepted.includes(i))));
    if (accepted.length) setStatus(`Tagged ${accepted.length} mention${accepted.length === 1 ? '' : 's'} as ${entity.name}.`);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!hits) return;
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
      void accept(e.ctrlKey || e.metaKey ? [...ticked] : [active]);
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
          {entity.aliases.length > 0 && <div className="hint">also {entity.aliases.join(' · ')}</div>}
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
        <button onClick={() => void accept([...ticked])} disabled={ticked.size === 0}>
          Accept {ticked.size} ticked <kbd>Ctrl+Enter</kbd>
        </button>
      </div>
      <div className="hint mentions-keys">↑↓ choose · Enter accept one · Space tick · Esc close</div>
      <div className="mentions-status" role="status">
        {status ?? (hits ? `${hits.length} found, ${open} not yet tagged as ${entity.name}` : 'Looking…')}
      </div>
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
              <div className="proposal-why">{done.has(i) ? `tagged as ${entity.name}` : h.exact ? `the ${h.matched === entity.name ? 'name' : 'alias'} “${h.matched}”` : `≈ “${h.matched}”: ${h.explanation.join('; ')}`}{!done.has(i) && h.spanId ? ' · an actor span is there, not linked yet' : ''}</div>
            </div>
            {!done.has(i) && (
              <button onClick={(e) => (e.stopPropagation(), void accept([i]))} tabIndex={-1}>
                Accept
              </button>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
