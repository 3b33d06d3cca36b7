import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { DocumentProgress, WorkStatus } from '../../shared/api/assignment';
import { commandsFor } from '../commands/keymap';
import { STATUS_GLYPH, STATUS_WORDS, type CellChange } from './words';

const ROW_HEIGHT = 34;

/** What the matrix asks of the view: assign, take back or reassign documents, or open one. */
export interface MatrixActions {
  /** Why the assignment cannot be changed here (not a curator), or null. */
  readOnlyReason: string | null;
  change: (docIds: string[], annotator: string, mode: 'add' | 'remove' | 'set') => void;
  open: (docId: string) => void;
}

/** Where the keyboard is in the matrix: a document row, an annotator column, and the rows chosen with Shift. */
interface Cursor {
  row: number;
  col: number;
  anchor: number;
}

/**
 * The curator's matrix (issue 12): a row per document, a column per annotator, each cell the
 * annotator's status on the document (not started ○, in progress ◐, finished ✓, in words too),
 * marked when the document is assigned to them, and flagged when they have work on a document
 * not assigned to them. A plan's preview shows its changes in the cells (+ to be assigned,
 * − to be taken back) before anything is written.
 *
 * Keyboard (matrix.* in the key map): arrows move, Shift+↑/↓ take in more documents, Space
 * assigns the chosen documents to the column's annotator (or takes them back when all have
 * them), O reassigns them to that annotator only, Enter opens the document in Review. Mouse:
 * a click chooses a cell (Shift+click: the documents between), and the bar above acts on it.
 * Rows are virtualised and read from the service a page at a time: a project of 100,000
 * documents draws, and asks for, only what is in view.
 */
export function Matrix(props: {
  /** Documents in the project: the matrix's rows. */
  total: number;
  /** The row at an index, or undefined while its page is being read (a placeholder is drawn). */
  rowAt: (index: number) => DocumentProgress | undefined;
  /** The rows on screen, so that their pages are read. */
  onShow: (indices: readonly number[]) => void;
  /** The ids of the documents from one row to another, both included (read when not all are here). */
  idsBetween: (from: number, to: number) => Promise<string[]>;
  nameOf: (docId: string) => string;
  annotators: string[];
  /** The assignment to show: the current one, or a preview's. */
  assigned: (docId: string, row?: DocumentProgress) => readonly string[];
  preview: Map<string, Map<string, CellChange>> | null;
  actions: MatrixActions;
  /** Where the bar above the matrix says what happened (a change's message, a refusal). */
  onMessage: (message: string, kind: 'ok' | 'error') => void;
}) {
  const { total, rowAt, annotators, actions } = props;
  const [cursor, setCursor] = useState<Cursor>({ row: 0, col: 0, anchor: 0 });
  const row = Math.min(cursor.row, Math.max(0, total - 1));
  const col = Math.min(cursor.col, Math.max(0, annotators.length - 1));
  const anchor = Math.min(cursor.anchor, Math.max(0, total - 1));
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  useEffect(() => {
    if (total) virtualizer.scrollToIndex(row, { align: 'auto' });
  }, [row, total, virtualizer]);
  const items = virtualizer.getVirtualItems();
  // The pages of the rows on screen (and of the keyboard's row) are read if they are not here.
  const onShow = props.onShow;
  const shown = items.map((i) => i.index).join(',');
  useEffect(() => {
    if (total) onShow([...(shown ? shown.split(',').map(Number) : []), row]);
  }, [shown, row, total, onShow]);

  const from = Math.min(row, anchor);
  const to = Math.max(row, anchor);
  /** The chosen documents when every one of their rows is here, else null (they are read first). */
  const chosenHere = (): string[] | null => {
    const ids: string[] = [];
    for (let i = from; i <= to; i++) {
      const d = rowAt(i);
      if (!d) return null;
      ids.push(d.docId);
    }
    return ids;
  };
  const chosenDocs = async (): Promise<string[]> => chosenHere() ?? (await props.idsBetween(from, to));
  const who = annotators[col];
  const current = rowAt(row);

  const toggle = () => {
    if (!who || total === 0) return;
    if (actions.readOnlyReason) return props.onMessage(actions.readOnlyReason, 'error');
    void chosenDocs().then((docs) => {
      const allHave = docs.every((d) => props.assigned(d).includes(who));
      actions.change(docs, who, allHave ? 'remove' : 'add');
    }, (e: unknown) => props.onMessage(e instanceof Error ? e.message : String(e), 'error'));
  };
  const only = () => {
    if (!who || total === 0) return;
    if (actions.readOnlyReason) return props.onMessage(actions.readOnlyReason, 'error');
    void chosenDocs().then((docs) => actions.change(docs, who, 'set'), (e: unknown) => props.onMessage(e instanceof Error ? e.message : String(e), 'error'));
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const [command] = commandsFor(e.nativeEvent, ['matrix']);
    if (!command) return;
    e.preventDefault();
    const last = total - 1;
    const clampRow = (r: number) => Math.max(0, Math.min(last, r));
    switch (command.id) {
      case 'matrix.move': {
        if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          const c = Math.max(0, Math.min(annotators.length - 1, col + (e.key === 'ArrowRight' ? 1 : -1)));
          setCursor({ row, col: c, anchor });
        } else {
          const r = e.key === 'Home' ? 0 : e.key === 'End' ? last : clampRow(row + (e.key === 'ArrowDown' ? 1 : -1));
          setCursor({ row: r, col, anchor: r });
        }
        return;
      }
      case 'matrix.extend':
        setCursor({ row: clampRow(row + (e.key === 'ArrowDown' ? 1 : -1)), col, anchor });
        return;
      case 'matrix.toggle':
        return toggle();
      case 'matrix.only':
        return only();
      case 'matrix.open': {
        if (current) actions.open(current.docId);
        return;
      }
    }
  };

  const choose = (r: number, c: number, extend: boolean) => {
    setCursor({ row: r, col: c, anchor: extend ? anchor : r });
    scroller.current?.focus();
  };

  const chosenCount = total ? to - from + 1 : 0;
  const chosenWords = chosenCount === 1 && current ? `“${current.title ?? props.nameOf(current.docId)}”` : `${chosenCount.toLocaleString('en')} documents`;
  // Rows not read yet count as not having them: the button says "Assign" until they are read.
  const allHave = who ? (chosenHere()?.every((d) => props.assigned(d).includes(who)) ?? false) : false;
  const columns = `minmax(220px, 2fr) repeat(${annotators.length}, minmax(112px, 1fr)) 92px`;

  return (
    <div className="matrix">
      <div className="matrix-bar" role="toolbar" aria-label="Change the assignment">
        {total === 0 ? (
          <span className="matrix-chosen">No documents in this project yet.</span>
        ) : annotators.length === 0 ? (
          <span className="matrix-chosen">No annotators yet: name them in the plan below.</span>
        ) : (
          <>
            <span className="matrix-chosen" data-testid="matrix-chosen">
              {chosenWords} · <strong>{who}</strong>
            </span>
            <button type="button" onClick={toggle} disabled={actions.readOnlyReason !== null} title={`${allHave ? 'Take back from' : 'Assign to'} ${who} (Space)`}>
              {allHave ? 'Take back' : 'Assign'} <kbd>Space</kbd>
            </button>
            <button type="button" onClick={only} disabled={actions.readOnlyReason !== null} title={`Reassign to ${who} only (O)`}>
              {who} only <kbd>O</kbd>
            </button>
            <button type="button" onClick={() => current && actions.open(current.docId)} title="Open the document in Review (Enter)">
              Open in Review <kbd>Enter</kbd>
            </button>
          </>
        )}
      </div>
      <div
        className="matrix-scroller"
        ref={scroller}
        role="grid"
        tabIndex={0}
        aria-label="Documents × annotators"
        aria-rowcount={total + 1}
        aria-colcount={annotators.length + 2}
        aria-multiselectable="true"
        aria-activedescendant={current && who ? `cell-${row}-${col}` : undefined}
        onKeyDown={onKeyDown}
        data-testid="matrix"
      >
        <div className="matrix-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: columns }}>
          <span role="columnheader" className="matrix-doc">
            Document
          </span>
          {annotators.map((a, c) => (
            <span role="columnheader" key={a} className={`matrix-who${c === col ? ' active' : ''}`} data-annotator={a}>
              {a}
            </span>
          ))}
          <span role="columnheader" className="matrix-gold" title="Every disagreement settled in gold, or gold marked finished">
            gold
          </span>
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const d = rowAt(item.index);
            const chosen = item.index >= from && item.index <= to;
            const style = { gridTemplateColumns: columns, position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` } as const;
            if (!d) {
              // Its page is being read.
              return (
                <div key={`row-${item.index}`} role="row" aria-rowindex={item.index + 2} aria-selected={chosen} aria-busy="true" className={`matrix-row reading${chosen ? ' chosen' : ''}`} style={style}>
                  <span role="rowheader" className="matrix-doc">
                    …
                  </span>
                </div>
              );
            }
            const assignedHere = props.assigned(d.docId, d);
            const changes = props.preview?.get(d.docId);
            return (
              <div
                key={d.docId}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={chosen}
                className={`matrix-row${chosen ? ' chosen' : ''}`}
                data-doc-id={d.docId}
                style={style}
              >
                <span role="rowheader" className="matrix-doc" title={d.title ?? props.nameOf(d.docId)}>
                  {d.title ?? props.nameOf(d.docId)}
                </span>
                {annotators.map((a, c) => (
                  <Cell
                    key={a}
                    id={`cell-${item.index}-${c}`}
                    annotator={a}
                    assigned={assignedHere.includes(a)}
                    someoneAssigned={assignedHere.length > 0}
                    status={d.status[a]}
                    change={changes?.get(a) ?? null}
                    active={item.index === row && c === col}
                    onClick={(e) => choose(item.index, c, e.shiftKey)}
                  />
                ))}
                <span role="gridcell" className={`matrix-gold${d.adjudicated ? ' done' : ''}`}>
                  {d.adjudicated ? '✓ settled' : ''}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function Cell(props: { id: string; annotator: string; assigned: boolean; someoneAssigned: boolean; status: WorkStatus | undefined; change: CellChange; active: boolean; onClick: (e: React.MouseEvent) => void }) {
  const { assigned, change } = props;
  // Work without an assignment matters where others are expected; on a document nobody is assigned it is only work.
  const offPlan = !assigned && props.someoneAssigned && props.status !== undefined;
  const status = props.status ?? (assigned ? 'not-started' : undefined);
  const willHave = change === 'added' ? true : change === 'removed' ? false : assigned;
  const words = status ? STATUS_WORDS[status] : 'not assigned';
  const title = [
    `${props.annotator}: ${assigned ? 'assigned' : 'not assigned'}`,
    status ? `, ${STATUS_WORDS[status]}` : '',
    offPlan ? ' (works on it without being assigned)' : '',
    change === 'added' ? '; the plan assigns it' : change === 'removed' ? '; the plan takes it back' : '',
  ].join('');
  return (
    <span
      role="gridcell"
      id={props.id}
      aria-selected={props.active}
      className={`matrix-cell${assigned ? ' assigned' : ''}${status ? ` status-${status}` : ''}${offPlan ? ' unassigned-work' : ''}${change ? ` preview-${change}` : ''}${props.active ? ' active' : ''}`}
      data-annotator={props.annotator}
      data-assigned={willHave}
      data-status={status ?? 'none'}
      title={title}
      onClick={props.onClick}
    >
      {change ? (
        <>
          <span className="matrix-change">{change === 'added' ? '+ assign' : '− take back'}</span>
          {props.status && <span className="matrix-flag"> · {STATUS_GLYPH[props.status]} {STATUS_WORDS[props.status]}</span>}
        </>
      ) : status ? (
        <>
          <span aria-hidden="true">{STATUS_GLYPH[status]}</span> {words}
          {offPlan && <span className="matrix-flag"> · not assigned</span>}
        </>
      ) : (
        <span className="matrix-none">·</span>
      )}
    </span>
  );
}
