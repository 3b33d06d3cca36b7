import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { Suggestion } from '../../shared/api/recommend';
import type { TextPositions } from '../../shared/text/positions';
import { spanKey, type SpanMeta } from '../editor/spanPlugin';

/** What a suggestion's decoration carries, so a click can tell which suggestion it hit. */
interface SuggestionDecoSpec {
  suggestionId: string;
  /** The outline of the current suggestion or its recommender mark, not the suggestion itself. */
  extra?: 'current' | 'mark';
}

export interface SuggestionState {
  /** The suggestions shown, in document order (start, then end). */
  suggestions: readonly Suggestion[];
  byId: ReadonlyMap<string, Suggestion>;
  /** The suggestion the keys act on (accept, reject), or null. */
  currentId: string | null;
  decorations: DecorationSet;
}

/** Changes the plugin understands, sent as transaction metadata. */
export type SuggestionMeta =
  /** A new answer of the service: replaces every suggestion shown (the current one stays current if it is still there). */
  | { kind: 'set'; suggestions: readonly Suggestion[] }
  /** Suggestions decided (accepted, rejected) or no longer fitting: they go. */
  | { kind: 'remove'; ids: readonly string[]; current?: string | null }
  /** Suggestions put back (a decision the service refused). */
  | { kind: 'restore'; suggestions: readonly Suggestion[]; current?: string | null }
  | { kind: 'current'; id: string | null };

export const suggestionKey = new PluginKey<SuggestionState>('standoff-suggestions');

/** How a suggestion is drawn: what the plugin needs to know of the labels and recommenders. */
export interface SuggestionLook {
  /** The label's colour (the same as its spans'), or undefined for a label the schema lacks. */
  color(label: string): string | undefined;
  labelName(label: string): string;
  /** The recommender's name, for the mark's tooltip. */
  recommenderName(id: string): string;
  /** One or two characters that tell recommenders apart in the text ("R" rules, "L" learned…). */
  recommenderMark(id: string): string;
}

const byDocumentOrder = (a: Suggestion, b: Suggestion) => a.startOffset - b.startOffset || a.endOffset - b.endOffset || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Draws the recommenders' suggestions over the text, kept apart from the analyst's spans in
 * every way the eye uses: a dashed outline in the label's colour on no fill (a span is a tint
 * with a solid underline), and a small raised mark of the recommender before it. The current
 * suggestion (the one Enter or X acts on) gets a thicker outline and a faint tint.
 *
 * The suggestions live in plugin state (init/apply), never in the layer: accepting one is the
 * service's work (acceptSuggestions), after which the span arrives through the layer session
 * like any other. The decorations are mapped through any transaction that changes the document
 * (the text is read-only, so none does today) and rebuilt only for the suggestions a change
 * touches; a whole new answer is one DecorationSet built in one go.
 */
export function suggestionPlugin(positions: TextPositions, look: SuggestionLook, changed: () => void = () => {}): Plugin<SuggestionState> {
  const decorate = (s: Suggestion): Decoration[] => {
    if (s.endOffset <= s.startOffset) return [];
    const from = positions.toPos(s.startOffset);
    const to = positions.toPos(s.endOffset);
    const color = look.color(s.label) ?? '#777';
    const mark = () => {
      const el = document.createElement('span');
      el.className = 'sg-mark';
      // The letter is drawn by CSS (attr), so the text's DOM holds only the text: copying,
      // finding and the browser's own selection never meet a stray letter.
      el.dataset.mark = look.recommenderMark(s.recommender);
      el.dataset.suggestionId = s.id;
      el.style.setProperty('--label', color);
      el.setAttribute('aria-hidden', 'true');
      return el;
    };
    return [
      Decoration.inline(
        from,
        to,
        {
          nodeName: 'span',
          class: `sg sg-${s.recommender}`,
          style: `--label: ${color}`,
          'data-suggestion-id': s.id,
          title: `Suggested ${look.labelName(s.label)} (${look.recommenderName(s.recommender)}, ${Math.round(s.score * 100)} %): Enter accepts, X rejects`,
        },
        { suggestionId: s.id } satisfies SuggestionDecoSpec,
      ),
      Decoration.widget(from, mark, { suggestionId: s.id, extra: 'mark', side: -1, ignoreSelection: true, key: `sg-mark-${s.id}` }),
    ];
  };
  const currentDeco = (s: Suggestion | undefined): Decoration[] =>
    s && s.endOffset > s.startOffset
      ? [Decoration.inline(positions.toPos(s.startOffset), positions.toPos(s.endOffset), { nodeName: 'span', class: 'sg-current' }, { suggestionId: s.id, extra: 'current' } satisfies SuggestionDecoSpec)]
      : [];

  const build = (doc: EditorState['doc'], list: readonly Suggestion[], currentId: string | null): SuggestionState => {
    const suggestions = [...list].sort(byDocumentOrder);
    const byId = new Map(suggestions.map((s) => [s.id, s]));
    const current = currentId && byId.has(currentId) ? currentId : null;
    const decos = suggestions.flatMap(decorate);
    decos.push(...currentDeco(current ? byId.get(current) : undefined));
    return { suggestions, byId, currentId: current, decorations: DecorationSet.create(doc, decos) };
  };

  /** Every decoration of these suggestions (the suggestion, its mark, its current outline). */
  const decosOf = (set: DecorationSet, s: Suggestion): Decoration[] => {
    const from = positions.toPos(s.startOffset);
    const to = positions.toPos(s.endOffset);
    return set.find(from, to, (spec: SuggestionDecoSpec) => spec.suggestionId === s.id);
  };

  /**
   * Only the suggestions near the viewport are drawn, in the part of the text the span plugin
   * draws (its `range`, which follows scrolling): a long article with thousands of suggestions
   * would otherwise carry thousands of elements the browser pays for on every frame. The drawn
   * set is made again only when the suggestions or that range change.
   */
  let memo: { all: DecorationSet; from: number; to: number; drawn: DecorationSet } | null = null;
  const drawnNear = (state: EditorState): DecorationSet | undefined => {
    const all = suggestionKey.getState(state)?.decorations;
    const range = spanKey.getState(state)?.range;
    if (!all || !range) return all;
    if (memo && memo.all === all && memo.from === range.from && memo.to === range.to) return memo.drawn;
    memo = { all, from: range.from, to: range.to, drawn: DecorationSet.create(state.doc, all.find(range.from, range.to)) };
    return memo.drawn;
  };

  return new Plugin<SuggestionState>({
    key: suggestionKey,
    state: {
      init: (_config, state) => build(state.doc, [], null),
      apply(tr: Transaction, prev: SuggestionState, _old: EditorState, state: EditorState): SuggestionState {
        let decorations = tr.docChanged ? prev.decorations.map(tr.mapping, tr.doc) : prev.decorations;
        const meta = tr.getMeta(suggestionKey) as SuggestionMeta | undefined;
        if (!meta) return tr.docChanged ? { ...prev, decorations } : prev;
        if (meta.kind === 'set') return build(state.doc, meta.suggestions, prev.currentId);

        // The current outline goes; it is drawn again below for whichever is current after.
        const oldCurrent = prev.currentId ? prev.byId.get(prev.currentId) : undefined;
        if (oldCurrent) decorations = decorations.remove(decosOf(decorations, oldCurrent).filter((d) => (d.spec as SuggestionDecoSpec).extra === 'current'));
        let { suggestions, byId } = prev;
        let wanted = prev.currentId;
        if (meta.kind === 'remove') {
          const gone = new Set(meta.ids.filter((id) => byId.has(id)));
          if (gone.size) {
            const remove = [...gone].flatMap((id) => decosOf(decorations, byId.get(id)!));
            decorations = decorations.remove(remove);
            suggestions = suggestions.filter((s) => !gone.has(s.id));
            byId = new Map(suggestions.map((s) => [s.id, s]));
          }
          if (meta.current !== undefined) wanted = meta.current;
        } else if (meta.kind === 'restore') {
          const back = meta.suggestions.filter((s) => !byId.has(s.id));
          if (back.length) {
            decorations = decorations.add(tr.doc, back.flatMap(decorate));
            suggestions = [...suggestions, ...back].sort(byDocumentOrder);
            byId = new Map(suggestions.map((s) => [s.id, s]));
          }
          if (meta.current !== undefined) wanted = meta.current;
        } else wanted = meta.id;
        const currentId = wanted && byId.has(wanted) ? wanted : null;
        decorations = decorations.add(tr.doc, currentDeco(currentId ? byId.get(currentId) : undefined));
        return { suggestions, byId, currentId, decorations };
      },
    },
    props: {
      decorations: (state) => drawnNear(state),
      // A click on a suggestion makes it current, unless it lands on one of the analyst's spans
      // as well: the span stays chosen (the editor's own click came first), and the suggestion's
      // raised mark is where to click for it. Spans are the work; a click must not lose them.
      handleClick(view, _pos, event) {
        const id = suggestionAtElement(event.target, view.dom);
        const state = suggestionKey.getState(view.state);
        if (!id || !state?.byId.has(id) || state.currentId === id) return false;
        const onMark = (event.target as Element | null)?.closest?.('.sg-mark');
        if (!onMark && (event.target as Element | null)?.closest?.('[data-span-id]')) return false;
        view.dispatch(view.state.tr.setMeta(suggestionKey, { kind: 'current', id } satisfies SuggestionMeta).setMeta(spanKey, { kind: 'select', id: null } satisfies SpanMeta));
        return false;
      },
    },
    view: () => {
      let last: SuggestionState | undefined;
      return {
        update(view) {
          const now = suggestionKey.getState(view.state);
          if (now !== last) {
            last = now;
            changed();
          }
        },
      };
    },
  });
}

/**
 * The suggestion after (direction 1) or before (-1) the current one, or, with none current,
 * after or before a code-point offset (the caret), in document order; null past the last.
 */
export function neighbourSuggestion(state: SuggestionState, fromOffset: number, direction: 1 | -1): Suggestion | null {
  const list = state.suggestions;
  const current = state.currentId ? state.byId.get(state.currentId) : undefined;
  if (current) {
    const i = list.indexOf(current);
    return list[i + direction] ?? null;
  }
  if (direction === 1) return list.find((s) => s.startOffset >= fromOffset) ?? null;
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.startOffset < fromOffset) return list[i]!;
  return null;
}

/**
 * The suggestions over exactly [startOffset, endOffset), found by a binary search of the list
 * (it is in document order): a tag asks this once per span, with thousands of suggestions shown.
 */
export function suggestionsOver(state: SuggestionState, startOffset: number, endOffset: number): Suggestion[] {
  const list = state.suggestions;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = list[mid]!;
    if (s.startOffset < startOffset || (s.startOffset === startOffset && s.endOffset < endOffset)) lo = mid + 1;
    else hi = mid;
  }
  const out: Suggestion[] = [];
  for (let i = lo; i < list.length && list[i]!.startOffset === startOffset && list[i]!.endOffset === endOffset; i++) out.push(list[i]!);
  return out;
}

/** The suggestion an element of the text shows (its outline or its mark), if any: the innermost. */
export function suggestionAtElement(target: EventTarget | null, root: Element): string | null {
  for (let el = target as Element | null; el && el !== root; el = el.parentElement) {
    const id = el.getAttribute?.('data-suggestion-id');
    if (id) return id;
  }
  return null;
}
