/**
 * What the JSONL formats share: writing one record as one line, reading a file's lines with
 * their numbers, collecting problems, checking offsets and labels, and bringing an imported
 * text to the form Standoff stores (LF line ends, no byte-order mark) with its offsets moved
 * to match.
 */
import type { Attributes, Label, LabelSchema } from '../../model/labels';
import { quoteOf } from '../../model/quote';
import type { Span } from '../../model/span';
import { CodePointIndex } from '../../text/codePoints';
import { normalizeText } from '../../text/normalize';
import type { ImportProblem } from '../model';

/**
 * Characters that JSON allows raw inside a string but that some line readers take for a line
 * break (Python's str.splitlines, Unicode-aware editors): written escaped, so a record is
 * always exactly one line whatever reads it. JSON.stringify already escapes the C0 controls.
 */
const LINE_BREAKERS = /[\u0085\u2028\u2029]/g;

/** One record as one JSONL line, newline included: a file is the concatenation of its lines. */
export function jsonLine(value: unknown): string {
  return `${jsonValue(value)}\n`;
}

/** A value's JSON on one line, as in a JSONL line (without the newline): line breakers escaped. */
export function jsonValue(value: unknown): string {
  const json = JSON.stringify(value);
  // String.includes is many times faster than a regular expression over a long line, and these characters are rare.
  const breaks = json.includes('\u2028') || json.includes('\u2029') || json.includes('\u0085');
  return breaks ? json.replace(LINE_BREAKERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

/** Problems found while reading one file, each with its line. */
export class Problems {
  private readonly found: ImportProblem[] = [];
  constructor(readonly file: string) {}

  add(line: number | undefined, message: string): void {
    this.found.push(line === undefined ? { file: this.file, message } : { file: this.file, line, message });
  }

  get count(): number {
    return this.found.length;
  }

  /** By line (problems of the whole file first), in the order found within a line. */
  get list(): ImportProblem[] {
    return [...this.found].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  }
}

/** A JSON object read from a line of a file, with its 1-based line number. */
export interface JsonRecord {
  line: number;
  value: Record<string, unknown>;
}

/**
 * The JSON object on every non-blank line of a JSONL file. A leading byte-order mark and CRLF
 * line ends are accepted; a line that is not JSON, or not a JSON object, is a problem with its
 * line number (and reading goes on, so that every such line is reported at once).
 */
export function readJsonLines(text: string, problems: Problems, firstLine = 1): JsonRecord[] {
  const records: JsonRecord[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, k) => {
    const i = k + firstLine - 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      problems.add(i + 1, `not valid JSON (${(e as Error).message})`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.add(i + 1, `expected a JSON object, found ${describeJson(value)}`);
      return;
    }
    records.push({ line: i + 1, value: value as Record<string, unknown> });
  });
  if (records.length === 0 && problems.count === 0) problems.add(undefined, 'the file holds no documents');
  return records;
}

/** "an array", "a number", … for messages. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  return `${typeof value === 'number' || typeof value === 'boolean' ? `${typeof value} ${String(value)}` : typeof value}`;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Why offsets [start, end) cannot be a span of a text `length` units long, or null. `unit`
 * names the unit in the message ("code points", "UTF-16 units").
 */
export function offsetProblem(start: unknown, end: unknown, length: number, unit: string): string | null {
  for (const [name, v] of [
    ['start', start],
    ['end', end],
  ] as const) {
    if (typeof v !== 'number') return `${name} is ${v === undefined ? 'missing' : `${describeJson(v)}, not a number`}`;
    if (!Number.isInteger(v)) return `${name} ${v} is not a whole number`;
    if (v < 0) return `${name} ${v} is negative`;
  }
  const s = start as number;
  const e = end as number;
  if (s > e) return `start ${s} is after end ${e}`;
  if (e > length) return `end ${e} is past the end of the text (${length} ${unit})`;
  return null;
}

/** Why a label cannot be imported, or null: it must be text, and in the schema when one is given. */
export function labelProblem(label: unknown, labels: ReadonlyMap<string, Label> | undefined): string | null {
  if (typeof label !== 'string' || label === '') return `label is ${label === undefined ? 'missing' : label === '' ? 'empty' : `${describeJson(label)}, not text`}`;
  if (labels && !labels.has(label)) return `label "${label}" is not in the schema (${[...labels.keys()].join(', ')})`;
  return null;
}

/** The schema's labels by id, or undefined when no schema was given. */
export function labelsOf(schema: LabelSchema | undefined): Map<string, Label> | undefined {
  return schema ? new Map(schema.labels.map((l) => [l.id, l])) : undefined;
}

/**
 * A text as Standoff stores it (normalizeText: LF line ends, no byte-order mark), with a map
 * from code-point offsets into the text as imported to offsets into the stored text. A span
 * edge between CR and LF lands before the LF; nothing else moves but by the characters removed
 * before it.
 */
export interface NormalizedText {
  text: string;
  index: CodePointIndex;
  /** Code-point offset in the imported text → code-point offset in `text`. */
  map(offset: number): number;
}

export function normalizeImported(original: string): NormalizedText {
  const text = normalizeText(original);
  const index = new CodePointIndex(text);
  if (text.length === original.length) return { text, index, map: (o) => o };
  // Code-point positions of the characters normalizeText removes: a leading BOM, the CR of a CRLF.
  const removed: number[] = [];
  let cp = 0;
  for (let u = 0; u < original.length; u++, cp++) {
    const c = original.charCodeAt(u);
    if ((u === 0 && c === 0xfeff) || (c === 0x0d && original.charCodeAt(u + 1) === 0x0a)) removed.push(cp);
    else if (c >= 0xd800 && c <= 0xdbff && u + 1 < original.length) {
      const d = original.charCodeAt(u + 1);
      if (d >= 0xdc00 && d <= 0xdfff) u++;
    }
  }
  return {
    text,
    index,
    map(offset: number): number {
      let lo = 0;
      let hi = removed.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((removed[mid] as number) < offset) lo = mid + 1;
        else hi = mid;
      }
      return offset - lo;
    },
  };
}

/** A span over [start, end) of a stored text, with its quote; attributes only when there are some. */
export function makeSpan(index: CodePointIndex, id: string, label: string, start: number, end: number, attributes?: Attributes): Span {
  return {
    id,
    label,
    startOffset: start,
    endOffset: end,
    quote: quoteOf(index, start, end),
    ...(attributes && Object.keys(attributes).length > 0 ? { attributes } : {}),
  };
}

/** Ids `${prefix}1`, `${prefix}2`, … that none of `taken` uses (taken grows as ids are handed out). */
export function idMaker(prefix: string, taken: Set<string>): () => string {
  let n = 0;
  return () => {
    let id: string;
    do id = `${prefix}${++n}`;
    while (taken.has(id));
    taken.add(id);
    return id;
  };
}

/** Attributes with their keys sorted and range values as {min, max}: the same content, the same bytes. */
export function stableAttributes(attributes: Attributes): Attributes {
  if (isStable(attributes)) return attributes; // as stored by Standoff: nothing to reorder
  const out: Attributes = {};
  for (const key of Object.keys(attributes).sort()) {
    const v = attributes[key] as Attributes[string];
    out[key] = typeof v === 'object' && !Array.isArray(v) ? { min: v.min, max: v.max } : Array.isArray(v) ? [...v] : v;
  }
  return out;
}

/** Keys in order, and every range as {min, max} in that order. */
function isStable(attributes: Attributes): boolean {
  let previous = '';
  for (const key in attributes) {
    if (key <= previous && previous !== '') return false;
    previous = key;
    const v = attributes[key];
    if (typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length !== 2 || keys[0] !== 'min' || keys[1] !== 'max') return false;
    }
  }
  return true;
}

/** The layer a document is imported into: the one chosen for the import, else the file's, else "imported". */
export function layerFor(chosen: string | undefined, inFile: unknown): string {
  if (chosen !== undefined) return chosen;
  return typeof inFile === 'string' && inFile !== '' ? inFile : DEFAULT_ANNOTATOR;
}

/** The layer of imported annotations when neither the import nor the file names one. */
export const DEFAULT_ANNOTATOR = 'imported';

/** What every JSONL parser takes. */
export interface JsonlImportOptions {
  /** The file's name, repeated in every problem. */
  file: string;
  /**
   * When given, every label must be one of its labels; where the format carries them, every
   * attribute must fit its definition and every relation its relation type.
   */
  schema?: LabelSchema;
  /** The layer to import into; replaces whatever annotator the file names. */
  annotator?: string;
  /**
   * The line of the file `text` starts on, when it is a piece of the file (the import reads a
   * file a line at a time): every line number, and ids made from them, are the file's. 1 by default.
   */
  firstLine?: number;
  /** Told of every record left out on purpose (Prodigy's `answer: reject/ignore`), with its line, so the import can count and say it. */
  onSkip?: (line: number, why: 'reject' | 'ignore') => void;
}
