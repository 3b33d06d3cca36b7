/**
 * The suggestion plugin in Node: its state from an answer, decisions taking suggestions away
 * and putting them back, the current one, stepping in document order, and decorations mapped
 * through a transaction that changes the document. No browser: decorations are plain data
 * until a view draws them.
 */
import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import type { Suggestion } from '../../shared/api/recommend';
import { suggestionKey as recommendKey } from '../../shared/recommend/key';
import { TextPositions } from '../../shared/text/positions';
import { articleDoc } from '../editor/schema';
import { spanPlugin } from '../editor/spanPlugin';
import { neighbourSuggestion, suggestionKey, suggestionPlugin, suggestionsOver, type SuggestionMeta } from './suggestionPlugin';

const TEXT = 'Militants claimed the attack on Tuesday.\nThe army denied it; 👍🏽 three people were killed.';
const positions = new TextPositions(TEXT);
const cp = [...TEXT];

function suggestion(exact: string, label: string, recommender = 'rules'): Suggestion {
  const start = cp.findIndex((_c, i) => cp.slice(i, i + [...exact].length).join('') === exact);
  const s = { recommender, label, startOffset: start, endOffset: start + [...exact].length };
  return { id: recommendKey(s), ...s, exact, score: 0.8 };
}
const killed = suggestion('three people were killed', 'casualty-figure');
const army = suggestion('The army', 'actor', 'learned');
const claimed = suggestion('claimed the attack', 'claim');

const look = { color: () => '#c33', labelName: (l: string) => l, recommenderName: (r: string) => r, recommenderMark: (r: string) => r[0]!.toUpperCase() };
const start = () => EditorState.create({ doc: articleDoc(positions), plugins: [spanPlugin(positions, new Map()), suggestionPlugin(positions, look)] });
const send = (state: EditorState, meta: SuggestionMeta) => state.apply(state.tr.setMeta(suggestionKey, meta));
const plugin = (state: EditorState) => suggestionKey.getState(state)!;
/** What is drawn, as "class from-to" in document order (marks as "mark at"). */
const drawn = (state: EditorState) =>
  plugin(state)
    .decorations.find()
    .map((d) => {
      const spec = d.spec as { extra?: string; suggestionId: string };
      return spec.extra === 'mark' ? `mark ${positions.toOffset(d.from)}` : `${spec.extra ?? 'sg'} ${positions.toOffset(d.from)}-${positions.toOffset(d.to)}`;
    })
    .sort();

describe('the suggestion plugin', () => {
  it('holds an answer in document order, each drawn with its recommender mark, none current', () => {
    const s = send(start(), { kind: 'set', suggestions: [killed, army, claimed] });
    expect(plugin(s).suggestions.map((x) => x.exact)).toEqual(['claimed the attack', 'The army', 'three people were killed']);
    expect(plugin(s).currentId).toBeNull();
    expect(drawn(s)).toEqual(
      [`sg ${claimed.startOffset}-${claimed.endOffset}`, `mark ${claimed.startOffset}`, `sg ${army.startOffset}-${army.endOffset}`, `mark ${army.startOffset}`, `sg ${killed.startOffset}-${killed.endOffset}`, `mark ${killed.startOffset}`].sort(),
    );
  });

  it('outlines the current suggestion once, and moves the outline when another becomes current', () => {
    let s = send(start(), { kind: 'set', suggestions: [killed, army, claimed] });
    s = send(s, { kind: 'current', id: army.id });
    expect(drawn(s).filter((d) => d.startsWith('current'))).toEqual([`current ${army.startOffset}-${army.endOffset}`]);
    s = send(s, { kind: 'current', id: killed.id });
    expect(drawn(s).filter((d) => d.startsWith('current'))).toEqual([`current ${killed.startOffset}-${killed.endOffset}`]);
    s = send(s, { kind: 'current', id: 'no-such' });
    expect(plugin(s).currentId).toBeNull();
    expect(drawn(s).filter((d) => d.startsWith('current'))).toEqual([]);
  });

  it('takes decided suggestions away with everything drawn for them, and puts them back when the service refused', () => {
    let s = send(start(), { kind: 'set', suggestions: [killed, army, claimed] });
    s = send(s, { kind: 'current', id: army.id });
    s = send(s, { kind: 'remove', ids: [army.id], current: killed.id });
    expect(plugin(s).suggestions.map((x) => x.id)).toEqual([claimed.id, killed.id]);
    expect(plugin(s).currentId).toBe(killed.id);
    expect(drawn(s).some((d) => d.includes(`${army.startOffset}`))).toBe(false);
    s = send(s, { kind: 'restore', suggestions: [army], current: army.id });
    expect(plugin(s).suggestions.map((x) => x.id)).toEqual([claimed.id, army.id, killed.id]);
    expect(drawn(s).filter((d) => d.startsWith('current'))).toEqual([`current ${army.startOffset}-${army.endOffset}`]);
  });

  it('keeps the current suggestion across a new answer that still has it, and drops it otherwise', () => {
    let s = send(start(), { kind: 'set', suggestions: [killed, army] });
    s = send(s, { kind: 'current', id: killed.id });
    s = send(s, { kind: 'set', suggestions: [killed, claimed] });
    expect(plugin(s).currentId).toBe(killed.id);
    s = send(s, { kind: 'set', suggestions: [claimed] });
    expect(plugin(s).currentId).toBeNull();
  });

  it('steps to the next and previous suggestion from the current one, or from the caret', () => {
    let s = send(start(), { kind: 'set', suggestions: [killed, army, claimed] });
    const state = () => plugin(s);
    expect(neighbourSuggestion(state(), 0, 1)?.id).toBe(claimed.id);
    expect(neighbourSuggestion(state(), army.startOffset + 1, 1)?.id).toBe(killed.id);
    expect(neighbourSuggestion(state(), army.startOffset + 1, -1)?.id).toBe(army.id);
    expect(neighbourSuggestion(state(), 0, -1)).toBeNull();
    s = send(s, { kind: 'current', id: army.id });
    expect(neighbourSuggestion(state(), 0, 1)?.id).toBe(killed.id);
    expect(neighbourSuggestion(state(), 0, -1)?.id).toBe(claimed.id);
    s = send(s, { kind: 'current', id: killed.id });
    expect(neighbourSuggestion(state(), 0, 1)).toBeNull();
  });

  it('finds the suggestions over exactly a range (what a span tagged by hand settles), whatever their label', () => {
    const actorToo = suggestion('claimed the attack', 'actor', 'learned');
    const longer = suggestion('claimed the attack on Tuesday', 'claim');
    const state = plugin(send(start(), { kind: 'set', suggestions: [killed, longer, army, claimed, actorToo] }));
    const ids = (from: number, to: number) => suggestionsOver(state, from, to).map((s) => s.id).sort();
    expect(ids(claimed.startOffset, claimed.endOffset)).toEqual([actorToo.id, claimed.id].sort());
    expect(ids(longer.startOffset, longer.endOffset)).toEqual([longer.id]);
    expect(ids(killed.startOffset, killed.endOffset)).toEqual([killed.id]);
    expect(ids(army.startOffset, army.endOffset - 1)).toEqual([]);
    expect(ids(0, 1)).toEqual([]);
  });

  it('maps its decorations through a transaction that changes the document', () => {
    const s = send(start(), { kind: 'set', suggestions: [killed] });
    const before = plugin(s).decorations.find().find((d) => !(d.spec as { extra?: string }).extra)!;
    const next = s.apply(s.tr.insertText('xx', positions.toPos(0)));
    const after = plugin(next).decorations.find().find((d) => !(d.spec as { extra?: string }).extra)!;
    expect([after.from, after.to]).toEqual([before.from + 2, before.to + 2]);
  });
});
