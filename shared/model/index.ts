export type { Label, AttributeDef, AttributeOption, AttributeType, AttributeValue, Attributes, RangeValue, RelationType, LabelSchema } from './labels';
export { DEFAULT_LABELS, DEFAULT_RELATIONS, DEFAULT_SCHEMA, ATTRIBUTE_TYPES, RESERVED_ATTRIBUTE_KEYS, relationTypesFor } from './labels';
export type { Span, Quote, SpanEdit, Relation, Note } from './span';
export { QUOTE_CONTEXT, compareSpans, compareRelations, NOTE_FLAGS, flagName, cleanNote, noteLine } from './span';
export { quoteOf } from './quote';
