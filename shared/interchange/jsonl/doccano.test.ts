import { describe, expect, it } from 'vitest';
import { spanOver } from '../../../tests/support/spans';
import { DEFAULT_SCHEMA } from '../../model/labels';
import type { ImportResult, InterchangeDocument } from '../model';
import { doccanoJsonlLine, parseDoccanoJsonl } from './doccano';

const TEXT = '🇮🇶 PMU 👍🏽 denied it';

function doc(): InterchangeDocument {
  return {
    id: 'doc-1',
    text: TEXT,
    title: 'x',
    source: null,
    annotator: 'alice',
    spans: [{ ...spanOver(TEXT, 'PMU', 'a', 'actor'), attributes: { kind: 'state' } }, spanOver(TEXT, 'denied it', 'd', 'denial')],
    relations: [{ id: 'r9', type: 'denier', from: 'd', to: 'a' }],
  };
}

const problemsOf = (r: ImportResult) => (r.ok ? [] : r.problems.map((p) => [p.line, p.message]));

describe('doccano JSONL export', () => {
  it('writes offsets in UTF-16 units: each astral code point before a span adds one', () => {
    // Code points: 🇮 🇶 ␠ P M U ␠ 👍 🏽 ␠ d…  → PMU 3–6, "denied it" 10–19; in UTF-16 5–8 and 14–23.
    expect(doc().spans.map((s) => [s.startOffset, s.endOffset])).toEqual([
      [3, 6],
      [10, 19],
    ]);
    expect(doccanoJsonlLine(doc())).toBe(`{"id":"doc-1","text":${JSON.stringify(TEXT)},"label":[[5,8,"actor"],[14,23,"denial"]]}\n`);
    expect(TEXT.slice(5, 8)).toBe('PMU');
    expect(TEXT.slice(14, 23)).toBe('denied it');
  });

  it("writes doccano's relation layout when asked", () => {
    expect(JSON.parse(doccanoJsonlLine(doc(), { relations: true }))).toEqual({
      id: 'doc-1',
      text: TEXT,
      entities: [
        { id: 1, label: 'actor', start_offset: 5, end_offset: 8 },
        { id: 2, label: 'denial', start_offset: 14, end_offset: 23 },
      ],
      relations: [{ id: 1, from_id: 2, to_id: 1, type: 'denier' }],
    });
  });
});

describe('doccano JSONL import', () => {
  it('converts UTF-16 offsets back to code points', () => {
    const result = parseDoccanoJsonl(doccanoJsonlLine(doc()), { file: 'a.jsonl', schema: DEFAULT_SCHEMA });
    expect(result.ok && result.documents[0]?.spans.map((s) => [s.id, s.label, s.startOffset, s.endOffset, s.quote.exact])).toEqual([
      ['s1', 'actor', 3, 6, 'PMU'],
      ['s2', 'denial', 10, 19, 'denied it'],
    ]);
  });

  it('reads the relation layout, numeric ids and doccano 1.x "labels"', () => {
    const file = [
      JSON.stringify({ id: 7, text: 'PMU denied', entities: [{ id: 40, label: 'actor', start_offset: 0, end_offset: 3 }, { id: 41, label: 'denial', start_offset: 4, end_offset: 10 }], relations: [{ id: 3, from_id: 41, to_id: 40, type: 'denier' }] }),
      JSON.stringify({ id: 8, text: 'PMU', labels: [[0, 3, 'actor']], Comments: [] }),
    ].join('\n');
    const result = parseDoccanoJsonl(file, { file: 'a.jsonl', schema: DEFAULT_SCHEMA });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.documents.map((d) => d.id)).toEqual(['7', '8']);
    expect(result.documents[0]?.spans.map((s) => s.id)).toEqual(['s40', 's41']);
    expect(result.documents[0]?.relations).toEqual([{ id: 'r1', type: 'denier', from: 's41', to: 's40' }]);
    expect(result.documents[1]?.spans.map((s) => [s.label, s.startOffset, s.endOffset])).toEqual([['actor', 0, 3]]);
  });

  it('reports every problem with its line, and imports nothing', () => {
    const file = [
      doccanoJsonlLine(doc()).trimEnd(),
      // Code-point offsets of "PMU" (3–6) in a doccano file: 3 splits the second regional indicator.
      JSON.stringify({ text: TEXT, label: [[3, 6, 'actor']] }),
      JSON.stringify({ text: 'abc', label: ['positive'] }),
      JSON.stringify({ text: 'abc', label: [[0, 4, 'actor'], [1, 0, 'actor'], [0, 1, 'person'], [0, 1]] }),
      JSON.stringify({ id: 'doc-1', text: 'abc' }),
      '',
      '{"text": "abc", "label": [[0, 1, "actor"]],}',
      JSON.stringify({ text: 'ab', entities: [{ id: 1, label: 'actor', start_offset: 0, end_offset: 1 }, { id: 1, label: 'actor', start_offset: 1, end_offset: 2 }], relations: [{ from_id: 1, to_id: 5, type: 'denier' }] }),
    ].join('\n');
    expect(problemsOf(parseDoccanoJsonl(file, { file: 'a.jsonl', schema: DEFAULT_SCHEMA }))).toEqual([
      [2, expect.stringMatching(/^label\[0\]: start 3 falls inside a character outside the BMP \(an emoji\?\): doccano offsets are UTF-16 units/)],
      [3, 'label[0] is a category ("positive"), not a span: is this a text-classification export?'],
      [4, 'label[0]: end 4 is past the end of the text (3 UTF-16 units)'],
      [4, 'label[1]: start 1 is after end 0'],
      [4, 'label[2]: label "person" is not in the schema (claim, denial, casualty-figure, actor)'],
      [4, 'label[3] is an array, expected [start, end, "label"]'],
      [5, 'document id "doc-1" is already used on line 1'],
      [7, expect.stringMatching(/^not valid JSON/)],
      [8, 'entities[1]: entity id 1 is used twice'],
      [8, 'relations[0]: to_id 5 is none of this line\'s entities'],
    ]);
  });

  it('stores a CRLF text with LF and moves the offsets with it', () => {
    // "a\r\n👍b": b is UTF-16 index 5, code point 4 in the file, 3 once stored.
    const result = parseDoccanoJsonl(JSON.stringify({ text: 'a\r\n👍b', label: [[5, 6, 'actor'], [0, 6, 'claim']] }), { file: 'a.jsonl' });
    expect(result.ok && result.documents[0]).toMatchObject({ text: 'a\n👍b', annotator: 'imported' });
    expect(result.ok && result.documents[0]?.spans.map((s) => [s.label, s.startOffset, s.endOffset, s.quote.exact])).toEqual([
      ['claim', 0, 4, 'a\n👍b'],
      ['actor', 3, 4, 'b'],
    ]);
  });
});
