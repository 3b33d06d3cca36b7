/**
 * doccano JSONL, as doccano imports and exports it.
 *
 * Sequence labelling (the default):
 * ```json
 * {"id":"doc-1","text":"…","label":[[0,5,"actor"],[10,42,"claim"]]}
 * ```
 * Relation extraction (`relations: true`), doccano's layout with entity and relation ids:
 * ```json
 * {"id":"doc-1","text":"…","entities":[{"id":1,"label":"actor","start_offset":0,"end_offset":5},…],
 *  "relations":[{"id":1,"from_id":2,"to_id":1,"type":"claimant"}]}
 * ```
 *
 * OFFSET UNITS: doccano counts offsets in UTF-16 code units, JavaScript's string indices (its
 * default; in its grapheme-cluster mode it counts user-perceived characters, which this module
 * does not read or write). Standoff stores Unicode code points. Export converts code points to
 * UTF-16 units, import converts back: each character outside the Basic Multilingual Plane
 * before an offset (an emoji such as 👍 and its skin tone 🏽, each half of a flag 🇮🇶, some CJK)
 * adds one. In Python, doccano's offsets select a span as
 * `text.encode("utf-16-le")[2*start:2*end].decode("utf-16-le")`, not as `text[start:end]`.
 * Say so in the dataset card. An offset that falls between the two halves of a surrogate pair
 * cannot come from doccano and is reported on import (it suggests a file counted otherwise).
 *
 * Export writes label ids as doccano labels, spans in document order (compareSpans), entity ids
 * 1, 2, … in that order and relation ids 1, 2, … by compareRelations. doccano has no place for
 * attributes: they are not exported (use Standoff JSONL or spaCy JSONL to keep them).
 * Import reads both layouts (`label`, or doccano 1.x's `labels`; or `entities`/`relations`);
 * span ids become s1, s2, … (or s<entity id>), and a text with CRLF line ends is stored with
 * LF and its offsets moved to match.
 */
import { compareRelations, compareSpans, type Relation, type Span } from '../../model/span';
import { relationProblem } from '../../schema/conformance';
import { CodePointIndex } from '../../text/codePoints';
import type { ImportResult, InterchangeDocument } from '../model';
import { describeJson, idMaker, isObject, jsonLine, labelProblem, labelsOf, layerFor, makeSpan, normalizeImported, offsetProblem, Problems, readJsonLines, type JsonlImportOptions } from './lines';

export interface DoccanoExportOptions {
  /** Write doccano's relation-extraction layout (entities and relations) instead of `label`. */
  relations?: boolean;
  /** Write the layer's annotator after the id (`"annotator": "layla"`; doccano keeps unknown keys as metadata). */
  annotator?: boolean;
}

/** One document as one line of doccano JSONL (newline included). Offsets in UTF-16 units. */
export function doccanoJsonlLine(doc: InterchangeDocument, options: DoccanoExportOptions = {}): string {
  const index = new CodePointIndex(doc.text);
  const spans = [...doc.spans].sort(compareSpans);
  const who = options.annotator ? { annotator: doc.annotator } : {};
  if (!options.relations) {
    return jsonLine({ id: doc.id, ...who, text: doc.text, label: spans.map((s) => [index.toUtf16(s.startOffset), index.toUtf16(s.endOffset), s.label]) });
  }
  const entityId = new Map<string, number>();
  const entities = spans.map((s, i) => {
    entityId.set(s.id, i + 1);
    return { id: i + 1, label: s.label, start_offset: index.toUtf16(s.startOffset), end_offset: index.toUtf16(s.endOffset) };
  });
  const relations = [...doc.relations]
    .sort(compareRelations)
    .filter((r) => entityId.has(r.from) && entityId.has(r.to))
    .map((r, i) => ({ id: i + 1, from_id: entityId.get(r.from), to_id: entityId.get(r.to), type: r.type }));
  return jsonLine({ id: doc.id, ...who, text: doc.text, entities, relations });
}

/** Is UTF-16 index u between the two halves of a surrogate pair? */
function splitsPair(text: string, u: number): boolean {
  if (u <= 0 || u >= text.length) return false;
  const a = text.charCodeAt(u - 1);
  const b = text.charCodeAt(u);
  return a >= 0xd800 && a <= 0xdbff && b >= 0xdc00 && b <= 0xdfff;
}

/**
 * Reads doccano JSONL (UTF-16 offsets): every document, or (on any problem, anywhere) none and
 * every problem with its line.
 */
export function parseDoccanoJsonl(text: string, options: JsonlImportOptions): ImportResult {
  const problems = new Problems(options.file);
  const labels = labelsOf(options.schema);
  const documents: InterchangeDocument[] = [];
  const seenDocs = new Map<string, number>();
  for (const { line, value } of readJsonLines(text, problems, options.firstLine)) {
    const problem = (message: string) => problems.add(line, message);
    const fail = (message: string): null => {
      problem(message);
      return null;
    };
    if (typeof value.text !== 'string') {
      problem(value.text === undefined ? 'no "text"' : `"text" is ${describeJson(value.text)}, not text`);
      continue;
    }
    const before = problems.count;
    const docText = value.text;
    const id = typeof value.id === 'string' && value.id !== '' ? value.id : typeof value.id === 'number' ? String(value.id) : `line-${line}`;
    const earlier = seenDocs.get(id);
    if (earlier !== undefined) problem(`document id "${id}" is already used on line ${earlier}`);
    else seenDocs.set(id, line);

    const originalIndex = new CodePointIndex(docText);
    const normalized = normalizeImported(docText);
    /** A span from UTF-16 offsets, or a problem. */
    const spanAt = (where: string, start: unknown, end: unknown, label: unknown, spanId: string): Span | null => {
      const offsets = offsetProblem(start, end, docText.length, 'UTF-16 units');
      if (offsets) return fail(`${where}: ${offsets}`);
      for (const [name, u] of [
        ['start', start as number],
        ['end', end as number],
      ] as const) {
        if (splitsPair(docText, u)) return fail(`${where}: ${name} ${u} falls inside a character outside the BMP (an emoji?): doccano offsets are UTF-16 units, and this one splits a surrogate pair; were the offsets counted otherwise?`);
      }
      const labelIssue = labelProblem(label, labels);
      if (labelIssue) return fail(`${where}: ${labelIssue}`);
      const s = normalized.map(originalIndex.toCodePoint(start as number));
      const e = normalized.map(originalIndex.toCodePoint(end as number));
      return makeSpan(normalized.index, spanId, label as string, s, e);
    };

    const spans: Span[] = [];
    const relations: Relation[] = [];
    if (value.entities !== undefined) {
      if (!Array.isArray(value.entities)) {
        problem(`"entities" is ${describeJson(value.entities)}, not a list`);
        continue;
      }
      const byEntityId = new Map<string, Span>();
      const taken = new Set<string>();
      const nextId = idMaker('s', taken);
      const keyOf = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? String(v) : undefined);
      for (const e of value.entities) if (isObject(e) && keyOf(e.id) !== undefined && /^[A-Za-z0-9_-]{1,63}$/.test(keyOf(e.id) as string)) taken.add(`s${keyOf(e.id)}`);
      value.entities.forEach((e: unknown, i: number) => {
        const where = `entities[${i}]`;
        if (!isObject(e)) return problem(`${where} is ${describeJson(e)}, not an entity object`);
        const key = keyOf(e.id);
        if (key !== undefined && byEntityId.has(key)) return problem(`${where}: entity id ${JSON.stringify(e.id)} is used twice`);
        const spanId = key !== undefined && /^[A-Za-z0-9_-]{1,63}$/.test(key) ? `s${key}` : nextId();
        const span = spanAt(where, e.start_offset, e.end_offset, e.label, spanId);
        if (!span) return;
        spans.push(span);
        if (key !== undefined) byEntityId.set(key, span);
      });
      if (value.relations !== undefined && !Array.isArray(value.relations)) problem(`"relations" is ${describeJson(value.relations)}, not a list`);
      else {
        const nextRelation = idMaker('r', new Set());
        (value.relations ?? []).forEach((r: unknown, i: number) => {
          const where = `relations[${i}]`;
          if (!isObject(r)) return problem(`${where} is ${describeJson(r)}, not a relation object`);
          if (typeof r.type !== 'string' || r.type === '') return problem(`${where}: type is ${r.type === undefined ? 'missing' : describeJson(r.type)}`);
          const from = byEntityId.get(keyOf(r.from_id) ?? '');
          const to = byEntityId.get(keyOf(r.to_id) ?? '');
          if (!from) return problem(`${where}: from_id ${JSON.stringify(r.from_id ?? null)} is none of this line's entities`);
          if (!to) return problem(`${where}: to_id ${JSON.stringify(r.to_id ?? null)} is none of this line's entities`);
          if (from === to) return problem(`${where}: a relation joins two different spans`);
          const relation = { id: nextRelation(), type: r.type, from: from.id, to: to.id };
          if (options.schema) {
            const p = relationProblem(relation, from, to, options.schema);
            if (p) return problem(`${where}: ${p}`);
          }
          relations.push(relation);
        });
      }
    } else {
      const key = value.label !== undefined ? 'label' : 'labels';
      const list = value[key];
      if (list !== undefined && list !== null && !Array.isArray(list)) {
        problem(`"${key}" is ${describeJson(list)}, not a list`);
        continue;
      }
      const nextId = idMaker('s', new Set());
      (list ?? []).forEach((entry: unknown, i: number) => {
        const where = `${key}[${i}]`;
        if (typeof entry === 'string') return problem(`${where} is a category (${JSON.stringify(entry)}), not a span: is this a text-classification export?`);
        if (!Array.isArray(entry) || entry.length !== 3) return problem(`${where} is ${describeJson(entry)}, expected [start, end, "label"]`);
        const span = spanAt(where, entry[0], entry[1], entry[2], nextId());
        if (span) spans.push(span);
      });
    }
    if (problems.count > before) continue;
    documents.push({
      id,
      text: normalized.text,
      title: null,
      source: null,
      annotator: layerFor(options.annotator, undefined),
      spans: spans.sort(compareSpans),
      relations: relations.sort(compareRelations),
    });
  }
  return problems.count > 0 ? { ok: false, problems: problems.list } : { ok: true, documents };
}
