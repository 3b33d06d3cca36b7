/**
 * W3C Web Annotation import: annotations on the given documents' texts back into spans and
 * relations of one layer.
 *
 * Accepted: an AnnotationCollection with its pages embedded (`first`, then `next`), an
 * AnnotationPage, an Annotation, or a JSON array of any of these. Types may be written
 * compacted (`Annotation`), prefixed (`oa:Annotation`) or in full.
 *
 * A span annotation has one target whose `source` is a given document's IRI (iri.ts, or the
 * document's own `iri`), with a TextPositionSelector and/or a TextQuoteSelector:
 * - the position comes first: start/end are code points of the document text; with a quote,
 *   `exact` must be the text there;
 * - when it is not, the quote decides (exactly, its prefix and suffix choosing between
 *   occurrences), with a warning; the warning says so when the offsets would have fitted as
 *   UTF-16 units (DOM-based tools such as Hypothesis count those). No exact occurrence: a problem;
 * - a quote alone is anchored the same way; neither selector: a problem.
 * Its label is the `tagging` TextualBody (or the only TextualBody without purpose, or
 * `bodyValue`): a label id or name of the schema. Attributes come from `application/json`
 * TextualBodies (export.ts). Other bodies are left out with a warning.
 *
 * A relation annotation has `motivation: linking` and two targets, the source span's
 * annotation first: both must be span annotations of this import on the same document, and
 * the type (its `tagging` body) allowed between their labels.
 *
 * Ids: taken from Standoff's own IRIs (…:span:<id>, …/spans/<id>), otherwise w1, w2, … (r1, r2,
 * … for relations). A text with CRLF line ends or a BOM is stored normalised, offsets converted.
 * On any problem nothing is imported.
 */
import { anchorSpan } from '../../anchoring/reanchor';
import type { AttributeValue, Attributes, Label, LabelSchema } from '../../model/labels';
import { quoteOf } from '../../model/quote';
import { compareRelations, compareSpans, type Relation, type Span } from '../../model/span';
import { relationProblem, valueProblem } from '../../schema/conformance';
import type { ImportProblem, ImportResult, InterchangeDocument } from '../model';
import { idFromIri, w3cIris } from './iri';
import { jsonErrorAt } from './jsonError';
import { RawText } from '../../text/rawText';

export interface W3cImportDocument {
  id: string;
  /** The text the annotations were made on (as read; CRLF and a BOM are normalised). */
  text: string;
  /** The IRI the annotations use as target source; by default the export's (iri.ts, with `base`). */
  iri?: string;
  title?: string | null;
  source?: string | null;
}

export interface W3cImportOptions {
  /** Name of the file in messages. */
  file: string;
  schema: LabelSchema;
  annotator: string;
  documents: readonly W3cImportDocument[];
  /** The base the export used, for the documents' default IRIs. */
  base?: string;
}

export type W3cImportResult = ImportResult & { warnings: ImportProblem[] };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const SPAN_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function importW3c(input: string | unknown, options: W3cImportOptions): W3cImportResult {
  const file = options.file;
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const problem = (message: string, line?: number) => problems.push({ file, ...(line !== undefined ? { line } : {}), message });
  const warn = (message: string) => warnings.push({ file, message });

  let root: Json;
  if (typeof input === 'string') {
    try {
      root = JSON.parse(input.replace(/^\uFEFF/, '')) as Json;
    } catch (e) {
      const at = jsonErrorAt(input.replace(/^\uFEFF/, ''));
      problem(`not JSON (line ${at.line}, column ${at.column}): ${(e as Error).message}`, at.line);
      return { ok: false, problems, warnings };
    }
  } else root = input as Json;

  // Gather the annotations, and the documents collections name even when they are empty.
  const annotations: JsonObject[] = [];
  const collections: string[] = [];
  const walk = (value: Json, where: string): void => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${where}[${i}]`));
    if (!isObject(value)) return void problem(`${where}: expected an annotation, page or collection, found ${JSON.stringify(value)?.slice(0, 40)}`);
    if (hasType(value, 'AnnotationCollection')) {
      if (typeof value.id === 'string') collections.push(value.id);
      if (value.first === undefined) return;
      if (!isObject(value.first)) return void problem(`${where}: the collection's pages are not embedded (first: ${JSON.stringify(value.first)}): fetch them first`);
      return walk(value.first, `${where}.first`);
    }
    if (hasType(value, 'AnnotationPage')) {
      if (!Array.isArray(value.items)) return void problem(`${where}: the page has no items`);
      value.items.forEach((item, i) => {
        if (isObject(item) && hasType(item, 'Annotation')) annotations.push(item);
        else problem(`${where}.items[${i}]: not an Annotation`);
      });
      if (value.next === undefined) return;
      if (!isObject(value.next)) return void problem(`${where}: the next page is not embedded (next: ${JSON.stringify(value.next)}): fetch it first`);
      return walk(value.next, `${where}.next`);
    }
    if (hasType(value, 'Annotation')) return void annotations.push(value);
    problem(`${where}: type ${JSON.stringify(value.type)} is not Annotation, AnnotationPage or AnnotationCollection`);
  };
  walk(root, 'the file');

  const iris = w3cIris(options.base);
  const docs = options.documents.map((d) => ({
    given: d,
    iri: d.iri ?? iris.document(d.id),
    text: new RawText(d.text),
    spans: [] as Span[],
    relations: [] as Relation[],
    /** Ids are unique within a document's layer. */
    spanIds: new Set<string>(),
    relationIds: new Set<string>(),
    used: false,
  }));
  const byIri = new Map(docs.map((d) => [d.iri, d]));
  for (const c of collections) for (const d of docs) if (c.startsWith(`${d.iri}:`) || c.startsWith(`${d.iri}/`)) d.used = true;
  const labels = options.schema.labels;
  const spanAnnotations = new Map<string, { doc: (typeof docs)[number]; span: Span }>();
  const relationAnnotations: Array<{ a: JsonObject; name: string }> = [];

  annotations.forEach((a, n) => {
    const name = `annotation ${n + 1}${typeof a.id === 'string' ? ` (${a.id})` : ''}`;
    const targets = arrayOf(a.target);
    if (hasValue(a.motivation, 'linking') || (targets.length === 2 && targets.every((t) => typeof t === 'string'))) {
      relationAnnotations.push({ a, name });
      return;
    }
    if (targets.length !== 1) return problem(`${name}: a span annotation has one target, not ${targets.length}`);
    const target = targets[0] as Json;
    if (!isObject(target)) return problem(`${name}: its target ${JSON.stringify(target)} is a whole resource, not a text selection`);
    const source = target.source;
    const doc = typeof source === 'string' ? byIri.get(source) : undefined;
    if (!doc) return problem(`${name}: target source ${JSON.stringify(source)} is not one of the documents given (${docs.map((d) => d.iri).join(', ')})`);
    doc.used = true;

    // Label and attributes from the bodies.
    const bodies = arrayOf(a.body);
    const tags: string[] = [];
    const attributes: Attributes = {};
    const untyped: string[] = [];
    for (const b of bodies) {
      if (!isObject(b)) {
        warn(`${name}: body ${JSON.stringify(b)} is not imported`);
        continue;
      }
      const textual = hasType(b, 'TextualBody') || (b.type === undefined && typeof b.value === 'string');
      if (textual && b.format === 'application/json' && typeof b.value === 'string') {
        let parsed: Json;
        try {
          parsed = JSON.parse(b.value) as Json;
        } catch {
          problem(`${name}: attribute body ${JSON.stringify(b.value).slice(0, 60)} is not JSON`);
          continue;
        }
        if (!isObject(parsed)) {
          problem(`${name}: attribute body is not a JSON object`);
          continue;
        }
        for (const [k, v] of Object.entries(parsed)) {
          if (k in attributes) problem(`${name}: attribute "${k}" is given twice`);
          attributes[k] = v as AttributeValue;
        }
      } else if (textual && hasValue(b.purpose, 'tagging') && typeof b.value === 'string') tags.push(b.value);
      else if (textual && b.purpose === undefined && typeof b.value === 'string') untyped.push(b.value);
      else if (hasType(b, 'SpecificResource') && hasValue(b.purpose, 'identifying')) continue; // the entity, also in the JSON body
      else warn(`${name}: a body (${JSON.stringify(b).slice(0, 60)}) is not imported`);
    }
    if (typeof a.bodyValue === 'string') untyped.push(a.bodyValue);
    const candidates = tags.length ? tags : untyped;
    if (candidates.length !== 1) return problem(`${name}: ${candidates.length ? `${candidates.length} labels (${candidates.join(', ')})` : 'no label'}: expected one TextualBody with purpose "tagging"`);
    const label = findLabel(labels, candidates[0] as string);
    if (!label) return problem(`${name}: label "${candidates[0]}" is not in the schema (${labels.map((l) => l.id).join(', ')})`);
    for (const [k, v] of Object.entries(attributes)) {
      const def = label.attributes.find((d) => d.id === k);
      const why = def ? valueProblem(def, v) : `${label.id} has no attribute "${k}"`;
      if (why) problem(`${name}: ${def ? `${label.id} › ${k}: ` : ''}${why}`);
    }

    // Where: position first, quote to check.
    const selectors = arrayOf(target.selector).filter(isObject);
    const position = selectors.find((s) => hasType(s, 'TextPositionSelector'));
    const quote = selectors.find((s) => hasType(s, 'TextQuoteSelector'));
    const raw = doc.text.raw;
    let start: number;
    let end: number;
    if (!position && !quote) return problem(`${name}: no TextPositionSelector or TextQuoteSelector`);
    if (quote && typeof quote.exact !== 'string') return problem(`${name}: its TextQuoteSelector has no "exact"`);
    const exact = quote ? (quote.exact as string) : undefined;
    const prefix = quote && typeof quote.prefix === 'string' ? quote.prefix : '';
    const suffix = quote && typeof quote.suffix === 'string' ? quote.suffix : '';
    if (position) {
      const s = position.start;
      const e = position.end;
      if (!isCount(s) || !isCount(e) || e < s) return problem(`${name}: TextPositionSelector start ${JSON.stringify(s)}, end ${JSON.stringify(e)} are not code-point offsets with start ≤ end`);
      if (e > raw.length && exact === undefined) return problem(`${name}: TextPositionSelector ${s}–${e} is outside the text (${raw.length} code points)`);
      start = s;
      end = e;
      if (exact !== undefined && (e > raw.length || raw.slice(s, e) !== exact)) {
        const anchored = anchorSpan({ id: '', label: label.id, startOffset: Math.min(s, raw.length), endOffset: Math.min(e, raw.length), quote: { prefix, exact, suffix } }, raw);
        if (anchored.kind !== 'quote') return problem(`${name}: the text at ${s}–${e} is not its quote "${shorten(exact)}", which is nowhere else in the text either`);
        const utf16 = raw.text.slice(s, e) === exact ? ' (the offsets fit as UTF-16 units: the model counts code points)' : '';
        warn(`${name}: the text at ${s}–${e} is not its quote "${shorten(exact)}": anchored by the quote at ${anchored.span.startOffset}–${anchored.span.endOffset}${utf16}`);
        start = anchored.span.startOffset;
        end = anchored.span.endOffset;
      }
    } else {
      const anchored = exact ? anchorSpan({ id: '', label: label.id, startOffset: 0, endOffset: 0, quote: { prefix, exact, suffix } }, raw) : undefined;
      if (!anchored || anchored.kind !== 'quote') return problem(`${name}: its quote "${shorten(exact ?? '')}" is not in the text`);
      start = anchored.span.startOffset;
      end = anchored.span.endOffset;
    }

    const fromIri = typeof a.id === 'string' ? idFromIri(a.id, 'span') : undefined;
    const id = fromIri && SPAN_ID.test(fromIri) && !doc.spanIds.has(fromIri) ? fromIri : undefined;
    const stored = { start: doc.text.toStored(start), end: doc.text.toStored(end) };
    const ordered: Attributes = {};
    for (const def of label.attributes) if (attributes[def.id] !== undefined) ordered[def.id] = attributes[def.id] as AttributeValue;
    const span: Span = {
      id: id ?? '',
      label: label.id,
      startOffset: stored.start,
      endOffset: stored.end,
      quote: quoteOf(doc.text.stored, stored.start, stored.end),
      ...(Object.keys(ordered).length ? { attributes: ordered } : {}),
    };
    if (id) doc.spanIds.add(id);
    doc.spans.push(span);
    if (typeof a.id === 'string') {
      if (spanAnnotations.has(a.id)) problem(`${name}: a second annotation with this id`);
      spanAnnotations.set(a.id, { doc, span });
    }
  });
  // Spans without an id of their own: w1, w2, … (not taken by another).
  for (const d of docs) {
    let next = 1;
    for (const s of d.spans) {
      if (s.id) continue;
      while (d.spanIds.has(`w${next}`)) next++;
      s.id = `w${next}`;
      d.spanIds.add(s.id);
    }
  }

  for (const { a, name } of relationAnnotations) {
    const targets = arrayOf(a.target).map((t) => (typeof t === 'string' ? t : isObject(t) && typeof t.id === 'string' ? t.id : undefined));
    if (targets.length !== 2 || targets.some((t) => t === undefined)) {
      problem(`${name}: a linking annotation has two targets, the IRIs of the two span annotations (source first)`);
      continue;
    }
    const from = spanAnnotations.get(targets[0] as string);
    const to = spanAnnotations.get(targets[1] as string);
    if (!from || !to) {
      problem(`${name}: target ${!from ? targets[0] : targets[1]} is not a span annotation of this import`);
      continue;
    }
    if (from.doc !== to.doc) {
      problem(`${name}: links spans of two documents`);
      continue;
    }
    const tags = arrayOf(a.body).filter((b): b is JsonObject => isObject(b) && typeof b.value === 'string' && (hasValue(b.purpose, 'tagging') || b.purpose === undefined));
    if (tags.length !== 1) {
      problem(`${name}: expected one TextualBody with the relation type (purpose "tagging")`);
      continue;
    }
    const fromIri = typeof a.id === 'string' ? idFromIri(a.id, 'relation') : undefined;
    const ids = from.doc.relationIds;
    let id = fromIri && SPAN_ID.test(fromIri) && !ids.has(fromIri) ? fromIri : undefined;
    for (let n = 1; !id || ids.has(id); n++) id = `r${n}`;
    ids.add(id);
    const relation: Relation = { id, type: tags[0]!.value as string, from: from.span.id, to: to.span.id };
    if (relation.from === relation.to) {
      problem(`${name}: a relation joins two different spans`);
      continue;
    }
    const why = relationProblem(relation, from.span, to.span, options.schema);
    if (why) {
      problem(`${name}: ${why}`);
      continue;
    }
    from.doc.relations.push(relation);
  }

  if (problems.length) return { ok: false, problems, warnings };
  const documents: InterchangeDocument[] = [];
  for (const d of docs) {
    if (!d.used) continue;
    if (d.text.changed) warn(`${d.given.id}: the text's line ends (CRLF) or byte-order mark were normalised; offsets were converted`);
    documents.push({
      id: d.given.id,
      text: d.text.stored.text,
      title: d.given.title ?? null,
      source: d.given.source ?? null,
      annotator: options.annotator,
      spans: d.spans.sort(compareSpans),
      relations: d.relations.sort(compareRelations),
    });
  }
  return { ok: true, documents, warnings };
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function arrayOf(v: Json | undefined): Json[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

const OA = 'http://www.w3.org/ns/oa#';
const AS = 'http://www.w3.org/ns/activitystreams#';
/** The collection and page types are Activity Streams terms under other names. */
const ALIASES: Record<string, string[]> = {
  AnnotationCollection: ['as:OrderedCollection', `${AS}OrderedCollection`],
  AnnotationPage: ['as:OrderedCollectionPage', `${AS}OrderedCollectionPage`],
};

/** Whether a value (string or list) names a term, compacted, prefixed with oa: or in full. */
function hasValue(v: Json | undefined, term: string): boolean {
  return arrayOf(v).some((t) => typeof t === 'string' && (t === term || t === `oa:${term}` || t === `${OA}${term}` || (ALIASES[term] ?? []).includes(t)));
}

function hasType(o: JsonObject, term: string): boolean {
  return hasValue(o.type, term) || hasValue(o['@type'], term);
}

function isCount(v: Json | undefined): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function findLabel(labels: readonly Label[], value: string): Label | undefined {
  return labels.find((l) => l.id === value) ?? labels.find((l) => l.name.toLowerCase() === value.toLowerCase());
}

function shorten(s: string, max = 60): string {
  const flat = s.replace(/\n/g, '\\n');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
