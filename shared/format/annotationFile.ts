import { utf8ToBytes } from '@noble/hashes/utils';
import { z } from 'zod';
import { ATTRIBUTE_ID, ATTRIBUTE_ID_RULE, LABEL_ID, LABEL_ID_RULE, type Attributes } from '../model/labels';
import { compareRelations, compareSpans, type Note, type Span } from '../model/span';
import { describeIssues, FormatError } from './errors';
import { readVersioned } from './versioned';

export const ANNOTATION_FORMAT = 'standoff/annotations';
/** 2 added span attributes and relations; version 1 files are read and upgraded. */
export const ANNOTATION_VERSION = 2;
export const OFFSET_UNITS = 'unicode-code-points';

const ANNOTATOR_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const SPAN_ID = /^[A-Za-z0-9_-]{1,64}$/;
const NOTE_FLAG = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const TEXT_HASH = /^sha256:[0-9a-f]{64}$/;

/** Annotator ids are file names: letters, digits, "-", "_" and ".", not starting with "." */
export const annotatorId = z
  .string()
  .regex(ANNOTATOR_ID, 'must be 1–64 letters, digits, "-", "_" or "." and not start with "."')
  .refine((s) => s.toLowerCase() !== 'gold', '"gold" is reserved for the adjudicated layer');

/** The adjudicated layer's name: documents/<docId>/annotations/gold.json. */
export const GOLD = 'gold';

/** Whose layer a file or an edit is: an annotator's, or the gold layer. */
export const layerId = z.union([annotatorId, z.literal(GOLD)]);

/** A disagreement's key (shared/review/units.ts): the annotators' span ids it joins. */
export const unitKey = z.string().min(1).max(4000);

export const spanId = z.string().regex(SPAN_ID, 'must be 1–64 letters, digits, "-" or "_"');
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
    flag: z.string().regex(NOTE_FLAG, 'must be 1–40 lower-case letters, digits, "-" or "_"').optional(),
  })
  .refine((n) => n.text.trim() !== '' || n.flag !== undefined, { message: 'a note needs a text or a flag', path: ['text'] });

export const relationSchema = z
  .strictObject({ id: spanIdPattern(), type: labelId, from: spanIdPattern(), to: spanIdPattern() })
  .refine((r) => r.from !== r.to, { message: 'a relation joins two different spans', path: ['to'] });

function spanIdPattern() {
  return z.string().regex(SPAN_ID, 'must be 1–64 letters, digits, "-" or "_"');
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
    textHash: z.string().regex(TEXT_HASH, 'must be "sha256:" and 64 hex digits'),
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
  // Most files are valid: checked without zod (see validAsIs), or else by zod, whose answer (and its problems) is the rule.
  if (validAsIs(record)) return record;
  const result = annotationFileSchema.safeParse(record.version === 1 ? { ...record, version: ANNOTATION_VERSION, relations: [] } : record);
  if (!result.success) throw new FormatError(file, describeIssues(result.error.issues));
  return result.data;
}

/*
 * The fast path of parseAnnotationFile. A corpus is read whole by validate, agreement and every
 * export: zod's check of an annotation file, and the copy of every span and value it returns,
 * cost more than reading and JSON-parsing the file (measured on 10,000 documents × 3 layers × 40
 * spans: 5.6 s of CPU of zod and its copies' garbage against 1.7 s of JSON.parse). validAsIs says
 * true only for a file annotationFileSchema accepts AND whose parsed value zod would return
 * unchanged: the same keys in the schema's order (zod rebuilds an object in its shape's key
 * order). Then the parsed record is the result as it is. On anything else it says false and zod
 * decides and words the problems: it stays the one rule (annotationFile.fast.test.ts holds the
 * two together on generated and mutated files).
 */
type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown, max = Infinity): v is string => typeof v === 'string' && v.length <= max;
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The object's keys are among `order`, in that order, and every one of `required` is there. */
function keysInOrder(o: Rec, order: readonly string[], required: number): boolean {
  let k = 0;
  let seen = 0;
  for (const key in o) {
    while (k < order.length && order[k] !== key) k++;
    if (k === order.length) return false;
    if (k < required) seen++;
    k++;
  }
  return seen === required;
}

// Key orders of the schemas; the required keys first, where the schema has them first.
const FILE_KEYS = ['format', 'version', 'document', 'annotator', 'offsets', 'textHash', 'finished', 'note', 'spans', 'relations', 'orphans', 'settled', 'unitNotes'] as const;
const SPAN_KEYS = ['id', 'label', 'startOffset', 'endOffset', 'quote', 'attributes', 'note'] as const;
const QUOTE_KEYS = ['prefix', 'exact', 'suffix'] as const;
const RELATION_KEYS = ['id', 'type', 'from', 'to'] as const;
const ORPHAN_KEYS = ['span', 'reason'] as const;
const NOTE_KEYS = ['text', 'flag'] as const;
const RANGE_KEYS = ['min', 'max'] as const;

function noteAsIs(n: unknown): boolean {
  if (!isRecord(n) || !keysInOrder(n, NOTE_KEYS, 1) || !isString(n.text, 10_000)) return false;
  if ('flag' in n && !(isString(n.flag) && NOTE_FLAG.test(n.flag))) return false;
  return n.text.trim() !== '' || 'flag' in n;
}

function attributeValueAsIs(v: unknown): boolean {
  if (typeof v === 'string') return v.length <= 10_000;
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v === 'boolean') return true;
  if (Array.isArray(v)) return v.length <= 50 && v.every((x) => isString(x, 200));
  if (!isRecord(v) || !keysInOrder(v, RANGE_KEYS, 2)) return false;
  const { min, max } = v;
  return (min === null || isFinite(min)) && (max === null || isFinite(max)) && (min === null || max === null || (min as number) <= (max as number));
}

function spanAsIs(s: unknown): s is Rec {
  if (!isRecord(s) || !keysInOrder(s, SPAN_KEYS, 5)) return false;
  if (!isString(s.id) || !SPAN_ID.test(s.id) || !isString(s.label) || !LABEL_ID.test(s.label)) return false;
  if (!isCount(s.startOffset) || !isCount(s.endOffset) || s.endOffset < s.startOffset) return false;
  const q = s.quote;
  if (!isRecord(q) || !keysInOrder(q, QUOTE_KEYS, 3) || !isString(q.prefix) || !isString(q.exact) || !isString(q.suffix)) return false;
  if ('attributes' in s) {
    const a = s.attributes;
    if (!isRecord(a)) return false;
    for (const key in a) if (!ATTRIBUTE_ID.test(key) || !attributeValueAsIs(a[key])) return false;
  }
  return !('note' in s) || noteAsIs(s.note);
}

const unitKeyAsIs = (k: unknown) => isString(k, 4000) && k.length >= 1;

export function validAsIs(f: Rec): f is AnnotationFile {
  if (!keysInOrder(f, FILE_KEYS, 6) || f.format !== ANNOTATION_FORMAT || f.version !== ANNOTATION_VERSION || f.offsets !== OFFSET_UNITS) return false;
  if (!isString(f.document) || f.document.length < 1 || !isString(f.textHash) || !TEXT_HASH.test(f.textHash)) return false;
  const gold = f.annotator === GOLD;
  if (!gold && !(isString(f.annotator) && ANNOTATOR_ID.test(f.annotator) && f.annotator.toLowerCase() !== GOLD)) return false;
  if ('finished' in f && f.finished !== true) return false;
  if ('note' in f && !noteAsIs(f.note)) return false;
  const { spans, relations, orphans } = f;
  if (!Array.isArray(spans) || !Array.isArray(relations) || !Array.isArray(orphans)) return false;
  if ('settled' in f && !(gold && Array.isArray(f.settled) && f.settled.every(unitKeyAsIs))) return false;
  if ('unitNotes' in f) {
    const notes = f.unitNotes;
    if (!gold || !isRecord(notes)) return false;
    for (const key in notes) if (!unitKeyAsIs(key) || !noteAsIs(notes[key])) return false;
  }
  const ids = new Set<unknown>();
  for (const s of spans) {
    if (!spanAsIs(s) || ids.has(s.id)) return false;
    ids.add(s.id);
  }
  for (const o of orphans) {
    if (!isRecord(o) || !keysInOrder(o, ORPHAN_KEYS, 2) || !spanAsIs(o.span) || !isString(o.reason)) return false;
    ids.add(o.span.id);
  }
  const relationIds = new Set<unknown>();
  for (const r of relations) {
    if (!isRecord(r) || !keysInOrder(r, RELATION_KEYS, 4) || relationIds.has(r.id)) return false;
    relationIds.add(r.id);
    if (!isString(r.id) || !SPAN_ID.test(r.id) || !isString(r.type) || !LABEL_ID.test(r.type)) return false;
    if (!isString(r.from) || !SPAN_ID.test(r.from) || !isString(r.to) || !SPAN_ID.test(r.to) || r.from === r.to) return false;
    if (!ids.has(r.from) || !ids.has(r.to)) return false;
  }
  return true;
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
    json = spanText(s);
    spanJsonCache.set(s, json);
  }
  return json;
}

function spanText(s: Span): string {
  return SPAN_INDENT + JSON.stringify(spanForDisk(s), null, 2).replace(/\n/g, `\n${SPAN_INDENT}`);
}

/**
 * Stable output: fixed key order, spans in document order, so a one-span change is a one-hunk
 * diff. Spans are laid out as JSON.stringify(span, null, 2) gives; a relation is one line, so
 * adding one is a one-line diff.
 */
export function serializeAnnotationFile(file: AnnotationFile): string {
  const sorted = sortedSpans(file.spans);
  const spans = sorted.length === 0 ? '[]' : `[\n${sorted.map(spanJson).join(',\n')}\n  ]`;
  const { before, after } = frame(file);
  return `${before}${spans}${after}`;
}

/**
 * The same bytes as serializeAnnotationFile, as pieces to write one after another. The spans
 * are cut into blocks whose bytes are kept while their spans live: saving a layer of 20,000
 * spans after one edit encodes one block of a few dozen spans and reuses the rest, instead of
 * building and encoding the whole file as one string (most of a save's time before).
 */
export function serializeAnnotationFileChunks(file: AnnotationFile): Uint8Array[] {
  const sorted = sortedSpans(file.spans);
  const { before, after } = frame(file);
  if (sorted.length === 0) return [utf8ToBytes(`${before}[]${after}`)];
  const chunks: Uint8Array[] = [utf8ToBytes(`${before}[\n`)];
  let i = 0;
  while (i < sorted.length) {
    if (i > 0) chunks.push(BLOCK_SEPARATOR);
    const block = cachedBlock(sorted, i) ?? newBlock(sorted, i);
    chunks.push(block.bytes);
    i += block.spans.length;
  }
  chunks.push(utf8ToBytes(`\n  ]${after}`));
  return chunks;
}

/**
 * Spans in file order. Already sorted (as a layer keeps them), this is one pass of comparisons
 * and the list itself is used (the serializers only read it); otherwise a sorted copy.
 */
function sortedSpans(spans: readonly Span[]): readonly Span[] {
  for (let i = 1; i < spans.length; i++) if (compareSpans(spans[i - 1]!, spans[i]!) > 0) return [...spans].sort(compareSpans);
  return spans;
}

/** Everything of the file but its spans: what comes before the spans' `[`, and after their `]`. */
function frame(file: AnnotationFile): { before: string; after: string } {
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
  const relations = [...file.relations].sort(compareRelations).map((r) => ({ id: r.id, type: r.type, from: r.from, to: r.to }));
  const relationsJson = relations.length === 0 ? '[]' : `[\n${relations.map((r) => `    ${JSON.stringify(r).replace(/,"/g, ', "').replace(/":/g, '": ')}`).join(',\n')}\n  ]`;
  const orphansJson = JSON.stringify(orphans, null, 2).replace(/\n/g, '\n  ');
  const settled = file.settled ? `,\n  "settled": ${file.settled.length ? `[\n${[...new Set(file.settled)].sort().map((k) => `    ${JSON.stringify(k)}`).join(',\n')}\n  ]` : '[]'}` : '';
  const unitNoteKeys = Object.keys(file.unitNotes ?? {}).sort();
  // One note per line, sorted by unit key: a note added is a one-line diff.
  const unitNotes = unitNoteKeys.length ? `,\n  "unitNotes": {\n${unitNoteKeys.map((k) => `    ${JSON.stringify(k)}: ${noteOneLine(file.unitNotes![k]!)}`).join(',\n')}\n  }` : '';
  return { before: `${headJson},\n  "spans": `, after: `,\n  "relations": ${relationsJson},\n  "orphans": ${orphansJson}${settled}${unitNotes}\n}\n` };
}

const BLOCK_SEPARATOR = utf8ToBytes(',\n');

/** A run of consecutive spans (in file order) and their encoded bytes, joined by ",\n". */
interface SpanBlock {
  readonly spans: readonly Span[];
  readonly bytes: Uint8Array;
}

/** Blocks by their first span. A block is reused only where the very same span objects follow in the same order. */
const blockCache = new WeakMap<Span, SpanBlock>();
const MAX_BLOCK = 256;

/**
 * Where blocks end: after a span whose id hashes to 0 modulo 32 (about 32 spans a block). The
 * cut depends on the span, not on its position, so an added or removed span changes its own
 * block only and every later block is found again.
 */
function endsBlock(s: Span): boolean {
  let h = 0;
  for (let k = 0; k < s.id.length; k++) h = (Math.imul(h, 31) + s.id.charCodeAt(k)) | 0;
  return (h & 31) === 0;
}

function cachedBlock(sorted: readonly Span[], from: number): SpanBlock | undefined {
  const block = blockCache.get(sorted[from]!);
  if (!block || from + block.spans.length > sorted.length) return undefined;
  for (let k = 1; k < block.spans.length; k++) if (block.spans[k] !== sorted[from + k]) return undefined;
  return block;
}

function newBlock(sorted: readonly Span[], from: number): SpanBlock {
  let to = from;
  while (to < sorted.length && to - from < MAX_BLOCK) if (endsBlock(sorted[to++]!)) break;
  const spans = sorted.slice(from, to);
  // Not through spanJson's cache: the block's bytes are what is kept.
  const block = { spans, bytes: utf8ToBytes(spans.map(spanText).join(',\n')) };
  blockCache.set(spans[0]!, block);
  return block;
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
