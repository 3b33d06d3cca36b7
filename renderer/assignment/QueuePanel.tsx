import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Queue, QueueItem } from '../../shared/api/assignment';
import { api } from '../api/client';
import { usePages } from './usePages';
import { commandsFor } from '../commands/keymap';
import { focusRegion } from '../commands/registry';
import { STATUS_GLYPH, STATUS_WORDS, count } from './words';
import './assignment.css';

/**
 * "My queue" (issue 12), a tab of the left pane: the documents the curator assigned to this
 * annotator, unfinished first, each with its status and this annotator's spans; done / left
 * above with a bar; the next unfinished document a key away (Alt+N anywhere, the button here).
 * ↑/↓ open the next / previous document of the queue, Enter goes to its text, as in the
 * document list (queue.* in the key map).
 */
export function MyQueue(props: {
  annotator: string | null;
  /** Changes when the window's document list is read again (layers, finished marks, a sync). */
  revision: unknown;
  currentId: string | null;
  onChoose: (docId: string) => void;
  onNext: () => void;
  focusToken: number;
  nameOf: (docId: string) => string;
}) {
  const { annotator } = props;
  // Read again when the document list is (a layer, a finished mark, a sync) or the annotator changes.
  const revision = useMemo(() => ({ list: props.revision, annotator }), [props.revision, annotator]);
  const queue = usePages<Queue, QueueItem>(annotator ? (offset, limit) => api.myQueue({ annotator, offset, limit }) : null, itemsOf, revision);
  const shown = queue.head?.annotator === annotator ? queue.head : null;
  // The current document's place in the queue when its row is not read yet (opened from
  // elsewhere, or by End): the list scrolls there, and its page is read.
  // Good for the queue as read (`of`): a later read may have moved it.
  const [located, setLocated] = useState<{ docId: string; at: number; of: Queue } | null>(null);
  const here = located && located.of === shown ? located : null;
  const neighbour = async (docId: string | null, step: number): Promise<string | null> => {
    if (!annotator || !shown) return null;
    const total = shown.total;
    // Home and End need not know where the current one is.
    const position = docId && Number.isFinite(step) ? (await api.myQueue({ annotator, after: docId, offset: 0, limit: 0 })).position : -1;
    const target = step === -Infinity ? 0 : step === Infinity ? total - 1 : Math.max(0, Math.min(total - 1, (position < 0 ? (step > 0 ? -1 : total) : position) + step));
    if (target < 0 || target === position) return null;
    const item = queue.rowAt(target) ?? (await queue.rowRead(target));
    // Where it is is known: the list scrolls there without asking.
    if (item) setLocated({ docId: item.docId, at: target, of: shown });
    return item?.docId ?? null;
  };
  const { currentId } = props;
  const { indexWhere } = queue;
  useEffect(() => {
    if (!annotator || !currentId || !shown || here?.docId === currentId || indexWhere((i) => i.docId === currentId) >= 0) return;
    let live = true;
    api.myQueue({ annotator, after: currentId, offset: 0, limit: 0 }).then(
      (q) => live && setLocated({ docId: currentId, at: q.position, of: shown }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [annotator, currentId, shown, indexWhere, here]);
  return (
    <QueuePanel
      {...props}
      queue={shown}
      error={queue.error}
      rowAt={queue.rowAt}
      indexWhere={indexWhere}
      located={here?.docId === currentId ? here.at : -1}
      onShow={queue.show}
      neighbour={neighbour}
    />
  );
}

const itemsOf = (q: Queue) => q.items;

/**
 * The next unfinished document of the annotator's queue after `currentId` (the first when the
 * current one is not in the queue), or null when all are finished. Alt+N.
 */
export async function nextInQueue(annotator: string, currentId: string | null): Promise<string | null> {
  // `next` goes round to the start: it is the current one only when no other is unfinished.
  const queue = await api.myQueue({ annotator, ...(currentId ? { after: currentId } : {}), offset: 0, limit: 0 });
  return queue.next !== currentId ? queue.next : null;
}

const ROW_HEIGHT = 44;

export function QueuePanel(props: {
  annotator: string | null;
  queue: Queue | null;
  error: string | null;
  /** The queue's row at an index, or undefined while its page is being read. */
  rowAt: (index: number) => QueueItem | undefined;
  /** The index of the first row read that passes `test`, or -1. */
  indexWhere: (test: (item: QueueItem) => boolean) => number;
  /** Where the current document is in the queue as the service said (-1: not asked, or not in it), for when its row is not read yet. */
  located: number;
  /** The rows on screen, so that their pages are read. */
  onShow: (indices: readonly number[]) => void;
  /** The document `step` places from one in the queue's order (↑↓ ±1, Home/End ∓Infinity), read from the service. */
  neighbour: (docId: string | null, step: number) => Promise<string | null>;
  currentId: string | null;
  onChoose: (docId: string) => void;
  onNext: () => void;
  /** Bumped to put the focus in the list (Alt+Q). */
  focusToken: number;
  /** A document's name as the document list shows it (its title, else its first words). */
  nameOf: (docId: string) => string;
}) {
  const { queue, currentId } = props;
  const list = useRef<HTMLDivElement>(null);
  // Alt+Q: the focus goes to the list, once it is there (the first read may still be under way).
  const focusAsked = useRef(0);
  useEffect(() => {
    if (props.focusToken > focusAsked.current && list.current) {
      focusAsked.current = props.focusToken;
      list.current.focus();
    }
  });
  const { rowAt, onShow } = props;
  const length = queue?.total ?? 0;
  // Virtualised and read a page at a time, as the document list: a queue of tens of thousands
  // draws, and asks for, only what is in view.
  const virtualizer = useVirtualizer({ count: length, getScrollElement: () => list.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const rows = virtualizer.getVirtualItems();
  const shown = rows.map((r) => r.index).join(',');
  useEffect(() => {
    if (shown) onShow(shown.split(',').map(Number));
  }, [shown, onShow]);
  // The current document's row, among the rows read (the queue's order is asked of the service to move).
  const currentIndex = useMemo(() => {
    const here = props.indexWhere((item) => item.docId === currentId);
    return here >= 0 ? here : props.located;
  }, [props.indexWhere, props.located, currentId]);
  useEffect(() => {
    if (currentIndex >= 0) virtualizer.scrollToIndex(currentIndex, { align: 'auto' });
  }, [currentIndex, virtualizer]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    const [command] = commandsFor(e.nativeEvent, ['queue']);
    if (command?.id === 'queue.enter') {
      e.preventDefault();
      focusRegion('text');
      return;
    }
    if (command?.id !== 'queue.move' || length === 0) return;
    e.preventDefault();
    const move = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : e.key === 'Home' ? -Infinity : Infinity;
    // The row to go to when it is here; else the service says which it is.
    const target = currentIndex < 0 ? -1 : Math.max(0, Math.min(length - 1, currentIndex + move));
    const here = target < 0 ? undefined : rowAt(target);
    if (here) {
      if (target !== currentIndex) props.onChoose(here.docId);
      return;
    }
    void props.neighbour(currentId, move).then((id) => id && props.onChoose(id));
  };

  const total = queue ? queue.done + queue.left : 0;
  return (
    <nav className="queue" aria-label="My queue" data-testid="my-queue">
      <div className="pane-title">
        My queue{props.annotator ? ` · ${props.annotator}` : ''}
      </div>
      {props.error && !queue && (
        <p className="queue-message" role="alert">
          {props.error}
        </p>
      )}
      {!props.annotator ? (
        <p className="queue-message">Choose who is annotating first (top right).</p>
      ) : queue && total === 0 ? (
        <p className="queue-message" data-testid="queue-empty">
          Nothing is assigned to you yet. The curator assigns documents in <strong>Team</strong> (Alt+M); meanwhile every
          document is open to you in Documents.
        </p>
      ) : queue ? (
        <>
          <div className="queue-summary" data-testid="queue-summary">
            <span>
              <strong>{queue.done.toLocaleString('en')}</strong> done · <strong>{queue.left.toLocaleString('en')}</strong> left
            </span>
            <span className="queue-bar" role="progressbar" aria-label="Documents finished" aria-valuemin={0} aria-valuemax={total} aria-valuenow={queue.done}>
              <span style={{ width: `${(100 * queue.done) / total}%` }} />
            </span>
          </div>
          <div className="queue-next">
            {queue.next ? (
              <button type="button" onClick={props.onNext} title="Open the next unfinished document of your queue (Alt+N)">
                Next unfinished <kbd>Alt+N</kbd>
              </button>
            ) : (
              <span className="queue-done" data-testid="queue-all-done">
                All {count(total, 'document')} finished.
              </span>
            )}
          </div>
          <div
            className="queue-list"
            ref={list}
            role="listbox"
            tabIndex={0}
            aria-label={`Documents assigned to ${props.annotator}`}
            aria-activedescendant={currentIndex >= 0 ? `queue-${currentId}` : undefined}
            onKeyDown={onKeyDown}
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {rows.map(({ index, start, size }) => {
                const item = rowAt(index);
                if (!item) {
                  // Its page is being read.
                  return (
                    <div key={`row-${index}`} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: size, transform: `translateY(${start}px)` }} role="option" aria-selected={false} aria-busy="true" className="queue-row reading">
                      …
                    </div>
                  );
                }
                return (
                  <div
                    key={item.docId}
                    style={{ position: 'absolute', top: 0, left: 0, right: 0, height: size, transform: `translateY(${start}px)` }}
                    id={`queue-${item.docId}`}
                    role="option"
                    aria-selected={item.docId === currentId}
                    className={`queue-row status-${item.status}${item.docId === currentId ? ' current' : ''}`}
                    data-doc-id={item.docId}
                    data-status={item.status}
                    onClick={() => props.onChoose(item.docId)}
                  >
                    <span className="queue-glyph" aria-hidden="true">
                      {STATUS_GLYPH[item.status]}
                    </span>
                    <span className="queue-title" title={item.title ?? props.nameOf(item.docId)}>
                      {item.title ?? props.nameOf(item.docId)}
                    </span>
                    <span className="queue-status">
                      {STATUS_WORDS[item.status]}
                      {item.spans > 0 ? ` · ${count(item.spans, 'span')}` : ''}
                    </span>
                  </div>
                );
              })}
            </div>
          </div>
        </>
      ) : (
        !props.error && <p className="queue-message">Reading your queue…</p>
      )}
    </nav>
  );
}
