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
 * Targets that are web addresses: a document is given with the IRI its annotations use as
 * `source` (`iri`: from a map of sources to documents, or the document's own source); a source
 * that names no given document is a problem that says how to map it.
 *
 * Selectors may be refined (`refinedBy`, to any depth): each one selects within what the one it
 * refines selected. A FragmentSelector is read when it is an RFC 5147 text fragment (`char=10,20`,
 * `char=10`, `line=2,4`: code points and lines of the text), as text annotation tools write
 * it; other fragments (XPath, media) are refused with what they are.
 *
 * JSON-LD that is flattened (`@graph`, nodes referring to each other by `id`, blank nodes
 * `_:b0`) is read by putting each annotation's bodies, targets and selectors back in place.
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

  root = unflatten(root);

  // Gather the annotations, and the documents collections name even when they are empty.
  const annotations: JsonObject[] = [];
  const collections: string[] = [];
  const walk = (value: Json, where: string): void => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${where}[${i}]`));
    if (!isObject(value)) return void problem(`${where}: expected an annotation, page or collection, found ${describe(value)}`);
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
    const type = value.type ?? value['@type'];
    problem(`${where}: ${type === undefined ? 'it has no type' : `type ${describe(type)} is not Annotation, AnnotationPage or AnnotationCollection`}`);
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
    if (a.id === undefined && typeof a['@id'] === 'string') a.id = a['@id'];
    const name = `annotation ${n + 1}${typeof a.id === 'string' && !a.id.startsWith('_:') ? ` (${a.id})` : ''}`;
    const targets = arrayOf(a.target);
    if (hasValue(a.motivation, 'linking') || (targets.length === 2 && targets.every((t) => typeof t === 'string'))) {
      relationAnnotations.push({ a, name });
      return;
    }
    if (targets.length !== 1) return problem(`${name}: a span annotation has one target, not ${targets.length}`);
    const target = targets[0] as Json;
    if (!isObject(target)) return problem(`${name}: its target ${describe(target)} is a whole resource, not a text selection`);
    const source = target.source;
    if (typeof source !== 'string') return problem(`${name}: its target has ${source === undefined ? 'no source' : `a source that is not an IRI (${describe(source)})`}: the source names the document annotated`);
    const doc = byIri.get(source);
    if (!doc) {
      const known = docs.length ? ` (the documents given are ${docs.map((d) => d.iri).join(', ')})` : '';
      return problem(`${name}: target source ${source} names no document of the project${known}: map it to one (standoff import-annotations --source ${source}=<document id>), or give that document this source`);
    }
    doc.used = true;

    // Label and attributes from the bodies.
    const bodies = arrayOf(a.body);
    const tags: string[] = [];
    const attributes: Attributes = {};
    const untyped: string[] = [];
    for (const b of bodies) {
      if (!isObject(b)) {
        if (typeof b !== 'string') warn(`${name}: body ${describe(b)} is not imported`);
        continue;
      }
      const textual = hasType(b, 'TextualBody') || (b.type === undefined && typeof b.value === 'string');
      if (textual && b.format === 'application/json' && typeof b.value === 'string') {
        let parsed: Json;
        try {
          parsed = JSON.parse(b.value) as Json;
        } catch {
          problem(`${name}: attribute body ${describe(b.value)} is not JSON`);
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
      else warn(`${name}: a body is not imported: ${describe(b)}`);
    }
    if (typeof a.bodyValue === 'string') untyped.push(a.bodyValue);
    const candidates = tags.length ? tags : untyped;
    const linked = bodies.filter((b): b is string => typeof b === 'string');
    if (candidates.length === 0 && linked.length) return problem(`${name}: no label: its body is a web resource (${linked.join(', ')}), not a TextualBody with purpose "tagging"`);
    if (candidates.length !== 1) return problem(`${name}: ${candidates.length ? `${candidates.length} labels: ${candidates.join(', ')}` : 'no label'}; expected one TextualBody with purpose "tagging"`);
    for (const l of linked) warn(`${name}: its body ${l} (a web resource) is not imported`);
    const label = findLabel(labels, candidates[0] as string);
    if (!label) return problem(`${name}: label "${candidates[0]}" is not in the schema${labels.length ? ` (its labels: ${labels.map((l) => l.id).join(', ')})` : ', which has no labels'}`);
    for (const [k, v] of Object.entries(attributes)) {
      const def = label.attributes.find((d) => d.id === k);
      const why = def ? valueProblem(def, v) : `${label.id} has no attribute "${k}"`;
      if (why) problem(`${name}: ${def ? `${label.id} › ${k}: ` : ''}${why}`);
    }

    // Where: a refined or fragment selector resolved step by step; else position first, quote to check.
    const selectors = arrayOf(target.selector).filter(isObject);
    const chained = selectors.find((s) => s.refinedBy !== undefined || hasType(s, 'FragmentSelector'));
    if (chained) {
      const raw = doc.text.raw;
      const got = resolveSelector(chained, { start: 0, end: raw.length }, raw);
      if ('problem' in got) return problem(`${name}: ${got.problem}`);
      const check = selectors.find((s) => s !== chained && hasType(s, 'TextQuoteSelector'));
      if (check && typeof check.exact === 'string' && raw.slice(got.start, got.end) !== check.exact) return problem(`${name}: its selectors disagree: the refined selection is "${shorten(raw.slice(got.start, got.end))}", its TextQuoteSelector "${shorten(check.exact)}"`);
      return place(a, doc, label, attributes, got.start, got.end, name);
    }
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

    place(a, doc, label, attributes, start, end, name);
  });

  /** A span of the annotation at [start, end) (code points of the text as read). */
  function place(a: JsonObject, doc: (typeof docs)[number], label: Label, attributes: Attributes, start: number, end: number, name: string): void {
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
  }
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
      problem(`${name}: target ${String(!from ? targets[0] : targets[1])} is not a span annotation of this import`);
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

/** A JSON value in a message: short, and never "undefined". */
function describe(v: Json | undefined): string {
  if (v === undefined) return 'nothing';
  const json = JSON.stringify(v);
  return json.length > 60 ? `${json.slice(0, 59)}…` : json;
}

/** RFC 5147 text fragments: char=a,b / char=a / line=a,b (the integrity part after ";" is ignored). */
const CHAR_FRAGMENT = /^char=(\d+)(?:,(\d+))?(?:;.*)?$/;
const LINE_FRAGMENT = /^line=(\d+)(?:,(\d+))?(?:;.*)?$/;

/**
 * What a selector selects within `within` (code points of `raw`), following `refinedBy` down:
 * a position relative to what it refines, a quote searched for within it, a text fragment.
 */
function resolveSelector(selector: JsonObject, within: { start: number; end: number }, raw: RawText['raw'], depth = 0): { start: number; end: number } | { problem: string } {
  if (depth > 20) return { problem: 'its selectors refine each other more than 20 deep' };
  let got: { start: number; end: number };
  const type = selector.type ?? selector['@type'];
  if (hasType(selector, 'TextPositionSelector')) {
    const { start, end } = selector;
    if (!isCount(start) || !isCount(end) || end < start) return { problem: `a TextPositionSelector needs whole-number start ≤ end, not start ${describe(start)}, end ${describe(end)}` };
    if (within.start + end > within.end) return { problem: `TextPositionSelector ${start}–${end} goes past what it refines (${within.end - within.start} code points)` };
    got = { start: within.start + start, end: within.start + end };
  } else if (hasType(selector, 'TextQuoteSelector')) {
    if (typeof selector.exact !== 'string') return { problem: 'its TextQuoteSelector has no "exact"' };
    const part = raw.slice(within.start, within.end);
    const prefix = typeof selector.prefix === 'string' ? selector.prefix : '';
    const suffix = typeof selector.suffix === 'string' ? selector.suffix : '';
    const at = quoteIn(part, selector.exact, prefix, suffix);
    if (at === null) return { problem: `its quote "${shorten(selector.exact)}" is not in ${within.start === 0 && within.end === raw.length ? 'the text' : `the part it refines (${within.start}–${within.end})`}` };
    got = { start: within.start + at, end: within.start + at + Array.from(selector.exact).length };
  } else if (hasType(selector, 'FragmentSelector')) {
    const value = typeof selector.value === 'string' ? selector.value : '';
    const char = CHAR_FRAGMENT.exec(value);
    const line = LINE_FRAGMENT.exec(value);
    const length = within.end - within.start;
    if (char) {
      const a = Number(char[1]);
      const b = char[2] !== undefined ? Number(char[2]) : a;
      if (a > b || b > length) return { problem: `FragmentSelector ${value} is outside the text (${length} code points)` };
      got = { start: within.start + a, end: within.start + b };
    } else if (line) {
      // Lines count from 0 (RFC 5147): line=a,b selects from the start of line a to the start of line b.
      const starts = [0];
      const part = Array.from(raw.slice(within.start, within.end));
      part.forEach((c, i) => c === '\n' && starts.push(i + 1));
      const lineAt = (n: number) => (n < starts.length ? (starts[n] as number) : length);
      const a = Number(line[1]);
      const b = line[2] !== undefined ? Number(line[2]) : a + 1;
      if (a > b) return { problem: `FragmentSelector ${value}: the first line is after the last` };
      got = { start: within.start + lineAt(a), end: within.start + lineAt(b) };
    } else {
      const conforms = typeof selector.conformsTo === 'string' ? `, conforming to ${selector.conformsTo}` : '';
      return { problem: `FragmentSelector "${value}"${conforms} is not a text fragment: Standoff reads RFC 5147 fragments (char=start,end or line=start,end), refined or not` };
    }
  } else return { problem: `a ${type === undefined ? 'selector without a type' : describe(type)} is not read (Standoff reads TextPositionSelector, TextQuoteSelector and text FragmentSelector, refined by each other)` };
  const refined = arrayOf(selector.refinedBy).filter(isObject);
  if (refined.length > 1) return { problem: 'a selector is refined by several selectors: Standoff reads one' };
  return refined.length ? resolveSelector(refined[0] as JsonObject, got, raw, depth + 1) : got;
}

/** Where a quote is in a text (code points), its prefix and suffix choosing between occurrences; null when it is not there. */
function quoteIn(text: string, exact: string, prefix: string, suffix: string): number | null {
  let best: number | null = null;
  let bestScore = -1;
  for (let u = text.indexOf(exact); u >= 0; u = text.indexOf(exact, u + 1)) {
    const score = (text.slice(0, u).endsWith(prefix) ? 1 : 0) + (text.slice(u + exact.length).startsWith(suffix) ? 1 : 0);
    if (score > bestScore) {
      bestScore = score;
      best = Array.from(text.slice(0, u)).length;
    }
  }
  return best;
}

/** JSON-LD keys whose values are nodes of an annotation, which a flattened document gives by reference. */
const NESTED = new Set(['body', 'target', 'selector', 'refinedBy', 'first', 'next', 'items', 'state', 'renderedVia']);

/**
 * A flattened JSON-LD document (`@graph`, nodes referring to each other by id) with each node
 * put back where it is referred to (blank nodes `_:x` and named nodes alike), so the rest of
 * the reader sees annotations as compacted JSON-LD has them. Only the graph's top-level nodes
 * that are annotations, pages or collections are kept at the top.
 */
function unflatten(root: Json): Json {
  const graphOf = (v: Json): Json[] | null => (isObject(v) && Array.isArray(v['@graph']) ? v['@graph'] : null);
  const graph = graphOf(root) ?? (Array.isArray(root) && root.length === 1 && graphOf(root[0] as Json)) ?? null;
  if (!graph) return root;
  const nodes = new Map<string, JsonObject>();
  const idOf = (o: JsonObject) => (typeof o.id === 'string' ? o.id : typeof o['@id'] === 'string' ? o['@id'] : undefined);
  for (const n of graph) if (isObject(n) && idOf(n)) nodes.set(idOf(n) as string, n);
  const referred = new Set<string>();
  const embed = (v: Json, seen: Set<string>): Json => {
    if (Array.isArray(v)) return v.map((x) => embed(x, seen));
    const ref = typeof v === 'string' ? v : isObject(v) && Object.keys(v).length === 1 ? idOf(v) : undefined;
    if (ref !== undefined && nodes.has(ref) && !seen.has(ref)) {
      referred.add(ref);
      return expand(nodes.get(ref) as JsonObject, new Set([...seen, ref]));
    }
    return isObject(v) ? expand(v, seen) : v;
  };
  const expand = (o: JsonObject, seen: Set<string>): JsonObject => {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(o)) out[k] = NESTED.has(k) ? embed(v, seen) : v;
    if (out.id === undefined && typeof o['@id'] === 'string') out.id = o['@id'];
    return out;
  };
  const top = graph.filter(isObject).map((n) => expand(n, new Set([idOf(n) ?? ''])));
  const kept = top.filter((n) => !referred.has(idOf(n) ?? '') && (hasType(n, 'Annotation') || hasType(n, 'AnnotationPage') || hasType(n, 'AnnotationCollection')));
  return kept;
}

/** Every target `source` the annotations of a JSON-LD text name (flattened or not), for finding their documents. */
export function w3cTargetSources(text: string): string[] {
  let root: Json;
  try {
    root = unflatten(JSON.parse(text.replace(/^\uFEFF/, '')) as Json);
  } catch {
    return [];
  }
  const found = new Set<string>();
  const visit = (v: Json | undefined): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!isObject(v)) return;
    for (const t of arrayOf(v.target)) if (isObject(t) && typeof t.source === 'string') found.add(t.source);
    for (const k of ['first', 'next', 'items'] as const) visit(v[k]);
  };
  visit(root);
  return [...found];
}
