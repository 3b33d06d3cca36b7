/**
 * brat standoff import: a document's `.txt` and `.ann` back into spans, relations and
 * attributes, validated line by line. Every problem names the .ann file and the line; a single
 * problem anywhere and nothing is imported (ImportResult).
 *
 * - T lines: the label must be in the schema; offsets are code points into the .txt and must
 *   lie within it; the text field must be the text at the offsets (fragments joined by one
 *   space, as brat checks it). A hint is added when the offsets would fit as UTF-16 units.
 * - Discontinuous spans (`0 9;10 19`): Standoff spans are continuous. Fragments separated only
 *   by whitespace (line breaks: what brat and Standoff's exporter write for a span across
 *   lines) are joined into one span. Fragments with words between them are a problem, or with
 *   `discontinuous: 'cover'` one span from the first fragment to the last, with a warning.
 * - A lines: the attribute (by its brat name, see conf.ts) must belong to the span's label and
 *   the value be one of its options; a flag sets a yes/no attribute to true.
 * - AnnotatorNotes: read as attribute values when in Standoff's note form (notes.ts); any
 *   other note is the span's free note (a `[flag]` the app offers leads it).
 * - R lines: the relation type must be in the schema and allowed between the two labels.
 * - Events (E), normalisations (N) and equivalences (*) have no place in Standoff: each such
 *   line is left out with a warning, never silently.
 * - A .txt with CRLF line ends or a byte-order mark is stored normalised (LF, no BOM) and the
 *   offsets are converted to it.
 */
import { quoteOf } from '../../model/quote';
import type { AttributeValue, Attributes, Label, LabelSchema } from '../../model/labels';
import { compareRelations, compareSpans, type Note, type Relation, type Span } from '../../model/span';
import { relationProblem, valueProblem } from '../../schema/conformance';
import type { ImportProblem, ImportResult, InterchangeDocument } from '../model';
import { bratAttributeNames, type BratAttributeNames } from './conf';
import type { Fragment } from './fragments';
import { parseNote, readFreeNote } from './notes';
import { RawText } from '../../text/rawText';

export interface BratInput {
  /** The document id to import as (usually the file name without extension). */
  id: string;
  /** The `.txt` as read (UTF-8 decoded). */
  text: string;
  /** The `.ann` as read. */
  ann: string;
  /** Name of the .ann file in messages; `<id>.ann` when not given. */
  annFile?: string;
  title?: string | null;
  source?: string | null;
}

export interface BratImportOptions {
  schema: LabelSchema;
  /** The layer the annotations go into. */
  annotator: string;
  /** Fragments with more than whitespace between them: a problem ('reject', the default) or one covering span ('cover', with a warning). */
  discontinuous?: 'reject' | 'cover';
}

/** The import's result, plus what was left out or changed on the way (never silently). */
export type BratImportResult = ImportResult & { warnings: ImportProblem[] };

const SPAN_ID = /^[A-Za-z0-9_-]{1,64}$/;
const WHITESPACE_ONLY = /^\s*$/u;

/** Imports a collection: every document or, on any problem, none. */
export function importBrat(inputs: readonly BratInput[], options: BratImportOptions): BratImportResult {
  const names = bratAttributeNames(options.schema);
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const documents: InterchangeDocument[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    if (seen.has(input.id)) problems.push({ file: input.annFile ?? `${input.id}.ann`, message: `a second document with id "${input.id}"` });
    seen.add(input.id);
    const one = parseBratDocument(input, options, names);
    problems.push(...one.problems);
    warnings.push(...one.warnings);
    if (one.document) documents.push(one.document);
  }
  return problems.length ? { ok: false, problems, warnings } : { ok: true, documents, warnings };
}

interface TextBound {
  line: number;
  label: Label | undefined;
  start: number;
  end: number;
  attributes: Attributes;
  /** Line of each attribute's value, to report a clash. */
  attributeLines: Map<string, number>;
  /** The span's free note (an AnnotatorNotes line not in "attribute: value" form). */
  note?: Note;
}

/** One document; `document` is set only when there is no problem. */
export function parseBratDocument(
  input: BratInput,
  options: BratImportOptions,
  names: BratAttributeNames = bratAttributeNames(options.schema),
): { document?: InterchangeDocument; problems: ImportProblem[]; warnings: ImportProblem[] } {
  const file = input.annFile ?? `${input.id}.ann`;
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const problem = (line: number, message: string) => problems.push({ file, line, message });
  const warn = (line: number, message: string) => warnings.push({ file, line, message });
  const labels = new Map(options.schema.labels.map((l) => [l.id, l]));
  const text = new RawText(input.text);

  // Read every line first: A, R and # lines may come before the T lines they refer to.
  // A byte-order mark before the first line is not part of it (a .ann saved by a Windows editor).
  const lines = input.ann.replace(/^\uFEFF/, '').split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const textBounds = new Map<string, TextBound>();
  /** T lines with a problem already reported: what refers to them is not reported again. */
  const invalid = new Set<string>();
  const later: Array<{ line: number; id: string; rest: string }> = [];
  const ids = new Set<string>();
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (WHITESPACE_ONLY.test(raw)) return;
    const tab = raw.indexOf('\t');
    if (tab < 0) return problem(line, 'not a brat annotation line (expected an id, a tab, then the annotation)');
    const id = raw.slice(0, tab);
    const rest = raw.slice(tab + 1);
    const kind = id[0];
    if (kind !== '#' && kind !== '*') {
      if (ids.has(id)) return problem(line, `a second annotation with id ${id}`);
      ids.add(id);
    }
    if (kind === 'T') {
      const t = parseTextBound(line, id, rest, text, labels, options, problem, warn);
      if (t) textBounds.set(id, t);
      else invalid.add(id);
    } else if (kind === 'R' || kind === 'A' || kind === 'M' || kind === '#') later.push({ line, id, rest });
    else if (kind === 'E') warn(line, `event ${id} is not imported: Standoff has no events (its trigger span is imported if it has a T line)`);
    else if (kind === 'N') warn(line, `normalisation ${id} is not imported: Standoff links entities through an attribute, not brat normalisations`);
    else if (kind === '*') warn(line, 'equivalence (*) is not imported: Standoff has no equivalence relations');
    else problem(line, `unknown annotation kind "${kind}" (id ${id}): brat has T, R, E, A/M, N, * and # lines`);
  });

  const relations: Relation[] = [];
  for (const { line, id, rest } of later) {
    if (rest.split(/\s+/).some((word) => invalid.has(word.replace(/^[^:]*:/, '')))) continue;
    if (id[0] === 'A' || id[0] === 'M') readAttribute(line, id, rest, textBounds, names, problem);
    else if (id[0] === '#') readNote(line, rest, textBounds, problem, warn);
    else {
      const rel = readRelation(line, id, rest, textBounds, options.schema, problem);
      if (rel) relations.push(rel);
    }
  }

  // Every value against its attribute (options, limits), wherever it came from.
  for (const [id, t] of textBounds) {
    if (!t.label) continue;
    for (const def of t.label.attributes) {
      const value = t.attributes[def.id];
      if (value === undefined) continue;
      const why = valueProblem(def, value);
      if (why) problem(t.attributeLines.get(def.id) ?? t.line, `${id} ${t.label.id} › ${def.id}: ${why}`);
    }
  }

  if (problems.length) return { problems, warnings };
  const spans: Span[] = [];
  for (const [id, t] of textBounds) {
    const label = t.label as Label;
    const ordered: Attributes = {};
    for (const def of label.attributes) if (t.attributes[def.id] !== undefined) ordered[def.id] = t.attributes[def.id] as AttributeValue;
    spans.push({
      id,
      label: label.id,
      startOffset: t.start,
      endOffset: t.end,
      quote: quoteOf(text.stored, t.start, t.end),
      ...(Object.keys(ordered).length ? { attributes: ordered } : {}),
      ...(t.note ? { note: t.note } : {}),
    });
  }
  if (text.changed) warnings.push({ file, message: `the text's line ends (CRLF) or byte-order mark were normalised; offsets were converted` });
  return {
    document: {
      id: input.id,
      text: text.stored.text,
      title: input.title ?? null,
      source: input.source ?? null,
      annotator: options.annotator,
      spans: spans.sort(compareSpans),
      relations: relations.sort(compareRelations),
    },
    problems,
    warnings,
  };
}

function parseTextBound(
  line: number,
  id: string,
  rest: string,
  text: RawText,
  labels: ReadonlyMap<string, Label>,
  options: BratImportOptions,
  problem: (line: number, message: string) => void,
  warn: (line: number, message: string) => void,
): TextBound | undefined {
  if (!SPAN_ID.test(id)) return void problem(line, `id "${id}" must be 1–64 letters, digits, "-" or "_"`);
  const tab = rest.indexOf('\t');
  if (tab < 0) return void problem(line, `${id} has no text field (expected "${id}<TAB>label start end<TAB>text")`);
  const head = rest.slice(0, tab);
  const field = rest.slice(tab + 1);
  const space = head.indexOf(' ');
  const labelId = space < 0 ? head : head.slice(0, space);
  const fragments: Fragment[] = [];
  for (const part of (space < 0 ? '' : head.slice(space + 1)).split(';')) {
    const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(part);
    if (!m) return void problem(line, `${id}: "${head.slice(space + 1)}" is not "start end" or "start end;start end…"`);
    fragments.push([Number(m[1]), Number(m[2])]);
  }
  const label = labels.get(labelId);
  if (!label) problem(line, `${id}: label "${labelId}" is not in the schema (${[...labels.keys()].join(', ')})`);
  const length = text.raw.length;
  for (let i = 0; i < fragments.length; i++) {
    const [s, e] = fragments[i] as Fragment;
    if (e < s) return void problem(line, `${id}: end ${e} is before start ${s}`);
    if (e > length) return void problem(line, `${id}: offsets ${s}–${e} are outside the text (${length} code points)`);
    if (i > 0 && s < (fragments[i - 1] as Fragment)[1]) return void problem(line, `${id}: fragments overlap or are out of order`);
  }
  const expected = fragments.map(([s, e]) => text.raw.slice(s, e)).join(' ');
  if (field !== expected) {
    const asUtf16 = fragments.map(([s, e]) => text.raw.text.slice(s, e)).join(' ');
    const hint = field === asUtf16 ? ' (the offsets fit as UTF-16 code units: brat offsets are code points)' : '';
    return void problem(line, `${id}: text "${shorten(field)}" is not the text at ${head.slice(space + 1)}: "${shorten(expected)}"${hint}`);
  }
  const first = fragments[0] as Fragment;
  const last = fragments[fragments.length - 1] as Fragment;
  for (let i = 1; i < fragments.length; i++) {
    const gap = text.raw.slice((fragments[i - 1] as Fragment)[1], (fragments[i] as Fragment)[0]);
    if (!WHITESPACE_ONLY.test(gap)) {
      if (options.discontinuous !== 'cover') {
        return void problem(line, `${id} is discontinuous with "${shorten(gap)}" between its fragments: Standoff spans are continuous (import with discontinuous: 'cover' to take ${first[0]}–${last[1]})`);
      }
      warn(line, `${id} is discontinuous: imported as one span ${first[0]}–${last[1]}, including "${shorten(gap)}"`);
      break;
    }
  }
  return { line, label, start: text.toStored(first[0]), end: text.toStored(last[1]), attributes: {}, attributeLines: new Map() };
}

function readAttribute(
  line: number,
  id: string,
  rest: string,
  textBounds: ReadonlyMap<string, TextBound>,
  names: BratAttributeNames,
  problem: (line: number, message: string) => void,
): void {
  const parts = rest.trim().split(/\s+/);
  if (parts.length < 2 || parts.length > 3) return problem(line, `${id}: expected "name target" or "name target value"`);
  const [name, target, value] = parts as [string, string, string | undefined];
  const t = textBounds.get(target);
  if (!t) return problem(line, `${id}: ${target} is not a text-bound annotation (T line) of this file`);
  if (!t.label) return;
  const attrId = names.attributeOf(name, t.label.id) ?? name;
  const def = t.label.attributes.find((d) => d.id === attrId);
  if (!def || (def.type !== 'choice' && def.type !== 'boolean')) {
    return problem(line, `${id}: "${name}" is not a one-of-a-list or yes/no attribute of ${t.label.id} in the schema`);
  }
  if (t.attributes[def.id] !== undefined) return problem(line, `${id}: ${target} already has a value for ${def.id} (line ${t.attributeLines.get(def.id)})`);
  if (def.type === 'boolean') {
    if (value !== undefined) return problem(line, `${id}: ${name} is a yes/no flag and takes no value`);
    t.attributes[def.id] = true;
  } else {
    if (value === undefined) return problem(line, `${id}: ${name} needs a value (${def.options.map((o) => o.id).join(', ')})`);
    t.attributes[def.id] = value;
  }
  t.attributeLines.set(def.id, line);
}

function readNote(
  line: number,
  rest: string,
  textBounds: ReadonlyMap<string, TextBound>,
  problem: (line: number, message: string) => void,
  warn: (line: number, message: string) => void,
): void {
  const tab = rest.indexOf('\t');
  const head = (tab < 0 ? rest : rest.slice(0, tab)).trim().split(/\s+/);
  const note = tab < 0 ? '' : rest.slice(tab + 1);
  if (head[0] !== 'AnnotatorNotes' || head.length !== 2) return warn(line, `comment "${shorten(rest)}" is not imported`);
  const target = head[1] as string;
  const t = textBounds.get(target);
  if (!t) return warn(line, `the note on ${target} is not imported: Standoff keeps notes only on spans`);
  if (!t.label) return;
  const parsed = parseNote(note, t.label.attributes);
  if (parsed.kind === 'foreign') {
    // Someone's note: the span's free note (several notes on one span are joined by a line break).
    const free = readFreeNote(note);
    if (!free) return;
    t.note = t.note ? { text: `${t.note.text}\n${free.text}`.trim(), ...(t.note.flag ?? free.flag ? { flag: (t.note.flag ?? free.flag)! } : {}) } : free;
    return;
  }
  for (const p of parsed.problems) problem(line, `note on ${target}: ${p}`);
  for (const { id, value } of parsed.values) {
    if (t.attributes[id] !== undefined) {
      problem(line, `note on ${target}: a second value for ${id} (line ${t.attributeLines.get(id)})`);
      continue;
    }
    t.attributes[id] = value;
    t.attributeLines.set(id, line);
  }
}

function readRelation(
  line: number,
  id: string,
  rest: string,
  textBounds: ReadonlyMap<string, TextBound>,
  schema: LabelSchema,
  problem: (line: number, message: string) => void,
): Relation | undefined {
  if (!SPAN_ID.test(id)) return void problem(line, `id "${id}" must be 1–64 letters, digits, "-" or "_"`);
  const [type, ...args] = rest.trim().split(/\s+/);
  const roles = new Map<string, string>();
  for (const a of args) {
    const m = /^([^:]+):(\S+)$/.exec(a);
    if (!m) return void problem(line, `${id}: argument "${a}" is not Role:Id`);
    roles.set(m[1] as string, m[2] as string);
  }
  const from = roles.get('Arg1');
  const to = roles.get('Arg2');
  if (!type || !from || !to || roles.size !== 2) return void problem(line, `${id}: expected "type Arg1:T… Arg2:T…"`);
  const relation: Relation = { id, type, from, to };
  const a = textBounds.get(from);
  const b = textBounds.get(to);
  if (!a || !b) return void problem(line, `${id}: ${!a ? from : to} is not a text-bound annotation (T line) of this file`);
  if (from === to) return void problem(line, `${id}: a relation joins two different spans`);
  if (!a.label || !b.label) return undefined;
  const why = relationProblem(relation, { label: a.label.id }, { label: b.label.id }, schema);
  if (why) return void problem(line, `${id}: ${why}`);
  return relation;
}

function shorten(s: string, max = 60): string {
  const flat = s.replace(/\n/g, '\\n');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
