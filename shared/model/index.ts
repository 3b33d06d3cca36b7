export type { Label, AttributeDef, AttributeOption, AttributeType, AttributeValue, Attributes, RangeValue, RelationType, LabelSchema } from './labels';
export { DEFAULT_LABELS, DEFAULT_RELATIONS, DEFAULT_SCHEMA, RESERVED_ATTRIBUTE_KEYS, relationTypesFor } from './labels';
export { ATTRIBUTE_KINDS, ATTRIBUTE_TYPES, type AttributeKind, type AttributeKindEntry } from './attributeKinds';
export type { Span, Quote, SpanEdit, Relation } from './span';
export { QUOTE_CONTEXT, compareSpans, compareRelations } from './span';
export { quoteOf } from './quote';
