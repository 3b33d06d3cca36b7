/**
 * The IRIs of a W3C export. The Web Annotation model wants an IRI for every annotation, page and
 * collection, and the target's `source` is the document's IRI. Without a base they are URNs:
 *
 *     urn:standoff:doc:<doc>                                  the document (target source)
 *     urn:standoff:doc:<doc>:layer:<annotator>                the collection of one layer
 *     urn:standoff:doc:<doc>:layer:<annotator>:page:1         its (only, embedded) page
 *     urn:standoff:doc:<doc>:layer:<annotator>:span:<id>      a span's annotation
 *     urn:standoff:doc:<doc>:layer:<annotator>:relation:<id>  a relation's annotation
 *     urn:standoff:entity:<id>                                a registry entity
 *     urn:standoff:annotator:<id>                             the creator
 *
 * With a base such as `https://example.org/corpus/` they are URLs under it:
 * `<base>documents/<doc>`, `…/annotations/<annotator>`, `…/page/1`, `…/spans/<id>`,
 * `…/relations/<id>`, `<base>entities/<id>`, `<base>annotators/<id>`. Ids are percent-encoded.
 */
export interface W3cIris {
  document(doc: string): string;
  collection(doc: string, annotator: string): string;
  page(doc: string, annotator: string): string;
  span(doc: string, annotator: string, span: string): string;
  relation(doc: string, annotator: string, relation: string): string;
  entity(id: string): string;
  annotator(id: string): string;
}

const enc = encodeURIComponent;

export function w3cIris(base?: string): W3cIris {
  if (!base) {
    const collection = (d: string, a: string) => `urn:standoff:doc:${enc(d)}:layer:${enc(a)}`;
    return {
      document: (d) => `urn:standoff:doc:${enc(d)}`,
      collection,
      page: (d, a) => `${collection(d, a)}:page:1`,
      span: (d, a, s) => `${collection(d, a)}:span:${enc(s)}`,
      relation: (d, a, r) => `${collection(d, a)}:relation:${enc(r)}`,
      entity: (e) => `urn:standoff:entity:${enc(e)}`,
      annotator: (a) => `urn:standoff:annotator:${enc(a)}`,
    };
  }
  const b = /[/#]$/.test(base) ? base : `${base}/`;
  const collection = (d: string, a: string) => `${b}documents/${enc(d)}/annotations/${enc(a)}`;
  return {
    document: (d) => `${b}documents/${enc(d)}`,
    collection,
    page: (d, a) => `${collection(d, a)}/page/1`,
    span: (d, a, s) => `${collection(d, a)}/spans/${enc(s)}`,
    relation: (d, a, r) => `${collection(d, a)}/relations/${enc(r)}`,
    entity: (e) => `${b}entities/${enc(e)}`,
    annotator: (a) => `${b}annotators/${enc(a)}`,
  };
}

/** The Standoff id at the end of a span or relation annotation IRI of either form, if it is one. */
export function idFromIri(iri: string, kind: 'span' | 'relation'): string | undefined {
  const m = (kind === 'span' ? /(?::span:|\/spans\/)([^:/]+)$/ : /(?::relation:|\/relations\/)([^:/]+)$/).exec(iri);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1] as string);
  } catch {
    return undefined;
  }
}
