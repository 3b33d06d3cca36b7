/**
 * The W3C Web Annotation export parsed as JSON-LD by rdflib (Debian python3-rdflib) against the
 * Web Annotation context, then checked in the RDF graph: every span annotation has one target
 * on its document with a TextPositionSelector and a TextQuoteSelector, text[start:end] (Python:
 * code points) is the quote's exact, prefix and suffix sit either side; the label is the
 * tagging body's rdf:value; every linking annotation targets two annotations of the graph; the
 * collection's item list holds every annotation. Skipped, saying why, without /usr/bin/python3
 * and rdflib.
 *
 * The context (fixtures/anno.jsonld, http://www.w3.org/ns/anno.jsonld as published by the W3C,
 * under the W3C Software and Document licence) is read from the file: tests do not fetch it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportW3cDocument, w3cJson } from '../../shared/interchange/w3c/export';
import { w3cIris } from '../../shared/interchange/w3c/iri';
import type { ExportContext, InterchangeDocument } from '../../shared/interchange/model';
import { TEST_CONTEXT, generateDocument, seededRandom } from './generate';
import { python, pythonWith, sampleProject } from './support';

const { available, skipReason } = pythonWith(['rdflib'], 'python3-rdflib');
const CONTEXT = JSON.parse(readFileSync(fileURLToPath(new URL('fixtures/anno.jsonld', import.meta.url)), 'utf8')) as { '@context': object };

const SCRIPT = `
import json, sys, warnings
warnings.filterwarnings("ignore")
from rdflib import Graph, Namespace, RDF, URIRef
from rdflib.collection import Collection
OA = Namespace("http://www.w3.org/ns/oa#")
AS = Namespace("http://www.w3.org/ns/activitystreams#")
job = json.load(sys.stdin)
out = []
for f in job["files"]:
    doc = json.loads(f["jsonld"])
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld", doc["@context"]
    doc["@context"] = job["context"]
    g = Graph()
    g.parse(data=json.dumps(doc), format="json-ld")
    text = f["text"]
    problems, spans, relations = [], [], []
    annotations = set(g.subjects(RDF.type, OA.Annotation))
    for a in annotations:
        targets = list(g.objects(a, OA.hasTarget))
        tags = [str(g.value(b, RDF.value)) for b in g.objects(a, OA.hasBody) if (b, OA.hasPurpose, OA.tagging) in g]
        if len(tags) != 1:
            problems.append([str(a), "tagging bodies", tags])
            continue
        if g.value(a, OA.motivatedBy) == OA.linking:
            if len(targets) != 2 or any((t, RDF.type, OA.Annotation) not in g for t in targets):
                problems.append([str(a), "linking targets", [str(t) for t in targets]])
            relations.append([tags[0], sorted(str(t) for t in targets)])
            continue
        if len(targets) != 1:
            problems.append([str(a), "targets", len(targets)])
            continue
        t = targets[0]
        if str(g.value(t, OA.hasSource)) != f["source"]:
            problems.append([str(a), "source", str(g.value(t, OA.hasSource))])
        selectors = list(g.objects(t, OA.hasSelector))
        pos = [s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g]
        quo = [s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g]
        if len(pos) != 1 or len(quo) != 1:
            problems.append([str(a), "selectors", len(pos), len(quo)])
            continue
        start, end = int(g.value(pos[0], OA.start)), int(g.value(pos[0], OA.end))
        exact = str(g.value(quo[0], OA.exact))
        prefix = str(g.value(quo[0], OA.prefix) or "")
        suffix = str(g.value(quo[0], OA.suffix) or "")
        if text[start:end] != exact:
            problems.append([str(a), "exact", text[start:end], exact])
        if text[max(0, start - len(prefix)):start] != prefix or text[end:end + len(suffix)] != suffix:
            problems.append([str(a), "context", prefix, suffix])
        spans.append([tags[0], start, end])
    collection = next(g.subjects(RDF.type, AS.OrderedCollection))
    page = g.value(collection, AS.first)
    head = g.value(page, AS.items)
    # rdflib 6.1 cannot walk the empty list (rdf:nil): "recursive rdf:rest reference".
    items = [] if head is None or head == RDF.nil else list(Collection(g, head))
    out.append({
        "problems": problems,
        "spans": sorted(spans),
        "relations": len(relations),
        "total": int(g.value(collection, AS.totalItems)),
        "items": len(items),
        "annotations": len(annotations),
        "pageType": (page, RDF.type, AS.OrderedCollectionPage) in g,
    })
print(json.dumps(out))
`;

interface Result {
  problems: unknown[];
  spans: Array<[string, number, number]>;
  relations: number;
  total: number;
  items: number;
  annotations: number;
  pageType: boolean;
}

function check(docs: InterchangeDocument[], ctx: ExportContext, base?: string) {
  const exports = docs.map((d) => exportW3cDocument(d, ctx, { base }));
  const files = docs.map((d, i) => ({ jsonld: w3cJson(exports[i]!.collection), text: d.text, source: w3cIris(base).document(d.id) }));
  const results = python<Result[]>(SCRIPT, { context: CONTEXT['@context'], files });
  docs.forEach((d, i) => {
    const r = results[i]!;
    expect(exports[i]!.issues).toEqual([]);
    expect(r.problems, d.id).toEqual([]);
    expect(r.spans).toEqual(d.spans.map((s): [string, number, number] => [s.label, s.startOffset, s.endOffset]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2])));
    expect(r.relations).toBe(d.relations.length);
    expect([r.total, r.items, r.annotations]).toEqual([d.spans.length + d.relations.length, d.spans.length + d.relations.length, d.spans.length + d.relations.length]);
    expect(r.pageType).toBe(true);
  });
  return results;
}

describe.skipIf(!available)(`W3C Web Annotation parsed as JSON-LD by rdflib${skipReason}`, () => {
  it('gives a graph where every annotation has its selectors and text[start:end] is the quote, for generated documents', () => {
    const random = seededRandom(1618);
    const docs = Array.from({ length: 80 }, (_, n) => generateDocument(random, n, { zeroWidth: true }));
    check(docs, TEST_CONTEXT);
    check(docs.slice(0, 20), TEST_CONTEXT, 'https://example.org/corpus/');
  });

  it('does the same for the sample project (five seed articles, every layer)', () => {
    const { docs, ctx } = sampleProject();
    const results = check(docs, ctx);
    expect(results.reduce((n, r) => n + r.spans.length, 0)).toBeGreaterThan(0);
  });
});
