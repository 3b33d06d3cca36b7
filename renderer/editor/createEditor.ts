import { EditorState, Selection, TextSelection, type Plugin } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { relationTypesFor, type Label, type RelationType } from '../../shared/model/labels';
import { quoteOf } from '../../shared/model/quote';
import type { Span } from '../../shared/model/span';
import type { TextPositions } from '../../shared/text/positions';
import { snapSelection } from '../../shared/text/wordSnap';
import { graphemeStep, wordEndStep, wordStartStep, wordStep } from '../../shared/text/motion';
import type { LayerSession } from '../state/layerSession';
import { listWords, relabelled } from '../state/relabel';
import { findPlugin } from './findPlugin';
import { relationOverlay } from './relationOverlay';
import { isMod, newSpanId } from './keys';
import { commandsFor, digitOf, eventInitFor, type CommandDef, type Context } from '../commands/keymap';
import { activateContext, bindCommand, dispatchKey } from '../commands/registry';
import { articleDoc, LONG_TEXT } from './schema';
import { neighbourSpan, spanKey, spanPlugin, spansAt, type SpanMeta } from './spanPlugin';
import { domSelection } from './domSelection';
import { perf } from './perf';
import { watchViewport } from './viewport';

export interface EditorCallbacks {
  /** The selected span changed (null: none); `byClick` when a click chose it. */
  onSelectSpan(id: string | null, byClick: boolean): void;
  /**
   * Sees each command of the key map the key stands for before the editor's own (attribute
   * keys, relation mode, review); returns true when it handled it. `selectedId` is the span
   * selected in the text.
   */
  onCommand?(command: CommandDef, event: KeyboardEvent, selectedId: string | null): boolean;
  /** Contexts of the key map read before the editor's own (a relation being made). */
  contexts?(): readonly Context[];
  /** Something the analyst should read in the status line ("Nothing to tag: …"). */
  onNotice(message: string): void;
}

export interface ArticleEditor {
  view: EditorView;
  /** Tags the current selection (or relabels the selected span); `exact` skips word snapping. */
  tag(labelId: string, exact: boolean): void;
  removeSelected(): void;
  /** Runs the command a key spec of the key map stands for, as if pressed in the text (the palette). */
  press(spec: string, digit?: string): boolean;
  selectSpan(id: string | null, scroll?: boolean): void;
  /** Selects [startOffset, endOffset) (and the span, if given and in this layer), scrolls to it and (unless `focus` is false) focuses the text. */
  reveal(startOffset: number, endOffset: number, spanId?: string, focus?: boolean): void;
  destroy(): void;
}

/**
 * The article view: ProseMirror over the read-only text, with one annotator's spans drawn as
 * decorations. The text can be selected, copied and searched but never changed: every
 * transaction that would change the document is refused.
 */
export function createArticleEditor(opts: {
  mount: HTMLElement;
  positions: TextPositions;
  labels: Label[];
  relationTypes: RelationType[];
  snapToWords: boolean;
  session: LayerSession;
  callbacks: EditorCallbacks;
  /** More layers over the text (review mode's units). */
  extraPlugins?: Plugin[];
  /** The key map's contexts this text reads (default: the text's own; Review adds its own first). */
  contexts?: readonly Context[];
}): ArticleEditor {
  const { positions, session, callbacks } = opts;
  const labelsById = new Map(opts.labels.map((l) => [l.id, l]));
  const labelsByKey = new Map(opts.labels.map((l) => [l.key, l]));
  const cp = positions.codePoints;
  let lastSelected: string | null = null;
  let clicking = false;
  /** What the transaction drawing the next layer change should also do (set by tagging). */
  let afterNextChange: { select: string; caret: number } | null = null;

  // The spans are in the first state, so the text is drawn once, with them.
  const state = EditorState.create({
    doc: articleDoc(positions),
    plugins: [
      spanPlugin(positions, labelsById, [...session.spans.values()]),
      findPlugin(positions),
      relationOverlay({
        relations: () => session.relations.values(),
        span: (id) => session.spans.get(id),
        revision: () => session.relationRevision,
        count: () => session.relations.size,
        typeName: (type) => opts.relationTypes.find((t) => t.id === type)?.name ?? type,
        labelColor: (label) => labelsById.get(label)?.color ?? '#555',
      }),
      ...(opts.extraPlugins ?? []),
    ],
  });

  const selectedId = () => spanKey.getState(view.state)?.selectedId ?? null;

  const selectSpan = (id: string | null, scroll = false) => {
    const tr = view.state.tr.setMeta(spanKey, { kind: 'select', id } satisfies SpanMeta);
    const span = id ? session.spans.get(id) : undefined;
    if (span && scroll) {
      const pos = positions.toPos(span.startOffset);
      tr.setSelection(TextSelection.create(tr.doc, pos)).scrollIntoView();
    }
    view.dispatch(tr);
  };

  const tag = (labelId: string, exact: boolean) => {
    if (session.readOnlyReason) {
      // The banner above the text names the other window; the notice need not repeat it.
      return callbacks.onNotice(session.seatTaken ? 'Read-only: another window is annotating as you (see above the text).' : `Read-only: ${session.readOnlyReason}`);
    }
    const { from, to } = liveSelection(view);
    const current = selectedId();
    if (from === to) {
      const span = current ? session.spans.get(current) : undefined;
      if (!span) return callbacks.onNotice('Select some text first, then press a label key.');
      if (span.label !== labelId) relabel(span, labelId);
      selectSpan(span.id);
      return;
    }
    const snapped = snapSelection(positions.text, cp.toUtf16(positions.toOffset(from)), cp.toUtf16(positions.toOffset(to)), opts.snapToWords && !exact);
    if (snapped.from === snapped.to) return callbacks.onNotice('Nothing to tag: the selection is only white space.');
    const startOffset = cp.toCodePoint(snapped.from);
    const endOffset = cp.toCodePoint(snapped.to);
    const same = [...spansAt(view.state, positions.toPos(startOffset))]
      .map((id) => session.spans.get(id))
      .find((s) => s && s.startOffset === startOffset && s.endOffset === endOffset && s.label === labelId);
    if (same) {
      callbacks.onNotice(`That text is already tagged ${labelsById.get(labelId)?.name ?? labelId}.`);
      return selectSpan(same.id);
    }
    const span: Span = { id: newSpanId(), label: labelId, startOffset, endOffset, quote: quoteOf(cp, startOffset, endOffset) };
    // One transaction draws the span, selects it and puts the caret after it.
    afterNextChange = { select: span.id, caret: positions.toPos(endOffset) };
    session.apply([{ op: 'add', span }]);
  };

  /**
   * Gives a span another label, as one undoable step: the attributes the new label does not
   * have (or whose values do not fit it) and the relations it may not take go with it, and the
   * notice says which.
   */
  const relabel = (span: Span, labelId: string) => {
    const to = labelsById.get(labelId);
    if (!to) return;
    const { span: next, dropped } = relabelled(span, to, opts.labels);
    const relationsGone = session.relationsAt(span.id).filter((r) => {
      const from = r.from === span.id ? next : session.spans.get(r.from);
      const end = r.to === span.id ? next : session.spans.get(r.to);
      return !(from && end && relationTypesFor(opts.relationTypes, from.label, end.label).some((t) => t.id === r.type));
    });
    if (!session.apply([{ op: 'update', span: next }])) return;
    const parts: string[] = [];
    if (dropped.length) parts.push(`its ${listWords(dropped)}`);
    if (relationsGone.length) {
      const names = [...new Set(relationsGone.map((r) => opts.relationTypes.find((t) => t.id === r.type)?.name ?? r.type))];
      parts.push(relationsGone.length === 1 ? `its ${names[0]} relation` : `its ${relationsGone.length} relations (${names.join(', ')})`);
    }
    if (parts.length === 0) return;
    const many = dropped.length + relationsGone.length > 1;
    callbacks.onNotice(`Relabelled as ${to.name}; ${parts.join(', and ')} ${many ? 'were' : 'was'} dropped (Ctrl+Z brings ${many ? 'them' : 'it'} back)`);
  };

  const removeSelected = () => {
    const id = selectedId();
    if (!id || session.readOnlyReason) return;
    const next = neighbourSpan(view.state, 0, id, 1);
    session.apply([{ op: 'remove', id }]);
    if (next) selectSpan(next);
  };

  /** The selection on screen (see domSelection), falling back to ProseMirror's. */
  const liveSelection = (v: EditorView): { anchor: number; head: number; from: number; to: number; empty: boolean } => {
    const { anchor, head } = domSelection(v) ?? v.state.selection;
    return { anchor, head, from: Math.min(anchor, head), to: Math.max(anchor, head), empty: anchor === head };
  };

  /** Left/right (Shift: extend; Ctrl: by word) moved over the stored text, one grapheme or word a step. */
  const moveHorizontally = (v: EditorView, event: KeyboardEvent): boolean => {
    const direction = event.key === 'ArrowRight' ? 1 : -1;
    const { anchor, head, from, to, empty } = liveSelection(v);
    let target: number;
    if (!event.shiftKey && !empty && !isMod(event)) target = direction === 1 ? to : from;
    else {
      const u = cp.toUtf16(positions.toOffset(head));
      const next = isMod(event) ? wordStep(positions.text, u, direction) : graphemeStep(positions.text, u, direction);
      target = positions.toPos(cp.toCodePoint(next));
    }
    v.dispatch(v.state.tr.setSelection(TextSelection.create(v.state.doc, event.shiftKey ? anchor : target, target)).scrollIntoView());
    return true;
  };

  /**
   * Alt+←/→ moves the selected span's start one word, Alt+Shift+←/→ its end: an 'update' edit,
   * so undo restores the old boundary and everything else on the span is kept.
   */
  const moveBoundary = (event: KeyboardEvent): boolean => {
    const id = selectedId();
    const span = id ? session.spans.get(id) : undefined;
    if (!span || session.readOnlyReason) return false;
    const direction = event.key === 'ArrowRight' ? 1 : -1;
    let { startOffset, endOffset } = span;
    if (event.shiftKey) endOffset = cp.toCodePoint(wordEndStep(positions.text, cp.toUtf16(endOffset), direction));
    else startOffset = cp.toCodePoint(wordStartStep(positions.text, cp.toUtf16(startOffset), direction));
    if (startOffset >= endOffset || (startOffset === span.startOffset && endOffset === span.endOffset)) return true;
    session.apply([{ op: 'update', span: { ...span, startOffset, endOffset, quote: quoteOf(cp, startOffset, endOffset) } }]);
    selectSpan(span.id);
    return true;
  };

  /**
   * Dragging a handle of the selected span: the text selection shows the span as it would be,
   * snapped to words unless Alt is held; releasing the mouse makes it one undoable edit.
   */
  const dragBoundary = (v: EditorView, which: 'start' | 'end') => {
    const id = selectedId();
    const span = id ? session.spans.get(id) : undefined;
    if (!span || session.readOnlyReason) return;
    let next: { startOffset: number; endOffset: number } | null = null;
    const onMove = (e: MouseEvent) => {
      const at = v.posAtCoords({ left: e.clientX, top: e.clientY });
      if (!at) return;
      const offset = positions.toOffset(at.pos);
      let start = which === 'start' ? offset : span.startOffset;
      let end = which === 'end' ? offset : span.endOffset;
      if (start >= end) return;
      const snapped = snapSelection(positions.text, cp.toUtf16(start), cp.toUtf16(end), opts.snapToWords && !e.altKey);
      if (snapped.from >= snapped.to) return;
      start = cp.toCodePoint(snapped.from);
      end = cp.toCodePoint(snapped.to);
      next = { startOffset: start, endOffset: end };
      v.dispatch(v.state.tr.setSelection(TextSelection.create(v.state.doc, positions.toPos(start), positions.toPos(end))));
    };
    const onUp = () => {
      window.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', onUp);
      const moved = next;
      if (!moved || (moved.startOffset === span.startOffset && moved.endOffset === span.endOffset)) return;
      afterNextChange = { select: span.id, caret: positions.toPos(moved.endOffset) };
      session.apply([{ op: 'update', span: { ...span, ...moved, quote: quoteOf(cp, moved.startOffset, moved.endOffset) } }]);
    };
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', onUp);
  };

  /**
   * The spans under the clicked character, innermost (shortest) first: the span elements
   * wrapping the click's target, which are exactly the spans covering that character (a span
   * that merely ends or starts where the click lands is not among them).
   */
  const spansUnderClick = (v: EditorView, pos: number, event: MouseEvent): string[] => {
    const ids: string[] = [];
    for (let el = event.target as Element | null; el && el !== v.dom; el = el.parentElement) {
      const id = el.getAttribute?.('data-span-id');
      if (id && !ids.includes(id)) ids.push(id);
    }
    if (ids.length === 0 && (event.target as Element | null)?.closest?.('.sp-handle')) return spansAt(v.state, pos);
    const length = (id: string) => {
      const span = session.spans.get(id);
      return span ? span.endOffset - span.startOffset : Infinity;
    };
    return ids.sort((a, b) => length(a) - length(b) || (a < b ? -1 : 1));
  };

  /**
   * A click on a span selects it, innermost first; a click again on the same place reaches the
   * next span out, and past the outermost comes back to the innermost. A double or triple click
   * (three quick clicks) is the same clicks again: it never leaves a word or paragraph selected
   * in the text, which the next label key would tag.
   */
  const clickSpan = (v: EditorView, pos: number, event: MouseEvent, repeated: boolean): boolean => {
    const covering = spansUnderClick(v, pos, event);
    const current = selectedId();
    let next: string | null;
    if (current && covering.includes(current) && covering.length > 1 && lastSelected === current) {
      next = covering[(covering.indexOf(current) + 1) % covering.length]!; // click again: the next enclosing span
    } else next = covering[0] ?? null;
    clicking = true;
    try {
      if (repeated && next) {
        // Taken on the mouse press: the browser's own word or paragraph selection is prevented,
        // and the caret goes where the click was.
        const tr = v.state.tr.setSelection(TextSelection.create(v.state.doc, pos)).setMeta(spanKey, { kind: 'select', id: next } satisfies SpanMeta);
        v.dispatch(tr);
      } else selectSpan(next);
    } finally {
      clicking = false;
    }
    return repeated && next !== null;
  };

  /** The text's own commands of the key map; false: not handled here (Tab at the last span leaves the text). */
  const own: Record<string, (v: EditorView, event: KeyboardEvent) => boolean> = {
    'text.move': (v, event) => moveHorizontally(v, event),
    'span.moveStart': (_v, event) => (event.preventDefault(), moveBoundary(event) || true), // Alt+← is "back" in a browser
    'span.moveEnd': (_v, event) => (event.preventDefault(), moveBoundary(event) || true),
    'span.tag': (_v, event) => tagKey(event),
    'span.tagExact': (_v, event) => tagKey(event),
    'span.next': (v, event) => nextSpan(v, event),
    'span.previous': (v, event) => nextSpan(v, event),
    'span.delete': () => (removeSelected(), true),
    'span.clear': (v) => {
      if (selectedId()) selectSpan(null);
      else {
        const live = liveSelection(v);
        if (!live.empty) v.dispatch(v.state.tr.setSelection(TextSelection.create(v.state.doc, live.head)));
      }
      return true;
    },
  };

  const tagKey = (event: KeyboardEvent): boolean => {
    const label = labelsByKey.get(digitOf(event) ?? '');
    if (!label) return true;
    perf.tagKeyDown(event.timeStamp);
    tag(label.id, event.altKey);
    return true;
  };

  /**
   * Tab: the next span (Shift: the previous). With no span in that direction (none at all, or
   * past the last) the key is not taken, and Tab leaves the text as it leaves any other control.
   */
  const nextSpan = (v: EditorView, event: KeyboardEvent): boolean => {
    const next = neighbourSpan(v.state, liveSelection(v).from, selectedId(), event.shiftKey ? -1 : 1);
    if (!next) return false;
    selectSpan(next, true);
    return true;
  };

  const contexts = opts.contexts ?? ['text'];
  const handleKeyDown = (v: EditorView, event: KeyboardEvent): boolean => {
    for (const command of commandsFor(event, [...(callbacks.contexts?.() ?? []), ...contexts])) {
      if (callbacks.onCommand?.(command, event, selectedId())) return true;
      const run = own[command.id];
      if (run) return run(v, event);
    }
    // The window's commands (undo, find, F6…) from here too: ProseMirror keeps Ctrl+Z from the window.
    if (dispatchKey(event)) return true;
    // Ctrl+Home / Ctrl+End (Shift: extending the selection) move through ProseMirror, not the
    // browser: a redraw landing between the browser's move and ProseMirror reading it put the
    // caret back where it was, so the Tab that followed went on from the old place.
    if (isMod(event) && !event.altKey && (event.key === 'Home' || event.key === 'End')) {
      const doc = v.state.doc;
      const head = (event.key === 'Home' ? Selection.atStart(doc) : Selection.atEnd(doc)).head;
      const anchor = event.shiftKey ? (domSelection(v)?.anchor ?? v.state.selection.anchor) : head;
      v.dispatch(v.state.tr.setSelection(TextSelection.create(doc, anchor, head)).scrollIntoView());
      return true;
    }
    // Other Ctrl keys are the browser's (copy, select all); navigation and selection keys work
    // as usual; anything that would type is swallowed.
    if (isMod(event)) return false;
    return event.key.length === 1 || event.key === 'Enter';
  };

  const view: EditorView = new EditorView(opts.mount, {
    state,
    attributes: { class: positions.text.length > LONG_TEXT ? 'article long' : 'article', spellcheck: 'false', 'aria-readonly': 'true', 'aria-label': 'Article text' },
    // The text is read-only: refuse any change to the document, from typing, paste, drop or IME.
    handleKeyDown,
    handleTextInput: () => true,
    handlePaste: () => true,
    handleDrop: () => true,
    handleDOMEvents: {
      mousedown: (v, e) => {
        const handle = (e.target as HTMLElement).closest?.('.sp-handle') as HTMLElement | null;
        if (!handle || e.button !== 0) return false;
        e.preventDefault();
        dragBoundary(v, handle.dataset.handle === 'start' ? 'start' : 'end');
        return true;
      },
      beforeinput: (_v, e) => (e.preventDefault(), true),
      cut: (_v, e) => (e.preventDefault(), true),
    },
    clipboardTextSerializer: (_slice, v) => {
      const { from, to } = v.state.selection;
      return positions.slice(positions.toOffset(from), positions.toOffset(to));
    },
    handleClick: (v, pos, event) => clickSpan(v, pos, event, false),
    // ProseMirror counts a second click on the same spot within half a second as a double click,
    // and a third as a triple click, even with keys pressed in between: on a span they are
    // clicks again, never a word or paragraph selection.
    handleDoubleClick: (v, pos, event) => clickSpan(v, pos, event, true),
    handleTripleClick: (v, pos, event) => clickSpan(v, pos, event, true),
    dispatchTransaction(tr) {
      // A destroyed view has no DOM to update (ProseMirror would throw reading `matchesNode`):
      // a panel that outlives the document for a moment (the find bar) must not blank the app.
      if (tr.docChanged || view.isDestroyed) return;
      const before = selectedId();
      view.updateState(view.state.apply(tr));
      const after = selectedId();
      if (after !== before) {
        lastSelected = after;
        callbacks.onSelectSpan(after, clicking);
      }
    },
  });

  // React, before each commit, saves the selection of a focused element whose
  // contentEditable is "true", walking its whole DOM to do so: on a long article that is tens
  // of milliseconds per commit. "plaintext-only" is just as selectable and navigable (the text
  // is read-only anyway) and is not walked. ProseMirror writes this attribute only when
  // `editable` changes, which it never does here.
  view.dom.contentEditable = 'plaintext-only';

  const unsubscribe = session.onChange((change) => {
    const then = afterNextChange;
    afterNextChange = null;
    const tr = view.state.tr.setMeta(spanKey, {
      kind: 'edits',
      added: change.added,
      removed: change.removed,
      ...(then ? { select: then.select } : {}),
    } satisfies SpanMeta);
    if (then) tr.setSelection(TextSelection.create(tr.doc, then.caret));
    view.dispatch(tr);
    perf.painted();
  });
  const stopWatching = watchViewport(view);

  /** Runs a key of the map as if pressed in the text (the palette); the text gets the focus. */
  const press = (spec: string, digit?: string): boolean => {
    if (view.isDestroyed) return false;
    view.focus();
    const event = new KeyboardEvent('keydown', eventInitFor(spec, digit));
    return handleKeyDown(view, event);
  };
  // This text's contexts are active while it is shown; its layer's undo and redo are the window's.
  const unbind = [
    ...contexts.map((c) => activateContext(c, press)),
    bindCommand('edit.undo', { run: () => session.undo(), unavailable: () => (session.canUndo ? null : 'nothing to undo') }),
    bindCommand('edit.redo', { run: () => session.redo(), unavailable: () => (session.canRedo ? null : 'nothing to redo') }),
  ];

  return {
    view,
    tag,
    removeSelected,
    press,
    selectSpan,
    reveal(startOffset, endOffset, spanId, focus = true) {
      const tr = view.state.tr
        .setSelection(TextSelection.create(view.state.doc, positions.toPos(startOffset), positions.toPos(endOffset)))
        .scrollIntoView();
      if (spanId && session.spans.has(spanId)) tr.setMeta(spanKey, { kind: 'select', id: spanId } satisfies SpanMeta);
      view.dispatch(tr);
      if (focus) view.focus();
    },
    destroy() {
      for (const u of unbind) u();
      stopWatching();
      unsubscribe();
      view.destroy();
    },
  };
}
