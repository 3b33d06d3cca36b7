import type { EditorView } from 'prosemirror-view';

/**
 * The selection as the browser has it now, in ProseMirror positions, or null when it is not in
 * the text. Native motion (a drag, Home, End, up, down) reaches ProseMirror's state only with
 * the next selectionchange event, which a fast key, or a redraw, can come before.
 */
export function domSelection(view: EditorView): { anchor: number; head: number } | null {
  const dom = view.dom.ownerDocument.getSelection();
  if (!dom?.anchorNode || !dom.focusNode || !view.dom.contains(dom.anchorNode) || !view.dom.contains(dom.focusNode)) return null;
  try {
    return { anchor: view.posAtDOM(dom.anchorNode, dom.anchorOffset), head: view.posAtDOM(dom.focusNode, dom.focusOffset) };
  } catch {
    return null; // not a position in the text
  }
}
