import type { Attributes } from './labels';

/**
 * A span as stored: offsets are Unicode code points into the document text, start inclusive,
 * end exclusive. The quote (with some context either side) lets a span be re-anchored if the
 * text ever changes.
 */
export interface Span {
  id: string;
  label: string;
  startOffset: number;
  endOffset: number;
  quote: Quote;
  /** Values of the label's attributes, by attribute id; absent when none is set. */
  attributes?: Attributes;
  /** The annotator's note on this span (a doubt, a question for the curator); absent when none. */
  note?: Note;
}

/**
 * A free-text note, with an optional flag that says what kind of attention it asks for, as
 * brat's AnnotatorNotes and INCEpTION's comments. On a span, on a layer's document, or (gold
 * only) on a disagreement.
 */
export interface Note {
  /** What the note says; may be empty when a flag says it all. */
  text: string;
  /** One of NOTE_FLAGS' ids, or another short id another tool wrote. */
  flag?: string;
}

/** The flags the app offers, in the order it offers them. */
export const NOTE_FLAGS: ReadonlyArray<{ id: string; name: string }> = [
  { id: 'unsure', name: 'unsure' },
  { id: 'check-source', name: 'check source' },
  { id: 'discuss', name: 'discuss' },
];

/** A flag in words ("check source"); an unknown flag as it is stored. */
export function flagName(flag: string): string {
  return NOTE_FLAGS.find((f) => f.id === flag)?.name ?? flag;
}

/** A note with something in it, or undefined: an empty text without a flag is no note. */
export function cleanNote(note: Note | null | undefined): Note | undefined {
  if (!note) return undefined;
  const text = note.text.trim() === '' ? '' : note.text;
  if (text === '' && !note.flag) return undefined;
  return note.flag ? { text, flag: note.flag } : { text };
}

/** A note in one line, for lists, exports and messages: "[unsure] not sure this is the army". */
export function noteLine(note: Note): string {
  const text = note.text.replace(/\s+/g, ' ').trim();
  return note.flag ? `[${flagName(note.flag)}]${text ? ` ${text}` : ''}` : text;
}

/** A typed, directed link between two spans of the same layer (by span id). */
export interface Relation {
  id: string;
  type: string;
  from: string;
  to: string;
}

export interface Quote {
  prefix: string;
  exact: string;
  suffix: string;
}

/** How many code points of context a quote keeps on each side. */
export const QUOTE_CONTEXT = 32;

/** What the document order of spans looks at. */
export type SpanPlace = Pick<Span, 'id' | 'label' | 'startOffset' | 'endOffset'>;

/** Document order: start, then the longer span first (so an enclosing span precedes what it holds), then label, then id. */
export function compareSpans(a: SpanPlace, b: SpanPlace): number {
  return (
    a.startOffset - b.startOffset ||
    b.endOffset - a.endOffset ||
    (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** An edit to one annotator's layer: what the editor sends, what undo inverts. A span's note is part of the span: 'update' sets it. */
export type SpanEdit =
  | { op: 'add'; span: Span }
  | { op: 'remove'; id: string }
  | { op: 'update'; span: Span }
  | { op: 'addRelation'; relation: Relation }
  | { op: 'removeRelation'; id: string }
  /** Gold layer only: a disagreement (by its unit key, see shared/review) is settled, or no longer. */
  | { op: 'settle'; unit: string }
  | { op: 'unsettle'; unit: string };

/** Relations first by source span, then target, type and id: the order files store them in. */
export function compareRelations(a: Relation, b: Relation): number {
  return cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.type, b.type) || cmp(a.id, b.id);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
