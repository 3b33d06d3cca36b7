import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { ReviewUnit, UnitStatus } from '../../shared/review';
import type { TextPositions } from '../../shared/text/positions';

/** What each status looks like besides its colour: a line style and a glyph, so colour is never the only cue. */
export const STATUS: Record<UnitStatus, { glyph: string; name: string }> = {
  agreed: { glyph: '=', name: 'matched' },
  boundary: { glyph: '↔', name: 'boundaries differ' },
  label: { glyph: '≠', name: 'labels differ' },
  partial: { glyph: '1', name: 'only some annotators' },
};

export interface ReviewState {
  units: readonly ReviewUnit[];
  settled: ReadonlySet<string>;
  currentKey: string | null;
  decorations: DecorationSet;
}

export type ReviewMeta = { units?: readonly ReviewUnit[]; settled?: ReadonlySet<string>; currentKey?: string | null };

/** The glyph a unit shows in the text and in the lists. */
export function glyphOf(u: ReviewUnit): string {
  if (u.status === 'partial') return `${u.versions.length}/${u.versions.length + u.missing.length}`;
  if (u.status === 'agreed' && u.attributesDiffer.length) return '≈';
  return STATUS[u.status].glyph;
}

export const reviewKey = new PluginKey<ReviewState>('standoff-review');

/**
 * Review mode's layer over the text: every annotator's units (shared/review/units.ts), each
 * with an overline whose colour and style say how the versions compare, a glyph at its start,
 * and on hover who tagged what. The gold layer is drawn by the span plugin underneath, as any
 * layer is. A document has tens or hundreds of units: the set is rebuilt when they or their
 * settled state change, never per keystroke.
 */
export function reviewPlugin(positions: TextPositions, labelName: (id: string) => string, attributeNames: (u: ReviewUnit) => string[] = (u) => u.attributesDiffer): Plugin<ReviewState> {
  const build = (units: readonly ReviewUnit[], settled: ReadonlySet<string>, currentKey: string | null, doc: EditorState['doc']): DecorationSet => {
    const decos: Decoration[] = [];
    for (const u of units) {
      if (u.endOffset <= u.startOffset) continue;
      const from = positions.toPos(u.startOffset);
      const to = positions.toPos(u.endOffset);
      const done = settled.has(u.key);
      const title = [
        `${STATUS[u.status].name}${u.attributesDiffer.length ? `; attributes differ: ${attributeNames(u).join(', ')}` : ''}${done ? ' — settled' : ''}`,
        ...u.versions.map((v) => `${v.annotator}: ${labelName(v.span.label)} “${v.span.quote.exact}”`),
        ...u.missing.map((a) => `${a}: nothing`),
      ].join('\n');
      const cls = `rv rv-${u.status}${u.attributesDiffer.length ? ' rv-attrs' : ''}${done ? ' rv-settled' : ''}${u.key === currentKey ? ' rv-current' : ''}`;
      decos.push(Decoration.inline(from, to, { nodeName: 'span', class: cls, title, 'data-unit': u.key }, { unit: u.key }));
      // Matched units need no glyph: their solid line says it, and the text stays quiet.
      if (u.status === 'agreed' && u.attributesDiffer.length === 0) continue;
      const glyph = glyphOf(u);
      decos.push(
        Decoration.widget(
          from,
          () => {
            const el = document.createElement('span');
            el.className = `rv-glyph rv-glyph-${u.status}${done ? ' rv-settled' : ''}${u.key === currentKey ? ' rv-current' : ''}`;
            el.textContent = done ? `${glyph}✓` : glyph;
            el.setAttribute('aria-hidden', 'true');
            return el;
          },
          { side: -1, key: `${u.key}|${u.status}|${done}|${u.key === currentKey}`, ignoreSelection: true },
        ),
      );
    }
    return DecorationSet.create(doc, decos);
  };

  return new Plugin<ReviewState>({
    key: reviewKey,
    state: {
      init: (_config, state) => ({ units: [], settled: new Set(), currentKey: null, decorations: DecorationSet.create(state.doc, []) }),
      apply(tr, value, _old, state) {
        const meta = tr.getMeta(reviewKey) as ReviewMeta | undefined;
        if (!meta) return tr.docChanged ? { ...value, decorations: value.decorations.map(tr.mapping, tr.doc) } : value;
        const next = { ...value, ...meta } as ReviewState;
        return { ...next, decorations: build(next.units, next.settled, next.currentKey, state.doc) };
      },
    },
    props: {
      decorations: (state) => reviewKey.getState(state)?.decorations,
    },
  });
}
