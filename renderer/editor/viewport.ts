import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { domSelection } from './domSelection';
import { spanKey, type SpanMeta } from './spanPlugin';

/** How far beyond the visible part spans are drawn, so scrolling finds them already there. */
const MARGIN = '150% 0px';

/**
 * Tells the span plugin which part of the document is near the viewport: the blocks of lines
 * (the doc's children) that an IntersectionObserver reports within a screen and a half of
 * the visible area. Only spans there are drawn.
 */
export function watchViewport(view: EditorView): () => void {
  const doc = view.state.doc;
  const starts: number[] = [];
  let pos = 0;
  doc.forEach((block) => {
    starts.push(pos);
    pos += block.nodeSize;
  });
  starts.push(pos);

  const near = new Set<number>();
  const blockIndex = new Map<Element, number>();
  const root = view.dom.closest('.article-scroll');
  let pending = 0;

  const report = () => {
    pending = 0;
    if (near.size === 0) return;
    const first = Math.min(...near);
    const last = Math.max(...near);
    const from = starts[first]!;
    const to = starts[last + 1]!;
    const current = spanKey.getState(view.state)?.range;
    if (current && current.from === from && current.to === to) return;
    const tr = view.state.tr.setMeta(spanKey, { kind: 'viewport', from, to } satisfies SpanMeta);
    // Scrolling often comes just before a drag or Shift+click: carry the selection the browser
    // has now, which ProseMirror may not have read yet, so this redraw does not undo it.
    const live = domSelection(view);
    if (live) tr.setSelection(TextSelection.create(tr.doc, live.anchor, live.head));
    view.dispatch(tr);
  };

  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const i = blockIndex.get(entry.target);
        if (i === undefined) continue;
        if (entry.isIntersecting) near.add(i);
        else near.delete(i);
      }
      pending ||= requestAnimationFrame(report);
    },
    { root, rootMargin: MARGIN },
  );
  Array.from(view.dom.children).forEach((el, i) => {
    blockIndex.set(el, i);
    observer.observe(el);
  });
  return () => {
    observer.disconnect();
    if (pending) cancelAnimationFrame(pending);
  };
}
