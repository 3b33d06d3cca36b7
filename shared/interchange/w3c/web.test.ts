/**
 * W3C annotations made elsewhere: targets that are web addresses (a document given with that
 * IRI), FragmentSelector refined by a TextQuoteSelector (the Web Annotation model's own
 * example, tests/interchange/fixtures/w3c), flattened JSON-LD (@graph), and messages that
 * never print "()" or "undefined".
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEST_SCHEMA } from '../../../tests/interchange/generate';
import { importW3c, w3cTargetSources, type W3cImportOptions } from './import';

const fixture = (name: string) => readFileSync(new URL(`../../../tests/interchange/fixtures/w3c/${name}`, import.meta.url), 'utf8');
// Line 1 holds "Selected Text" in the context the quote's prefix and suffix name; line 2 holds it too, elsewhere.
const TEXT = 'Page one opens here.\nSome text before the Selected Text and text after it.\nSelected Text again, on the last line.\n';
const page: W3cImportOptions = { file: 'a.jsonld', schema: TEST_SCHEMA, annotator: 'web', documents: [{ id: 'page-1', text: TEXT, iri: 'http://example.org/page1' }] };

describe('W3C import of annotations made on the web', () => {
  it('reads a FragmentSelector (RFC 5147 line and char) refined by a TextQuoteSelector, on a target that is a web address', () => {
    const r = importW3c(fixture('refinement.jsonld'), page);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const [doc] = r.documents;
    expect(doc?.id).toBe('page-1');
    expect(doc?.spans.map((s) => [s.label, s.startOffset, s.endOffset, s.quote.exact])).toEqual([
      ['actor', 0, 4, 'Page'],
      ['claim', 42, 55, 'Selected Text'],
    ]);
    expect(Array.from(TEXT).slice(42, 55).join('')).toBe('Selected Text');
  });

  it('reads the same annotation flattened (@graph, blank nodes)', () => {
    const r = importW3c(fixture('flattened.jsonld'), page);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.documents[0]?.spans.map((s) => [s.label, s.startOffset, s.endOffset])).toEqual([['claim', 42, 55]]);
    expect(w3cTargetSources(fixture('flattened.jsonld'))).toEqual(['http://example.org/page1']);
  });

  it('refuses the model’s example as published (a note, an HTML fragment), saying why and what it reads', () => {
    const r = importW3c(fixture('refinement-html.jsonld'), page);
    if (r.ok) throw new Error('expected a problem');
    expect(r.problems.map((p) => p.message)).toEqual(['annotation 1 (http://example.org/anno29): no label: its body is a web resource (http://example.org/note1), not a TextualBody with purpose "tagging"']);
    const tagged = { ...(JSON.parse(fixture('refinement-html.jsonld')) as object), body: { type: 'TextualBody', purpose: 'tagging', value: 'claim' } };
    const t = importW3c(tagged, page);
    if (t.ok) throw new Error('expected a problem');
    expect(t.problems.map((p) => p.message)).toEqual([expect.stringMatching(/FragmentSelector "para5" is not a text fragment: Standoff reads RFC 5147 fragments/)]);
  });

  it('says how to map a source that names no document, without "()" or "undefined"', () => {
    const r = importW3c(fixture('refinement.jsonld'), { ...page, documents: [] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const messages = r.problems.map((p) => p.message);
    expect(messages[0]).toBe('annotation 1 (http://example.org/anno29): target source http://example.org/page1 names no document of the project: map it to one (standoff import-annotations --source http://example.org/page1=<document id>), or give that document this source');
    const odd = importW3c(JSON.stringify([{ type: 'Annotation', target: { selector: {} } }, { target: 'x' }, 3]), { ...page, schema: { labels: [], relations: [] } });
    if (odd.ok) throw new Error('expected problems');
    for (const p of odd.problems) expect(p.message).not.toMatch(/undefined|\(\)/);
    expect(odd.problems.map((p) => p.message)).toEqual([
      'the file[1]: it has no type',
      'the file[2]: expected an annotation, page or collection, found 3',
      'annotation 1: its target has no source: the source names the document annotated',
    ]);
  });
});
