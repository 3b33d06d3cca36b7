import { Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { Relation, Span } from '../../shared/model/span';
import { spanKey } from './spanPlugin';

export interface RelationSource {
  relations(): Iterable<Relation>;
  span(id: string): Span | undefined;
  /** Changes whenever a relation, or a span with relations, changes. */
  revision(): number;
  /** How many relations there are (none: nothing to draw, nothing to measure). */
  count(): number;
  typeName(type: string): string;
  labelColor(label: string): string;
}

const SVG = 'http://www.w3.org/2000/svg';

/**
 * Draws relations in the text as arrows from one span to the other, with the relation's name
 * on the arc, in an SVG layer over the article (it scrolls with the text and never takes a
 * click). Only relations whose two spans are drawn (near the viewport) are drawn; the
 * selected span's relations are strong, the others faint. Redrawn at most once a frame, after
 * any change that can move them: edits, selection, the drawn range, the window's size.
 */
export function relationOverlay(source: RelationSource): Plugin {
  return new Plugin({
    view(view) {
      const host = view.dom.parentElement!;
      host.classList.add('has-relations');
      const svg = document.createElementNS(SVG, 'svg');
      svg.setAttribute('class', 'relation-layer');
      svg.setAttribute('aria-hidden', 'true');
      svg.innerHTML = `<defs><marker id="rel-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" fill="context-stroke"/></marker></defs>`;
      host.appendChild(svg);
      let frame = 0;
      let drawnKey = '';
      const schedule = () => {
        if (!frame) frame = requestAnimationFrame(draw);
      };
      const draw = () => {
        frame = 0;
        const state = spanKey.getState(view.state);
        if (source.count() === 0) {
          // The common case while tagging: no arrows, so no layout to read on the tagging frame.
          if (drawnKey !== 'none') for (const old of svg.querySelectorAll('g.rel')) old.remove();
          drawnKey = 'none';
          return;
        }
        const key = `${source.revision()}|${state?.selectedId}|${state?.range.from}-${state?.range.to}|${window.innerWidth}`;
        if (key === drawnKey) return;
        drawnKey = key;
        render(view, svg, source, state?.selectedId ?? null);
      };
      const onResize = () => schedule();
      window.addEventListener('resize', onResize);
      schedule();
      return {
        update: schedule,
        destroy() {
          cancelAnimationFrame(frame);
          window.removeEventListener('resize', onResize);
          svg.remove();
        },
      };
    },
  });
}

function render(view: EditorView, svg: SVGSVGElement, source: RelationSource, selectedId: string | null): void {
  for (const old of svg.querySelectorAll('g.rel')) old.remove();
  const host = svg.parentElement!;
  const origin = host.getBoundingClientRect();
  svg.setAttribute('width', String(host.scrollWidth));
  svg.setAttribute('height', String(host.scrollHeight));
  // One query for every drawn span element; a span split over lines keeps its first piece.
  const elements = new Map<string, Element>();
  for (const el of view.dom.querySelectorAll('[data-span-id]')) {
    const id = el.getAttribute('data-span-id')!;
    if (!elements.has(id)) elements.set(id, el);
  }
  // Arcs and their names go in the gap between lines, never over the words: the gap is what a
  // line's height leaves above its text.
  const lineHeight = parseFloat(getComputedStyle(view.dom).lineHeight) || 36;
  const anchor = (el: Element) => {
    const r = el.getClientRects()[0] ?? el.getBoundingClientRect();
    const gap = Math.max(4, (lineHeight - r.height) / 2);
    return { x: r.left + Math.min(r.width / 2, 14) - origin.left, y: r.top - origin.top + 2, gapTop: r.top - origin.top - gap };
  };
  const fragment = document.createDocumentFragment();
  for (const r of source.relations()) {
    const fromEl = elements.get(r.from);
    const toEl = elements.get(r.to);
    if (!fromEl || !toEl) continue;
    const a = anchor(fromEl);
    const b = anchor(toEl);
    const strong = selectedId !== null && (r.from === selectedId || r.to === selectedId);
    // The arc's highest point (t = ½ of the cubic) in the middle of the gap above the upper span's
    // line, not above the top of the text (the first line has the article's padding above it).
    const upper = a.y <= b.y ? a : b;
    const peak = Math.max(6, upper.gapTop);
    const top = (peak - 0.125 * (a.y + b.y)) / 0.75;
    const g = document.createElementNS(SVG, 'g');
    g.setAttribute('class', `rel${strong ? ' strong' : ''}`);
    g.setAttribute('data-relation-id', r.id);
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', `M${a.x},${a.y} C${a.x},${top} ${b.x},${top} ${b.x},${b.y - 1}`);
    const from = source.span(r.from);
    path.setAttribute('stroke', from ? source.labelColor(from.label) : '#555');
    path.setAttribute('marker-end', 'url(#rel-arrow)');
    const text = document.createElementNS(SVG, 'text');
    text.setAttribute('x', String((a.x + b.x) / 2));
    text.setAttribute('y', String(peak)); // on the arc's peak, centred in the gap
    text.setAttribute('data-part', 'name');
    text.textContent = source.typeName(r.type);
    g.append(path, text);
    fragment.append(g);
  }
  svg.append(fragment);
}
