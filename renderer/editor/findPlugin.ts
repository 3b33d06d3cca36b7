import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { foldCase } from '../../shared/text/foldCase';
import type { TextPositions } from '../../shared/text/positions';

export interface FindState {
  query: string;
  /** Matches as ProseMirror ranges, in document order. */
  matches: Array<{ from: number; to: number }>;
  current: number;
  decorations: DecorationSet;
}

type FindMeta = { query: string } | { current: number };

export const findKey = new PluginKey<FindState>('standoff-find');
const MAX_MATCHES = 10_000;

/**
 * Find in the document (Ctrl+F): matches are highlighted, and the current one is selected, so
 * it can be tagged at once with a label key. Case-insensitive; searches the stored text, so
 * a match never depends on how the page is laid out.
 */
export function findPlugin(positions: TextPositions): Plugin<FindState> {
  const text = foldCase(positions.text);
  return new Plugin<FindState>({
    key: findKey,
    state: {
      init: () => ({ query: '', matches: [], current: -1, decorations: DecorationSet.empty }),
      apply(tr: Transaction, prev: FindState, _old: EditorState, state: EditorState): FindState {
        const meta = tr.getMeta(findKey) as FindMeta | undefined;
        if (!meta) return prev;
        if ('query' in meta) {
          const matches: FindState['matches'] = [];
          const needle = foldCase(meta.query);
          const haystack = text;
          if (needle) {
            for (let u = haystack.indexOf(needle); u !== -1 && matches.length < MAX_MATCHES; u = haystack.indexOf(needle, u + needle.length)) {
              const cp = positions.codePoints;
              matches.push({ from: positions.toPos(cp.toCodePoint(u)), to: positions.toPos(cp.toCodePoint(u + needle.length)) });
            }
          }
          const decorations = DecorationSet.create(state.doc, matches.map((m) => Decoration.inline(m.from, m.to, { class: 'find-hit' })));
          return { query: meta.query, matches, current: -1, decorations };
        }
        // Only the current match's highlight changes: one decoration out, one in.
        const old = prev.current >= 0 ? prev.matches[prev.current] : undefined;
        let decorations = old ? prev.decorations.remove(prev.decorations.find(old.from, old.to, (s) => s.current === true)) : prev.decorations;
        const now = prev.matches[meta.current];
        if (now) decorations = decorations.add(state.doc, [Decoration.inline(now.from, now.to, { class: 'find-current' }, { current: true })]);
        return { ...prev, current: meta.current, decorations };
      },
    },
    props: { decorations: (state) => findKey.getState(state)?.decorations },
  });
}

export function setFindQuery(view: EditorView, query: string): number {
  if (view.isDestroyed) return 0; // the document was closed under the find bar
  view.dispatch(view.state.tr.setMeta(findKey, { query }));
  return findKey.getState(view.state)?.matches.length ?? 0;
}

/** Moves to the next (1) or previous (-1) match after the selection, selects it and scrolls to it. */
export function findStep(view: EditorView, direction: 1 | -1): { index: number; total: number } {
  const find = view.isDestroyed ? undefined : findKey.getState(view.state);
  if (!find || find.matches.length === 0) return { index: -1, total: 0 };
  const n = find.matches.length;
  let index: number;
  if (find.current >= 0) index = (find.current + direction + n) % n;
  else {
    const head = view.state.selection.from;
    index = direction === 1 ? find.matches.findIndex((m) => m.from >= head) : findLastIndex(find.matches, (m) => m.to <= head);
    if (index < 0) index = direction === 1 ? 0 : n - 1;
  }
  const m = find.matches[index]!;
  view.dispatch(
    view.state.tr
      .setSelection(TextSelection.create(view.state.doc, m.from, m.to))
      .setMeta(findKey, { current: index })
      .scrollIntoView(),
  );
  return { index, total: n };
}

function findLastIndex<T>(list: T[], pred: (t: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i]!)) return i;
  return -1;
}
