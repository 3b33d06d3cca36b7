import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { Label } from '../../shared/model/labels';
import type { Span } from '../../shared/model/span';
import type { TextPositions } from '../../shared/text/positions';
import { assignLanes, lowestFree } from './lanes';

/** What a span decoration carries, so the view can tell which span an element shows. */
interface SpanDecoSpec {
  spanId: string;
  label: string;
  startOffset: number;
  endOffset: number;
  lane: number;
  selected?: true;
}

/** A seam: the mark between two spans of the same label that touch (see `seamsAt`). */
interface SeamSpec {
  seam: true;
}

/** Whether a decoration is one of the spans themselves (not a selection outline, handle or seam). */
const isSpan = (s: Partial<SpanDecoSpec & SeamSpec>) => !s.selected && !s.seam;

export interface SpanDecoState {
  /** Every span's decoration (and the selected span's highlight), in document order. */
  decorations: DecorationSet;
  /** The decoration drawn for each span, kept so a removal touches only that span. */
  byId: Map<string, Decoration>;
  selectedId: string | null;
  /** The part of the document near the viewport, where decorations are drawn. */
  range: { from: number; to: number };
  /** The decorations in `range`: what the view draws. */
  drawn: DecorationSet;
}

/** Changes the plugin understands, sent as transaction metadata. */
export type SpanMeta =
  | { kind: 'reset'; spans: Span[] }
  | { kind: 'edits'; added: Span[]; removed: string[]; select?: string | null }
  | { kind: 'select'; id: string | null }
  | { kind: 'viewport'; from: number; to: number };

export const spanKey = new PluginKey<SpanDecoState>('standoff-spans');
const MAX_VISIBLE_LANE = 5;
/** What is drawn before the view has measured its viewport: the first stretch of the text. */
const INITIAL_RANGE = 30_000;

/**
 * Draws one annotator's spans over the text as inline decorations kept in plugin state.
 * Each edit adds or removes only the decorations of the spans it touches; nothing is rebuilt
 * from the whole layer except on `reset` (opening a document), and the sets are mapped through
 * any transaction that changes the document.
 *
 * Only the spans near the viewport are drawn (`drawn`, for `range`): a browser pays for every
 * element on every frame, and a long article with 20,000 spans would otherwise carry some
 * 50,000 of them. The view reports its viewport (see `watchViewport`) and the drawn set
 * follows as the analyst scrolls.
 */
export function spanPlugin(positions: TextPositions, labels: ReadonlyMap<string, Label>, initialSpans: Span[] = []): Plugin<SpanDecoState> {
  const decorate = (span: Span, lane: number): Decoration | null => {
    if (span.endOffset <= span.startOffset) return null; // zero-width spans have nothing to draw
    const spec: SpanDecoSpec = { spanId: span.id, label: span.label, startOffset: span.startOffset, endOffset: span.endOffset, lane };
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

  /** The selected span's outline, and a handle at each end to drag the boundary. */
  const selectionDeco = (byId: Map<string, Decoration>, id: string | null): Decoration[] => {
    const d = id ? byId.get(id) : undefined;
    if (!d) return [];
    const spec: SpanDecoSpec = { ...(d.spec as SpanDecoSpec), selected: true };
    const handle = (end: 'start' | 'end') => () => {
      const el = document.createElement('span');
      el.className = `sp-handle sp-handle-${end}`;
      el.dataset.handle = end;
      el.title = `Drag to move the span's ${end} (Alt: exactly, not to a word boundary)`;
      return el;
    };
    return [
      Decoration.inline(d.from, d.to, { nodeName: 'span', class: 'sp-selected' }, spec),
      Decoration.widget(d.from, handle('start'), { ...spec, side: -1, ignoreSelection: true, key: `handle-start-${d.from}` }),
      Decoration.widget(d.to, handle('end'), { ...spec, side: 1, ignoreSelection: true, key: `handle-end-${d.to}` }),
    ];
  };

  /**
   * Two spans of the same label that touch (one ends where the other starts) would draw as one
   * band: a seam, a thin gap in the band, shows where one ends. Only such pairs get one, so a
   * layer pays nothing for them otherwise.
   */
  const seam = (pos: number) =>
    Decoration.widget(
      pos,
      () => {
        const el = document.createElement('span');
        el.className = 'sp-seam';
        el.setAttribute('aria-hidden', 'true');
        return el;
      },
      { seam: true, side: 0, ignoreSelection: true, key: `seam-${pos}` } satisfies SeamSpec & { side: number; ignoreSelection: boolean; key: string },
    );
  /** The seams a set of span decorations needs at the given positions. */
  const seamsAt = (decorations: DecorationSet, positions: Iterable<number>): Decoration[] => {
    const out: Decoration[] = [];
    for (const pos of new Set(positions)) {
      const here = decorations.find(pos, pos, isSpan);
      const ending = new Set(here.filter((d) => d.to === pos && d.from < pos).map((d) => (d.spec as SpanDecoSpec).label));
      if (here.some((d) => d.from === pos && d.to > pos && ending.has((d.spec as SpanDecoSpec).label))) out.push(seam(pos));
    }
    return out;
  };

  // A widget has from === to: it is in range when its position is.
  const inRange = (d: Decoration, range: { from: number; to: number }) => d.from < range.to && d.to >= range.from && (d.to > range.from || d.from === d.to);

  /** The whole layer at once: lanes by a sweep, one DecorationSet built in one go. */
  const build = (doc: EditorState['doc'], spans: Span[], range: { from: number; to: number }): SpanDecoState => {
    const lanes = assignLanes(spans);
    const byId = new Map<string, Decoration>();
    for (const span of spans) {
      const d = decorate(span, lanes.get(span.id) ?? 0);
      if (d) byId.set(span.id, d);
    }
    // Seams where a span starts at the end of another of its label.
    const ends = new Set([...byId.values()].map((d) => `${(d.spec as SpanDecoSpec).label}@${d.to}`));
    const seams = [...new Set([...byId.values()].filter((d) => ends.has(`${(d.spec as SpanDecoSpec).label}@${d.from}`)).map((d) => d.from))].map(seam);
    const all = [...byId.values(), ...seams];
    // Two fresh arrays: DecorationSet.create uses up the array it is given.
    return {
      decorations: DecorationSet.create(doc, [...all]),
      byId,
      selectedId: null,
      range,
      drawn: DecorationSet.create(doc, all.filter((d) => inRange(d, range))),
    };
  };

  return new Plugin<SpanDecoState>({
    key: spanKey,
    state: {
      init: (_config, state) => build(state.doc, initialSpans, { from: 0, to: Math.min(state.doc.content.size, INITIAL_RANGE) }),
      apply(tr: Transaction, prev: SpanDecoState, _old: EditorState, state: EditorState): SpanDecoState {
        let { decorations, drawn, range } = prev;
        if (tr.docChanged) {
          decorations = decorations.map(tr.mapping, tr.doc);
          drawn = drawn.map(tr.mapping, tr.doc);
          range = { from: tr.mapping.map(range.from, -1), to: tr.mapping.map(range.to, 1) };
        }
        const meta = tr.getMeta(spanKey) as SpanMeta | undefined;
        if (!meta) return tr.docChanged ? { ...prev, decorations, drawn, range } : prev;
        if (meta.kind === 'reset') return build(state.doc, meta.spans, range);
        if (meta.kind === 'viewport') {
          const next = { from: meta.from, to: meta.to };
          return { ...prev, decorations, range: next, drawn: DecorationSet.create(state.doc, decorations.find(next.from, next.to)) };
        }

        // byId belongs to the newest state and is changed in place: copying 20,000 entries per
        // keystroke would cost more than the edit. (No history plugin keeps old states; undo is
        // the layer session's.)
        const byId = prev.byId;
        let selectedId = prev.selectedId;
        const remove: Decoration[] = [];
        const oldSelection = selectionDeco(prev.byId, prev.selectedId)[0];
        if (oldSelection) remove.push(...decorations.find(oldSelection.from, oldSelection.to, (s: SpanDecoSpec) => s.selected === true));
        const add: Decoration[] = [];

        if (meta.kind === 'edits') {
          // A span changed in place (relabelled, undone, read again) stays selected.
          const keep = selectedId;
          for (const id of meta.removed) {
            const d = byId.get(id);
            if (d) remove.push(d);
            byId.delete(id);
            if (selectedId === id) selectedId = null;
          }
          decorations = decorations.remove([...remove]);
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
          if (meta.select !== undefined) selectedId = meta.select && byId.has(meta.select) ? meta.select : null;
          else if (keep && selectedId === null && byId.has(keep)) selectedId = keep;
          // The seams where the changed spans start or end are worked out again.
          const touched = [...remove, ...add].filter((d) => isSpan(d.spec as SpanDecoSpec)).flatMap((d) => [d.from, d.to]);
          if (touched.length) {
            const oldSeams = touched.flatMap((pos) => decorations.find(pos, pos, (sp: Partial<SeamSpec>) => sp.seam === true));
            decorations = decorations.remove([...oldSeams]);
            remove.push(...oldSeams);
            add.push(...seamsAt(decorations.add(tr.doc, [...add]), touched));
          }
        } else {
          decorations = decorations.remove([...remove]);
          selectedId = meta.id && byId.has(meta.id) ? meta.id : null;
        }
        add.push(...selectionDeco(byId, selectedId));
        // Copies: DecorationSet.add and .remove use up the arrays they are given.
        decorations = decorations.add(tr.doc, [...add]);
        // The drawn set changes the same way, for what lies in its range.
        drawn = drawn.remove(remove.filter((d) => inRange(d, range))).add(tr.doc, add.filter((d) => inRange(d, range)));
        return { decorations, byId, selectedId, range, drawn };
      },
    },
    props: {
      decorations: (state) => spanKey.getState(state)?.drawn,
    },
  });
}

/** Ids of the spans covering a position, innermost (shortest) first. */
export function spansAt(state: EditorState, pos: number): string[] {
  const plugin = spanKey.getState(state);
  if (!plugin) return [];
  return plugin.decorations
    .find(pos, pos, isSpan)
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
    for (const d of plugin.decorations.find(lo, hi, isSpan)) {
      const c = cmp(key(d), origin);
      if (direction === 1 ? c <= 0 : c >= 0) continue;
      if (!best || (direction === 1 ? cmp(key(d), key(best)) < 0 : cmp(key(d), key(best)) > 0)) best = d;
    }
    if (best) return (best.spec as SpanDecoSpec).spanId;
    if (direction === 1 ? hi === size : lo === 0) return null;
  }
}
