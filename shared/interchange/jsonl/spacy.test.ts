import { describe, expect, it } from 'vitest';
import { spanOver } from '../../../tests/support/spans';
import { DEFAULT_SCHEMA } from '../../model/labels';
import type { ImportResult, InterchangeDocument } from '../model';
import { parseSpacyJsonl, spacyJsonlLine } from './spacy';

const TEXT = '👍🏽 Saraya Thawrat al-Ashrin claimed the attack.';

function doc(): InterchangeDocument {
  return {
    id: 'doc-1',
    text: TEXT,
    title: null,
    source: 'Reuters',
    annotator: 'alice',
    spans: [
      { ...spanOver(TEXT, 'Saraya Thawrat al-Ashrin claimed the attack', 'c1', 'claim'), attributes: { type: 'responsibility' } },
      spanOver(TEXT, 'Saraya Thawrat al-Ashrin', 'a1', 'actor'),
    ],
    relations: [{ id: 'r1', type: 'claimant', from: 'c1', to: 'a1' }],
  };
}

const problemsOf = (r: ImportResult) => (r.ok ? [] : r.problems.map((p) => [p.line, p.message]));
const docsOf = (r: ImportResult) => {
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.documents;
};

describe('spaCy/Prodigy JSONL export', () => {
  it('writes code-point offsets, Prodigy tokens with an inclusive token_end, and keeps nested spans', () => {
    const out = JSON.parse(spacyJsonlLine(doc()));
    expect(Object.keys(out)).toEqual(['text', 'tokens', 'spans', 'relations', 'meta', 'answer']);
    expect(out.answer).toBe('accept'); // Prodigy trains only on accepted tasks
    // The emoji is two code points (U+1F44D U+1F3FD): "Saraya" starts at 3 (at UTF-16 index 5).
    expect(out.spans).toEqual([
      { start: 3, end: 46, token_start: 1, token_end: 8, label: 'claim', id: 'c1', attributes: { type: 'responsibility' } },
      { start: 3, end: 27, token_start: 1, token_end: 5, label: 'actor', id: 'a1' },
    ]);
    expect(out.tokens.slice(0, 7)).toEqual([
      { text: '👍🏽', start: 0, end: 2, id: 0, ws: true },
      { text: 'Saraya', start: 3, end: 9, id: 1, ws: true },
      { text: 'Thawrat', start: 10, end: 17, id: 2, ws: true },
      { text: 'al', start: 18, end: 20, id: 3, ws: false },
      { text: '-', start: 20, end: 21, id: 4, ws: false },
      { text: 'Ashrin', start: 21, end: 27, id: 5, ws: true },
      { text: 'claimed', start: 28, end: 35, id: 6, ws: true },
    ]);
    // Prodigy's rel.manual: head and child are the last tokens of the spans.
    expect(out.relations).toEqual([{ head: 8, child: 5, head_span: { start: 3, end: 46, token_start: 1, token_end: 8, label: 'claim', id: 'c1' }, child_span: out.spans[1], label: 'claimant', id: 'r1' }]);
    expect(out.meta).toEqual({ id: 'doc-1', source: 'Reuters', annotator: 'alice' });
  });

  it('leaves tokens out when asked, and token indices with them', () => {
    const out = JSON.parse(spacyJsonlLine(doc(), { tokens: false }));
    expect(out.tokens).toBeUndefined();
    expect(out.spans[1]).toEqual({ start: 3, end: 27, label: 'actor', id: 'a1' });
    expect(out.relations[0].head).toBeUndefined();
    expect(out.relations[0].head_span).toEqual({ start: 3, end: 46, label: 'claim', id: 'c1' });
  });

  it('writes a zero-width span without token indices', () => {
    const d = { ...doc(), spans: [{ ...spanOver(TEXT, 'claimed', 'z', 'claim'), endOffset: 28, startOffset: 28 }], relations: [] };
    expect(JSON.parse(spacyJsonlLine(d)).spans).toEqual([{ start: 28, end: 28, label: 'claim', id: 'z' }]);
  });
});

describe('spaCy/Prodigy JSONL import', () => {
  it('reads plain spaCy-style lines without tokens, ids or meta', () => {
    const file = '{"text": "👍 PMU denied", "spans": [{"start": 2, "end": 5, "label": "actor"}, {"start": 6, "end": 12, "label": "denial"}]}\n';
    const [d] = docsOf(parseSpacyJsonl(file, { file: 'a.jsonl', schema: DEFAULT_SCHEMA, annotator: 'bob' }));
    expect(d).toMatchObject({ id: 'line-1', title: null, source: null, annotator: 'bob', relations: [] });
    expect(d?.spans.map((s) => [s.id, s.label, s.startOffset, s.endOffset, s.quote.exact])).toEqual([
      ['s1', 'actor', 2, 5, 'PMU'],
      ['s2', 'denial', 6, 12, 'denied'],
    ]);
  });

  it("reads spaCy's Doc.to_json layout: ents, and span groups", () => {
    const file = JSON.stringify({
      text: 'PMU denied it',
      ents: [{ start: 0, end: 3, label: 'actor' }],
      spans: { sc: [{ start: 4, end: 13, label: 'denial', kb_id: '' }], other: [{ start: 0, end: 3, label: 'actor' }] },
      tokens: [{ id: 0, start: 0, end: 3 }],
    });
    const [d] = docsOf(parseSpacyJsonl(file, { file: 'a.jsonl' }));
    expect(d?.spans.map((s) => [s.label, s.startOffset, s.endOffset])).toEqual([
      ['actor', 0, 3],
      ['actor', 0, 3],
      ['denial', 4, 13],
    ]);
  });

  it('finds relation ends by start, end and label when they have no id', () => {
    const file = JSON.stringify({
      text: 'PMU denied it',
      spans: [
        { start: 0, end: 3, label: 'actor' },
        { start: 4, end: 13, label: 'denial' },
      ],
      relations: [{ head: 2, child: 0, head_span: { start: 4, end: 13, label: 'denial' }, child_span: { start: 0, end: 3, label: 'actor' }, label: 'denier' }],
    });
    const [d] = docsOf(parseSpacyJsonl(file, { file: 'a.jsonl', schema: DEFAULT_SCHEMA }));
    expect(d?.relations).toEqual([{ id: 'r1', type: 'denier', from: 's2', to: 's1' }]);
  });

  it('skips Prodigy tasks answered reject or ignore', () => {
    const file = ['accept', 'reject', 'ignore'].map((answer, i) => JSON.stringify({ text: 'x', answer, meta: { id: `d${i}` } })).join('\n');
    expect(docsOf(parseSpacyJsonl(file, { file: 'a.jsonl' })).map((d) => d.id)).toEqual(['d0']);
  });

  it('catches offsets counted in UTF-16 through the tokens, and reports every problem with its line', () => {
    const utf16 = JSON.stringify({ text: '👍 PMU', tokens: [{ text: '👍', start: 0, end: 2, id: 0 }, { text: 'PMU', start: 3, end: 6, id: 1 }], spans: [{ start: 3, end: 6, label: 'actor' }] });
    const file = [
      utf16,
      JSON.stringify({ text: 'abc', spans: [{ start: 0, end: 9, label: 'actor' }, { start: '0', end: 1, label: 'actor' }, { start: 0, end: 1, label: 'ACTOR' }, { start: 0, end: 1 }] }),
      JSON.stringify({ spans: [] }),
      'nope',
      JSON.stringify({ text: 'ab', spans: [{ start: 0, end: 1, label: 'actor', attributes: { kind: 'alien' } }, { start: 1, end: 2, label: 'actor', id: 'has space' }] }),
      JSON.stringify({ text: 'ab', spans: [{ start: 0, end: 1, label: 'actor', id: 'a' }], relations: [{ head_span: { id: 'zz' }, child_span: { id: 'a' }, label: 'denier' }, { child_span: { id: 'a' }, label: 'denier' }] }),
    ].join('\n');
    expect(problemsOf(parseSpacyJsonl(file, { file: 'a.jsonl', schema: DEFAULT_SCHEMA }))).toEqual([
      [1, 'tokens[0]: its text "👍" is not what offsets 0–2 select ("👍 "); are the offsets code points?'],
      [1, 'tokens[1]: end 6 is past the end of the text (5 code points)'],
      [1, 'spans[0]: end 6 is past the end of the text (5 code points)'],
      [2, 'spans[0]: end 9 is past the end of the text (3 code points)'],
      [2, 'spans[1]: start is a string ("0"), not a number'],
      [2, 'spans[2]: label "ACTOR" is not in the schema (claim, denial, casualty-figure, actor)'],
      [2, 'spans[3]: label is missing'],
      [3, 'no "text"'],
      [4, expect.stringMatching(/^not valid JSON/)],
      [5, 'spans[1]: id "has space" must be 1–64 letters, digits, "-" or "_"'],
      [5, expect.stringMatching(/^spans\[0\]: Actor › Kind: "alien" is not one of its options/)],
      [6, 'relations[0]: head_span names span "zz", which is not on this line'],
      [6, 'relations[1]: head_span is missing'],
    ]);
  });

  it('checks relation types against the schema', () => {
    const d = doc();
    d.relations = [{ id: 'r1', type: 'denies', from: 'c1', to: 'a1' }];
    expect(problemsOf(parseSpacyJsonl(spacyJsonlLine(d), { file: 'a.jsonl', schema: DEFAULT_SCHEMA }))).toEqual([[1, 'relations[0]: "denies" cannot start at a claim span']]);
  });
});
