import { describe, expect, it } from 'vitest';
import { spanOver } from '../../../tests/support/spans';
import type { Entity } from '../../entities/registry';
import { DEFAULT_SCHEMA } from '../../model/labels';
import type { ExportContext, ImportResult, InterchangeDocument } from '../model';
import { parseStandoffJsonl, standoffJsonlLine } from './standoff';

const TEXT = 'The PMU 👍🏽 denied it.\nSaraya claimed the attack.';
const pmf: Entity = { id: 'pmf', name: 'Popular Mobilization Forces', kind: 'armed-group', aliases: ['PMU'], contributors: ['alice'], updated: '2024-01-01T00:00:00Z' };
const context: ExportContext = { schema: DEFAULT_SCHEMA, entities: new Map([['pmu', pmf]]) };

function doc(): InterchangeDocument {
  const actor = { ...spanOver(TEXT, 'PMU', 'a1', 'actor'), attributes: { kind: 'armed-group', entity: 'pmu' } };
  const denial = spanOver(TEXT, 'denied it', 'd1', 'denial');
  const claim = { ...spanOver(TEXT, 'Saraya claimed the attack', 'c1', 'claim'), attributes: { type: 'responsibility' } };
  return {
    id: 'doc-1',
    text: TEXT,
    title: 'Denial',
    source: null,
    annotator: 'alice',
    spans: [claim, denial, actor],
    relations: [{ id: 'r1', type: 'denier', from: 'd1', to: 'a1' }],
  };
}

const problemsOf = (r: ImportResult) => (r.ok ? [] : r.problems);
const line = (o: Record<string, unknown>) => JSON.stringify({ format: 'standoff/jsonl', version: 1, id: 'd', text: 'abc', ...o });

describe('Standoff JSONL export', () => {
  it('writes one line with a fixed key order, code-point offsets, the span text and the entity name beside its id', () => {
    const out = standoffJsonlLine(doc(), context);
    expect(out.endsWith('\n')).toBe(true);
    expect(out.indexOf('\n')).toBe(out.length - 1);
    expect(out).toBe(
      '{"format":"standoff/jsonl","version":1,"offsets":"unicode-code-points","id":"doc-1",' +
        `"text":${JSON.stringify(TEXT)},"metadata":{"title":"Denial","source":null},"annotator":"alice","spans":[` +
        '{"id":"a1","label":"actor","startOffset":4,"endOffset":7,"text":"PMU","attributes":{"entity":"pmu","kind":"armed-group"},"entityNames":{"entity":"Popular Mobilization Forces"}},' +
        // "denied" starts after the emoji: code point 11, UTF-16 index 13.
        '{"id":"d1","label":"denial","startOffset":11,"endOffset":20,"text":"denied it"},' +
        '{"id":"c1","label":"claim","startOffset":22,"endOffset":47,"text":"Saraya claimed the attack","attributes":{"type":"responsibility"}}],' +
        '"relations":[{"id":"r1","type":"denier","from":"d1","to":"a1"}],' +
        '"entities":[{"id":"pmu","canonicalId":"pmf","name":"Popular Mobilization Forces","kind":"armed-group","aliases":["PMU"]}]}\n',
    );
  });

  it('gives the same bytes whatever order spans, relations and attributes come in', () => {
    const a = doc();
    const b = { ...a, spans: [...a.spans].reverse().map((s) => (s.attributes ? { ...s, attributes: Object.fromEntries(Object.entries(s.attributes).reverse()) } : s)) };
    expect(standoffJsonlLine(b, context)).toBe(standoffJsonlLine(a, context));
  });

  it('writes null for the name of an entity the registry does not know', () => {
    const d = doc();
    d.spans = d.spans.map((s) => (s.id === 'a1' ? { ...s, attributes: { entity: 'ghost' } } : s));
    const out = JSON.parse(standoffJsonlLine(d, context));
    expect(out.spans[0].entityNames).toEqual({ entity: null });
    expect(out.entities).toEqual([]);
  });

  it('escapes U+2028 and U+2029, which some line readers take for line breaks', () => {
    const d = { ...doc(), spans: [], relations: [], text: 'a\u2028b\u2029c\u0085d' };
    const out = standoffJsonlLine(d, context);
    expect(out).toContain('a\\u2028b\\u2029c\\u0085d');
    expect(out.slice(0, -1)).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
    expect(JSON.parse(out).text).toBe(d.text);
  });
});

describe('Standoff JSONL import', () => {
  it('reads back what it wrote', () => {
    const result = parseStandoffJsonl(standoffJsonlLine(doc(), context), { file: 'a.jsonl', schema: DEFAULT_SCHEMA });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const d = doc();
    expect(result.documents).toEqual([{ ...d, spans: [d.spans[2], d.spans[1], d.spans[0]] }]);
  });

  it('imports into the chosen layer when one is given', () => {
    const result = parseStandoffJsonl(standoffJsonlLine(doc(), context), { file: 'a.jsonl', annotator: 'carol' });
    expect(result.ok && result.documents[0]?.annotator).toBe('carol');
  });

  it('reports every problem with its line, and imports nothing', () => {
    const good = standoffJsonlLine(doc(), context);
    const file = [
      good.trimEnd(),
      '{not json',
      '',
      line({ spans: [{ id: 's1', label: 'claim', startOffset: 0, endOffset: 4 }] }),
      line({ spans: [{ id: 's1', label: 'rumour', startOffset: 0, endOffset: 1 }] }),
      line({ id: 'd2', spans: [{ id: 's1', label: 'claim', startOffset: 2, endOffset: 1 }, { id: 's2', label: 'claim', startOffset: 0.5, endOffset: 1 }] }),
      line({ id: 'd3', spans: [{ id: 's1', label: 'claim', startOffset: 0, endOffset: 2, text: 'xy' }] }),
      line({ id: 'd4', spans: [{ id: 's1', label: 'claim', startOffset: 0, endOffset: 1, attributes: { type: 'gossip' } }], relations: [{ id: 'r1', type: 'denier', from: 's1', to: 's9' }] }),
      '[1, 2]',
      JSON.stringify({ format: 'standoff/jsonl', version: 2, id: 'x', text: '' }),
      JSON.stringify({ format: 'other', version: 1 }),
      line({ id: 'doc-1' }),
    ].join('\n');
    const problems = problemsOf(parseStandoffJsonl(file, { file: 'a.jsonl', schema: DEFAULT_SCHEMA }));
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [2, expect.stringMatching(/^not valid JSON/)],
      [4, 'spans[0] ("s1"): end 4 is past the end of the text (3 code points)'],
      [5, 'document id "d" is already used on line 4'],
      [5, 'spans[0] ("s1"): label "rumour" is not in the schema (claim, denial, casualty-figure, actor)'],
      [6, 'spans[0] ("s1"): start 2 is after end 1'],
      [6, 'spans[1] ("s2"): start 0.5 is not a whole number'],
      [7, 'spans[0] ("s1"): its text "xy" is not what offsets 0–2 select ("ab"); are the offsets code points?'],
      [8, expect.stringMatching(/^spans\[0\] \("s1"\): Claim › Type: "gossip" is not one of its options/)],
      [8, 'relations[0] ("r1"): no span "s9" on this line'],
      [9, 'expected a JSON object, found an array'],
      [10, 'format version 2 is newer than this Standoff understands (1); update Standoff'],
      [11, 'not a Standoff JSONL line (its "format" is "other", expected "standoff/jsonl")'],
      [12, 'document id "doc-1" is already used on line 1'],
    ]);
    expect(problems.every((p) => p.file === 'a.jsonl')).toBe(true);
  });

  it('checks relations against the schema', () => {
    const d = doc();
    d.relations = [{ id: 'r1', type: 'claimant', from: 'd1', to: 'a1' }];
    const problems = problemsOf(parseStandoffJsonl(standoffJsonlLine(d, context), { file: 'a.jsonl', schema: DEFAULT_SCHEMA }));
    expect(problems.map((p) => p.message)).toEqual(['relations[0] ("r1"): "claimant" cannot start at a denial span']);
  });

  it('names fields that do not fit, through the validator', () => {
    const problems = problemsOf(parseStandoffJsonl(line({ spans: [{ id: 'bad id', label: 'Claim it', startOffset: 0, endOffset: 1, extra: 1 }] }), { file: 'a.jsonl' }));
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^spans\[0\]\.id: must be 1–64 letters/),
      expect.stringMatching(/^spans\[0\]\.label: must be 1–64 letters, digits/),
      expect.stringMatching(/^spans\[0\]: .*extra/),
    ]);
  });

  it('stores a CRLF text with LF and moves the offsets with it', () => {
    // "a\r\nb👍c": b is at code point 3 in the file, 2 once stored; "👍c" 4–6 → 3–5.
    const file = line({ text: 'a\r\nb👍c', spans: [{ id: 's1', label: 'claim', startOffset: 3, endOffset: 4, text: 'b' }, { id: 's2', label: 'claim', startOffset: 4, endOffset: 6 }, { id: 's3', label: 'claim', startOffset: 0, endOffset: 4 }] });
    const result = parseStandoffJsonl(`${file}\r\n`, { file: 'a.jsonl' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [d] = result.documents;
    expect(d?.text).toBe('a\nb👍c');
    expect(d?.spans.map((s) => [s.id, s.startOffset, s.endOffset, s.quote.exact])).toEqual([
      ['s3', 0, 3, 'a\nb'],
      ['s1', 2, 3, 'b'],
      ['s2', 3, 5, '👍c'],
    ]);
  });

  it('says so when a file holds nothing', () => {
    expect(problemsOf(parseStandoffJsonl('\n\n', { file: 'empty.jsonl' }))).toEqual([{ file: 'empty.jsonl', message: 'the file holds no documents' }]);
  });
});
