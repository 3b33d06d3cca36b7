import { z } from 'zod';
import { ATTRIBUTE_ID, ATTRIBUTE_ID_RULE, LABEL_ID, LABEL_ID_RULE, type Attributes } from '../model/labels';
import { compareRelations, compareSpans, type Note, type Span } from '../model/span';
import { describeIssues, FormatError } from './errors';
import { readVersioned } from './versioned';

export const ANNOTATION_FORMAT = 'standoff/annotations';
/** 2 added span attributes and relations; version 1 files are read and upgraded. */
export const ANNOTATION_VERSION = 2;
export const OFFSET_UNITS = 'unicode-code-points';

/** Annotator ids are file names: letters, digits, "-", "_" and ".", not starting with "." */
export const annotatorId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1–64 letters, digits, "-", "_" or "." and not start with "."')
  .refine((s) => s.toLowerCase() !== 'gold', '"gold" is reserved for the adjudicated layer');

/** The adjudicated layer's name: documents/<docId>/annotations/gold.json. */
export const GOLD = 'gold';

/** Whose layer a file or an edit is: an annotator's, or the gold layer. */
export const layerId = z.union([annotatorId, z.literal(GOLD)]);

/** A disagreement's key (shared/review/units.ts): the annotators' span ids it joins. */
export const unitKey = z.string().min(1).max(4000);

export const spanId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, "-" or "_"');
/**
 * Label and relation type ids keep the case and punctuation of the tools they come from
 * (`PER`, `GPE`, `Simple_chemical`, `Part-of`, `org.company`): see LABEL_ID in shared/model/labels.ts.
 */
export const labelId = z.string().regex(LABEL_ID, LABEL_ID_RULE);

const quoteSchema = z.strictObject({ prefix: z.string(), exact: z.string(), suffix: z.string() });
const attributeKey = z.string().regex(ATTRIBUTE_ID, ATTRIBUTE_ID_RULE);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** A value as stored; whether it fits its attribute's type is checked against the schema (conformance.ts). */
export const attributeValueSchema = z.union([
  z.string().max(10_000),
  z.array(z.string().max(200)).max(50),
  finite,
  z.boolean(),
  z
    .strictObject({ min: finite.nullable(), max: finite.nullable() })
    .refine((r) => r.min === null || r.max === null || r.min <= r.max, { message: 'min is above max', path: ['max'] }),
]);

export const attributesSchema = z.record(attributeKey, attributeValueSchema);

/** A note on a span, a document or (gold) a disagreement: free text and an optional flag. */
export const noteSchema = z
  .strictObject({
    text: z.string().max(10_000),
    flag: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1–40 lower-case letters, digits, "-" or "_"').optional(),
  })
  .refine((n) => n.text.trim() !== '' || n.flag !== undefined, { message: 'a note needs a text or a flag', path: ['text'] });

export const relationSchema = z
  .strictObject({ id: spanIdPattern(), type: labelId, from: spanIdPattern(), to: spanIdPattern() })
  .refine((r) => r.from !== r.to, { message: 'a relation joins two different spans', path: ['to'] });

function spanIdPattern() {
  return z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, "-" or "_"');
}

export const spanSchema = z
  .strictObject({
    id: spanId,
    label: labelId,
    startOffset: z.int().nonnegative(),
    endOffset: z.int().nonnegative(),
    quote: quoteSchema,
    attributes: attributesSchema.optional(),
    /** The annotator's note on the span; absent when none. */
    note: noteSchema.optional(),
  })
  .refine((s) => s.endOffset >= s.startOffset, { message: 'endOffset is before startOffset', path: ['endOffset'] });

/** A span that could not be re-anchored after its text changed: kept, reported, never dropped. */
export const orphanSchema = z.strictObject({ span: spanSchema, reason: z.string() });

export const annotationFileSchema = z
  .strictObject({
    format: z.literal(ANNOTATION_FORMAT),
    version: z.literal(ANNOTATION_VERSION),
    document: z.string().min(1),
    annotator: layerId,
    offsets: z.literal(OFFSET_UNITS),
    textHash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be "sha256:" and 64 hex digits'),
    /** The layer's annotator (or the curator, for gold) has marked this document done; absent: not finished. */
    finished: z.literal(true).optional(),
    /** The layer's note on the whole document (for gold: the curator's); absent when none. */
    note: noteSchema.optional(),
    spans: z.array(spanSchema),
    relations: z.array(relationSchema),
    orphans: z.array(orphanSchema),
    /** Gold layer only: the disagreements the curator has settled (accepted, merged, or rejected). */
    settled: z.array(unitKey).optional(),
    /** Gold layer only: the curator's notes on disagreements, by unit key (the annotators see them beside what gold changed). */
    unitNotes: z.record(unitKey, noteSchema).optional(),
  })
  .superRefine((file, ctx) => {
    if (file.settled && file.annotator !== GOLD) ctx.addIssue({ code: 'custom', message: 'only the gold layer records settled disagreements', path: ['settled'] });
    if (file.unitNotes && file.annotator !== GOLD) ctx.addIssue({ code: 'custom', message: 'only the gold layer holds notes on disagreements', path: ['unitNotes'] });
    const seen = new Set<string>();
    file.spans.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', message: `duplicate span id "${s.id}"`, path: ['spans', i, 'id'] });
      seen.add(s.id);
    });
    // An orphan keeps its relations: it may be placed again by hand.
    for (const o of file.orphans) seen.add(o.span.id);
    const relationIds = new Set<string>();
    file.relations.forEach((r, i) => {
      if (relationIds.has(r.id)) ctx.addIssue({ code: 'custom', message: `duplicate relation id "${r.id}"`, path: ['relations', i, 'id'] });
      relationIds.add(r.id);
      if (!seen.has(r.from)) ctx.addIssue({ code: 'custom', message: `no span "${r.from}" in this file`, path: ['relations', i, 'from'] });
      if (!seen.has(r.to)) ctx.addIssue({ code: 'custom', message: `no span "${r.to}" in this file`, path: ['relations', i, 'to'] });
    });
  });

export type AnnotationFile = z.infer<typeof annotationFileSchema>;
export type Orphan = AnnotationFile['orphans'][number];
export type StoredRelation = AnnotationFile['relations'][number];

/** Reads an annotation file; throws FormatError naming the file and each problem. */
export function parseAnnotationFile(raw: string, file: string): AnnotationFile {
  const record = readVersioned(raw, file, ANNOTATION_FORMAT, ANNOTATION_VERSION);
  // Version 1 had no relations (and no attributes, which are optional on a span).
  const result = annotationFileSchema.safeParse(record.version === 1 ? { ...record, version: ANNOTATION_VERSION, relations: [] } : record);
  if (!result.success) throw new FormatError(file, describeIssues(result.error.issues));
  return result.data;
}

function spanForDisk(s: Span): Span {
  // Fixed key order: the output is the same bytes for the same content.
  return {
    id: s.id,
    label: s.label,
    startOffset: s.startOffset,
    endOffset: s.endOffset,
    quote: { prefix: s.quote.prefix, exact: s.quote.exact, suffix: s.quote.suffix },
    ...(s.attributes && Object.keys(s.attributes).length > 0 ? { attributes: attributesForDisk(s.attributes) } : {}),
    ...(s.note ? { note: noteForDisk(s.note) } : {}),
  };
}

/** A note on one line, `{"text": "…", "flag": "…"}` (built by hand: the text may hold anything). */
function noteOneLine(note: Note): string {
  return `{"text": ${JSON.stringify(note.text)}${note.flag ? `, "flag": ${JSON.stringify(note.flag)}` : ''}}`;
}

/** A note with its keys in a fixed order. */
function noteForDisk(note: Note): Note {
  return note.flag ? { text: note.text, flag: note.flag } : { text: note.text };
}

/** Attributes sorted by id, each value with its keys in a fixed order. */
function attributesForDisk(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const key of Object.keys(attributes).sort()) {
    const v = attributes[key]!;
    out[key] = typeof v === 'object' && !Array.isArray(v) ? { min: v.min, max: v.max } : v;
  }
  return out;
}

/**
 * Each span's serialized form, kept while the span object lives (spans are never mutated:
 * an edit makes a new object). Saving a layer of 20,000 spans after one edit then serializes
 * one span, not 20,000.
 */
const spanJsonCache = new WeakMap<Span, string>();
const SPAN_INDENT = '    ';

function spanJson(s: Span): string {
  let json = spanJsonCache.get(s);
  if (json === undefined) {
    json = SPAN_INDENT + JSON.stringify(spanForDisk(s), null, 2).replace(/\n/g, `\n${SPAN_INDENT}`);
    spanJsonCache.set(s, json);
  }
  return json;
}

/**
 * Stable output: fixed key order, spans in document order, so a one-span change is a one-hunk
 * diff. Spans are laid out as JSON.stringify(span, null, 2) gives; a relation is one line, so
 * adding one is a one-line diff.
 */
export function serializeAnnotationFile(file: AnnotationFile): string {
  const head = {
    format: ANNOTATION_FORMAT,
    version: ANNOTATION_VERSION,
    document: file.document,
    annotator: file.annotator,
    offsets: OFFSET_UNITS,
    textHash: file.textHash,
    ...(file.finished ? { finished: true } : {}),
    ...(file.note ? { note: noteForDisk(file.note) } : {}),
  };
  const orphans = [...file.orphans]
    .sort((a, b) => compareSpans(a.span, b.span))
    .map((o) => ({ span: spanForDisk(o.span), reason: o.reason }));
  const headJson = JSON.stringify(head, null, 2).slice(0, -2); // without the closing "\n}"
  const spans = file.spans.length === 0 ? '[]' : `[\n${[...file.spans].sort(compareSpans).map(spanJson).join(',\n')}\n  ]`;
  const relations = [...file.relations].sort(compareRelations).map((r) => ({ id: r.id, type: r.type, from: r.from, to: r.to }));
  const relationsJson = relations.length === 0 ? '[]' : `[\n${relations.map((r) => `    ${JSON.stringify(r).replace(/,"/g, ', "').replace(/":/g, '": ')}`).join(',\n')}\n  ]`;
  const orphansJson = JSON.stringify(orphans, null, 2).replace(/\n/g, '\n  ');
  const settled = file.settled ? `,\n  "settled": ${file.settled.length ? `[\n${[...new Set(file.settled)].sort().map((k) => `    ${JSON.stringify(k)}`).join(',\n')}\n  ]` : '[]'}` : '';
  const unitNoteKeys = Object.keys(file.unitNotes ?? {}).sort();
  // One note per line, sorted by unit key: a note added is a one-line diff.
  const unitNotes = unitNoteKeys.length ? `,\n  "unitNotes": {\n${unitNoteKeys.map((k) => `    ${JSON.stringify(k)}: ${noteOneLine(file.unitNotes![k]!)}`).join(',\n')}\n  }` : '';
  return `${headJson},\n  "spans": ${spans},\n  "relations": ${relationsJson},\n  "orphans": ${orphansJson}${settled}${unitNotes}\n}\n`;
}

export function emptyAnnotationFile(document: string, annotator: string, hash: string): AnnotationFile {
  return {
    format: ANNOTATION_FORMAT,
    version: ANNOTATION_VERSION,
    document,
    annotator,
    offsets: OFFSET_UNITS,
    textHash: hash,
    spans: [],
    relations: [],
    orphans: [],
  };
}
