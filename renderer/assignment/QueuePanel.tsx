import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { Queue } from '../../shared/api/assignment';
import { api } from '../api/client';
import { useFresh } from './useFresh';
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
  const queue = useFresh<Queue>(annotator ? () => api.myQueue({ annotator }) : null, revision);
  const shown = queue.value?.annotator === annotator ? queue.value : null;
  return <QueuePanel {...props} queue={shown} error={queue.error} />;
}

/**
 * The next unfinished document of the annotator's queue after `currentId` (the first when the
 * current one is not in the queue), or null when all are finished. Alt+N.
 */
export async function nextInQueue(annotator: string, currentId: string | null): Promise<string | null> {
  const queue = await api.myQueue(currentId ? { annotator, after: currentId } : { annotator });
  if (queue.next && queue.next !== currentId) return queue.next;
  // After the current one there is none: the first unfinished one before it, if any.
  const other = queue.items.find((i) => i.status !== 'finished' && i.docId !== currentId);
  return other?.docId ?? null;
}

const ROW_HEIGHT = 44;

export function QueuePanel(props: {
  annotator: string | null;
  queue: Queue | null;
  error: string | null;
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
  const items = queue?.items ?? [];
  const currentIndex = items.findIndex((i) => i.docId === currentId);
  // Virtualised, as the document list: a queue of thousands draws only what is in view.
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => list.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
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
    if (command?.id !== 'queue.move' || items.length === 0) return;
    e.preventDefault();
    const move = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : e.key === 'Home' ? -Infinity : Infinity;
    const next = Math.max(0, Math.min(items.length - 1, (currentIndex < 0 ? (move > 0 ? -1 : items.length) : currentIndex) + move));
    const item = items[next];
    if (item) props.onChoose(item.docId);
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
              {virtualizer.getVirtualItems().map(({ index, start, size }) => {
                const item = items[index]!;
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
