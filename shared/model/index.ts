export type { Label } from './labels';
export { DEFAULT_LABELS } from './labels';
export type { Span, Quote, SpanEdit } from './span';
export { QUOTE_CONTEXT, compareSpans } from './span';
export { quoteOf } from './quote';
