import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { DocumentSummary } from '../../shared/api/contract';
import { commandsFor } from '../commands/keymap';
import { focusRegion } from '../commands/registry';

const ROW_HEIGHT = 62;

/** The project's documents, with each annotator's span count; virtualised for large projects. */
export function DocumentList(props: {
  docs: DocumentSummary[];
  currentId: string | null;
  annotator: string | null;
  onChoose: (id: string) => void;
  /** In review mode: each document's settled / disagreements. */
  review?: ReadonlyMap<string, { settled: number; disagreements: number }>;
}) {
  const { docs, currentId } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: docs.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const currentIndex = docs.findIndex((d) => d.id === currentId);
  useEffect(() => {
    if (currentIndex >= 0) virtualizer.scrollToIndex(currentIndex, { align: 'auto' });
  }, [currentIndex, virtualizer]);

  /** The list's keys (documents.* in the key map): arrows open the next one, Enter goes to its text. */
  const onKeyDown = (e: React.KeyboardEvent) => {
    const [command] = commandsFor(e.nativeEvent, ['documents']);
    if (command?.id === 'documents.enter') {
      e.preventDefault();
      focusRegion('text');
      return;
    }
    if (command?.id !== 'documents.move') return;
    const move = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : e.key === 'Home' ? -Infinity : Infinity;
    e.preventDefault();
    const next = Math.max(0, Math.min(docs.length - 1, (currentIndex < 0 ? 0 : currentIndex) + move));
    const doc = docs[next];
    if (doc) props.onChoose(doc.id);
  };

  return (
    <nav className="doc-list" aria-label="Documents">
      <div className="pane-title">
        {docs.length.toLocaleString()} document{docs.length === 1 ? '' : 's'}
      </div>
      <div
        className="doc-scroller"
        ref={scroller}
        role="listbox"
        tabIndex={0}
        aria-activedescendant={currentId ? `doc-${currentId}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const d = docs[item.index]!;
            const counts = Object.entries(d.annotators);
            return (
              <div
                key={d.id}
                id={`doc-${d.id}`}
                role="option"
                aria-selected={d.id === currentId}
                className={`doc-row${d.id === currentId ? ' current' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
                onClick={() => props.onChoose(d.id)}
                data-doc-id={d.id}
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
                  {d.source && <span className="doc-source">{d.source}</span>}
                  {counts.length === 0 ? (
                    <span className="doc-counts none">no spans yet</span>
                  ) : (
                    counts.map(([who, n]) => (
                      <span
                        key={who}
                        className={`doc-count${who === props.annotator ? ' mine' : ''}${d.finished.includes(who) ? ' finished' : ''}`}
                        data-annotator={who}
                        title={`${who}: ${n} spans${d.finished.includes(who) ? ', finished' : ''}`}
                      >
                        {who} {n}
                        {d.finished.includes(who) && <span aria-label="finished"> ✓</span>}
                      </span>
                    ))
                  )}
                  {props.review?.get(d.id) && props.review.get(d.id)!.disagreements > 0 && (
                    <span
                      className={`doc-review${props.review.get(d.id)!.settled === props.review.get(d.id)!.disagreements ? ' done' : ''}`}
                      title="Disagreements settled in gold"
                      data-testid="doc-review-progress"
                    >
                      {props.review.get(d.id)!.settled}/{props.review.get(d.id)!.disagreements} settled
                    </span>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </nav>
  );
}
