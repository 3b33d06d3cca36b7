import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/support/random';
import { spanOver } from '../../../tests/support/spans';
import { DEFAULT_SCHEMA } from '../../model/labels';
import { compareSpans } from '../../model/span';
import type { InterchangeDocument } from '../model';
import { TEST_SCHEMA, generateDocument } from '../../../tests/interchange/generate';
import { huggingFaceLabelList, huggingFaceRecord, spansFromTags } from './huggingface';

const TEXT = 'Saraya Thawrat al-Ashrin claimed the attack on 👍🏽 Monday.';

function doc(): InterchangeDocument {
  return {
    id: 'doc-1',
    text: TEXT,
    title: null,
    source: null,
    annotator: 'gold',
    spans: [
      spanOver(TEXT, 'Saraya Thawrat al-Ashrin claimed the attack', 'c', 'claim'),
      spanOver(TEXT, 'Saraya Thawrat al-Ashrin', 'a', 'actor'),
      spanOver(TEXT, 'Monday', 'm', 'casualty-figure'),
    ],
    relations: [],
  };
}

describe('Hugging Face token classification export', () => {
  it('lists O, then B- and I- for each label, in the schema order or the order asked', () => {
    expect(huggingFaceLabelList(DEFAULT_SCHEMA)).toEqual(['O', 'B-claim', 'I-claim', 'B-denial', 'I-denial', 'B-casualty-figure', 'I-casualty-figure', 'B-actor', 'I-actor']);
    expect(huggingFaceLabelList(DEFAULT_SCHEMA, ['actor'])).toEqual(['O', 'B-actor', 'I-actor']);
    expect(() => huggingFaceLabelList(DEFAULT_SCHEMA, ['person'])).toThrow(/no label "person"/);
  });

  it('writes tokens and integer BIO tags, keeps the longest of nested spans and reports the other', () => {
    const labels = huggingFaceLabelList(DEFAULT_SCHEMA);
    const record = huggingFaceRecord(doc(), labels);
    expect(JSON.parse(record.line)).toEqual({
      id: 'doc-1',
      tokens: ['Saraya', 'Thawrat', 'al', '-', 'Ashrin', 'claimed', 'the', 'attack', 'on', '👍🏽', 'Monday', '.'],
      ner_tags: [1, 2, 2, 2, 2, 2, 2, 2, 0, 0, 5, 0],
    });
    expect(record.kept.map((s) => s.id)).toEqual(['c', 'm']);
    expect(record.dropped).toEqual([
      {
        document: 'doc-1',
        spanId: 'a',
        label: 'actor',
        startOffset: 0,
        endOffset: 24,
        text: 'Saraya Thawrat al-Ashrin',
        reason: 'overlap',
        detail: 'overlaps claim "Saraya Thawrat al-Ashrin claimed the att…" (span c, kept: longer)',
      },
    ]);
    expect(record.trimmed).toEqual([]);
    expect(record.notSelected).toBe(0);
  });

  it('one file per label keeps what nests across labels', () => {
    const actor = huggingFaceRecord(doc(), huggingFaceLabelList(DEFAULT_SCHEMA, ['actor']));
    expect(JSON.parse(actor.line).ner_tags).toEqual([1, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0]);
    expect(actor.dropped).toEqual([]);
    expect(actor.notSelected).toBe(2);
  });

  it('reports zero-width and whitespace-only spans as dropped, and edge whitespace as trimmed', () => {
    const d = doc();
    d.spans = [
      { ...spanOver(TEXT, 'claimed', 'z', 'claim'), endOffset: 25, startOffset: 25 },
      spanOver(TEXT, ' ', 'w', 'claim'),
      { ...spanOver(TEXT, ' claimed ', 'e', 'denial') },
    ];
    const record = huggingFaceRecord(d, huggingFaceLabelList(DEFAULT_SCHEMA));
    expect(record.dropped.map((n) => [n.spanId, n.reason, n.detail])).toEqual([
      ['w', 'no-tokens', 'only whitespace: covers no token'],
      ['z', 'no-tokens', 'zero-width: covers no token'],
    ]);
    expect(record.trimmed.map((n) => [n.spanId, n.detail])).toEqual([['e', 'written as 25–32: whitespace at its edge is in no token']]);
    expect(record.kept.map((s) => [s.startOffset, s.endOffset, s.quote.exact])).toEqual([[25, 32, 'claimed']]);
  });

  it('on generated documents: the tags give back exactly the kept spans, and every other span is accounted for', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = seededRandom(seed);
      for (let n = 0; n < 4; n++) {
        const d = generateDocument(random, n, { zeroWidth: true });
        const family = seed % 3 === 0 ? ['actor'] : undefined;
        const labels = huggingFaceLabelList(TEST_SCHEMA, family);
        const record = huggingFaceRecord(d, labels);
        const out = JSON.parse(record.line);
        expect(out.tokens).toEqual(record.tokens.map((t) => t.text));
        expect(out.ner_tags).toEqual(record.nerTags);
        expect(out.tokens.length).toBe(out.ner_tags.length);
        const decoded = spansFromTags(out.ner_tags, labels).map((s) => [s.label, record.tokens[s.first]!.start, record.tokens[s.last]!.end]);
        const kept = [...record.kept].sort(compareSpans).map((s) => [s.label, s.startOffset, s.endOffset]);
        expect(decoded, `seed ${seed}`).toEqual(kept);
        // No token holds whitespace, and the tokens are the text without its whitespace.
        expect(out.tokens.join(''), `seed ${seed}`).toBe(d.text.replace(/\s/gu, ''));
        // Kept spans do not overlap; every span is kept, dropped, or not selected.
        for (let i = 1; i < kept.length; i++) expect(kept[i]![1] as number).toBeGreaterThanOrEqual(kept[i - 1]![2] as number);
        expect(record.kept.length + record.dropped.length + record.notSelected).toBe(d.spans.length);
      }
    }
  });

  it('decodes an I- tag that continues nothing as the start of a span', () => {
    const labels = ['O', 'B-x', 'I-x', 'B-y', 'I-y'];
    expect(spansFromTags([2, 2, 0, 1, 4, 3, 1, 2], labels)).toEqual([
      { label: 'x', first: 0, last: 1 },
      { label: 'x', first: 3, last: 3 },
      { label: 'y', first: 4, last: 4 },
      { label: 'y', first: 5, last: 5 },
      { label: 'x', first: 6, last: 7 },
    ]);
  });
});
