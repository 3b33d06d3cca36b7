/**
 * Property-based round trips over seeded documents (see tests/interchange/generate.ts): for each format that can
 * carry it, export then import gives the same spans (offsets, labels), and the attributes and
 * relations the format carries. A failure names its seed: run that seed alone to see it.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/support/random';
import { compareRelations, compareSpans, type Span } from '../../model/span';
import type { ExportContext, ImportResult, InterchangeDocument } from '../model';
import { doccanoJsonlLine, parseDoccanoJsonl } from './doccano';
import { TEST_ENTITIES, TEST_SCHEMA, generateDocument } from '../../../tests/interchange/generate';
import { parseSpacyJsonl, spacyJsonlLine } from './spacy';
import { parseStandoffJsonl, standoffJsonlLine } from './standoff';

const RUNS = 300;
const DOCS_PER_RUN = 4;
const context: ExportContext = { schema: TEST_SCHEMA, entities: TEST_ENTITIES };

function corpus(seed: number): InterchangeDocument[] {
  const random = seededRandom(seed);
  return Array.from({ length: DOCS_PER_RUN }, (_, i) => generateDocument(random, seed * DOCS_PER_RUN + i, { zeroWidth: true }));
}

/** The document as import must give it back: spans and relations in their stored order. */
function ordered(doc: InterchangeDocument): InterchangeDocument {
  return { ...doc, spans: [...doc.spans].sort(compareSpans), relations: [...doc.relations].sort(compareRelations) };
}

function documents(result: ImportResult, seed: number): InterchangeDocument[] {
  if (!result.ok) throw new Error(`seed ${seed}: import failed: ${JSON.stringify(result.problems.slice(0, 5))}`);
  return result.documents;
}

describe('the generator', () => {
  it('makes what the round trips are meant to cover', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= RUNS; seed++) {
      for (const doc of corpus(seed)) {
        const cps = Array.from(doc.text);
        if (/\p{Extended_Pictographic}/u.test(doc.text)) seen.add('emoji');
        if (doc.text.includes('🇮🇶')) seen.add('flag');
        if (doc.text.includes('\u0301')) seen.add('combining');
        if (/[\u0600-\u06ff]/.test(doc.text)) seen.add('arabic');
        for (const s of doc.spans) {
          if (s.startOffset === 0 && s.endOffset > 0) seen.add('at start');
          if (s.endOffset === cps.length && s.startOffset < s.endOffset) seen.add('at end');
          if (s.startOffset === s.endOffset) seen.add('zero-width');
          if (/^\s|\s$/u.test(s.quote.exact)) seen.add('whitespace edge');
          for (const t of doc.spans) {
            if (t === s) continue;
            if (t.startOffset <= s.startOffset && s.endOffset <= t.endOffset && t.endOffset - t.startOffset > s.endOffset - s.startOffset && s.endOffset > s.startOffset) seen.add('nested');
            if (s.startOffset < t.startOffset && t.startOffset < s.endOffset && s.endOffset < t.endOffset) seen.add('overlapping');
          }
          for (const v of Object.values(s.attributes ?? {})) seen.add(Array.isArray(v) ? 'choices' : v === null ? 'null' : typeof v);
        }
        if (doc.relations.length) seen.add('relations');
      }
    }
    expect([...seen].sort()).toEqual(
      ['arabic', 'at end', 'at start', 'boolean', 'choices', 'combining', 'emoji', 'flag', 'nested', 'number', 'object', 'overlapping', 'relations', 'string', 'whitespace edge', 'zero-width'].sort(),
    );
  });

  it('is deterministic for a seed', () => {
    expect(corpus(7)).toEqual(corpus(7));
  });
});

describe('round trips', () => {
  it('Standoff JSONL: export then import gives the very same documents', () => {
    for (let seed = 1; seed <= RUNS; seed++) {
      const docs = corpus(seed);
      const file = docs.map((d) => standoffJsonlLine(d, context)).join('');
      const back = documents(parseStandoffJsonl(file, { file: 'x.jsonl', schema: TEST_SCHEMA }), seed);
      expect(back, `seed ${seed}`).toEqual(docs.map(ordered));
      // Same content, same bytes.
      expect(back.map((d) => standoffJsonlLine(d, context)).join(''), `seed ${seed}`).toBe(file);
    }
  });

  for (const tokens of [true, false]) {
    it(`spaCy/Prodigy JSONL ${tokens ? 'with' : 'without'} tokens: same spans, ids, attributes, relations and metadata`, () => {
      for (let seed = 1; seed <= RUNS; seed++) {
        const docs = corpus(seed);
        const file = docs.map((d) => spacyJsonlLine(d, { tokens })).join('');
        const back = documents(parseSpacyJsonl(file, { file: 'x.jsonl', schema: TEST_SCHEMA }), seed);
        expect(back, `seed ${seed}`).toEqual(docs.map(ordered));
      }
    });
  }

  for (const relations of [false, true]) {
    it(`doccano JSONL (${relations ? 'relation extraction' : 'sequence labelling'}): same offsets and labels${relations ? ' and relations' : ''}`, () => {
      for (let seed = 1; seed <= RUNS; seed++) {
        const docs = corpus(seed);
        const file = docs.map((d) => doccanoJsonlLine(d, { relations })).join('');
        const back = documents(parseDoccanoJsonl(file, { file: 'x.jsonl', schema: TEST_SCHEMA, annotator: 'carol' }), seed);
        expect(back, `seed ${seed}`).toEqual(docs.map((d) => asDoccano(d, relations)));
      }
    });
  }
});

/**
 * The document as a Windows tool would have it: every LF a CRLF, offsets moved to match (an
 * edge before a line end stays before its CR). Import must give back the LF document.
 */
function withCrlf(doc: InterchangeDocument): InterchangeDocument {
  const cps = Array.from(doc.text);
  const shift: number[] = [0];
  cps.forEach((c, i) => shift.push((shift[i] as number) + (c === '\n' ? 1 : 0)));
  const move = (o: number) => o + (shift[o] as number);
  return { ...doc, text: doc.text.replace(/\n/g, '\r\n'), spans: doc.spans.map((s) => ({ ...s, startOffset: move(s.startOffset), endOffset: move(s.endOffset) })) };
}

describe('round trips from CRLF texts', () => {
  it('every format stores the text with LF and moves the offsets back exactly', () => {
    let crlf = 0;
    for (let seed = 1; seed <= RUNS; seed++) {
      const docs = corpus(seed);
      const windows = docs.map(withCrlf);
      crlf += windows.filter((d) => d.text.includes('\r\n') && d.spans.length > 0).length;
      const standoff = documents(parseStandoffJsonl(windows.map((d) => standoffJsonlLine(d, context)).join(''), { file: 'x.jsonl', schema: TEST_SCHEMA }), seed);
      expect(standoff, `seed ${seed}`).toEqual(docs.map(ordered));
      const spacy = documents(parseSpacyJsonl(windows.map((d) => spacyJsonlLine(d)).join(''), { file: 'x.jsonl', schema: TEST_SCHEMA }), seed);
      expect(spacy, `seed ${seed}`).toEqual(docs.map(ordered));
      const doccano = documents(parseDoccanoJsonl(windows.map((d) => doccanoJsonlLine(d, { relations: true })).join(''), { file: 'x.jsonl', annotator: 'carol' }), seed);
      expect(doccano, `seed ${seed}`).toEqual(docs.map((d) => asDoccano(d, true)));
    }
    expect(crlf).toBeGreaterThan(100);
  });
});

/** What doccano carries of a document: text, id, offsets, labels (spans numbered in document order), relations if asked. */
function asDoccano(doc: InterchangeDocument, relations: boolean): InterchangeDocument {
  const sorted = [...doc.spans].sort(compareSpans);
  const rename = new Map(sorted.map((s, i) => [s.id, `s${i + 1}`]));
  const spans: Span[] = sorted.map((s) => ({ id: rename.get(s.id) as string, label: s.label, startOffset: s.startOffset, endOffset: s.endOffset, quote: s.quote }));
  return {
    id: doc.id,
    text: doc.text,
    title: null,
    source: null,
    annotator: 'carol',
    spans: spans.sort(compareSpans),
    relations: relations
      ? [...doc.relations]
          .sort(compareRelations)
          .map((r, i) => ({ id: `r${i + 1}`, type: r.type, from: rename.get(r.from) as string, to: rename.get(r.to) as string }))
          .sort(compareRelations)
      : [],
  };
}
