import { useVirtualizer } from '@tanstack/react-virtual';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { DOCUMENT_STATUSES, type DocumentPage, type DocumentQuery, type DocumentRow, type DocumentSortKey, type DocumentStatus } from '../../shared/api/corpus';
import { api } from '../api/client';
import { commandsFor } from '../commands/keymap';
import { focusRegion } from '../commands/registry';
import { Shared, useShared } from '../state/useLayer';

const ROW_HEIGHT = 62;
/** Rows asked for at once: a screen is about 15, so a page covers several screens of scrolling. */
const PAGE = 100;

const STATUS_WORDS: Record<DocumentStatus, string> = {
  'not-started': 'not started',
  'in-progress': 'in progress',
  finished: 'finished',
  adjudicated: 'adjudicated',
};

const SORTS: Array<{ key: DocumentSortKey; words: string }> = [
  { key: 'id', words: 'id' },
  { key: 'title', words: 'title' },
  { key: 'status', words: 'status' },
  { key: 'spans', words: 'spans' },
  { key: 'disagreements', words: 'unsettled disagreements' },
  { key: 'length', words: 'length' },
  { key: 'label', words: 'spans of a label' },
  // Active learning (issue 15): what the learned recommender is least sure about, first.
  { key: 'uncertainty', words: 'least sure first' },
];

/** The list's filters and order: everything of a query but the page. */
export type ListFilters = Omit<DocumentQuery, 'offset' | 'limit' | 'focus'>;

/** What the window asks of the list: the document before or after one, in the list's order and filters. */
export interface DocumentListHandle {
  neighbour(docId: string | null, direction: 1 | -1): Promise<string | null>;
}

/**
 * The project's documents as a tool for a corpus: filtered and sorted by the service from its
 * index (shared/api/corpus.ts) and fetched a page at a time as the list scrolls, so a project of
 * 100,000 documents shows at once. Keys in the list (documents.* in the key map): arrows open
 * the next one, / finds by words, 1–4 show one status, 0 clears the filters, S and Shift+S sort.
 */
export const DocumentList = forwardRef<
  DocumentListHandle,
  {
    currentId: string | null;
    annotator: string | null;
    onChoose: (id: string) => void;
    /** Bumped when documents changed: the pages are asked for again. */
    revision: number;
    /** The open layer's span count, live while annotating (the index has the saved one): its row alone follows it. */
    live?: Shared<LiveCount | null>;
    /** The filters' choices (annotators, labels) and the counts, when a page comes. */
    onPage?: (page: DocumentPage) => void;
    /** In review mode: each document's settled / disagreements. */
    review?: ReadonlyMap<string, { settled: number; disagreements: number }>;
  }
>(function DocumentList(props, ref) {
  const { currentId } = props;
  const [filters, setFilters] = useState<ListFilters>({});
  const [words, setWords] = useState('');
  const [head, setHead] = useState<DocumentPage | null>(null);
  const [pages, setPages] = useState<ReadonlyMap<number, DocumentRow[]>>(new Map());
  const [failed, setFailed] = useState<string | null>(null);
  const asked = useRef(new Set<number>());
  const generation = useRef(0);
  /** The generation whose pages are shown. */
  const shownGeneration = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const onPage = useRef(props.onPage);
  onPage.current = props.onPage;

  // The words typed are asked for once typing pauses.
  useEffect(() => {
    const t = setTimeout(() => setFilters((f) => (f.text === (words.trim() || undefined) ? f : { ...f, text: words.trim() || undefined, inText: words.trim() ? f.inText : undefined })), 200);
    return () => clearTimeout(t);
  }, [words]);

  const fetchPage = useCallback(
    (index: number, query: ListFilters, gen: number) => {
      asked.current.add(index);
      api.queryDocuments({ ...stripped(query), offset: index * PAGE, limit: PAGE }).then(
        (page) => {
          if (gen !== generation.current) return;
          // The first page of a new query replaces the old query's pages (shown until then).
          const fresh = shownGeneration.current !== gen;
          shownGeneration.current = gen;
          setPages((p) => (fresh ? new Map([[index, page.rows]]) : new Map(p).set(index, page.rows)));
          setHead(page);
          setFailed(null);
          onPage.current?.(page);
        },
        (e: Error) => {
          asked.current.delete(index);
          if (gen === generation.current) setFailed(e.message);
        },
      );
    },
    [],
  );

  // A new query or new documents: the pages are asked for again (the old ones shown until then).
  useEffect(() => {
    generation.current++;
    asked.current = new Set();
    const gen = generation.current;
    const visible = new Set([0, ...virtualRange()].map((i) => Math.floor(i / PAGE)));
    for (const index of visible) fetchPage(index, filters, gen);
  }, [filters, props.revision, fetchPage]);

  const total = head?.total ?? 0;
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  function virtualRange(): number[] {
    return virtualizer.getVirtualItems().map((i) => i.index);
  }
  const items = virtualizer.getVirtualItems();
  // The pages the rows on screen need.
  useEffect(() => {
    for (const item of items) {
      const index = Math.floor(item.index / PAGE);
      if (!asked.current.has(index)) fetchPage(index, filters, generation.current);
    }
  });

  const rowAt = (i: number): DocumentRow | undefined => pages.get(Math.floor(i / PAGE))?.[i % PAGE];
  const currentIndex = useMemo(() => {
    for (const [index, rows] of pages) {
      const at = rows.findIndex((r) => r.id === currentId);
      if (at >= 0) return index * PAGE + at;
    }
    return -1;
  }, [pages, currentId]);
  useEffect(() => {
    if (currentIndex >= 0) virtualizer.scrollToIndex(currentIndex, { align: 'auto' });
  }, [currentIndex, virtualizer]);

  /** The document `step` places from one, in the list's order (asked of the service when its page is not here). */
  const neighbour = useCallback(
    async (docId: string | null, step: number): Promise<string | null> => {
      const query = stripped(filters);
      let position = -1;
      if (docId) {
        const page = await api.queryDocuments({ ...query, offset: 0, limit: 0, focus: docId });
        position = page.position ?? -1;
      }
      const target = step === -Infinity ? 0 : step === Infinity ? total - 1 : Math.max(0, Math.min(total - 1, (position < 0 ? (step > 0 ? -1 : total) : position) + step));
      if (target < 0 || target === position) return null;
      const row = rowAt(target) ?? (await api.queryDocuments({ ...query, offset: target, limit: 1 })).rows[0];
      return row?.id ?? null;
    },
    [filters, total, pages],
  );
  useImperativeHandle(ref, () => ({ neighbour: (docId, direction) => neighbour(docId, direction) }), [neighbour]);

  const toggleStatus = (s: DocumentStatus) =>
    setFilters((f) => {
      const now = new Set(f.status ?? []);
      if (now.has(s)) now.delete(s);
      else now.add(s);
      return { ...f, status: now.size ? DOCUMENT_STATUSES.filter((x) => now.has(x)) : undefined };
    });
  const cycleSort = (reverse: boolean) =>
    setFilters((f) => {
      if (reverse) return { ...f, descending: !f.descending };
      const at = SORTS.findIndex((x) => x.key === (f.sort ?? 'id'));
      const next = SORTS[(at + 1) % SORTS.length]!.key;
      return { ...f, sort: next, ...(next === 'label' ? { sortLabel: f.sortLabel ?? head?.labels[0] } : {}) };
    });
  const clear = () => {
    setWords('');
    setFilters({});
  };

  /** The list's keys (documents.* in the key map). */
  const onKeyDown = (e: React.KeyboardEvent) => {
    const [command] = commandsFor(e.nativeEvent, ['documents']);
    if (!command) return;
    e.preventDefault();
    switch (command.id) {
      case 'documents.enter':
        focusRegion('text');
        return;
      case 'documents.filter':
        search.current?.focus();
        search.current?.select();
        return;
      case 'documents.status': {
        const s = DOCUMENT_STATUSES[Number(e.nativeEvent.code.replace(/\D/g, '') || e.key) - 1];
        if (s) toggleStatus(s);
        return;
      }
      case 'documents.clear':
        clear();
        return;
      case 'documents.reverse':
        cycleSort(true);
        return;
      case 'documents.sort':
        cycleSort(false);
        return;
      case 'documents.move': {
        const move = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : e.key === 'Home' ? -Infinity : Infinity;
        void neighbour(currentId, move).then((id) => id && props.onChoose(id));
      }
    }
  };

  const counts = head?.statusCounts;
  const sortWords = SORTS.find((x) => x.key === (filters.sort ?? 'id'))!.words;
  const filtered = head && head.total !== head.all;
  return (
    <nav className="doc-list" aria-label="Documents">
      <div className="doc-filters" role="search" aria-label="Find and sort documents">
        <div className="doc-filter-row">
          <input
            ref={search}
            type="search"
            className="doc-search"
            placeholder="Find by title, source, id…  ( / )"
            aria-label="Find documents by words of their title, source or id"
            value={words}
            onChange={(e) => setWords(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                // Enter: look in the texts too (every text is read: seconds on a large corpus).
                e.preventDefault();
                setFilters((f) => ({ ...f, text: words.trim() || undefined, inText: words.trim() ? true : undefined }));
              } else if (e.key === 'ArrowDown' || (e.key === 'Escape' && words === '')) {
                e.preventDefault();
                e.stopPropagation();
                scroller.current?.focus();
              } else if (e.key === 'Escape') {
                e.preventDefault();
                e.stopPropagation();
                setWords('');
              }
            }}
          />
        </div>
        {filters.text && (
          <div className="doc-filter-note">
            {filters.inText ? 'in titles, sources and texts' : 'in titles and sources; Enter looks in the texts too'}
          </div>
        )}
        <div className="doc-status-row" role="group" aria-label="Show documents by status (1–4)">
          {DOCUMENT_STATUSES.map((s, i) => (
            <button
              key={s}
              className={`doc-status-chip status-${s}`}
              aria-pressed={filters.status?.includes(s) ?? false}
              title={`Show only documents ${STATUS_WORDS[s]} (${i + 1}); again: all`}
              onClick={() => toggleStatus(s)}
            >
              {STATUS_WORDS[s]} <span className="chip-count">{counts ? counts[s].toLocaleString() : '…'}</span>
            </button>
          ))}
        </div>
        <div className="doc-filter-row">
          <select
            aria-label="Annotator"
            value={filters.annotator ?? ''}
            onChange={(e) => setFilters((f) => ({ ...f, annotator: e.target.value || undefined }))}
          >
            <option value="">any annotator</option>
            {head?.annotators.map((a) => (
              <option key={a} value={a}>
                {a}
                {a === props.annotator ? ' (me)' : ''}
              </option>
            ))}
          </select>
          <select
            aria-label="Assignment"
            value={filters.assignment ?? ''}
            onChange={(e) => setFilters((f) => ({ ...f, assignment: (e.target.value || undefined) as ListFilters['assignment'] }))}
          >
            <option value="">assigned or not</option>
            <option value="assigned">{filters.annotator ? `assigned to ${filters.annotator}` : 'assigned'}</option>
            <option value="unassigned">assigned to nobody</option>
          </select>
        </div>
        <div className="doc-filter-row">
          <select aria-label="Label" value={filters.label ?? ''} onChange={(e) => setFilters((f) => ({ ...f, label: e.target.value || undefined }))}>
            <option value="">any label</option>
            {head?.labels.map((l) => (
              <option key={l} value={l}>
                with {l}
              </option>
            ))}
          </select>
          {filters.label && (
            <input
              type="number"
              min={1}
              className="doc-min-count"
              aria-label={`At least this many ${filters.label} spans`}
              title={`At least this many ${filters.label} spans, over the annotators`}
              value={filters.minCount ?? 1}
              onChange={(e) => setFilters((f) => ({ ...f, minCount: Math.max(1, Number(e.target.value) || 1) }))}
            />
          )}
          <select
            aria-label="Disagreement"
            value={filters.disagreement ?? ''}
            onChange={(e) => setFilters((f) => ({ ...f, disagreement: (e.target.value || undefined) as ListFilters['disagreement'] }))}
          >
            <option value="">disagreeing or not</option>
            <option value="some">with disagreements</option>
            <option value="unsettled">with unsettled ones</option>
            <option value="none">without any</option>
          </select>
        </div>
        <div className="doc-filter-row">
          <label className="doc-sort">
            sort
            <select
              aria-label="Sort by (S)"
              value={filters.sort ?? 'id'}
              onChange={(e) => {
                const sort = e.target.value as DocumentSortKey;
                setFilters((f) => ({ ...f, sort, ...(sort === 'label' ? { sortLabel: f.sortLabel ?? head?.labels[0] } : {}) }));
              }}
            >
              {SORTS.map((x) => (
                <option key={x.key} value={x.key}>
                  {x.words}
                </option>
              ))}
            </select>
          </label>
          {filters.sort === 'label' && (
            <select aria-label="Label to sort by" value={filters.sortLabel ?? ''} onChange={(e) => setFilters((f) => ({ ...f, sortLabel: e.target.value }))}>
              {head?.labels.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          )}
          <button
            className="doc-sort-direction"
            aria-label={filters.descending ? 'Descending (Shift+S)' : 'Ascending (Shift+S)'}
            title="The other way round (Shift+S)"
            onClick={() => cycleSort(true)}
          >
            {filters.descending ? '↓' : '↑'}
          </button>
        </div>
      </div>
      <div className="pane-title" aria-live="polite">
        {head ? (
          <>
            {filtered ? `${head.total.toLocaleString()} of ${head.all.toLocaleString()}` : head.all.toLocaleString()} document{(filtered ? head.all : head.total) === 1 ? '' : 's'}
            {filters.sort && filters.sort !== 'id' ? <span className="count"> · {filters.sort === 'label' ? `by ${filters.sortLabel} spans` : filters.sort === 'uncertainty' ? sortWords : `by ${sortWords}`}</span> : null}
            {filtered && (
              <button className="doc-clear" onClick={clear} title="Show every document (0)">
                clear
              </button>
            )}
            {head.checking && <span className="count"> · checking files…</span>}
          </>
        ) : failed ? (
          <span className="doc-problem">{failed}</span>
        ) : (
          'Opening…'
        )}
      </div>
      <div
        className="doc-scroller"
        ref={scroller}
        role="listbox"
        tabIndex={0}
        aria-label="Documents (↑↓ open, / find, 1–4 status, 0 all, S sort)"
        aria-activedescendant={currentId && currentIndex >= 0 ? `doc-${currentId}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const d = rowAt(item.index);
            const style = { position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` } as const;
            if (!d) return <div key={`wait-${item.index}`} className="doc-row waiting" style={style} aria-hidden="true" />;
            return <Row key={d.id} d={d} style={style} current={d.id === currentId} me={props.annotator} live={props.live} review={props.review?.get(d.id)} onChoose={props.onChoose} />;
          })}
        </div>
      </div>
    </nav>
  );
});

/** What the service is asked: no empty filters (they would be a different cache key for the same list). */
function stripped(f: ListFilters): ListFilters {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '')) as ListFilters;
}

/** The open layer's span count while annotating. */
export interface LiveCount {
  docId: string;
  annotator: string;
  spans: number;
}

const NO_LIVE_COUNT = new Shared<LiveCount | null>(null);

function Row(props: {
  d: DocumentRow;
  style: React.CSSProperties;
  current: boolean;
  me: string | null;
  live?: Shared<LiveCount | null> | undefined;
  review?: { settled: number; disagreements: number } | undefined;
  onChoose: (id: string) => void;
}) {
  const { d, review } = props;
  // The list is not what the analyst looks at while tagging: the count follows when the window is idle.
  const live = useShared(props.live ?? NO_LIVE_COUNT, (l) => (l?.docId === d.id ? l : null), { deferred: true });
  const annotators = live?.docId === d.id ? { ...d.annotators, [live.annotator]: live.spans } : d.annotators;
  const counts = Object.entries(annotators);
  const open = d.disagreements - d.settled;
  return (
    <div
      id={`doc-${d.id}`}
      role="option"
      aria-selected={props.current}
      className={`doc-row${props.current ? ' current' : ''}`}
      style={props.style}
      onClick={() => props.onChoose(d.id)}
      data-doc-id={d.id}
      data-status={d.status}
    >
      <div className={`doc-title${d.title ? '' : ' untitled'}`} title={d.title ?? d.excerpt}>
        {d.problems.length > 0 && (
          <span className="doc-problem" title={d.problems.map((p) => `${p.file}: ${p.problems.join('; ')}`).join('\n')}>
            ⚠{' '}
          </span>
        )}
        {d.title ?? (d.excerpt || d.id)}
      </div>
      <div className="doc-meta">
        <span className={`doc-status status-${d.status}`} title={`${STATUS_WORDS[d.status]}${d.assigned.length ? `; assigned to ${d.assigned.join(', ')}` : ''}`}>
          {STATUS_WORDS[d.status]}
        </span>
        {review && review.disagreements > 0 ? (
          <span className={`doc-review${review.settled === review.disagreements ? ' done' : ''}`} title="Disagreements settled in gold" data-testid="doc-review-progress">
            {review.settled}/{review.disagreements} settled
          </span>
        ) : (
          open > 0 && (
            <span className="doc-disagreements" title={`${open} disagreement${open === 1 ? '' : 's'} between the annotators not settled in gold`}>
              ≠ {open}
            </span>
          )
        )}
        {counts.length === 0 ? (
          <span className="doc-counts none">{d.assigned.length ? `for ${d.assigned.join(', ')}` : 'no spans yet'}</span>
        ) : (
          counts.map(([who, n]) => (
            <span
              key={who}
              className={`doc-count${who === props.me ? ' mine' : ''}${d.finished.includes(who) ? ' finished' : ''}`}
              data-annotator={who}
              title={`${who}: ${n} spans${d.finished.includes(who) ? ', finished' : ''}${d.assigned.includes(who) ? ', assigned' : ''}`}
            >
              {who} {n}
              {d.finished.includes(who) && <span aria-label="finished"> ✓</span>}
            </span>
          ))
        )}
        {d.source && <span className="doc-source">{d.source}</span>}
      </div>
    </div>
  );
}
