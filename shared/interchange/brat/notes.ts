/**
 * The attributes brat cannot hold as attributes, written in a span's AnnotatorNotes:
 *
 *     #1	AnnotatorNotes T3	count: 12..15; vague: no; entity: kataib-hezbollah (Kataib Hezbollah)
 *
 * One note per span; `attribute: value` pieces joined by "; ", attributes in schema order.
 * Values by type:
 * - whole number: `42`;
 * - range: `min..max`, an open end left empty (`31..`, `..15`);
 * - yes/no: `no` (a true value is a brat flag, an A line; `yes` is read too);
 * - free text: the text, with `\` `;` tab and line breaks escaped as `\\` `\;` `\t` `\n` `\r`
 *   (other line separators as `\uXXXX`), because a note is one line;
 * - several of a list: option ids joined by ", " (empty when none is chosen);
 * - linked entity: the entity id, then its canonical name in parentheses for the reader (the
 *   name is not read back: the id is what counts);
 * - one of a list: normally an A line; read here too.
 * A note that is not in this form (a note someone wrote in brat) is the span's free note
 * (`Span.note`), never mistaken for values.
 *
 * A span's free note is an AnnotatorNotes line of its own, after the one with values, as brat
 * writes a note: `#2	AnnotatorNotes T3	[unsure] is this the army?`. A flag the app offers
 * leads it in brackets; `\`, tab and line breaks are escaped as above (not `;`: the note is
 * text, not pieces).
 */
import type { AttributeDef, AttributeValue } from '../../model/labels';
import { cleanNote, NOTE_FLAGS, type Note } from '../../model/span';

/** Characters that end a line for brat (Python's str.splitlines), besides the ones escaped by letter. */
// eslint-disable-next-line no-control-regex -- \x1c–\x1e end a line for Python's splitlines(), which brat reads with
const OTHER_LINE_BREAKS = /[\v\f\x1c-\x1e\x85\u2028\u2029]/g;

export function escapeNoteValue(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(OTHER_LINE_BREAKS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The escaped form back; undefined when an escape is not one escapeNoteValue writes. */
export function unescapeNoteValue(s: string): string | undefined {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = s[++i];
    if (n === '\\' || n === ';') out += n;
    else if (n === 't') out += '\t';
    else if (n === 'n') out += '\n';
    else if (n === 'r') out += '\r';
    else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 5), 16));
      i += 4;
    } else return undefined;
  }
  return out;
}

/** One attribute as a note piece (`id: value`), or null when the value has no note form. */
export function notePiece(def: AttributeDef, value: AttributeValue, entityName?: string): string | null {
  switch (def.type) {
    case 'integer':
      return typeof value === 'number' ? `${def.id}: ${value}` : null;
    case 'range':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
      return `${def.id}: ${value.min ?? ''}..${value.max ?? ''}`;
    case 'boolean':
      return typeof value === 'boolean' ? `${def.id}: ${value ? 'yes' : 'no'}` : null;
    case 'text':
      return typeof value === 'string' ? `${def.id}: ${escapeNoteValue(value)}` : null;
    case 'choices':
      return Array.isArray(value) ? `${def.id}: ${value.join(', ')}` : null;
    case 'choice':
      return typeof value === 'string' ? `${def.id}: ${value}` : null;
    case 'entity':
      if (typeof value !== 'string') return null;
      return `${def.id}: ${value}${entityName ? ` (${escapeNoteValue(entityName)})` : ''}`;
  }
}

/** A note's text as attribute values: `values` when it is in note form, else why it is not. */
export type ParsedNote =
  | { kind: 'values'; values: Array<{ id: string; value: AttributeValue }>; problems: string[] }
  | { kind: 'foreign' };

/**
 * Reads a note against the attributes of the span's label. A note whose every piece is
 * `attribute-id: …` with an attribute of that label is Standoff's: its values are parsed and
 * any value that does not parse is a problem. Anything else is someone's free note (foreign).
 */
export function parseNote(text: string, defs: readonly AttributeDef[]): ParsedNote {
  const pieces = splitPieces(text);
  const parsed: Array<{ def: AttributeDef; raw: string }> = [];
  for (const piece of pieces) {
    const m = /^([A-Za-z0-9][A-Za-z0-9_-]*):(?: ?)([\s\S]*)$/.exec(piece);
    const def = m ? defs.find((d) => d.id === m[1]) : undefined;
    if (!m || !def) return { kind: 'foreign' };
    parsed.push({ def, raw: m[2] as string });
  }
  if (parsed.length === 0) return { kind: 'foreign' };
  const values: Array<{ id: string; value: AttributeValue }> = [];
  const problems: string[] = [];
  for (const { def, raw } of parsed) {
    const value = parseValue(def, raw);
    if (value === undefined) problems.push(`"${def.id}: ${raw}" is not a ${describe(def)}`);
    else values.push({ id: def.id, value });
  }
  return { kind: 'values', values, problems };
}

/** Pieces split at unescaped ";", each without the one space written after the separator. */
function splitPieces(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ';') {
      pieces.push(text.slice(start, i));
      start = i + 1;
      if (text[start] === ' ') start++;
    }
  }
  pieces.push(text.slice(start));
  return pieces.filter((p, i) => p !== '' || i < pieces.length - 1);
}

function parseValue(def: AttributeDef, raw: string): AttributeValue | undefined {
  switch (def.type) {
    case 'integer':
      return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
    case 'range': {
      const m = /^(-?\d+)?\.\.(-?\d+)?$/.exec(raw.trim());
      if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
      return { min: m[1] === undefined ? null : Number(m[1]), max: m[2] === undefined ? null : Number(m[2]) };
    }
    case 'boolean': {
      const v = raw.trim().toLowerCase();
      return v === 'yes' || v === 'true' ? true : v === 'no' || v === 'false' ? false : undefined;
    }
    case 'text':
      return unescapeNoteValue(raw);
    case 'choices': {
      const v = raw.trim();
      return v === '' ? [] : v.split(/\s*,\s*/);
    }
    case 'choice':
      return raw.trim() || undefined;
    case 'entity': {
      const m = /^([A-Za-z0-9_-]{1,64})(?: \([\s\S]*\))?$/.exec(raw.trim());
      return m ? (m[1] as string) : undefined;
    }
  }
}

function describe(def: AttributeDef): string {
  switch (def.type) {
    case 'integer':
      return 'whole number';
    case 'range':
      return 'range (min..max)';
    case 'boolean':
      return 'yes or no';
    case 'text':
      return 'text (a backslash may only escape \\ ; t n r or uXXXX)';
    case 'choices':
      return 'list of option ids';
    case 'choice':
      return 'option id';
    case 'entity':
      return 'entity id';
  }
}

/** A free note as the text of one AnnotatorNotes line: `[flag] text`, escaped to one line. */
export function freeNoteText(note: Note): string {
  const text = note.text
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(OTHER_LINE_BREAKS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return note.flag ? `[${note.flag}]${text ? ` ${text}` : ''}` : text;
}

/**
 * An AnnotatorNotes text read as a free note: a leading `[flag]` of a flag the app offers is
 * the flag; escapes freeNoteText writes are undone, any other backslash is kept as it is (a
 * note typed in brat). Undefined for an empty note.
 */
export function readFreeNote(raw: string): Note | undefined {
  let text = raw;
  let flag: string | undefined;
  const m = /^\[([a-z0-9][a-z0-9_-]{0,39})\](?: |$)/.exec(text);
  if (m && NOTE_FLAGS.some((f) => f.id === m[1])) {
    flag = m[1];
    text = text.slice(m[0].length);
  }
  text = text.replace(/\\(\\|t|n|r|u[0-9a-fA-F]{4})/g, (_, e: string) =>
    e === '\\' ? '\\' : e === 't' ? '\t' : e === 'n' ? '\n' : e === 'r' ? '\r' : String.fromCharCode(parseInt(e.slice(1), 16)),
  );
  return cleanNote({ text, ...(flag ? { flag } : {}) });
}
