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

/** An edit to one annotator's layer: what the editor sends, what undo inverts. */
export type SpanEdit =
  | { op: 'add'; span: Span }
  | { op: 'remove'; id: string }
  | { op: 'update'; span: Span };
