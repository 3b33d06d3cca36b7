/** Find in the document, in Node: matches as editor ranges, the current one, its highlight. */
import { EditorState } from 'prosemirror-state';
import type { Decoration } from 'prosemirror-view';
import { describe, expect, it } from 'vitest';
import { TextPositions } from '../../shared/text/positions';
import { findKey, findPlugin } from './findPlugin';
import { articleDoc } from './schema';

const TEXT = 'Straße and STRASSE 👍🏽 strasse\nthe second line: Strasse.';

function start(): EditorState {
  const positions = new TextPositions(TEXT);
  return EditorState.create({ doc: articleDoc(positions), plugins: [findPlugin(positions)] });
}
const find = (state: EditorState) => findKey.getState(state)!;
const query = (state: EditorState, q: string) => state.apply(state.tr.setMeta(findKey, { query: q }));
const step = (state: EditorState, current: number) => state.apply(state.tr.setMeta(findKey, { current }));
const classes = (state: EditorState) => find(state).decorations.find().map((d: Decoration) => `${(d as unknown as { type: { attrs: { class: string } } }).type.attrs.class} ${state.doc.textBetween(d.from, d.to)}`);

describe('findPlugin', () => {
  it('starts with nothing found', () => {
    const state = start();
    expect(find(state)).toMatchObject({ query: '', matches: [], current: -1 });
    expect(find(state).decorations.find()).toEqual([]);
  });

  it('finds every match case-insensitively, across lines and after astral characters, each over its own text', () => {
    const state = query(start(), 'strasse');
    const texts = find(state).matches.map((m) => state.doc.textBetween(m.from, m.to));
    expect(texts).toEqual(['STRASSE', 'strasse', 'Strasse']);
    expect(classes(state)).toEqual(['find-hit STRASSE', 'find-hit strasse', 'find-hit Strasse']);
    expect(find(state).current).toBe(-1);
  });

  it('highlights only the current match besides the others, and moves that highlight', () => {
    let state = query(start(), 'strasse');
    state = step(state, 1);
    expect(find(state).current).toBe(1);
    expect(classes(state).filter((c) => c.startsWith('find-current'))).toEqual(['find-current strasse']);
    state = step(state, 2);
    expect(classes(state).filter((c) => c.startsWith('find-current'))).toEqual(['find-current Strasse']);
    expect(classes(state).filter((c) => c.startsWith('find-hit'))).toHaveLength(3);
  });

  it('finds nothing for an empty query, and keeps its state through transactions without its metadata', () => {
    const found = query(start(), 'strasse');
    expect(found.apply(found.tr.setMeta('other', 1))).toBeTruthy();
    expect(findKey.getState(found.apply(found.tr))).toBe(find(found));
    expect(find(query(found, '')).matches).toEqual([]);
  });
});
