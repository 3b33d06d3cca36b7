/**
 * WebAnno TSV 3: INCEpTION's own test files (tests/interchange/fixtures/webanno) import with the
 * spans and relations INCEpTION means; export then import gives the layer back (property
 * based, over the seeded generator), with what TSV cannot hold reported.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/support/random';
import { TEST_CONTEXT, TEST_SCHEMA, generateDocument } from '../../../tests/interchange/generate';
import type { LabelSchema } from '../../model/labels';
import { compareRelations } from '../../model/span';
import { exportTsv3, parseTsv3 } from '.';

const fixture = (name: string) => readFileSync(new URL(`../../../tests/interchange/fixtures/webanno/${name}.tsv`, import.meta.url), 'utf8');
const label = (id: string) => ({ id, name: id, key: '', color: '#000000', attributes: [] });
const SCHEMA: LabelSchema = {
  labels: ['PERSON', 'LOCATION', 'Span', 'NamedEntity'].map(label),
  relations: [
    { id: 'nsubj', name: 'nsubj', from: ['Span'], to: ['Span'] },
    { id: 'Relation', name: 'Relation', from: ['NamedEntity'], to: ['NamedEntity'] },
  ],
};
const read = (name: string, text?: string) => {
  const r = parseTsv3(fixture(name), { file: `${name}.tsv`, schema: SCHEMA, annotator: 'x', id: name, ...(text !== undefined ? { text } : {}) });
  if (!r.document) throw new Error(JSON.stringify(r.problems));
  return r.document;
};
const spans = (d: ReturnType<typeof read>) => d.spans.map((s) => [s.label, s.startOffset, s.endOffset, s.quote.exact]);

describe('WebAnno TSV 3 import of INCEpTION’s files', () => {
  it('stacked multi-token spans', () => {
    expect(spans(read('testMultiTokenStackedSpanWithFeatureValue'))).toEqual([
      ['LOCATION', 0, 16, 'This is a test .'],
      ['PERSON', 0, 16, 'This is a test .'],
    ]);
  });

  it('UTF-16 offsets around an emoji become code points', () => {
    const d = read('testSentenceWithEmoji');
    expect(d.text).toBe('I like it 😊 .');
    expect(spans(d)).toEqual([['Span', 10, 11, '😊']]);
  });

  it('a span across two sentences; a sentence over two lines', () => {
    expect(spans(read('testCrossSentenceSpanWithFeatureValue'))).toEqual([['PERSON', 0, 34, 'He loves her . She loves him not .']]);
    const lines = read('testSentenceWithLineBreak');
    expect(lines.text).toBe('This is\na test .');
    expect(spans(lines)).toEqual([['Span', 0, 4, 'This']]);
  });

  it('relations with disambiguation ids, from the source’s token to the target’s', () => {
    const d = read('testSingleNonMultiTokenRelationWithMultipleFeatureValues');
    expect(spans(d)).toEqual([
      ['Span', 0, 7, 'This is'],
      ['Span', 8, 14, 'a test'],
    ]);
    expect(d.relations).toEqual([{ id: 'r1', type: 'nsubj', from: 't1', to: 't2' }]);
    const spec = read('specRelationDisambiguation');
    expect(spans(spec)).toEqual([
      ['NamedEntity', 0, 4, 'This'],
      ['NamedEntity', 15, 16, '.'],
      ['NamedEntity', 15, 16, '.'],
    ]);
    const [r] = spec.relations;
    expect(spec.spans.find((s) => s.id === r?.from)?.quote.exact).toBe('This');
    expect(r?.type).toBe('Relation');
  });

  it('checks every token against the project’s text, naming the line', () => {
    const r = parseTsv3(fixture('testSentenceWithEmoji'), { file: 'e.tsv', schema: SCHEMA, annotator: 'x', id: 'e', text: 'I like it 😀 .' });
    expect(r.document).toBeNull();
    expect(r.problems).toEqual([{ file: 'e.tsv', line: 9, message: 'token 1-4 "😊" is not the text at 10–12 (UTF-16 units): "😀"; is this file made from another text?' }]);
    const bad = parseTsv3('#FORMAT=WebAnno TSV 2\n', { file: 'old.tsv', annotator: 'x', id: 'o' });
    expect(bad.problems[0]?.message).toMatch(/TSV 1 and 2 are not read/);
  });
});

describe('WebAnno TSV 3 round trip', () => {
  it('export then import gives the spans (whole tokens), attributes and relations back, for 300 generated documents', () => {
    const random = seededRandom(3333);
    let checked = 0;
    for (let n = 0; n < 300; n++) {
      const doc = generateDocument(random, n, { zeroWidth: true });
      const out = exportTsv3(doc, TEST_CONTEXT);
      const back = parseTsv3(out.text, { file: 'x.tsv', schema: TEST_SCHEMA, annotator: doc.annotator, id: doc.id, text: doc.text });
      if (!back.document) throw new Error(`doc ${n}: ${JSON.stringify(back.problems.slice(0, 3))}\n${out.text}`);
      const dropped = new Set(out.dropped.map((d) => d.span.id));
      const moved = new Map(out.adjusted.map((a) => [a.span.id, a]));
      const lost = new Set(out.issues.map((i) => `${i.item}\t${/› ([^:]+):/.exec(i.message)?.[1]}`));
      const expected = doc.spans
        .filter((s) => !dropped.has(s.id))
        .map((s) => {
          const attributes = Object.fromEntries(Object.entries(s.attributes ?? {}).filter(([k]) => !lost.has(`${s.id}\t${k}`)));
          return JSON.stringify([s.label, moved.get(s.id)?.start ?? s.startOffset, moved.get(s.id)?.end ?? s.endOffset, attributes]);
        })
        .sort();
      const got = back.document.spans.map((s) => JSON.stringify([s.label, s.startOffset, s.endOffset, s.attributes ?? {}])).sort();
      expect(got, `doc ${n}`).toEqual(expected);
      // Relations: by their spans' places (ids are not kept).
      const place = (list: typeof doc.spans, id: string) => {
        const s = list.find((x) => x.id === id)!;
        return `${s.label}@${moved.get(id)?.start ?? s.startOffset}-${moved.get(id)?.end ?? s.endOffset}`;
      };
      const want = doc.relations.filter((r) => !out.droppedRelations.includes(r)).map((r) => `${r.type} ${place(doc.spans, r.from)} ${place(doc.spans, r.to)}`);
      const have = [...back.document.relations].sort(compareRelations).map((r) => `${r.type} ${place(back.document!.spans, r.from)} ${place(back.document!.spans, r.to)}`);
      expect(have.sort(), `doc ${n}`).toEqual(want.sort());
      checked += got.length;
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
