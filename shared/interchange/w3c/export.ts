/**
 * W3C Web Annotation export (JSON-LD, compacted with http://www.w3.org/ns/anno.jsonld): one
 * AnnotationCollection per document and layer, its annotations in one embedded AnnotationPage.
 *
 * A span is one Annotation (motivation `tagging`):
 * - body: a TextualBody with the label id as `value` and `purpose: tagging`; then one
 *   TextualBody per attribute (`purpose: describing`, `format: application/json`, the value
 *   `{"<attribute id>": <value>}` as JSON text, so numbers, ranges, lists and yes/no come back
 *   exactly); for a linked entity also a SpecificResource with `purpose: identifying` and the
 *   entity's IRI as `source`, for linked-data readers;
 * - target: `source` the document IRI (iri.ts) and two selectors: a TextPositionSelector with
 *   start/end in Unicode CODE POINTS, as the model defines them (not UTF-16 units, whatever
 *   DOM-based tools do), and a TextQuoteSelector with `exact` and up to 32 code points of
 *   `prefix`/`suffix` (omitted at the text's edges).
 *
 * A relation is an Annotation with `motivation: linking`, a TextualBody with the relation type
 * (`purpose: tagging`) and TWO targets, the IRIs of the two spans' annotations: first the
 * source span, then the target span. JSON keeps that order and Standoff's importer reads it;
 * note that in the RDF graph `oa:hasTarget` is a set, so a reader that goes through RDF sees the
 * two spans but not which is first.
 *
 * Items: spans in document order, then relations; the same layer gives the same bytes.
 * A span outside its text, an attribute the schema does not have or whose value does not fit
 * it, a relation whose span is not exported: left out and reported in `issues`.
 */
import type { Attributes, Label } from '../../model/labels';
import { quoteOf } from '../../model/quote';
import { compareRelations, compareSpans } from '../../model/span';
import { exportableAttributes } from '../attributes';
import { CodePointIndex } from '../../text/codePoints';
import type { ExportContext, InterchangeDocument } from '../model';
import { w3cIris, type W3cIris } from './iri';
import { ANNO_CONTEXT, type W3cAnnotation, type W3cCollection, type W3cIdentifyingBody, type W3cRelationAnnotation, type W3cSpanAnnotation, type W3cTextualBody } from './types';

export interface W3cExportOptions {
  /** Base for the IRIs (`https://example.org/corpus/`); URNs (`urn:standoff:…`) when not given. */
  base?: string;
}

export interface W3cExportIssue {
  document: string;
  item?: string;
  message: string;
}

export function exportW3cDocument(doc: InterchangeDocument, ctx: ExportContext, options: W3cExportOptions = {}): { collection: W3cCollection; issues: W3cExportIssue[] } {
  const iris = w3cIris(options.base);
  const index = new CodePointIndex(doc.text);
  const labels = new Map(ctx.schema.labels.map((l) => [l.id, l]));
  const issues: W3cExportIssue[] = [];
  const issue = (item: string, message: string) => issues.push({ document: doc.id, item, message });
  const creator = { id: iris.annotator(doc.annotator), name: doc.annotator };
  const source = iris.document(doc.id);

  const items: W3cAnnotation[] = [];
  const exported = new Set<string>();
  for (const span of [...doc.spans].sort(compareSpans)) {
    const { startOffset: s, endOffset: e } = span;
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e < s || e > index.length) {
      issue(span.id, `span ${s}–${e} is outside the text (${index.length} code points): not exported`);
      continue;
    }
    if (exported.has(span.id)) {
      issue(span.id, `a second span with id "${span.id}": not exported`);
      continue;
    }
    exported.add(span.id);
    const label = labels.get(span.label);
    if (!label) issue(span.id, `label "${span.label}" is not in the schema: exported all the same`);
    const quote = quoteOf(index, s, e);
    const annotation: W3cSpanAnnotation = {
      id: iris.span(doc.id, doc.annotator, span.id),
      type: 'Annotation',
      motivation: 'tagging',
      creator,
      body: [{ type: 'TextualBody', purpose: 'tagging', value: span.label }, ...attributeBodies(span.id, span.attributes, label, iris, issue)],
      target: {
        source,
        selector: [
          { type: 'TextPositionSelector', start: s, end: e },
          { type: 'TextQuoteSelector', exact: quote.exact, ...(quote.prefix ? { prefix: quote.prefix } : {}), ...(quote.suffix ? { suffix: quote.suffix } : {}) },
        ],
      },
    };
    items.push(annotation);
  }
  for (const rel of [...doc.relations].sort(compareRelations)) {
    if (!exported.has(rel.from) || !exported.has(rel.to)) {
      issue(rel.id, `relation "${rel.type}" joins a span that is not exported (${!exported.has(rel.from) ? rel.from : rel.to}): not exported`);
      continue;
    }
    const annotation: W3cRelationAnnotation = {
      id: iris.relation(doc.id, doc.annotator, rel.id),
      type: 'Annotation',
      motivation: 'linking',
      creator,
      body: { type: 'TextualBody', purpose: 'tagging', value: rel.type },
      target: [iris.span(doc.id, doc.annotator, rel.from), iris.span(doc.id, doc.annotator, rel.to)],
    };
    items.push(annotation);
  }

  const collectionId = iris.collection(doc.id, doc.annotator);
  return {
    collection: {
      '@context': ANNO_CONTEXT,
      id: collectionId,
      type: 'AnnotationCollection',
      label: `${doc.title ?? doc.id} (${doc.annotator})`,
      total: items.length,
      first: { id: iris.page(doc.id, doc.annotator), type: 'AnnotationPage', partOf: collectionId, startIndex: 0, items },
    },
    issues,
  };
}

/** The collection as the file's text: two-space JSON, a final newline. */
export function w3cJson(collection: W3cCollection): string {
  return JSON.stringify(collection, null, 2) + '\n';
}

function attributeBodies(
  spanId: string,
  attributes: Attributes | undefined,
  label: Label | undefined,
  iris: W3cIris,
  issue: (item: string, message: string) => void,
): Array<W3cTextualBody | W3cIdentifyingBody> {
  if (!attributes) return [];
  if (!label) {
    if (Object.keys(attributes).length) issue(spanId, 'attributes of a span whose label is not in the schema are not exported');
    return [];
  }
  const bodies: Array<W3cTextualBody | W3cIdentifyingBody> = [];
  for (const { def, value } of exportableAttributes(spanId, attributes, label, issue)) {
    bodies.push({ type: 'TextualBody', purpose: 'describing', format: 'application/json', value: JSON.stringify({ [def.id]: value }) });
    if (def.type === 'entity') bodies.push({ type: 'SpecificResource', purpose: 'identifying', source: iris.entity(value as string) });
  }
  return bodies;
}
