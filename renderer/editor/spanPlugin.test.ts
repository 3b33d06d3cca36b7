/**
 * The span plugin in Node: its state from a layer, after edits, selection and the viewport,
 * and its decorations mapped through a transaction that changes the document. No browser:
 * decorations are plain data until a view draws them.
 */
import { EditorState, type Transaction } from 'prosemirror-state';
import type { Decoration } from 'prosemirror-view';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LABELS, type Label } from '../../shared/model/labels';
import type { Span } from '../../shared/model/span';
import { TextPositions } from '../../shared/text/positions';
import { spanOver } from '../../tests/support/spans';
import { articleDoc } from './schema';
import { neighbourSpan, spanKey, spanPlugin, spansAt, type SpanMeta } from './spanPlugin';

const TEXT = 'Militants claimed the attack on Tuesday.\nThe army denied it; 👍🏽 three people were killed.';
const labels: ReadonlyMap<string, Label> = new Map(DEFAULT_LABELS.map((l) => [l.id, l]));

function stateWith(spans: Span[], text = TEXT): { state: EditorState; positions: TextPositions } {
  const positions = new TextPositions(text);
  const state = EditorState.create({ doc: articleDoc(positions), plugins: [spanPlugin(positions, labels, spans)] });
  return { state, positions };
}

const send = (state: EditorState, meta: SpanMeta, tr: Transaction = state.tr): EditorState => state.apply(tr.setMeta(spanKey, meta));
const plugin = (state: EditorState) => spanKey.getState(state)!;
/** The span decorations drawn, as "id from-to lane", in document order. */
function drawnSpans(state: EditorState): string[] {
  return plugin(state)
    .drawn.find()
    .filter((d: Decoration) => d.spec.spanId && !d.spec.selected)
    .map((d: Decoration) => `${d.spec.spanId} ${d.from}-${d.to} ln${d.spec.lane}`);
}
/** The text a decoration covers. */
const covered = (state: EditorState, d: Decoration) => state.doc.textBetween(d.from, d.to);

describe('spanPlugin', () => {
  const claim = spanOver(TEXT, 'claimed the attack', 'c1', 'claim');
  const actor = spanOver(TEXT, 'Militants', 'a1', 'actor');
  const outer = spanOver(TEXT, 'Militants claimed', 'a2', 'actor');
  const figure = spanOver(TEXT, 'three people', 'f1', 'casualty');

  it('starts with a decoration for each span of the layer, over its own text, overlapping ones on separate lanes', () => {
    const { state } = stateWith([claim, actor, outer, figure]);
    const p = plugin(state);
    expect([...p.byId.keys()].sort()).toEqual(['a1', 'a2', 'c1', 'f1']);
    for (const [id, text] of [['c1', 'claimed the attack'], ['a1', 'Militants'], ['a2', 'Militants claimed'], ['f1', 'three people']] as const) {
      expect(covered(state, p.byId.get(id)!)).toBe(text);
    }
    const lanes = Object.fromEntries([...p.byId].map(([id, d]) => [id, d.spec.lane]));
    // The longer of the two that start together takes the lower lane; the claim, which
    // crosses it but not the shorter one, takes the next free lane.
    expect(lanes).toEqual({ a2: 0, a1: 1, c1: 1, f1: 0 });
    expect(p.selectedId).toBeNull();
  });

  it('draws a zero-width span not at all, and an empty layer as nothing', () => {
    const empty = { ...claim, id: 'z', endOffset: claim.startOffset };
    expect(plugin(stateWith([empty]).state).byId.size).toBe(0);
    expect(drawnSpans(stateWith([]).state)).toEqual([]);
  });

  it('adds and removes only the spans an edit names, keeping the others as they were', () => {
    const { state } = stateWith([claim, actor]);
    const before = plugin(state).byId.get('a1');
    const next = send(state, { kind: 'edits', added: [figure], removed: ['c1'] });
    const p = plugin(next);
    expect([...p.byId.keys()].sort()).toEqual(['a1', 'f1']);
    expect(p.byId.get('a1')).toBe(before);
    expect(covered(next, p.byId.get('f1')!)).toBe('three people');
    expect(drawnSpans(next).map((s) => s.split(' ')[0])).toEqual(['a1', 'f1']);
  });

  it('outlines the selected span with two drag handles, and keeps it selected when it is relabelled', () => {
    const { state } = stateWith([claim, actor]);
    const selected = send(state, { kind: 'select', id: 'c1' });
    expect(plugin(selected).selectedId).toBe('c1');
    const outline = plugin(selected).decorations.find().filter((d: Decoration) => d.spec.selected);
    expect(outline).toHaveLength(3); // the outline and a handle at each end
    expect(outline.every((d: Decoration) => d.spec.spanId === 'c1')).toBe(true);

    const relabelled = send(selected, { kind: 'edits', added: [{ ...claim, label: 'denial' }], removed: ['c1'] });
    expect(plugin(relabelled).selectedId).toBe('c1');
    expect(plugin(relabelled).byId.get('c1')!.spec.label).toBe('denial');
    expect(plugin(relabelled).decorations.find().filter((d: Decoration) => d.spec.selected)).toHaveLength(3);

    const cleared = send(relabelled, { kind: 'select', id: null });
    expect(plugin(cleared).decorations.find().filter((d: Decoration) => d.spec.selected)).toEqual([]);
  });

  it('marks a seam where two spans of one label touch, and takes it away when one goes', () => {
    const text = 'alpha beta gamma';
    const a = spanOver(text, 'alpha ', 's1', 'claim');
    const b = spanOver(text, 'beta', 's2', 'claim');
    const { state } = stateWith([a, b], text);
    const seams = (s: EditorState) => plugin(s).decorations.find().filter((d: Decoration) => d.spec.seam);
    expect(seams(state).map((d: Decoration) => d.from)).toEqual([plugin(state).byId.get('s2')!.from]);
    expect(seams(send(state, { kind: 'edits', added: [], removed: ['s2'] }))).toEqual([]);
    // Of different labels, touching spans need no seam.
    expect(seams(stateWith([a, { ...b, label: 'actor' }], text).state)).toEqual([]);
  });

  it('draws only the spans in the viewport it is told of, and follows it', () => {
    const { state, positions } = stateWith([claim, figure]);
    const firstLine = { from: 0, to: positions.toPos(TEXT.indexOf('\n')) };
    const top = send(state, { kind: 'viewport', ...firstLine });
    expect(drawnSpans(top).map((s) => s.split(' ')[0])).toEqual(['c1']);
    // Every span stays in the state: only what is drawn follows the viewport.
    expect(plugin(top).byId.size).toBe(2);
    const bottom = send(top, { kind: 'viewport', from: firstLine.to + 1, to: state.doc.content.size });
    expect(drawnSpans(bottom).map((s) => s.split(' ')[0])).toEqual(['f1']);
  });

  it('maps its decorations through a transaction that changes the document', () => {
    const { state, positions } = stateWith([claim, figure]);
    const at = plugin(state).byId.get('c1')!.from;
    const tr = state.tr.insertText('Yesterday ', positions.toPos(0)); // at the start of the first line
    const next = state.apply(tr);
    const d = plugin(next).decorations.find().find((x: Decoration) => x.spec.spanId === 'c1' && !x.spec.selected)!;
    expect(d.from).toBe(at + 'Yesterday '.length);
    expect(covered(next, d)).toBe('claimed the attack');
    const f = plugin(next).drawn.find().find((x: Decoration) => x.spec.spanId === 'f1')!;
    expect(covered(next, f)).toBe('three people');
  });

  it('answers which spans cover a position, innermost first, and steps from span to span in order', () => {
    const { state } = stateWith([claim, actor, outer, figure]);
    const inMilitants = plugin(state).byId.get('a1')!.from + 2;
    expect(spansAt(state, inMilitants)).toEqual(['a1', 'a2']);
    const order: string[] = [];
    for (let id: string | null = neighbourSpan(state, 0, null, 1); id; id = neighbourSpan(state, 0, id, 1)) order.push(id);
    expect(order).toEqual(['a2', 'a1', 'c1', 'f1']);
    expect(neighbourSpan(state, state.doc.content.size, null, -1)).toBe('f1');
  });
});
