import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { flagName, NOTE_FLAGS } from '../../shared/model/span';
import type { ProjectInfo, SearchHit, SearchResult } from '../../shared/api/contract';
import { foldCase } from '../../shared/text/foldCase';
import { api } from '../api/client';
import { useEntities, type EntityCache } from '../state/entities';

const ROW_HEIGHT = 66;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/**
 * "12 hits in 3 documents (9 searched)": the documents the hits are in, then how many were
 * searched (of how many, when not all could be or the limit stopped the search). A "+" says
 * there are more than the limit let through.
 */
function searchSummary(result: SearchResult): string {
  const { hits } = result;
  const more = result.complete ? '' : '+';
  const withHits = result.documentsWithHits ?? new Set(hits.map((h) => h.docId)).size;
  const searched =
    result.documentsSearched === result.documentsTotal
      ? `${result.documentsSearched.toLocaleString()} searched`
      : `${result.documentsSearched.toLocaleString()} of ${result.documentsTotal.toLocaleString()} searched`;
  if (hits.length === 0) return `No hits (${searched})`;
  return `${plural(hits.length, 'hit', 'hits')}${more} in ${plural(withHits, 'document', 'documents')}${more} (${searched})`;
}

/** The "Search in" choice that searches notes instead of text or spans. */
const NOTES = '#notes';

/**
 * Search across the project (or the open document): text, or spans of a label. Results come in
 * document order; Enter or a click opens the document with the hit selected, ready to tag.
 */
export function SearchPanel(props: {
  project: ProjectInfo;
  currentId: string | null;
  annotator: string | null;
  entities: EntityCache;
  focusToken: number;
  onReveal: (hit: SearchHit) => void;
}) {
  const { project, currentId } = props;
  const [query, setQuery] = useState('');
  const [label, setLabel] = useState('');
  const [scope, setScope] = useState<'all' | 'document'>('all');
  const [attributeId, setAttributeId] = useState('');
  const [attributeValue, setAttributeValue] = useState('');
  const [entityName, setEntityName] = useState('');
  /** With "Notes" chosen: only notes with this flag. */
  const [flag, setFlag] = useState('');
  const entities = useEntities(props.entities);
  const labelDef = project.labels.find((l) => l.id === label);
  const attributeDef = labelDef?.attributes.find((a) => a.id === attributeId && a.type !== 'entity');
  // The entity typed, by its name or any alias (exact, ignoring case and accents).
  const entityId = useMemo(() => {
    const f = foldCase(entityName.trim());
    if (!f) return '';
    return entities.entities.find((e) => [e.name, ...e.aliases].some((n) => foldCase(n) === f))?.id ?? null;
  }, [entityName, entities.entities]);
  // Made when the registry changes, not on every key typed in the search box.
  const entityNames = useMemo(
    () => (
      <datalist id="entity-names">
        {entities.entities
          .filter((e) => !e.mergedInto)
          .slice(0, 2000)
          .map((e) => (
            <option key={e.id} value={e.name} />
          ))}
      </datalist>
    ),
    [entities.entities],
  );
  const attribute = attributeDef && attributeValue !== '' ? { id: attributeDef.id, value: attributeDef.type === 'integer' || attributeDef.type === 'range' ? Number(attributeValue) : attributeDef.type === 'boolean' ? attributeValue === 'true' : attributeValue } : null;
  const [result, setResult] = useState<SearchResult | null>(null);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const seq = useRef(0);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [props.focusToken]);

  // Search as the analyst types (after a short pause); a newer search replaces an older one.
  const inDocument = scope === 'document' ? currentId : null;
  const attributeKey = attribute ? `${attribute.id}=${String(attribute.value)}` : '';
  useEffect(() => {
    if ((!query && !label && !entityId) || entityId === null) {
      setResult(null);
      return;
    }
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      api
        .search({ query, ...(label === NOTES ? { notes: flag ? { flag } : {} } : label ? { label } : {}), ...(attribute ? { attribute } : {}), ...(entityId ? { entity: entityId } : {}), ...(inDocument ? { docIds: [inDocument] } : {}) })
        .then((r) => {
          if (mine !== seq.current) return;
          setResult(r);
          setActive(0);
          setError(null);
        })
        .catch((e: Error) => mine === seq.current && setError(e.message));
    }, 180);
    return () => clearTimeout(timer);
  }, [query, label, flag, inDocument, attributeKey, entityId]);

  const hits = result?.hits ?? [];
  const virtualizer = useVirtualizer({ count: hits.length, getScrollElement: () => list.current, estimateSize: () => ROW_HEIGHT, overscan: 6 });
  useEffect(() => {
    if (hits.length) virtualizer.scrollToIndex(active, { align: 'auto' });
  }, [active, hits.length, virtualizer]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(0, Math.min(hits.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (e.key === 'Enter' && hits[active]) {
      e.preventDefault();
      props.onReveal(hits[active]);
    }
  };
  const labelName = (id: string) => project.labels.find((l) => l.id === id)?.name ?? id;

  return (
    <div className="search-panel" onKeyDown={onKeyDown}>
      <div className="search-controls">
        <input ref={input} value={query} onChange={(e) => setQuery(e.target.value)} placeholder={label === NOTES ? 'Text in the notes (empty: all)' : label ? 'Text in the spans (empty: all)' : 'Search text'} aria-label="Search" />
        <div className="search-filters">
          <select value={label} onChange={(e) => (setLabel(e.target.value), setAttributeId(''), setAttributeValue(''))} aria-label="Search in">
            <option value="">Text</option>
            {project.labels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} spans
              </option>
            ))}
            <option value={NOTES}>Notes</option>
          </select>
          <select value={scope} onChange={(e) => setScope(e.target.value as 'all' | 'document')} aria-label="Where">
            <option value="all">All documents</option>
            <option value="document">This document</option>
          </select>
        </div>
        {label === NOTES && (
          <div className="search-filters">
            <select value={flag} onChange={(e) => setFlag(e.target.value)} aria-label="Notes with flag">
              <option value="">notes with any flag, or none</option>
              {NOTE_FLAGS.map((f) => (
                <option key={f.id} value={f.id}>
                  flagged {f.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {labelDef && labelDef.attributes.some((a) => a.type !== 'entity') && (
          <div className="search-filters">
            <select value={attributeId} onChange={(e) => (setAttributeId(e.target.value), setAttributeValue(''))} aria-label="Attribute">
              <option value="">any attributes</option>
              {labelDef.attributes
                .filter((a) => a.type !== 'entity')
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
            </select>
            {attributeDef &&
              (attributeDef.type === 'choice' || attributeDef.type === 'choices' ? (
                <select value={attributeValue} onChange={(e) => setAttributeValue(e.target.value)} aria-label="Attribute value">
                  <option value="">any value</option>
                  {attributeDef.options.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              ) : attributeDef.type === 'boolean' ? (
                <select value={attributeValue} onChange={(e) => setAttributeValue(e.target.value)} aria-label="Attribute value">
                  <option value="">any value</option>
                  <option value="true">yes</option>
                  <option value="false">no</option>
                </select>
              ) : (
                <input
                  value={attributeValue}
                  onChange={(e) => setAttributeValue(e.target.value)}
                  aria-label="Attribute value"
                  placeholder={attributeDef.type === 'range' ? 'a number in the range' : 'value'}
                  inputMode={attributeDef.type === 'text' ? 'text' : 'numeric'}
                />
              ))}
          </div>
        )}
        <input list="entity-names" value={entityName} onChange={(e) => setEntityName(e.target.value)} placeholder="Linked to entity (any name or alias)" aria-label="Linked to entity" />
        {entityNames}
        <div className="search-status" role="status">
          {error ??
            (entityId === null
              ? 'No entity has that name or alias.'
              : result
              ? searchSummary(result)
              : '↑↓ to choose, Enter to open')}
        </div>
      </div>
      <div className="search-results" ref={list} role="listbox" aria-label="Search results">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const hit = hits[item.index]!;
            return (
              <div
                key={`${hit.docId}:${hit.startOffset}:${hit.spanId ?? ''}:${item.index}`}
                role="option"
                aria-selected={item.index === active}
                className={`search-hit${item.index === active ? ' active' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => {
                  setActive(item.index);
                  props.onReveal(hit);
                }}
              >
                <div className="search-hit-doc" title={`${hit.title ?? hit.excerpt ?? hit.docId} (${hit.docId})`}>
                  {hit.label && <span className={`hit-label swatch-${hit.label}`}>{labelName(hit.label)}</span>}
                  {/* Whose span it is, before the document's name so that a long name never hides it. */}
                  {hit.annotator && (
                    <span className="hit-who" data-testid="hit-annotator">
                      {hit.annotator === props.annotator ? `${hit.annotator} (you)` : hit.annotator} ·{' '}
                    </span>
                  )}
                  {hit.title ?? (hit.excerpt ? <span className="untitled">{hit.excerpt}</span> : hit.docId)}
                </div>
                {hit.note ? (
                  <div className="search-snippet search-note" title={hit.noteOn === 'span' ? `…${hit.before}${hit.match}${hit.after}…` : 'A note on the whole document'}>
                    {hit.noteOn === 'span' ? <mark>{hit.match}</mark> : <em>the document</em>} ✎ {hit.note.flag && <span className={`note-flag flag-${hit.note.flag}`}>{flagName(hit.note.flag)}</span>}
                    {hit.note.text}
                  </div>
                ) : (
                  <div className="search-snippet">
                    …{hit.before}
                    <mark>{hit.match}</mark>
                    {hit.after}…
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
