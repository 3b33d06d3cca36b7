/**
 * Standoff's own JSONL: one document per line, everything a layer holds, nothing lost.
 *
 * ```json
 * {"format":"standoff/jsonl","version":1,"offsets":"unicode-code-points",
 *  "id":"doc-1","text":"…","metadata":{"title":"…","source":null},"annotator":"alice",
 *  "note":{"text":"wire copy","flag":"check-source"},
 *  "spans":[{"id":"s1","label":"actor","startOffset":0,"endOffset":5,"text":"Hashd",
 *            "attributes":{"entity":"pmf","kind":"armed-group"},"entityNames":{"entity":"Popular Mobilization Forces"},
 *            "note":{"text":"PMF or one of its brigades?","flag":"unsure"}}],
 *  "relations":[{"id":"r1","type":"claimant","from":"s2","to":"s1"}],
 *  "entities":[{"id":"pmf","name":"Popular Mobilization Forces","kind":"armed-group","aliases":["PMU","Hashd al-Shaabi"]}]}
 * ```
 * (one line in the file; wrapped here to be read).
 *
 * - Offsets are Unicode code points into `text`, start inclusive, end exclusive, as in the
 *   project's own files: `text[startOffset:endOffset] == span["text"]` in Python.
 * - Keys are always in the order above; spans in document order (compareSpans), relations by
 *   compareRelations, attributes and entities by id: the same layer gives the same bytes.
 * - Attribute values are stored as in the project (option ids, entity ids, {min, max}). For an
 *   attribute of type entity, `entityNames` gives the linked entity's canonical name under
 *   the same key (null when the registry does not know the id); `entities` lists each entity
 *   the line's spans name (by the id they use, with `canonicalId` when it was merged into
 *   another).
 * - `note` (on a span, and on the line for the layer's note on the document) is the
 *   annotator's note, `{ text, flag? }`, absent when none.
 * - Each line says its format and version; a reader rejects a version newer than it knows.
 *
 * Import reads what export writes and checks it all: every span inside its text, its `text`
 * (when present) equal to what its offsets select, ids unique, relations between spans of the
 * line, and with a schema its label, attributes and relation types. `entityNames` and
 * `entities` are for readers of the file: import ignores them (the registry has its own files).
 * A text with CRLF line ends is stored with LF, and offsets are moved to match.
 */
import { z } from 'zod';
import { attributesSchema, labelId, noteSchema, relationSchema, spanId } from '../../format/annotationFile';
import { describeIssues } from '../../format/errors';
import type { Attributes } from '../../model/labels';
import { compareRelations, compareSpans, type Relation, type Span } from '../../model/span';
import { attributeProblems, relationProblem } from '../../schema/conformance';
import { CodePointIndex } from '../../text/codePoints';
import type { ExportContext, ImportResult, InterchangeDocument } from '../model';
import { jsonValue, labelProblem, labelsOf, layerFor, makeSpan, normalizeImported, offsetProblem, Problems, readJsonLines, stableAttributes, type JsonlImportOptions } from './lines';

export const STANDOFF_JSONL_FORMAT = 'standoff/jsonl';
export const STANDOFF_JSONL_VERSION = 1;
const OFFSETS = 'unicode-code-points';

/** One document as one line of Standoff JSONL (newline included). */
export function standoffJsonlLine(doc: InterchangeDocument, context: ExportContext): string {
  return standoffJsonlPieces(doc, context).join('');
}

/**
 * The text last written, its code-point index and its JSON: a document has a line per
 * annotator, and its text (most of each line) is escaped once, not once per line.
 */
let lastText: { text: string; index: CodePointIndex; json: string } | null = null;

function textOf(text: string): { index: CodePointIndex; json: string } {
  // The same string object for every layer of a document (=== is then a pointer comparison).
  if (lastText?.text !== text) lastText = { text, index: new CodePointIndex(text), json: jsonValue(text) };
  return lastText;
}

/**
 * A line of Standoff JSONL as three pieces whose concatenation is the line (newline included):
 * what comes before the text's JSON, the text's JSON, and what comes after. The middle piece
 * is the same string for every layer of a document, so that a writer can encode it once.
 */
export function standoffJsonlPieces(doc: InterchangeDocument, context: ExportContext): [string, string, string] {
  const { index, json: textJson } = textOf(doc.text);
  const labels = new Map(context.schema.labels.map((l) => [l.id, l]));
  const used = new Map<string, Record<string, unknown>>();
  const spans = inOrder(doc.spans).map((s) => {
    const out: Record<string, unknown> = {
      id: s.id,
      label: s.label,
      startOffset: s.startOffset,
      endOffset: s.endOffset,
      text: index.slice(s.startOffset, s.endOffset),
    };
    if (s.attributes && Object.keys(s.attributes).length > 0) {
      const attributes = stableAttributes(s.attributes);
      out.attributes = attributes;
      let names: Record<string, string | null> | undefined;
      for (const def of labels.get(s.label)?.attributes ?? []) {
        if (def.type !== 'entity') continue;
        const value = attributes[def.id];
        if (typeof value !== 'string') continue;
        const entity = context.entities.get(value);
        (names ??= {})[def.id] = entity ? entity.name : null;
        if (entity && !used.has(value)) {
          used.set(value, {
            id: value,
            ...(entity.id !== value ? { canonicalId: entity.id } : {}),
            name: entity.name,
            ...(entity.kind !== undefined ? { kind: entity.kind } : {}),
            aliases: [...entity.aliases],
          });
        }
      }
      if (names) out.entityNames = names;
    }
    if (s.note) out.note = s.note.flag ? { text: s.note.text, flag: s.note.flag } : { text: s.note.text };
    return out;
  });
  const relations = [...doc.relations].sort(compareRelations).map((r) => ({ id: r.id, type: r.type, from: r.from, to: r.to }));
  const entities = [...used.keys()].sort().map((id) => used.get(id));
  // As jsonLine of the whole record would write it (JSON.stringify of an object is its members'
  // JSON in order), with the text's JSON made once per document (textOf).
  const head = jsonValue({ format: STANDOFF_JSONL_FORMAT, version: STANDOFF_JSONL_VERSION, offsets: OFFSETS, id: doc.id });
  const rest = jsonValue({
    metadata: { title: doc.title, source: doc.source },
    annotator: doc.annotator,
    ...(doc.note ? { note: doc.note.flag ? { text: doc.note.text, flag: doc.note.flag } : { text: doc.note.text } } : {}),
    spans,
    relations,
    entities,
  });
  return [`${head.slice(0, -1)},"text":`, textJson, `,${rest.slice(1)}\n`];
}

/** Spans in document order: as given when they already are (as every layer the project stores), else sorted. */
function inOrder(spans: readonly Span[]): Span[] {
  for (let i = 1; i < spans.length; i++) if (compareSpans(spans[i - 1] as Span, spans[i] as Span) > 0) return [...spans].sort(compareSpans);
  return spans as Span[];
}

const spanLine = z.strictObject({
  id: spanId,
  label: labelId,
  // Offsets are checked by hand, for messages that say what is wrong with them.
  startOffset: z.unknown(),
  endOffset: z.unknown(),
  text: z.string().optional(),
  attributes: attributesSchema.optional(),
  entityNames: z.record(z.string(), z.string().nullable()).optional(),
  note: noteSchema.optional(),
});

const documentLine = z.strictObject({
  format: z.literal(STANDOFF_JSONL_FORMAT),
  version: z.literal(STANDOFF_JSONL_VERSION),
  offsets: z.literal(OFFSETS).optional(),
  id: z.string().min(1, 'must not be empty'),
  text: z.string(),
  metadata: z.strictObject({ title: z.string().nullable().optional(), source: z.string().nullable().optional() }).optional(),
  annotator: z.string().min(1, 'must not be empty').optional(),
  note: noteSchema.optional(),
  spans: z.array(spanLine).optional(),
  relations: z.array(relationSchema).optional(),
  entities: z.array(z.unknown()).optional(),
});

/**
 * Reads a Standoff JSONL file: every document, or (on any problem, anywhere) none and every
 * problem with its line.
 */
export function parseStandoffJsonl(text: string, options: JsonlImportOptions): ImportResult {
  const problems = new Problems(options.file);
  const labels = labelsOf(options.schema);
  const documents: InterchangeDocument[] = [];
  const seenDocs = new Map<string, number>();
  for (const { line, value } of readJsonLines(text, problems, options.firstLine)) {
    const problem = (message: string) => problems.add(line, message);
    if (value.format !== STANDOFF_JSONL_FORMAT) {
      problem(`not a Standoff JSONL line (its "format" is ${JSON.stringify(value.format ?? null)}, expected "${STANDOFF_JSONL_FORMAT}")`);
      continue;
    }
    if (typeof value.version === 'number' && Number.isInteger(value.version) && value.version > STANDOFF_JSONL_VERSION) {
      problem(`format version ${value.version} is newer than this Standoff understands (${STANDOFF_JSONL_VERSION}); update Standoff`);
      continue;
    }
    const parsed = documentLine.safeParse(value);
    if (!parsed.success) {
      for (const message of describeIssues(parsed.error.issues, 20)) problem(message);
      continue;
    }
    const record = parsed.data;
    const before = problems.count;
    const earlier = seenDocs.get(record.id);
    if (earlier !== undefined) problem(`document id "${record.id}" is already used on line ${earlier}`);
    else seenDocs.set(record.id, line);

    const originalIndex = new CodePointIndex(record.text);
    const normalized = normalizeImported(record.text);
    const spans: Span[] = [];
    const spanIds = new Set<string>();
    (record.spans ?? []).forEach((s, i) => {
      const where = `spans[${i}] ("${s.id}")`;
      if (spanIds.has(s.id)) problem(`${where}: span id "${s.id}" is used twice`);
      spanIds.add(s.id);
      const offsets = offsetProblem(s.startOffset, s.endOffset, originalIndex.length, 'code points');
      if (offsets) return problem(`${where}: ${offsets}`);
      const start = s.startOffset as number;
      const end = s.endOffset as number;
      if (s.text !== undefined) {
        const actual = originalIndex.slice(start, end);
        if (actual !== s.text) return problem(`${where}: its text ${JSON.stringify(s.text)} is not what offsets ${start}–${end} select (${JSON.stringify(actual)}); are the offsets code points?`);
      }
      const labelIssue = labelProblem(s.label, labels);
      if (labelIssue) return problem(`${where}: ${labelIssue}`);
      const label = labels?.get(s.label);
      if (label) for (const p of attributeProblems(s, label)) problem(`${where}: ${p}`);
      const span = makeSpan(normalized.index, s.id, s.label, normalized.map(start), normalized.map(end), s.attributes as Attributes | undefined);
      spans.push(s.note ? { ...span, note: s.note } : span);
    });

    const relations: Relation[] = [];
    const relationIds = new Set<string>();
    const byId = new Map(spans.map((s) => [s.id, s]));
    (record.relations ?? []).forEach((r, i) => {
      const where = `relations[${i}] ("${r.id}")`;
      if (relationIds.has(r.id)) problem(`${where}: relation id "${r.id}" is used twice`);
      relationIds.add(r.id);
      if (!spanIds.has(r.from)) return problem(`${where}: no span "${r.from}" on this line`);
      if (!spanIds.has(r.to)) return problem(`${where}: no span "${r.to}" on this line`);
      if (options.schema && byId.has(r.from) && byId.has(r.to)) {
        const p = relationProblem(r, byId.get(r.from), byId.get(r.to), options.schema);
        if (p) return problem(`${where}: ${p}`);
      }
      relations.push({ id: r.id, type: r.type, from: r.from, to: r.to });
    });
    if (problems.count > before) continue;
    documents.push({
      id: record.id,
      text: normalized.text,
      title: record.metadata?.title ?? null,
      source: record.metadata?.source ?? null,
      annotator: layerFor(options.annotator, record.annotator),
      spans: spans.sort(compareSpans),
      relations: relations.sort(compareRelations),
      ...(record.note ? { note: record.note } : {}),
    });
  }
  return problems.count > 0 ? { ok: false, problems: problems.list } : { ok: true, documents };
}

