import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { ProjectInfo, SearchHit, SearchResult } from '../../shared/api/contract';
import { api } from '../api/client';

const ROW_HEIGHT = 66;

/**
 * Search across the project (or the open document): text, or spans of a label. Results come in
 * document order; Enter or a click opens the document with the hit selected, ready to tag.
 */
export function SearchPanel(props: {
  project: ProjectInfo;
  currentId: string | null;
  annotator: string | null;
  focusToken: number;
  onReveal: (hit: SearchHit) => void;
}) {
  const { project, currentId } = props;
  const [query, setQuery] = useState('');
  const [label, setLabel] = useState('');
  const [scope, setScope] = useState<'all' | 'document'>('all');
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
  useEffect(() => {
    if (!query && !label) {
      setResult(null);
      return;
    }
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      api
        .search({ query, ...(label ? { label } : {}), ...(inDocument ? { docIds: [inDocument] } : {}) })
        .then((r) => {
          if (mine !== seq.current) return;
          setResult(r);
          setActive(0);
          setError(null);
        })
        .catch((e: Error) => mine === seq.current && setError(e.message));
    }, 180);
    return () => clearTimeout(timer);
  }, [query, label, inDocument]);

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
        <input ref={input} value={query} onChange={(e) => setQuery(e.target.value)} placeholder={label ? 'Text in the spans (empty: all)' : 'Search text'} aria-label="Search" />
        <div className="search-filters">
          <select value={label} onChange={(e) => setLabel(e.target.value)} aria-label="Search in">
            <option value="">Text</option>
            {project.labels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} spans
              </option>
            ))}
          </select>
          <select value={scope} onChange={(e) => setScope(e.target.value as 'all' | 'document')} aria-label="Where">
            <option value="all">All documents</option>
            <option value="document">This document</option>
          </select>
        </div>
        <div className="search-status" role="status">
          {error ??
            (result
              ? `${hits.length}${result.complete ? '' : '+'} hit${hits.length === 1 ? '' : 's'} in ${result.documentsSearched.toLocaleString()} of ${result.documentsTotal.toLocaleString()} documents`
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
                <div className="search-hit-doc">
                  {hit.label && <span className={`hit-label swatch-${hit.label}`}>{labelName(hit.label)}</span>}
                  {hit.title ?? hit.docId}
                  {hit.annotator && hit.annotator !== props.annotator && <span className="hit-who"> · {hit.annotator}</span>}
                </div>
                <div className="search-snippet">
                  …{hit.before}
                  <mark>{hit.match}</mark>
                  {hit.after}…
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
