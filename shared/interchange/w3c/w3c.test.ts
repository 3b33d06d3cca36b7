import { describe, expect, it } from 'vitest';
import { TEST_CONTEXT, TEST_SCHEMA, generateDocument, generateRelations, generateSpans, generateText, relationKeys, seededRandom, spanKey } from '../../../tests/interchange/generate';
import { spanOver } from '../../../tests/support/spans';
import { normalizeText } from '../../text/normalize';
import type { InterchangeDocument } from '../model';
import { exportW3cDocument, w3cJson } from './export';
import { importW3c, type W3cImportOptions } from './import';
import { idFromIri, w3cIris } from './iri';

function doc(text: string, spans: InterchangeDocument['spans'], relations: InterchangeDocument['relations'] = []): InterchangeDocument {
  return { id: 'd1', text, title: 'Attack', source: null, annotator: 'layla', spans, relations };
}

const opts = (d: InterchangeDocument, extra: Partial<W3cImportOptions> = {}): W3cImportOptions => ({
  file: `${d.id}.jsonld`,
  schema: TEST_SCHEMA,
  annotator: d.annotator,
  documents: [{ id: d.id, text: d.text }],
  ...extra,
});

describe('W3C Web Annotation export', () => {
  it('writes a collection with one annotation per span (code-point positions, quote) and linking annotations for relations', () => {
    const text = 'Kataib Hezbollah 👍🏽 claimed the attack';
    const actor = { ...spanOver(text, 'Kataib Hezbollah', 'a1', 'actor'), attributes: { entity: 'kataib-hezbollah' } };
    const claim = { ...spanOver(text, 'claimed the attack', 'c1', 'claim'), attributes: { type: 'responsibility', targets: ['convoy'] } };
    const { collection, issues } = exportW3cDocument(doc(text, [claim, actor], [{ id: 'r1', type: 'claimant', from: 'c1', to: 'a1' }]), TEST_CONTEXT);
    expect(issues).toEqual([]);
    const layer = 'urn:standoff:doc:d1:layer:layla';
    expect(collection).toEqual({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: layer,
      type: 'AnnotationCollection',
      label: 'Attack (layla)',
      total: 3,
      first: {
        id: `${layer}:page:1`,
        type: 'AnnotationPage',
        partOf: layer,
        startIndex: 0,
        items: [
          {
            id: `${layer}:span:a1`,
            type: 'Annotation',
            motivation: 'tagging',
            creator: { id: 'urn:standoff:annotator:layla', name: 'layla' },
            body: [
              { type: 'TextualBody', purpose: 'tagging', value: 'actor' },
              { type: 'TextualBody', purpose: 'describing', format: 'application/json', value: '{"entity":"kataib-hezbollah"}' },
              { type: 'SpecificResource', purpose: 'identifying', source: 'urn:standoff:entity:kataib-hezbollah' },
            ],
            target: {
              source: 'urn:standoff:doc:d1',
              selector: [
                { type: 'TextPositionSelector', start: 0, end: 16 },
                { type: 'TextQuoteSelector', exact: 'Kataib Hezbollah', suffix: ' 👍🏽 claimed the attack' },
              ],
            },
          },
          {
            id: `${layer}:span:c1`,
            type: 'Annotation',
            motivation: 'tagging',
            creator: { id: 'urn:standoff:annotator:layla', name: 'layla' },
            body: [
              { type: 'TextualBody', purpose: 'tagging', value: 'claim' },
              { type: 'TextualBody', purpose: 'describing', format: 'application/json', value: '{"type":"responsibility"}' },
              { type: 'TextualBody', purpose: 'describing', format: 'application/json', value: '{"targets":["convoy"]}' },
            ],
            target: {
              source: 'urn:standoff:doc:d1',
              // 👍🏽 is two code points: "claimed" starts at 20 (UTF-16: 22).
              selector: [
                { type: 'TextPositionSelector', start: 20, end: 38 },
                { type: 'TextQuoteSelector', exact: 'claimed the attack', prefix: 'Kataib Hezbollah 👍🏽 ' },
              ],
            },
          },
          {
            id: `${layer}:relation:r1`,
            type: 'Annotation',
            motivation: 'linking',
            creator: { id: 'urn:standoff:annotator:layla', name: 'layla' },
            body: { type: 'TextualBody', purpose: 'tagging', value: 'claimant' },
            target: [`${layer}:span:c1`, `${layer}:span:a1`],
          },
        ],
      },
    });
  });

  it('puts IRIs under a base when given one, and reads ids back from either form', () => {
    const iris = w3cIris('https://example.org/corpus');
    expect(iris.span('doc 1', 'gold', 's-1')).toBe('https://example.org/corpus/documents/doc%201/annotations/gold/spans/s-1');
    expect(idFromIri(iris.span('d', 'a', 's-1'), 'span')).toBe('s-1');
    expect(idFromIri(w3cIris().relation('d', 'a', 'r7'), 'relation')).toBe('r7');
    expect(idFromIri('https://hypothes.is/a/abc', 'span')).toBeUndefined();
  });
});

describe('W3C round trip (property, seeded)', () => {
  it('gives back the same spans (ids, offsets, quotes, attributes) and relations for 400 generated documents', () => {
    const random = seededRandom(4242);
    for (let n = 0; n < 400; n++) {
      const d = generateDocument(random, n, { zeroWidth: true });
      const base = n % 2 ? 'https://example.org/corpus/' : undefined;
      const { collection, issues } = exportW3cDocument(d, TEST_CONTEXT, { base });
      expect(issues).toEqual([]);
      const back = importW3c(w3cJson(collection), opts(d, { base }));
      if (!back.ok) throw new Error(`doc ${n}: ${JSON.stringify(back.problems)}`);
      expect(back.warnings).toEqual([]);
      const got = back.documents[0]!;
      expect(got.spans).toEqual(d.spans);
      expect(got.relations).toEqual([...d.relations].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0)));
    }
  });

  it('converts positions on a CRLF text to the stored LF text', () => {
    const random = seededRandom(99);
    for (let n = 0; n < 150; n++) {
      const raw = generateText(random).replace(/\n/g, '\r\n');
      const spans = generateSpans(random, raw, { zeroWidth: true });
      const d = doc(raw, spans, generateRelations(random, spans));
      const back = importW3c(w3cJson(exportW3cDocument(d, TEST_CONTEXT).collection), opts(d));
      expect(back.ok).toBe(true);
      if (!back.ok) continue;
      const got = back.documents[0]!;
      expect(got.text).toBe(normalizeText(raw));
      const cps = [...raw];
      const crs = (o: number) => cps.slice(0, o).filter((c, i) => c === '\r' && cps[i + 1] === '\n').length;
      expect(got.spans.map((s) => spanKey(s)).sort()).toEqual(spans.map((s) => spanKey({ ...s, startOffset: s.startOffset - crs(s.startOffset), endOffset: s.endOffset - crs(s.endOffset) })).sort());
      expect(relationKeys(got.spans, got.relations)).toEqual(
        relationKeys(
          spans.map((s) => ({ ...s, startOffset: s.startOffset - crs(s.startOffset), endOffset: s.endOffset - crs(s.endOffset) })),
          d.relations,
        ),
      );
    }
  });
});

describe('W3C import', () => {
  const text = 'Kataib Hezbollah 👍🏽 claimed the attack; Kataib Hezbollah denied it.';
  const d = doc(text, []);
  const annotation = (target: unknown, body: unknown = { type: 'TextualBody', purpose: 'tagging', value: 'actor' }, extra: object = {}) => ({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'Annotation',
    body,
    target,
    ...extra,
  });

  it('re-anchors UTF-16 positions (as DOM tools write them) by the quote, with a warning saying so', () => {
    const r = importW3c(
      [
        annotation(
          { source: 'urn:standoff:doc:d1', selector: [{ type: 'TextPositionSelector', start: 22, end: 40 }, { type: 'TextQuoteSelector', exact: 'claimed the attack' }] },
          { type: 'TextualBody', purpose: 'tagging', value: 'Claim' },
          { id: 'https://hypothes.is/a/xyz' },
        ),
      ],
      opts(d),
    );
    expect(r.ok).toBe(true);
    expect(r.ok && r.documents[0]!.spans.map((s) => [s.id, s.label, s.startOffset, s.endOffset])).toEqual([['w1', 'claim', 20, 38]]);
    expect(r.warnings.map((w) => w.message)).toEqual([
      'annotation 1 (https://hypothes.is/a/xyz): the text at 22–40 is not its quote "claimed the attack": anchored by the quote at 20–38 (the offsets fit as UTF-16 units: the model counts code points)',
    ]);
  });

  it('anchors a quote alone, using its prefix to choose between occurrences', () => {
    const r = importW3c(annotation({ source: 'urn:standoff:doc:d1', selector: { type: 'oa:TextQuoteSelector', exact: 'Kataib Hezbollah', prefix: 'attack; ' } }), opts(d));
    expect(r.ok && r.documents[0]!.spans.map((s) => [s.startOffset, s.endOffset])).toEqual([[40, 56]]);
  });

  it('names each problem and imports nothing', () => {
    const src = 'urn:standoff:doc:d1';
    const r = importW3c(
      {
        type: 'AnnotationPage',
        items: [
          annotation({ source: src, selector: { type: 'TextPositionSelector', start: 0, end: 6 } }, { type: 'TextualBody', purpose: 'tagging', value: 'weapon' }),
          annotation({ source: 'urn:standoff:doc:other', selector: { type: 'TextPositionSelector', start: 0, end: 6 } }),
          annotation({ source: src, selector: [{ type: 'TextPositionSelector', start: 0, end: 6 }, { type: 'TextQuoteSelector', exact: 'Hamas' }] }),
          annotation({ source: src, selector: { type: 'TextPositionSelector', start: 9, end: 999 } }),
          annotation({ source: src, selector: { type: 'FragmentSelector', value: 'p=1' } }),
          annotation(src),
          annotation({ source: src, selector: { type: 'TextPositionSelector', start: 0, end: 6 } }, [
            { type: 'TextualBody', purpose: 'tagging', value: 'actor' },
            { type: 'TextualBody', purpose: 'describing', format: 'application/json', value: '{"kind":"tank","size":3}' },
          ]),
          { type: 'Annotation', motivation: 'linking', body: { type: 'TextualBody', purpose: 'tagging', value: 'claimant' }, target: ['urn:x:1', 'urn:x:2'] },
        ],
      },
      opts(d),
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.message)).toEqual([
      'annotation 1: label "weapon" is not in the schema (its labels: claim, denial, casualty-figure, actor)',
      'annotation 2: target source urn:standoff:doc:other names no document of the project (the documents given are urn:standoff:doc:d1): map it to one (standoff import-annotations --source urn:standoff:doc:other=<document id>), or give that document this source',
      'annotation 3: the text at 0–6 is not its quote "Hamas", which is nowhere else in the text either',
      'annotation 4: TextPositionSelector 9–999 is outside the text (67 code points)',
      'annotation 5: FragmentSelector "p=1" is not a text fragment: Standoff reads RFC 5147 fragments (char=start,end or line=start,end), refined or not',
      'annotation 6: its target "urn:standoff:doc:d1" is a whole resource, not a text selection',
      'annotation 7: actor › kind: "tank" is not one of its options (state, armed-group, official, media, civilians, other)',
      'annotation 7: actor has no attribute "size"',
      'annotation 8: target urn:x:1 is not a span annotation of this import',
    ]);
  });

  it('reports a file that is not JSON with its line, and pages that are not embedded', () => {
    const r = importW3c('{\n  "type": "Annotation",\n  "body": oops\n}', opts(d));
    expect(!r.ok && r.problems[0]).toMatchObject({ file: 'd1.jsonld', line: 3, message: expect.stringMatching(/^not JSON \(line 3, column 11\)/) });
    for (const [bad, line, column] of [['', 1, 1], ['[1,]', 1, 4], ['{"a":\n "\\x"}', 2, 4], ['{"a": 1} 2', 1, 10], ['["👍🏽", tru]', 1, 11]] as const) {
      const p = importW3c(bad, opts(d));
      expect(!p.ok && p.problems[0]!.message, bad).toMatch(new RegExp(`^not JSON \\(line ${line}, column ${column}\\)`));
    }
    const paged = importW3c({ type: 'AnnotationCollection', id: 'x', first: 'https://example.org/page1' }, opts(d));
    expect(!paged.ok && paged.problems[0]!.message).toMatch(/pages are not embedded/);
  });

  it('imports several documents at once (an array of collections), ids unique per document', () => {
    const a = doc(text, [spanOver(text, 'Kataib Hezbollah', 's1', 'actor')]);
    const b = { ...doc('Saraya al-Ashrin', [spanOver('Saraya al-Ashrin', 'Saraya', 's1', 'actor')]), id: 'd2' };
    const json = JSON.stringify([exportW3cDocument(a, TEST_CONTEXT).collection, exportW3cDocument(b, TEST_CONTEXT).collection]);
    const r = importW3c(json, { ...opts(a), documents: [{ id: 'd1', text: a.text }, { id: 'd2', text: b.text }] });
    expect(r.ok && r.documents.map((x) => [x.id, x.spans.map((s) => [s.id, s.quote.exact])])).toEqual([
      ['d1', [['s1', 'Kataib Hezbollah']]],
      ['d2', [['s1', 'Saraya']]],
    ]);
  });

  it('returns an empty layer for an exported collection with no annotations', () => {
    const r = importW3c(w3cJson(exportW3cDocument(d, TEST_CONTEXT).collection), opts(d));
    expect(r.ok && r.documents.map((x) => [x.id, x.spans.length])).toEqual([['d1', 0]]);
  });
});
