import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { Label } from '../../shared/model/labels';
import type { Span } from '../../shared/model/span';
import type { TextPositions } from '../../shared/text/positions';
import { assignLanes, lowestFree } from './lanes';

/** What a span decoration carries, so the view can tell which span an element shows. */
interface SpanDecoSpec {
  spanId: string;
  startOffset: number;
  endOffset: number;
  lane: number;
  selected?: true;
}

export interface SpanDecoState {
  decorations: DecorationSet;
  /** The decoration drawn for each span, kept so a removal touches only that span. */
  byId: Map<string, Decoration>;
  selectedId: string | null;
}

/** Changes the plugin understands, sent as transaction metadata. */
export type SpanMeta =
  | { kind: 'reset'; spans: Span[] }
  | { kind: 'edits'; added: Span[]; removed: string[] }
  | { kind: 'select'; id: string | null };

export const spanKey = new PluginKey<SpanDecoState>('standoff-spans');
const MAX_VISIBLE_LANE = 5;

/**
 * Draws one annotator's spans over the text as inline decorations kept in plugin state.
 * Each edit adds or removes only the decorations of the spans it touches; nothing is rebuilt
 * from the whole layer except on `reset` (opening a document), and the set is mapped through
 * any transaction that changes the document.
 */
export function spanPlugin(positions: TextPositions, labels: ReadonlyMap<string, Label>): Plugin<SpanDecoState> {
  const decorate = (span: Span, lane: number): Decoration | null => {
    if (span.endOffset <= span.startOffset) return null; // zero-width spans have nothing to draw
    const spec: SpanDecoSpec = { spanId: span.id, startOffset: span.startOffset, endOffset: span.endOffset, lane };
    return Decoration.inline(
      positions.toPos(span.startOffset),
      positions.toPos(span.endOffset),
      {
        nodeName: 'span',
        class: `sp sp-${span.label} ln${Math.min(lane, MAX_VISIBLE_LANE)}`,
        'data-span-id': span.id,
        title: labels.get(span.label)?.name ?? span.label,
      },
      spec,
    );
  };

  const selectionDeco = (state: SpanDecoState, id: string | null): Decoration | null => {
    const d = id ? state.byId.get(id) : undefined;
    if (!d) return null;
    const spec: SpanDecoSpec = { ...(d.spec as SpanDecoSpec), selected: true };
    return Decoration.inline(d.from, d.to, { nodeName: 'span', class: 'sp-selected' }, spec);
  };

  return new Plugin<SpanDecoState>({
    key: spanKey,
    state: {
      init: () => ({ decorations: DecorationSet.empty, byId: new Map(), selectedId: null }),
      apply(tr: Transaction, prev: SpanDecoState, _old: EditorState, state: EditorState): SpanDecoState {
        let decorations = tr.docChanged ? prev.decorations.map(tr.mapping, tr.doc) : prev.decorations;
        const meta = tr.getMeta(spanKey) as SpanMeta | undefined;
        if (!meta) return decorations === prev.decorations ? prev : { ...prev, decorations };

        if (meta.kind === 'reset') {
          const lanes = assignLanes(meta.spans);
          const byId = new Map<string, Decoration>();
          for (const span of meta.spans) {
            const d = decorate(span, lanes.get(span.id) ?? 0);
            if (d) byId.set(span.id, d);
          }
          return { decorations: DecorationSet.create(state.doc, [...byId.values()]), byId, selectedId: null };
        }

        const byId = new Map(prev.byId);
        let selectedId = prev.selectedId;
        const oldSelection = selectionDeco(prev, prev.selectedId);
        const remove: Decoration[] = oldSelection ? decorations.find(oldSelection.from, oldSelection.to, (s: SpanDecoSpec) => s.selected === true) : [];

        if (meta.kind === 'edits') {
          for (const id of meta.removed) {
            const d = byId.get(id);
            if (d) remove.push(d);
            byId.delete(id);
            if (selectedId === id) selectedId = null;
          }
          decorations = decorations.remove(remove);
          const add: Decoration[] = [];
          for (const span of meta.added) {
            const from = positions.toPos(span.startOffset);
            const to = positions.toPos(span.endOffset);
            const neighbours = [...decorations.find(from, to), ...add].filter((d) => d.from < to && d.to > from);
            const lane = lowestFree(neighbours.map((d) => (d.spec as SpanDecoSpec).lane));
            const d = decorate(span, lane);
            if (d) {
              add.push(d);
              byId.set(span.id, d);
            }
          }
          decorations = decorations.add(tr.doc, add);
        } else {
          decorations = decorations.remove(remove);
          selectedId = meta.id && byId.has(meta.id) ? meta.id : null;
        }
        const next: SpanDecoState = { decorations, byId, selectedId };
        const sel = selectionDeco(next, selectedId);
        if (sel) next.decorations = next.decorations.add(tr.doc, [sel]);
        return next;
      },
    },
    props: {
      decorations: (state) => spanKey.getState(state)?.decorations,
    },
  });
}

/** Ids of the spans covering a position, innermost (shortest) first. */
export function spansAt(state: EditorState, pos: number): string[] {
  const plugin = spanKey.getState(state);
  if (!plugin) return [];
  return plugin.decorations
    .find(pos, pos, (s: SpanDecoSpec) => !s.selected)
    .filter((d) => d.from <= pos && d.to >= pos)
    .sort((a, b) => a.to - a.from - (b.to - b.from))
    .map((d) => (d.spec as SpanDecoSpec).spanId);
}

/**
 * The span after (or before) a position, in document order: looks in a growing window around
 * the position, so stepping through 20,000 spans does not scan them all for each step.
 */
export function neighbourSpan(state: EditorState, fromPos: number, afterId: string | null, direction: 1 | -1): string | null {
  const plugin = spanKey.getState(state);
  if (!plugin) return null;
  const size = state.doc.content.size;
  const current = afterId ? plugin.byId.get(afterId) : undefined;
  const key = (d: Decoration) => [d.from, -d.to, (d.spec as SpanDecoSpec).spanId] as const;
  const cmp = (a: readonly [number, number, string], b: readonly [number, number, string]) =>
    a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
  const origin: readonly [number, number, string] = current ? key(current) : direction === 1 ? [fromPos, Infinity, ''] : [fromPos, -Infinity, ''];
  for (let window = 2048; ; window *= 4) {
    const lo = direction === 1 ? origin[0] : Math.max(0, origin[0] - window);
    const hi = direction === 1 ? Math.min(size, origin[0] + window) : origin[0];
    let best: Decoration | null = null;
    for (const d of plugin.decorations.find(lo, hi, (s: SpanDecoSpec) => !s.selected)) {
      const c = cmp(key(d), origin);
      if (direction === 1 ? c <= 0 : c >= 0) continue;
      if (!best || (direction === 1 ? cmp(key(d), key(best)) < 0 : cmp(key(d), key(best)) > 0)) best = d;
    }
    if (best) return (best.spec as SpanDecoSpec).spanId;
    if (direction === 1 ? hi === size : lo === 0) return null;
  }
}
